"""Is this attention right? Measures of one attention matrix that catch the usual failures.

- Entropy per target step (bits): 0 when a step looks at one source piece, log2(S) when it looks
  at all of them evenly (attention that has not learnt to align).
- Coverage per source piece: the total attention it received over all steps. Near 0: the piece
  may be left untranslated; well above 1: it may be translated more than once.
- The share of attention on punctuation and on an end-of-sentence piece, where attention that
  has nothing better to do tends to sink.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np

LOW_COVERAGE, HIGH_COVERAGE = 0.3, 1.7  # total attention received, in steps' worth
END_PIECES = ("</s>", "<s>")


def is_punctuation(piece: str) -> bool:
    """A piece made only of punctuation (the word-start mark aside): ',', '.', '?', '。'…"""
    text = piece.replace("▁", "")
    return bool(text) and all(unicodedata.category(ch).startswith("P") for ch in text)


@dataclass
class AttentionDiagnostics:
    entropy: np.ndarray  # (T,) bits, one per target step
    uniform_entropy: float  # log2(S): the entropy of attention spread evenly
    coverage: np.ndarray  # (S,) attention received by each source piece, summed over steps
    on_punctuation: float  # share of all attention on punctuation pieces
    on_end: float | None  # share on an end-of-sentence source piece; None when the source has none
    low_coverage: list[int]  # source positions that received little attention
    high_coverage: list[int]  # source positions that received a lot

    @property
    def mean_entropy(self) -> float:
        return float(self.entropy.mean()) if self.entropy.size else 0.0


def diagnose(attention: np.ndarray, source_pieces: list[str]) -> AttentionDiagnostics:
    """attention (T, S): each row a step's weights over the S source pieces."""
    weights = np.asarray(attention, dtype=np.float64)
    steps, sources = weights.shape
    clipped = np.clip(weights, 1e-12, 1.0)
    entropy = -(weights * np.log2(clipped)).sum(axis=1)  # (T,)
    coverage = weights.sum(axis=0)  # (S,)
    total = max(float(weights.sum()), 1e-12)
    punctuation = [j for j, p in enumerate(source_pieces[:sources]) if is_punctuation(p)]
    ends = [j for j, p in enumerate(source_pieces[:sources]) if p in END_PIECES]
    return AttentionDiagnostics(
        entropy=entropy,
        uniform_entropy=float(np.log2(sources)) if sources else 0.0,
        coverage=coverage,
        on_punctuation=float(weights[:, punctuation].sum() / total) if punctuation else 0.0,
        on_end=float(weights[:, ends].sum() / total) if ends else None,
        low_coverage=[j for j in range(sources) if coverage[j] < LOW_COVERAGE],
        high_coverage=[j for j in range(sources) if coverage[j] > HIGH_COVERAGE],
    )
