"""Scoring a trained run of an experiment on its sentences: the few calls every measurement makes."""

from __future__ import annotations

from models.config import DecodeConfig
from models.experiments.base import Measurement, Trained
from models.metrics import LengthBucket, bleu_by_length, bleu_tokenizer, score_translations
from models.snapshots import load_model
from models.translator import Translator

Pair = tuple[str, str]
CHUNK = 64  # sentences translated between two looks at pause and stop


def translator(run: Trained) -> Translator:
    if run.path is None:
        raise LookupError(f"{run.label} was stopped before its first step: there is no model to measure")
    return Translator(load_model(run.path))


def translate(measurement: Measurement, model: Translator, sources: list[str], config: DecodeConfig | None = None,
              what: str = "", done: float = 0.0, share: float = 1.0) -> list[str]:  # fmt: skip
    """`sources` translated in chunks, honouring pause and stop and reporting progress between them."""
    outputs: list[str] = []
    for start in range(0, len(sources), CHUNK):
        measurement.check()
        measurement.progress(what, done + share * start / max(1, len(sources)))
        outputs += model.translate_batch(sources[start : start + CHUNK], config)
    return outputs


def bleu(hypotheses: list[str], pairs: list[Pair]) -> float:
    references = [t for _, t in pairs]
    return score_translations(hypotheses, references, bleu_tokenizer(references))["bleu"]


def by_length(hypotheses: list[str], pairs: list[Pair]) -> list[LengthBucket]:
    references = [t for _, t in pairs]
    return bleu_by_length([s for s, _ in pairs], hypotheses, references, bleu_tokenizer(references))
