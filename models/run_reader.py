"""What is new in a run folder that another process writes (a `torchrun` job, a folder synced
from a server): read again whenever the folder may have changed, compared with what was read
before, and handed out as typed records.

Only the files a training writes by atomic rename are read (last.s2s, best.s2s,
snapshots/index.json): a reader sees the old file or the new one, never half of one, and the
temporary names (`.NAME.tmpPID`) are never opened. A file that goes or is replaced between the
listing and the reading is taken as it is found at the next look; nothing here raises for it.

Plain Python and the engine's readers: the app's follower (app/run_follower.py) watches the
folder and calls `RunReader.read` off the GUI thread. The records are in models/run_changes.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from models.checkpoint import SUFFIX, read_meta
from models.errors import StudioError
from models.run_changes import FileStamp, FollowedEvaluation, MissingSamples, RunChanges, RunFolderState
from models.run_folder import LOCK_FILE, locked_by
from models.snapshots import FOLDER, INDEX, list_snapshots
from models.training.events import CheckpointSaved, ProbeAttention
from models.training.history import RunHistory

SAMPLES = 3  # dev sentences a training shows at each evaluation (models/training/evaluation.py)


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
