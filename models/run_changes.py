"""What a followed run folder holds and what changed in it, as plain data (no PyTorch): the
types `models/run_reader.py` answers with and the app's run follower passes in its signals."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models.training.events import CheckpointSaved, ProbeAttention
from models.training.history import EvaluationRecord, RunHistory, StepRecord

if TYPE_CHECKING:
    from models.snapshots import SnapshotInfo


@dataclass(frozen=True)
class FileStamp:
    """Enough of a file's status to tell that it was replaced: an atomic rename gives a new inode."""

    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> FileStamp | None:
        try:
            info = os.stat(path)
        except OSError:
            return None
        return cls(info.st_ino, info.st_size, info.st_mtime_ns)


@dataclass
class RunFolderState:
    """A run folder as last read."""

    run_dir: str
    last: FileStamp | None = None
    best: FileStamp | None = None
    index: FileStamp | None = None
    name: str = ""
    corpus: str = ""  # the corpus as the run names it (a built-in's spec, or a path)
    train_config: dict[str, Any] = field(default_factory=dict)
    history: RunHistory = field(default_factory=RunHistory)
    snapshots: list[SnapshotInfo] = field(default_factory=list)
    writer: int | None = None  # pid of the training writing the folder on this machine (0: unknown), else None

    @property
    def step(self) -> int:
        """The last step the saved history records."""
        steps = [self.history.steps[-1].step] if self.history.steps else []
        steps += [self.history.evaluations[-1].step] if self.history.evaluations else []
        return max(steps, default=0)

    @property
    def written(self) -> float | None:
        """When the run last wrote a file the views read (seconds since the epoch), or None."""
        stamps = [s.mtime_ns for s in (self.last, self.best, self.index) if s is not None]
        return max(stamps) / 1e9 if stamps else None

    @property
    def seconds(self) -> float:
        marks = [self.history.steps[-1].seconds] if self.history.steps else []
        marks += [self.history.evaluations[-1].seconds] if self.history.evaluations else []
        return max(marks, default=0.0)

    def budget_reached(self) -> bool:
        """The run's recorded counters reach its budget (steps, minutes or epochs): it has ended
        (told from the files alone, so it holds for a synced folder too)."""
        cfg = self.train_config
        last = self.history.evaluations[-1] if self.history.evaluations else None
        if isinstance(cfg.get("max_steps"), int) and self.step >= cfg["max_steps"]:
            return True
        if isinstance(cfg.get("max_minutes"), int | float) and self.seconds >= 60 * cfg["max_minutes"]:
            return True
        return bool(last and isinstance(cfg.get("max_epochs"), int | float) and last.epoch >= cfg["max_epochs"])

    def fraction(self) -> float | None:
        """How far through its budget the run is (0–1), as the files tell, or None."""
        cfg, parts = self.train_config, []
        if isinstance(cfg.get("max_steps"), int) and cfg["max_steps"] > 0:
            parts.append(self.step / cfg["max_steps"])
        if isinstance(cfg.get("max_minutes"), int | float) and cfg["max_minutes"] > 0:
            parts.append(self.seconds / (60 * cfg["max_minutes"]))
        if self.history.evaluations and isinstance(cfg.get("max_epochs"), int | float) and cfg["max_epochs"] > 0:
            parts.append(self.history.evaluations[-1].epoch / cfg["max_epochs"])
        return min(1.0, max(parts)) if parts else None


@dataclass
class RunChanges:
    """What changed since the previous read; `state` is the folder as read now."""

    state: RunFolderState
    new_steps: list[StepRecord] = field(default_factory=list)
    new_evaluations: list[EvaluationRecord] = field(default_factory=list)
    saved: list[CheckpointSaved] = field(default_factory=list)  # as a training in the app reports them
    snapshots_changed: bool = False
    restarted: bool = False  # the history no longer extends the one read before (a new run in the folder)
    writer_changed: bool = False
    problem: str = ""  # a file that could not be read this time (read again at the next look)

    def __bool__(self) -> bool:
        return bool(self.new_steps or self.new_evaluations or self.saved or self.snapshots_changed or self.restarted
                    or self.writer_changed or self.problem)  # fmt: skip


@dataclass(frozen=True)
class MissingSamples:
    """Why a followed run's dev samples cannot be shown here; `why` is "unnamed" (the run names no
    corpus), "absent" (a path not on this machine: a run synced from a server) or "unreadable"."""

    why: str
    corpus: str = ""
    detail: str = ""

    def __str__(self) -> str:
        return {"unnamed": "the run does not name its corpus",
                "absent": f"its corpus ({self.corpus}) is not on this machine"}.get(
                    self.why, f"its corpus cannot be read ({self.detail})")  # fmt: skip


@dataclass
class FollowedEvaluation:
    """The probe's attention and the dev samples of a followed run at its newest saved weights
    (last.s2s, saved at each evaluation), translated here: a training writes its scores to the
    folder, not its samples. `samples_missing` says why there are none (the corpus is not here)."""

    run_dir: str
    step: int
    probe: ProbeAttention | None
    samples: list[tuple[str, str, str]]  # (source, reference, hypothesis)
    samples_missing: MissingSamples | None = None
    probe_text: str = ""  # the probe sentence translated
