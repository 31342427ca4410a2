"""What is new in a run folder that another process writes (a `torchrun` job, a folder synced
from a server): read again whenever the folder may have changed, compared with what was read
before, and handed out as typed records.

Only the files a training writes by atomic rename are read (last.s2s, best.s2s,
snapshots/index.json): a reader sees the old file or the new one, never half of one, and the
temporary names (`.NAME.tmpPID`) are never opened. A file that goes or is replaced between the
listing and the reading is taken as it is found at the next look; nothing here raises for it.

Plain Python and the engine's readers: the app's follower (app/run_follower.py) watches the
folder and calls `RunReader.read` off the GUI thread.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.checkpoint import SUFFIX, read_meta
from models.errors import StudioError
from models.run_folder import LOCK_FILE, locked_by
from models.snapshots import FOLDER, INDEX, SnapshotInfo, list_snapshots
from models.training.events import CheckpointSaved, ProbeAttention
from models.training.history import EvaluationRecord, RunHistory, StepRecord

SAMPLES = 3  # dev sentences a training shows at each evaluation (models/training/evaluation.py)


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


class RunReader:
    """Reads a run folder again and says what is new. Cheap when nothing changed: three stats and
    the lock's test (a model file's meta.json is read only when the file was replaced)."""

    def __init__(self, run_dir: str | Path):
        self.run_dir = Path(run_dir)
        self.state = RunFolderState(str(self.run_dir), name=self.run_dir.name)

    def read(self) -> RunChanges:
        before = self.state
        now = RunFolderState(str(self.run_dir), name=before.name, corpus=before.corpus,
                             train_config=before.train_config, history=before.history,
                             snapshots=before.snapshots)  # fmt: skip
        changes = RunChanges(now)
        last_path, best_path = self.run_dir / f"last{SUFFIX}", self.run_dir / f"best{SUFFIX}"
        index_path = self.run_dir / FOLDER / INDEX
        now.last, now.best, now.index = FileStamp.of(last_path), FileStamp.of(best_path), FileStamp.of(index_path)
        now.writer = locked_by(self.run_dir) if (self.run_dir / LOCK_FILE).exists() else None
        changes.writer_changed = now.writer != before.writer

        if now.last != before.last:
            if now.last is None:
                now.history = RunHistory()
            else:
                try:
                    meta = read_meta(last_path)
                except (StudioError, OSError) as err:  # gone or replaced while read: the next look reads it
                    now.last = before.last
                    changes.problem = str(err)
                else:
                    self._take_meta(now, meta)
            changes.restarted = not _extends(before.history, now.history)
            if changes.restarted:
                changes.new_steps, changes.new_evaluations = list(now.history.steps), list(now.history.evaluations)
            else:
                changes.new_steps = now.history.steps[len(before.history.steps) :]
                changes.new_evaluations = now.history.evaluations[len(before.history.evaluations) :]
            if now.last is not None and now.last != before.last:
                changes.saved.append(CheckpointSaved(now.step, str(last_path), "last"))
        if now.best is not None and now.best != before.best:
            changes.saved.append(CheckpointSaved(now.step, str(best_path), "best"))
        if now.index != before.index:
            now.snapshots = list_snapshots(self.run_dir)
            old = {(s.step, s.file) for s in before.snapshots}
            changes.snapshots_changed = [(s.step, s.file) for s in now.snapshots] != [
                (s.step, s.file) for s in before.snapshots
            ]
            for info in now.snapshots:
                if (info.step, info.file) not in old:
                    path = self.run_dir / FOLDER / info.file
                    changes.saved.append(CheckpointSaved(info.step, str(path), "snapshot"))
        self.state = now
        return changes

    @staticmethod
    def _take_meta(state: RunFolderState, meta: dict[str, Any]) -> None:
        state.history = RunHistory.read(meta.get("history") if isinstance(meta.get("history"), dict) else None)
        train = meta.get("train_config")
        state.train_config = dict(train) if isinstance(train, dict) else {}
        state.corpus = meta.get("corpus") if isinstance(meta.get("corpus"), str) else ""


def _extends(old: RunHistory, new: RunHistory) -> bool:
    """`new` is `old` with records added (the same run saved again), not another run's history."""
    if len(new.steps) < len(old.steps) or len(new.evaluations) < len(old.evaluations):
        return False
    return new.steps[: len(old.steps)] == old.steps and new.evaluations[: len(old.evaluations)] == old.evaluations


# ---------------------------------------------------------------------- the probe and the samples
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


def dev_pairs_of(corpus: str, run_dir: str | Path) -> tuple[list[tuple[str, str]], MissingSamples | None]:
    """The run's dev pairs, split from its corpus as the training split it, with None — or [] and
    why not: a corpus named by a path that is not on this machine (a run synced from a server)."""
    from models.corpus import load_corpus
    from models.corpus.dataset import CORPUS_SOURCES

    if not corpus:
        return [], MissingSamples("unnamed")
    spec = corpus
    if not corpus.startswith(tuple(CORPUS_SOURCES)):
        first = Path(corpus.split(",")[0])
        beside = Path(run_dir) / first
        if not first.exists() and beside.exists():  # a relative path, from where the run was started
            spec = ",".join(str(Path(run_dir) / p) for p in corpus.split(","))
        elif not first.exists():
            return [], MissingSamples("absent", corpus)
    try:
        return list(load_corpus(spec).dev), None
    except (StudioError, OSError) as err:
        return [], MissingSamples("unreadable", corpus, str(err))


def translate_followed(run_dir: str | Path, probe_text: str, dev_pairs: list[tuple[str, str]],
                       missing: MissingSamples | None = None, device: str = "cpu") -> FollowedEvaluation:  # fmt: skip
    """Translate the probe and the first dev sentences with the run's last.s2s, as the training's
    own evaluation does (greedy, the first few translatable dev sentences). CheckpointError when
    last.s2s cannot be read now (it is replaced at the next evaluation)."""
    import numpy as np

    from models.checkpoint import load_checkpoint
    from models.config import DecodeConfig
    from models.errors import InputError
    from models.translator import MAX_SOURCE_PIECES, Translator, check_source_text

    bundle = load_checkpoint(Path(run_dir) / f"last{SUFFIX}", device=device)
    history = RunHistory.read(bundle.history if isinstance(bundle.history, dict) else None)
    step = max([r.step for r in history.steps[-1:]] + [e.step for e in history.evaluations[-1:]], default=0)
    translator = Translator(bundle, device)
    chosen = []
    for source, reference in dev_pairs:
        if len(chosen) == SAMPLES:
            break
        try:
            check_source_text(source)
        except InputError:
            continue
        if len(bundle.tokenizers.source.encode(source)) <= MAX_SOURCE_PIECES:  # as the training keeps them
            chosen.append((source, reference))
    hypotheses = translator.translate_batch([s for s, _ in chosen], DecodeConfig()) if chosen else []
    samples = [(s, r, h) for (s, r), h in zip(chosen, hypotheses, strict=True)]
    probe = None
    text = probe_text.strip() or (dev_pairs[0][0] if dev_pairs else "")
    if text:
        try:
            t = translator.translate(text)
            weights = None if t.best.attention is None else t.best.attention.astype(np.float32)
            probe = ProbeAttention(t.source_pieces, t.best.pieces, weights, t.text)
        except InputError:
            probe = None
    return FollowedEvaluation(str(run_dir), step, probe, samples, None if samples else missing, text)
