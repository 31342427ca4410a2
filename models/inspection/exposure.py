"""Teacher forcing against free running: exposure bias on one sentence.

In training (teacher forcing) each step is fed the reference's previous piece; in translation
(free running) it is fed the model's own. Given a reference translation, this puts side by side
the probability the model gives each reference piece when fed the reference prefix, and what
the model writes when fed its own output, and finds the first step where the two part: from
there on the model is conditioned on a prefix it never saw in training.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from models.config import DecodeConfig
from models.corpus.text import normalize
from models.errors import InputError
from models.inspection.registry import analysis
from models.tokenizer import EOS_ID
from models.translator import Translation, Translator


@dataclass
class ExposureStep:
    step: int
    reference_piece: str | None  # None past the reference's end
    reference_probability: float | None  # P(reference piece | source, reference prefix)
    forced_top_piece: str | None  # what the model ranks first when fed the reference prefix
    own_piece: str | None  # what the model wrote, fed its own output (None past its end)
    own_probability: float | None  # P(own piece | source, own prefix)


@dataclass
class ExposureComparison:
    source: str
    reference: str
    source_pieces: list[str]
    reference_pieces: list[str]  # with </s>
    own_pieces: list[str]  # with </s> when the model finished
    steps: list[ExposureStep]
    first_difference: int | None  # the first step where the own output leaves the reference
    reference_log_prob: float  # log P(reference | source) under teacher forcing
    own_log_prob: float
    reference_attention: np.ndarray | None  # (len(reference_pieces), len(source_pieces))
    own_attention: np.ndarray | None  # (len(own_pieces), len(source_pieces))

    @property
    def own_text(self) -> str:
        return self._text(self.own_pieces)

    @staticmethod
    def _text(pieces: list[str]) -> str:
        return "".join(p for p in pieces if p != "</s>").replace("▁", " ").strip()


def _pieces_and_probabilities(translation: Translation) -> tuple[list[str], list[float], list[str]]:
    steps = translation.steps
    return ([s.chosen for s in steps], [s.chosen_probability for s in steps],
            [s.candidates[0].piece if s.candidates else s.chosen for s in steps])  # fmt: skip


def compare_exposure(translator: Translator, text: str, reference: str) -> ExposureComparison:
    """The model on `text`, fed the `reference` (teacher forcing) and fed its own output (greedy)."""
    reference = normalize(reference)
    if not reference:
        raise InputError("type a reference translation to compare the model's output with")
    config = DecodeConfig(max_len_ratio=4.0, max_len_extra=20)  # room for the whole reference
    reference_ids = translator.target_tokenizer.encode(reference) + [EOS_ID]
    forced = translator.translate(text, config, prefix=reference_ids, trace=True)
    own = translator.translate(text, config, trace=True)
    ref_pieces, ref_probs, ref_top = _pieces_and_probabilities(forced)
    own_pieces, own_probs, _ = _pieces_and_probabilities(own)
    count = max(len(ref_pieces), len(own_pieces))
    steps = [
        ExposureStep(
            t,
            ref_pieces[t] if t < len(ref_pieces) else None,
            ref_probs[t] if t < len(ref_pieces) else None,
            ref_top[t] if t < len(ref_pieces) else None,
            own_pieces[t] if t < len(own_pieces) else None,
            own_probs[t] if t < len(own_pieces) else None,
        )
        for t in range(count)
    ]
    first = next((s.step for s in steps if s.reference_piece != s.own_piece), None)
    return ExposureComparison(
        source=forced.source, reference=reference, source_pieces=forced.source_pieces,
        reference_pieces=ref_pieces, own_pieces=own_pieces, steps=steps, first_difference=first,
        reference_log_prob=forced.best.log_prob, own_log_prob=own.best.log_prob,
        reference_attention=forced.best.attention, own_attention=own.best.attention,
    )  # fmt: skip


@dataclass(frozen=True)
class ExposureRequest:
    """Teacher forcing against free running: the model fed `reference`, and fed its own output."""

    reference: str


@analysis(ExposureRequest)
def exposure_of(
    translator: Translator, translation: Translation, request: ExposureRequest, steps
) -> ExposureComparison:
    return compare_exposure(translator, translation.source, request.reference)
