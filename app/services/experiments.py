"""A lesson's experiment off the GUI thread, as training is (app/services/training.py): the
engine's `run_experiment` runs in a worker QObject on a QThread, with the trainer's pause and
stop control; its events become signals (training steps batched, at most ten a second).

Each experiment trains into a temporary folder its worker removes when it ends (stopped, failed or
measured, the window closing included): what is kept is its result, in memory for the session
(`results`)."""

from __future__ import annotations

import shutil
import tempfile
import time

from PySide6.QtCore import QObject, Signal, Slot

from app.services.run_controls import RunControls
from app.workers import WorkerThread
from models.experiments.base import ExperimentFailed, ExperimentFinished  # plain data, torch-free

STEP_EMIT_INTERVAL_S = 0.1


class ExperimentWorker(QObject):
    progress = Signal(object)  # a RunEvent or a Measuring (models.experiments.base): one signal, two types
    finished = Signal(ExperimentFinished)
    failed = Signal(ExperimentFailed)

    def __init__(self, control, name: str, folder: str, scale):
        super().__init__()
        self.control, self.name, self.folder, self.scale = control, name, folder, scale
        self._last_emit = 0.0

    def request_stop(self) -> None:
        self.control.cancel()

    @Slot()
    def run(self) -> None:
        from models.experiments import EXPERIMENTS, ExperimentFailed, run_experiment

        try:
            run_experiment(EXPERIMENTS[self.name], self.folder, self._on_event, self.control, self.scale)
        except Exception as err:  # noqa: BLE001 - the lesson shows a message instead of the app dying
            self.failed.emit(ExperimentFailed(self.name, f"{type(err).__name__}: {err}"))
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)  # the models were only needed for the measurement

    def _on_event(self, event) -> None:
        from models.experiments import ExperimentFailed, ExperimentFinished, RunEvent
        from models.training import Step

        if isinstance(event, ExperimentFinished):
            self.finished.emit(event)
        elif isinstance(event, ExperimentFailed):
            self.failed.emit(event)
        elif isinstance(event, RunEvent) and isinstance(event.event, Step):
            now = time.monotonic()
            if now - self._last_emit >= STEP_EMIT_INTERVAL_S:
                self._last_emit = now
                self.progress.emit(event)
        else:
            self.progress.emit(event)


class ExperimentService(RunControls, QObject):
    """One experiment at a time; `results` keeps each experiment's last finished result."""

    progress = Signal(object)  # RunEvent or Measuring (see ExperimentWorker)
    finished = Signal(ExperimentFinished)  # result None when stopped
    failed = Signal(ExperimentFailed)
    stopped = Signal()  # the worker thread has ended, whatever the outcome

    def __init__(self, parent=None):
        super().__init__(parent)
        self._thread: WorkerThread | None = None
        self.control = None
        self.name: str | None = None  # the experiment running
        self.results: dict[str, object] = {}  # experiment name -> its result dataclass

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_running()

    def start(self, name: str, scale=None) -> None:
        from models.experiments import FULL
        from models.training import TrainingControl

        if self.is_running():
            raise RuntimeError("an experiment is already running")
        self.control = TrainingControl()
        self.name = name
        folder = tempfile.mkdtemp(prefix=f"seq2seq-experiment-{name}-")
        worker = ExperimentWorker(self.control, name, folder, scale or FULL)
        self._thread = WorkerThread(worker, "experiment")
        worker.progress.connect(self.progress)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        self._thread.thread.started.connect(worker.run)
        self._thread.start()

    @Slot(object)
    def _on_finished(self, event) -> None:
        if event.result is not None:
            self.results[event.name] = event.result
        self._end()
        self.finished.emit(event)

    @Slot(object)
    def _on_failed(self, event) -> None:
        self._end()
        self.failed.emit(event)

    def _end(self) -> None:
        if self._thread is not None:
            self._thread.thread.quit()
            self._thread.thread.wait(5000)
            self._thread = None
            self.name = None
            self.stopped.emit()

    def shutdown(self, timeout_ms: int = 500) -> None:
        """Stop cooperatively (the window closes): the run stops at its next batch."""
        if self._thread is not None:
            self._thread.stop(timeout_ms)
            self._thread = None
