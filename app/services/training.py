"""Training off the GUI thread: the engine's Trainer runs in a worker QObject on a QThread.

Engine events (plain dataclasses) become signals. Step events are batched and emitted at most
ten times a second so the GUI is never flooded; evaluations, checkpoints and the end are
emitted at once. At each evaluation the worker also hands out a snapshot of the model (a deep
copy taken between two batches, so never half-updated) for translating while training goes on.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal, Slot

from app.i18n import tr
from app.services.run_controls import RunControls
from app.workers import WorkerThread
from models.training.events import CheckpointSaved, Evaluation, Failed, Finished, Phase  # plain data, torch-free

STEP_EMIT_INTERVAL_S = 0.1


@dataclass
class TrainingJob:
    out_dir: str
    corpus: object  # spec string or models.corpus.Corpus
    model_config: object
    tokenizer_config: object
    train_config: object
    resume: bool = False
    # The app trains into a fresh folder of its own (app/panels/train_panel.py: new_run_folder);
    # a folder that holds a run is never replaced unless the job says so.
    overwrite: bool = False


class TrainingWorker(QObject):
    phase = Signal(Phase)
    steps = Signal(list)  # list[Step] since the last emit
    evaluation = Signal(Evaluation)
    checkpoint = Signal(CheckpointSaved)
    snapshot = Signal(object)  # a ModelBundle copy: its type lives with PyTorch, loaded after the window
    finished = Signal(Finished)
    failed = Signal(Failed)

    def __init__(self, control, job: TrainingJob):
        super().__init__()
        self.control = control
        self.job = job
        self._pending: list = []
        self._last_emit = 0.0
        self._trainer = None

    def request_stop(self) -> None:
        self.control.cancel()

    @Slot()
    def run(self) -> None:
        """Runs on the worker thread as soon as it starts; one worker serves one run."""
        from models.errors import StudioError
        from models.training import Trainer

        job = self.job
        try:
            self._trainer = Trainer(
                job.out_dir, job.corpus, job.model_config, job.tokenizer_config, job.train_config,
                callback=self._on_event, control=self.control, resume=job.resume, overwrite=job.overwrite,
            )  # fmt: skip
            self._trainer.run()
        except StudioError as err:
            self._flush()
            self.failed.emit(Failed(str(err)))
        except Exception as err:  # noqa: BLE001 - the GUI shows a message instead of dying
            self._flush()
            self.failed.emit(
                Failed(
                    tr("training stopped unexpectedly: {error_type}: {err}").format(
                        error_type=type(err).__name__, err=err
                    )
                )
            )

    def _flush(self) -> None:
        if self._pending:
            self.steps.emit(self._pending)
            self._pending = []
        self._last_emit = time.monotonic()

    def _on_event(self, event) -> None:
        from models.training.events import Step

        if isinstance(event, Step):
            self._pending.append(event)
            if time.monotonic() - self._last_emit >= STEP_EMIT_INTERVAL_S:
                self._flush()
            return
        self._flush()
        if isinstance(event, Evaluation):
            self.evaluation.emit(event)
            bundle = self._trainer.bundle()
            bundle.model = copy.deepcopy(bundle.model).eval()
            bundle.history = copy.deepcopy(bundle.history)
            bundle.name = tr("{name} (step {step})").format(name=bundle.name, step=event.step)
            self.snapshot.emit(bundle)
        elif isinstance(event, CheckpointSaved):
            self.checkpoint.emit(event)
        elif isinstance(event, Phase):
            self.phase.emit(event)
        elif isinstance(event, Finished):
            self.finished.emit(event)
        elif isinstance(event, Failed):
            self.failed.emit(event)


class TrainingService(RunControls, QObject):
    phase = Signal(Phase)
    steps = Signal(list)  # list[Step]
    evaluation = Signal(Evaluation)
    checkpoint = Signal(CheckpointSaved)
    snapshot = Signal(object)  # a ModelBundle copy (see TrainingWorker)
    finished = Signal(Finished)
    failed = Signal(Failed)
    stopped = Signal()  # the worker thread has ended, whatever the outcome

    def __init__(self, parent=None):
        super().__init__(parent)
        self._thread: WorkerThread | None = None
        self._worker: TrainingWorker | None = None
        self.control = None

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_running()

    def start(self, job: TrainingJob) -> None:
        from models.training import TrainingControl

        if self.is_running():
            raise RuntimeError("a training run is already going on")
        self.control = TrainingControl()
        self.control.probe_sentence = job.train_config.probe_sentence
        # A fresh worker and thread per run: the job travels with the worker and the run begins
        # when the thread starts, so no connection outlives a run (its worker is deleted with it).
        worker = TrainingWorker(self.control, job)
        self._thread = WorkerThread(worker, "training")
        for name in ("phase", "steps", "evaluation", "checkpoint", "snapshot", "finished", "failed"):
            getattr(worker, name).connect(getattr(self, name))
        worker.finished.connect(self._end)
        worker.failed.connect(self._end)
        self._thread.thread.started.connect(worker.run)
        self._worker = worker
        self._thread.start()

    def set_probe(self, text: str) -> None:
        if self.control:
            self.control.probe_sentence = text

    @Slot(object)
    def _end(self, _event=None) -> None:
        if self._thread is not None:
            self._thread.thread.quit()
            self._thread.thread.wait(5000)
            self._thread = None
            self.stopped.emit()

    def shutdown(self, timeout_ms: int = 500) -> None:
        """Stop cooperatively (used when the window closes): the run stops at its next batch or
        preparation stage and writes its last checkpoint, in the background if that takes longer."""
        if self._thread is not None:
            self._thread.stop(timeout_ms)
            self._thread = None
