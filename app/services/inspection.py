"""Replay, comparison and run curves off the GUI thread: one worker that keeps the models it
was asked for (a run's replay model, the two compared models) and answers with plain data.

As for translation, only the latest request of each purpose runs; older ones still queued are
skipped, and the GUI ignores a reply that is not the latest it asked for.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal, Slot

from app.workers import WorkerThread


@dataclass
class ReplayRequest:
    id: int
    run_dir: str
    step: int
    text: str
    config: object  # models.config.DecodeConfig


@dataclass
class ReplayReply:
    id: int
    run_dir: str
    step: int
    translation: object  # models.translator.Translation
    snapshots: list  # list[models.snapshots.SnapshotInfo], as the run has them now
    seconds: float


@dataclass
class CompareRequest:
    id: int
    model_a: str  # a model spec: bundled name, file, run folder, or RUN@STEP
    model_b: str
    text: str
    config: object


@dataclass
class CompareReply:
    id: int
    comparison: object  # models.compare.Comparison
    seconds: float


@dataclass
class RunsRequest:
    id: int
    purpose: str  # which view asked ("runs", "replay-curves")
    run_dirs: list[str]


@dataclass
class RunsReply:
    id: int
    purpose: str
    runs: list  # list[models.runs.RunCurves]
    problems: list[str]  # one sentence per run that could not be read


def run_settings(run_dir: str) -> str:
    """What tells runs apart at a glance, for the Runs legend: a recurrent run's cell, size, attention
    and decoder; a Transformer's layers, heads and width (not the recurrent fields it does not use);
    then batch and learning rate. '' if the run's configuration cannot be read."""
    from pathlib import Path

    from models.checkpoint import SUFFIX, read_meta
    from models.config import TrainConfig, from_dict
    from models.errors import StudioError
    from models.nn.family import ModelConfig
    from models.runs import key_settings

    run = Path(run_dir)
    model_file = next((run / n for n in (f"last{SUFFIX}", f"best{SUFFIX}") if (run / n).exists()), None)
    try:
        meta = read_meta(model_file) if model_file is not None else {}
        model = from_dict(ModelConfig, meta["model_config"])
        train = from_dict(TrainConfig, meta["train_config"]) if isinstance(meta.get("train_config"), dict) else None
    except (KeyError, TypeError, ValueError, OSError, StudioError):
        return ""
    return key_settings(model, train)


class InspectionWorker(QObject):
    replayed = Signal(object)  # ReplayReply
    compared = Signal(object)  # CompareReply
    runs_read = Signal(object)  # RunsReply
    failed = Signal(int, str, str)  # request id, purpose, message

    def __init__(self):
        super().__init__()
        self._replays: dict[str, object] = {}  # run folder -> RunReplay
        self._models: dict[str, object] = {}  # spec -> (file time, Translator)
        self._latest: dict[str, int] = {}
        self._lock = threading.Lock()

    def mark_latest(self, purpose: str, request_id: int) -> None:
        with self._lock:
            self._latest[purpose] = request_id

    def _superseded(self, purpose: str, request_id: int) -> bool:
        with self._lock:
            return self._latest.get(purpose, request_id) != request_id

    def _guarded(self, purpose: str, request_id: int, work) -> None:
        from models.errors import StudioError

        if self._superseded(purpose, request_id):
            return
        try:
            work()
        except StudioError as err:
            self.failed.emit(request_id, purpose, str(err))
        except Exception as err:  # noqa: BLE001 - a message in the view, never a crash
            self.failed.emit(request_id, purpose, f"{type(err).__name__}: {err}")

    @Slot(object)
    def replay(self, request: ReplayRequest) -> None:
        def work() -> None:
            from models.snapshots import RunReplay
            from models.translator import Translator

            start = time.perf_counter()
            replay = self._replays.get(request.run_dir)
            if replay is None:
                replay = RunReplay(request.run_dir)
                self._replays = {request.run_dir: replay}  # one run at a time: its model stays loaded
            bundle = replay.load(request.step)
            translation = Translator(bundle).translate(request.text, request.config, trace=False)
            reply = ReplayReply(request.id, request.run_dir, request.step, translation, replay.snapshots(),
                                time.perf_counter() - start)  # fmt: skip
            self.replayed.emit(reply)

        self._guarded("replay", request.id, work)

    @Slot(object)
    def compare(self, request: CompareRequest) -> None:
        def work() -> None:
            from models.compare import compare

            start = time.perf_counter()
            a, b = self._translator(request.model_a), self._translator(request.model_b)
            names = (a.bundle.name, b.bundle.name)
            if names[0] == names[1]:
                names = (f"{names[0]} (A)", f"{names[1]} (B)")
            result = compare(a, b, request.text, request.config, names)
            self.compared.emit(CompareReply(request.id, result, time.perf_counter() - start))

        self._guarded("compare", request.id, work)

    def _translator(self, spec: str):
        """A model by spec, loaded once and again only when its file changed (a run still training)."""
        from models.checkpoint import resolve_model_path
        from models.snapshots import load_model, split_snapshot_spec
        from models.translator import Translator

        base, step = split_snapshot_spec(spec)
        stamp = None if step is not None else resolve_model_path(base).stat().st_mtime
        cached = self._models.get(spec)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        translator = Translator(load_model(spec))
        self._models[spec] = (stamp, translator)
        while len(self._models) > 4:
            self._models.pop(next(iter(self._models)))
        return translator

    @Slot(object)
    def read_runs(self, request: RunsRequest) -> None:
        def work() -> None:
            from models.errors import StudioError
            from models.runs import read_run

            runs, problems = [], []
            for run_dir in request.run_dirs:
                try:
                    curves = read_run(run_dir)
                    curves.settings = run_settings(run_dir) or curves.settings
                    runs.append(curves)
                except StudioError as err:
                    problems.append(str(err))
            self.runs_read.emit(RunsReply(request.id, request.purpose, runs, problems))

        self._guarded(request.purpose, request.id, work)


