"""A run's history as named records: every few steps' figures and every evaluation's scores.

Stored in a checkpoint's meta.json (and trainer.json) as JSON with named fields and a version
number. Version 1 (files written before the version existed) kept each step as a positional
list `[step, loss, learning rate, tokens/s, seconds]`; reading accepts it, so old run folders and
the bundled models still load. Plain Python: no torch, so the app and the runs panel read it
cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

HISTORY_VERSION = 2


@dataclass(frozen=True)
class StepRecord:
    """One recorded training step (the history keeps every few steps)."""

    step: int
    loss: float  # mean token cross-entropy of the step's batch
    learning_rate: float
    tokens_per_s: float  # target tokens per second, smoothed
    seconds: float  # training time so far

    def to_json(self) -> dict[str, Any]:
        return {"step": self.step, "loss": self.loss, "learning_rate": self.learning_rate,
                "tokens_per_s": self.tokens_per_s, "seconds": self.seconds}  # fmt: skip

    @classmethod
    def from_json(cls, data: Any) -> StepRecord:
        if isinstance(data, list | tuple):  # version 1: positional
            if len(data) != 5:
                raise ValueError(f"a step record holds 5 numbers, not {len(data)}")
            step, loss, rate, speed, seconds = data
        elif isinstance(data, dict):
            step, loss, rate = data["step"], data["loss"], data["learning_rate"]
            speed, seconds = data["tokens_per_s"], data["seconds"]
        else:
            raise ValueError(f"a step record is an object, not {type(data).__name__}")
        return cls(int(step), float(loss), float(rate), float(speed), float(seconds))


@dataclass(frozen=True)
class EvaluationRecord:
    """The dev-set scores of one evaluation (rounded as stored)."""

    step: int
    epoch: float
    seconds: float
    dev_loss: float
    bleu: float
    chrf: float
    exact_match: float
    aer: float | None = None  # alignment error rate (0–1) on gold alignments, for built-in corpora

    def to_json(self) -> dict[str, Any]:
        data = {"step": self.step, "epoch": self.epoch, "seconds": self.seconds, "dev_loss": self.dev_loss,
                "bleu": self.bleu, "chrf": self.chrf, "exact_match": self.exact_match}  # fmt: skip
        if self.aer is not None:
            data["aer"] = self.aer
        return data

    @classmethod
    def from_json(cls, data: Any) -> EvaluationRecord:
        if not isinstance(data, dict):
            raise ValueError(f"an evaluation record is an object, not {type(data).__name__}")
        aer = data.get("aer")
        return cls(
            step=int(data["step"]), epoch=float(data.get("epoch", 0.0)), seconds=float(data["seconds"]),
            dev_loss=float(data["dev_loss"]), bleu=float(data["bleu"]), chrf=float(data["chrf"]),
            exact_match=float(data.get("exact_match", 0.0)), aer=None if aer is None else float(aer),
        )  # fmt: skip


@dataclass
class RunHistory:
    """What a run recorded; `precision` is the session's PrecisionChoice as a dict (what ran, why)."""

    steps: list[StepRecord] = field(default_factory=list)
    evaluations: list[EvaluationRecord] = field(default_factory=list)
    precision: dict[str, Any] | None = None
    version: int = HISTORY_VERSION

    def best(self) -> EvaluationRecord | None:
        """The first evaluation with the best dev BLEU, or None before any."""
        return max(self.evaluations, key=lambda e: e.bleu) if self.evaluations else None

    def up_to(self, step: int) -> RunHistory:
        """The history as it stood at `step` (a snapshot's)."""
        return RunHistory([s for s in self.steps if s.step <= step], [e for e in self.evaluations if e.step <= step],
                          self.precision)  # fmt: skip

    def to_json(self) -> dict[str, Any]:
        """The form stored in a checkpoint (always the current version)."""
        data: dict[str, Any] = {
            "version": HISTORY_VERSION,
            "steps": [s.to_json() for s in self.steps],
            "evaluations": [e.to_json() for e in self.evaluations],
        }
        if self.precision is not None:
            data["precision"] = dict(self.precision)
        return data

    @classmethod
    def from_json(cls, data: Any) -> RunHistory:
        """Read a stored history, version 1 or 2; an empty or missing one is empty. ValueError
        (naming what is wrong) for a damaged one or a version newer than this program reads."""
        if data is None or data == {}:
            return cls()
        if not isinstance(data, dict):
            raise ValueError(f"a history is an object, not {type(data).__name__}")
        version = data.get("version", 1)
        if not isinstance(version, int) or not 1 <= version <= HISTORY_VERSION:
            raise ValueError(f"history version {version!r} is not one this program reads (1 to {HISTORY_VERSION})")
        steps, evaluations = data.get("steps") or [], data.get("evaluations") or []
        if not isinstance(steps, list) or not isinstance(evaluations, list):
            raise ValueError("a history's steps and evaluations are lists")
        precision = data.get("precision")
        try:
            return cls(
                steps=[StepRecord.from_json(s) for s in steps],
                evaluations=[EvaluationRecord.from_json(e) for e in evaluations],
                precision=dict(precision) if isinstance(precision, dict) else None,
            )
        except KeyError as err:
            raise ValueError(f"a history record has no {err}") from None
        except TypeError as err:
            raise ValueError(f"a history record is damaged ({err})") from None

    @classmethod
    def read(cls, data: Any) -> RunHistory:
        """As from_json, but a damaged history reads as empty (for views that show what they can)."""
        try:
            return cls.from_json(data)
        except ValueError:
            return cls()


@dataclass
class RunState:
    """Where a run stands: its counters (stored in last.s2s's trainer state, so that resuming
    goes on from them) and its history."""

    step: int = 0
    epoch: float = 0.0
    seconds: float = 0.0  # training time so far, across resumes
    target_tokens: int = 0
    best_bleu: float = -1.0
    bad_evaluations: int = 0  # evaluations since the best, for early stopping (not stored)
    history: RunHistory = field(default_factory=RunHistory)

    def counters(self) -> dict[str, Any]:
        """The counters as trainer.json's "run" holds them."""
        return {"step": self.step, "epoch": self.epoch, "seconds": self.seconds, "target_tokens": self.target_tokens,
                "best_bleu": self.best_bleu}  # fmt: skip

    @classmethod
    def resumed(cls, trainer_state: dict[str, Any]) -> RunState:
        """The state a run's last.s2s stored (its trainer state); ValueError when damaged."""
        run = trainer_state["run"]
        return cls(step=run["step"], epoch=run["epoch"], seconds=run["seconds"], target_tokens=run["target_tokens"],
                   best_bleu=run["best_bleu"], history=RunHistory.from_json(trainer_state.get("history")))  # fmt: skip
