"""Corpus-level scores, by sacrebleu (BLEU 13a, chrF) plus exact match."""

from __future__ import annotations

from dataclasses import dataclass

import sacrebleu


def bleu_tokenizer(references: list[str]) -> str:
    """sacrebleu's tokenizer for a target language: 'zh' (one token per CJK character) for
    scripts written without spaces, where '13a' would make each sentence one token."""
    from models.corpus.dataset import length_unit

    return "zh" if length_unit(references) == "characters" else "13a"


def score_translations(hypotheses: list[str], references: list[str], tokenize: str = "13a") -> dict[str, float]:
    """Corpus BLEU and chrF (sacrebleu) and exact match; `tokenize="zh"` for Chinese targets."""
    if len(hypotheses) != len(references):
        raise ValueError("need one hypothesis per reference")
    if not hypotheses:
        return {"bleu": 0.0, "chrf": 0.0, "exact_match": 0.0, "sentences": 0}
    bleu = sacrebleu.corpus_bleu(hypotheses, [references], tokenize=tokenize)
    chrf = sacrebleu.corpus_chrf(hypotheses, [references])
    exact = sum(h.strip() == r.strip() for h, r in zip(hypotheses, references)) / len(references)
    return {"bleu": bleu.score, "chrf": chrf.score, "exact_match": 100.0 * exact, "sentences": len(references)}


# Source-length buckets of `bleu_by_length`, in the source's length unit (words, or characters
# for scripts written without spaces): Bahdanau et al. (2015) plot BLEU against sentence length;
# short-sentence corpora (Tatoeba, the phrase corpora) fill the first few.
LENGTH_BUCKETS: tuple[tuple[int, int | None], ...] = (
    (1, 3), (4, 6), (7, 9), (10, 12), (13, 15), (16, 20), (21, 30), (31, None),
)  # fmt: skip


@dataclass(frozen=True)
class LengthBucket:
    """Corpus BLEU of the sentences whose source length lies in [low, high] (high None: no limit)."""

    low: int
    high: int | None
    sentences: int
    bleu: float | None  # None for an empty bucket

    @property
    def label(self) -> str:
        return f"{self.low}–{self.high}" if self.high is not None else f"{self.low}+"

    def to_json(self) -> dict:
        return {"low": self.low, "high": self.high, "sentences": self.sentences,
                "bleu": None if self.bleu is None else round(self.bleu, 2)}  # fmt: skip


def length_bucket(length: int, buckets=LENGTH_BUCKETS) -> int:
    """The index of the bucket holding `length` (lengths below the first bucket go in it)."""
    for index, (_, high) in enumerate(buckets):
        if high is None or length <= high:
            return index
    return len(buckets) - 1


def bleu_by_length(
    sources: list[str], hypotheses: list[str], references: list[str], tokenize: str = "13a", buckets=LENGTH_BUCKETS
) -> list[LengthBucket]:
    """Corpus BLEU per source-length bucket (every bucket, empty ones with BLEU None), lengths
    counted in words, or in characters where the source is written without spaces."""
    from models.corpus.dataset import length_unit, sentence_length

    if not len(sources) == len(hypotheses) == len(references):
        raise ValueError("need one source, hypothesis and reference per sentence")
    unit = length_unit(sources)
    members: list[list[int]] = [[] for _ in buckets]
    for index, source in enumerate(sources):
        members[length_bucket(sentence_length(source, unit), buckets)].append(index)
    scores = []
    for (low, high), chosen in zip(buckets, members, strict=True):
        bleu = None
        if chosen:
            hyps, refs = [hypotheses[i] for i in chosen], [references[i] for i in chosen]
            bleu = sacrebleu.corpus_bleu(hyps, [refs], tokenize=tokenize).score
        scores.append(LengthBucket(low, high, len(chosen), bleu))
    return scores