class InspectionService(QObject):
    """GUI-thread facade of the inspection worker."""

    replayed = Signal(object)
    compared = Signal(object)
    runs_read = Signal(object)
    failed = Signal(str, str)  # purpose, message
    _replay_requested = Signal(object)
    _compare_requested = Signal(object)
    _runs_requested = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._worker = InspectionWorker()
        self._thread = WorkerThread(self._worker, "inspection")
        self._replay_requested.connect(self._worker.replay)
        self._compare_requested.connect(self._worker.compare)
        self._runs_requested.connect(self._worker.read_runs)
        self._worker.replayed.connect(self._on_replayed)
        self._worker.compared.connect(self._on_compared)
        self._worker.runs_read.connect(self._on_runs_read)
        self._worker.failed.connect(self._on_failed)
        self._next_id = 0
        self._latest: dict[str, int] = {}
        self._thread.start()

    def _new_id(self, purpose: str) -> int:
        self._next_id += 1
        self._latest[purpose] = self._next_id
        self._worker.mark_latest(purpose, self._next_id)
        return self._next_id

    def replay(self, run_dir: str, step: int, text: str, config) -> int:
        request = ReplayRequest(self._new_id("replay"), run_dir, step, text, config)
        self._replay_requested.emit(request)
        return request.id

    def compare(self, model_a: str, model_b: str, text: str, config) -> int:
        request = CompareRequest(self._new_id("compare"), model_a, model_b, text, config)
        self._compare_requested.emit(request)
        return request.id

    def read_runs(self, run_dirs: list[str], purpose: str = "runs") -> int:
        request = RunsRequest(self._new_id(purpose), purpose, list(run_dirs))
        self._runs_requested.emit(request)
        return request.id

    # Slots of this GUI-thread object (not lambdas), so the replies are queued to the GUI thread.
    @Slot(object)
    def _on_replayed(self, reply: ReplayReply) -> None:
        if reply.id == self._latest.get("replay"):
            self.replayed.emit(reply)

    @Slot(object)
    def _on_compared(self, reply: CompareReply) -> None:
        if reply.id == self._latest.get("compare"):
            self.compared.emit(reply)

    @Slot(object)
    def _on_runs_read(self, reply: RunsReply) -> None:
        if reply.id == self._latest.get(reply.purpose):
            self.runs_read.emit(reply)

    @Slot(int, str, str)
    def _on_failed(self, request_id: int, purpose: str, message: str) -> None:
        if request_id == self._latest.get(purpose):
            self.failed.emit(purpose, message)

    def shutdown(self, timeout_ms: int = 200) -> None:
        for purpose in ("replay", "compare", "runs", "replay-curves"):
            self._worker.mark_latest(purpose, -1)  # queued requests are skipped
        self._thread.stop(timeout_ms)
