"""Following a run folder that another process writes (a `torchrun` job on this machine, a folder
synced from a server): the views update as its files arrive.

Qt's file watcher (the folder, its snapshots folder and the training's lock file) says when
something may have changed; a slow poll catches what it misses (synced and network folders often
send no notification). Notifications come in bursts (a save writes a temporary file, then renames
it), so they are gathered for a moment and one look follows. Each look is made off the GUI thread
by the engine's reader (models/run_reader.py), which reads only files written by atomic rename;
the follower hands out what is new as plain data. No loop runs while nothing changes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal, Slot

from app.workers import WorkerThread
from models.run_changes import FollowedEvaluation, RunChanges  # plain data, torch-free
from models.training.events import CheckpointSaved

COALESCE_MS = 300  # notifications within this are one change
POLL_MS = 5_000  # the fallback look, for folders whose changes send no notification


class FollowWorker(QObject):
    """Reads the followed folder on its own thread; one worker serves one followed run."""

    checked = Signal(RunChanges)  # after every look (empty when nothing changed)
    evaluated = Signal(FollowedEvaluation)
    evaluation_failed = Signal(str)

    def __init__(self, run_dir: str):
        super().__init__()
        self.run_dir = run_dir
        self._reader = None
        self._dev: tuple | None = None  # the run's dev pairs, and why there are none (MissingSamples)
        self._dev_corpus = ""

    @Slot()
    def check(self) -> None:
        from models.run_reader import RunReader

        if self._reader is None:
            self._reader = RunReader(self.run_dir)
        self.checked.emit(self._reader.read())

    @Slot(str)
    def evaluate(self, probe: str) -> None:
        from models.errors import StudioError
        from models.run_reader import dev_pairs_of, translate_followed

        state = self._reader.state if self._reader is not None else None
        if state is None or state.last is None:
            return
        if self._dev is None or state.corpus != self._dev_corpus:  # read once per run: a corpus can be large
            self._dev, self._dev_corpus = dev_pairs_of(state.corpus, self.run_dir), state.corpus
        pairs, missing = self._dev
        text = probe or str(state.train_config.get("probe_sentence") or "")
        try:
            self.evaluated.emit(translate_followed(self.run_dir, text, pairs, missing))
        except (StudioError, OSError) as err:  # replaced while read: the next evaluation's save brings it
            self.evaluation_failed.emit(str(err))


class RunFollower(QObject):
    """Follows one run folder at a time. `updated` carries each RunChanges that holds something new,
    `checkpoint` each file a training saved (CheckpointSaved, as a training in the app reports them),
    `evaluated` the probe and samples at the newest saved weights."""

    updated = Signal(RunChanges)
    checkpoint = Signal(CheckpointSaved)
    evaluated = Signal(FollowedEvaluation)
    checked = Signal(RunChanges)  # after every look, for whoever waits on one
    stopped = Signal()
    _check_requested = Signal()
    _evaluate_requested = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.run_dir = ""
        self.state = None  # the folder as last read (models.run_reader.RunFolderState)
        self.probe = ""
        self._thread: WorkerThread | None = None
        self._worker: FollowWorker | None = None
        self._watcher: QFileSystemWatcher | None = None
        self._checking = self._check_again = False
        self._evaluating = False
        self._evaluate_again: str | None = None
        self._gather = QTimer(self)
        self._gather.setSingleShot(True)
        self._gather.setInterval(COALESCE_MS)
        self._gather.timeout.connect(self.check_now)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.check_now)

    def is_following(self) -> bool:
        return bool(self.run_dir)

    # ------------------------------------------------------------------ starting and stopping
    def follow(self, run_dir: str, probe: str = "") -> None:
        self.stop()
        self.run_dir, self.probe, self.state = str(run_dir), probe, None
        worker = self._worker = FollowWorker(self.run_dir)
        self._thread = WorkerThread(worker, "run follower")
        self._check_requested.connect(worker.check)
        self._evaluate_requested.connect(worker.evaluate)
        worker.checked.connect(self._on_checked)
        worker.evaluated.connect(self._on_evaluated)
        worker.evaluation_failed.connect(self._on_evaluation_failed)
        self._thread.start()
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._on_notified)
        self._watcher.fileChanged.connect(self._on_notified)
        self._watch()
        self._poll.start()
        self.check_now()

    def stop(self) -> None:
        """Stop watching and end the reading thread (a look in progress ends on its own)."""
        if not self.run_dir:
            return
        self._gather.stop()
        self._poll.stop()
        if self._watcher is not None:
            self._watcher.deleteLater()
            self._watcher = None
        if self._thread is not None:
            # Both ways cut first: a look still in progress reports to nobody.
            self._check_requested.disconnect()
            self._evaluate_requested.disconnect()
            self._worker.checked.disconnect(self._on_checked)
            self._worker.evaluated.disconnect(self._on_evaluated)
            self._worker.evaluation_failed.disconnect(self._on_evaluation_failed)
            self._thread.stop()
            self._thread = self._worker = None
        self.run_dir = ""
        self._checking = self._check_again = self._evaluating = False
        self._evaluate_again = None
        self.stopped.emit()

    def set_probe(self, text: str) -> None:
        """Another probe sentence: translated at once with the newest weights."""
        self.probe = text
        self._evaluate()

    # ------------------------------------------------------------------ looking
    def check_now(self) -> None:
        """Look at the folder now (or as soon as the look in progress ends)."""
        if not self.run_dir:
            return
        if self._checking:
            self._check_again = True
            return
        self._checking = True
        self._check_requested.emit()

    def _on_notified(self, _path: str) -> None:
        if not self._gather.isActive():  # not restarted: a steady stream of changes still gets looked at
            self._gather.start()

    def _watch(self) -> None:
        """Watch what exists now; a replaced file leaves the watcher's list, so it is added again."""
        if self._watcher is None:
            return
        run = Path(self.run_dir)
        wanted = [str(p) for p in (run, run / "snapshots", run / ".training.lock") if p.exists()]
        watched = set(self._watcher.files()) | set(self._watcher.directories())
        missing = [p for p in wanted if p not in watched]
        if missing:
            self._watcher.addPaths(missing)

    def _on_checked(self, changes) -> None:
        if changes.state.run_dir != self.run_dir:
            return  # a look at a run no longer followed
        self._checking = False
        self._watch()
        self.state = changes.state
        if changes:
            self.updated.emit(changes)
            saved = [s for s in changes.saved if s.kind != "snapshot"]
            snapshots = [s for s in changes.saved if s.kind == "snapshot"]
            for event in saved + snapshots[-1:]:  # the newest snapshot stands for those that came with it
                self.checkpoint.emit(event)
            if changes.new_evaluations or changes.restarted or any(s.kind == "last" for s in saved):
                self._evaluate()
        self.checked.emit(changes)
        if self._check_again:
            self._check_again = False
            self.check_now()

    def _evaluate(self) -> None:
        if not self.run_dir or self.state is None or self.state.last is None:
            return
        if self._evaluating:
            self._evaluate_again = self.probe
            return
        self._evaluating = True
        self._evaluate_requested.emit(self.probe)

    def _on_evaluated(self, evaluation) -> None:
        if evaluation.run_dir != self.run_dir:
            return
        self._evaluating = False
        self.evaluated.emit(evaluation)
        self._evaluate_pending()

    def _on_evaluation_failed(self, _message: str) -> None:
        self._evaluating = False
        self._evaluate_pending()

    def _evaluate_pending(self) -> None:
        if self._evaluate_again is not None:
            self._evaluate_again = None
            self._evaluate()
