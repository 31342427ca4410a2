"""What a training run reports when it ends: TrainResult.summary and the Finished event."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from models.config import to_dict
from models.nn.family import ModelConfig

if TYPE_CHECKING:  # precision.py brings torch; the app reads a summary without it
    from models.training.precision import PrecisionChoice


@dataclass(frozen=True)
class TrainingSummary:
    """A run's figures at its end (over all its sessions where they say so)."""

    steps: int = 0
    epochs: float = 0.0  # rounded to 4 places
    seconds: float = 0.0  # training time across resumes, rounded to 0.1 s
    # this session's target tokens per second: over the wall clock (evaluations and saves
    # included), and over the training steps alone (as JoeyNMT logs it)
    target_tokens_per_s: float = 0.0
    step_tokens_per_s: float = 0.0
    dev_bleu: float | None = None  # the best evaluation's scores; None before any
    dev_chrf: float | None = None
    dev_exact_match: float | None = None
    model: str | None = None  # best.s2s, where it exists
    last: str | None = None  # last.s2s, where it exists
    stopped: str = ""  # why the run stopped
    warning: str = ""  # what the user must know, "; "-joined
    resumed_changes: dict[str, list[Any]] = field(default_factory=dict)  # setting: [stored, now]
    skipped: dict[str, int] = field(default_factory=dict)  # reason: pairs or sentences skipped
    parameters: int | None = None  # None when the run stopped before its model was built
    model_config: ModelConfig | None = None
    precision: PrecisionChoice | None = None
    world_size: int = 1  # the processes that trained this session (torchrun), 1 without

    @property
    def saved(self) -> str | None:
        """The model to open: best.s2s, else last.s2s, else None."""
        return self.model or self.last

    def to_json(self) -> dict[str, Any]:
        """The summary as `train --json` prints it (the keys it always had)."""
        return {
            "steps": self.steps,
            "epochs": self.epochs,
            "seconds": self.seconds,
            "target_tokens_per_s": self.target_tokens_per_s,
            "step_tokens_per_s": self.step_tokens_per_s,
            "dev_bleu": self.dev_bleu,
            "dev_chrf": self.dev_chrf,
            "dev_exact_match": self.dev_exact_match,
            "model": self.model,
            "last": self.last,
            "stopped": self.stopped,
            "warning": self.warning,
            "resumed_changes": {name: list(values) for name, values in self.resumed_changes.items()},
            "skipped": dict(self.skipped),
            "parameters": self.parameters,
            "model_config": None if self.model_config is None else to_dict(self.model_config),
            "precision": None if self.precision is None else dataclasses.asdict(self.precision),
            "world_size": self.world_size,
        }
