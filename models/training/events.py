"""Plain dataclass events a training run reports; no Qt, no tensors (numpy at most)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # models.alignment brings the translator (torch); the app reads events without it
    from models.alignment import AlignmentScore
    from models.training.summary import TrainingSummary


@dataclass
class Phase:
    """Preparation before the first step (reading data, training vocabularies)."""

    message: str
    fraction: float | None = None


@dataclass
class Step:
    step: int
    epoch: float
    loss: float  # mean token cross-entropy of this batch
    perplexity: float
    learning_rate: float
    grad_norm: float
    tokens_per_s: float  # target pieces + EOS per second (padding not counted), smoothed
    teacher_forcing: float
    elapsed_s: float
    progress: float  # 0..1 of the budget
    eta_s: float | None


@dataclass
class ProbeAttention:
    """Attention of a fixed probe sentence, so a view can show alignment emerging."""

    source_pieces: list[str]
    target_pieces: list[str]  # the model's output, with </s>
    weights: np.ndarray | None  # (len(target_pieces), len(source_pieces)); None without attention
    translation: str


@dataclass
class Evaluation:
    step: int
    epoch: float
    dev_loss: float
    dev_perplexity: float
    bleu: float
    chrf: float
    exact_match: float
    samples: list[tuple[str, str, str]]  # (source, reference, hypothesis)
    probe: ProbeAttention | None
    is_best: bool
    elapsed_s: float
    alignment: AlignmentScore | None = None  # AER against gold word alignments (built-in corpora)


@dataclass
class CheckpointSaved:
    step: int
    path: str
    kind: str  # "last", "best" or "snapshot"


@dataclass
class Finished:
    summary: TrainingSummary
    cancelled: bool = False


@dataclass
class Failed:
    message: str
    checkpoint: str | None = None  # the last good checkpoint, if any


TrainingEvent = Phase | Step | Evaluation | CheckpointSaved | Finished | Failed
