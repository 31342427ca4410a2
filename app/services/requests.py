"""The app's one way to run engine work off the GUI thread: latest request wins.

A service submits a `Job` (a purpose such as "main" or "hidden states", and a function run on the
worker's thread); the worker runs jobs one at a time in the order asked. Per purpose only the
newest job matters: an older one still queued is skipped, one already running is told through
`JobContext.cancelled()` (analyses check it between chunks of work and stop), and the GUI side
drops any answer that is not the newest it asked for, so a stale result never overwrites a newer
one. Answers are typed, detached plain data (`JobDone`, `JobFailed`, `JobProgress`); progress is
throttled so that a fast loop does not flood the GUI thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal, Slot

from app.workers import WorkerThread

PROGRESS_INTERVAL_S = 0.1  # at most ten progress reports a second reach the GUI


@dataclass(frozen=True)
class JobContext:
    """What a job's function receives: report progress, and ask whether it is still wanted."""

    progress: Callable[[int, int], None]  # (done, total)
    cancelled: Callable[[], bool]


@dataclass(frozen=True)
class Job:
    id: int
    purpose: str
    work: Callable[[JobContext], object]  # runs on the worker's thread; returns plain data


@dataclass(frozen=True)
class JobDone:
    id: int
    purpose: str
    result: object  # what the job's function returned
    seconds: float


@dataclass(frozen=True)
class JobFailed:
    id: int
    purpose: str
    message: str  # a sentence for the person


@dataclass(frozen=True)
class JobProgress:
    id: int
    purpose: str
    done: int
    total: int


class JobWorker(QObject):
    """Runs jobs on its own thread; skips and cancels the superseded ones."""

    done = Signal(JobDone)
    failed = Signal(JobFailed)
    progressed = Signal(JobProgress)

    def __init__(self):
        super().__init__()
        self._latest: dict[str, int] = {}
        self._lock = threading.Lock()

    def mark_latest(self, purpose: str, job_id: int) -> None:
        """Called from the GUI thread when a newer job of `purpose` is submitted."""
        with self._lock:
            self._latest[purpose] = job_id

    def superseded(self, purpose: str, job_id: int) -> bool:
        with self._lock:
            return self._latest.get(purpose, job_id) != job_id

    @Slot(Job)
    def run(self, job: Job) -> None:
        from models.errors import StudioError, WorkCancelled

        if self.superseded(job.purpose, job.id):
            return
        last_report = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if done >= total or now - last_report[0] >= PROGRESS_INTERVAL_S:
                last_report[0] = now
                self.progressed.emit(JobProgress(job.id, job.purpose, int(done), int(total)))

        context = JobContext(progress, lambda: self.superseded(job.purpose, job.id))
        start = time.perf_counter()
        try:
            result = job.work(context)
        except WorkCancelled:
            return  # a newer request of the same purpose is on its way
        except StudioError as err:  # a sentence for the person (too long, not valid text …)
            self.failed.emit(JobFailed(job.id, job.purpose, str(err)))
            return
        except Exception as err:  # noqa: BLE001 - a message in the view, never a crash
            self.failed.emit(JobFailed(job.id, job.purpose, f"{type(err).__name__}: {err}"))
            return
        self.done.emit(JobDone(job.id, job.purpose, result, time.perf_counter() - start))


class LatestRequests(QObject):
    """GUI-thread side of a `JobWorker` on its own thread: submit jobs, receive only the answers
    to the newest job of each purpose."""

    done = Signal(JobDone)
    failed = Signal(JobFailed)
    progressed = Signal(JobProgress)
    _submitted = Signal(Job)

    def __init__(self, name: str, parent=None):
        super().__init__(parent)
        self._worker = JobWorker()
        self._thread = WorkerThread(self._worker, name)
        self._submitted.connect(self._worker.run)
        self._worker.done.connect(self._on_done)
        self._worker.failed.connect(self._on_failed)
        self._worker.progressed.connect(self._on_progressed)
        self._next_id = 0
        self._latest: dict[str, int] = {}
        self._thread.start()

    def submit(self, purpose: str, work: Callable[[JobContext], object]) -> int:
        job_id = self.forget(purpose)
        self._submitted.emit(Job(job_id, purpose, work))
        return job_id

    def forget(self, purpose: str) -> int:
        """Answers still to come for `purpose` are not wanted; its queued jobs are skipped and its
        running one is told to stop. Returns the id that now counts as the latest."""
        self._next_id += 1
        self._latest[purpose] = self._next_id
        self._worker.mark_latest(purpose, self._next_id)
        return self._next_id

    def latest(self, purpose: str) -> int:
        return self._latest.get(purpose, 0)

    def is_latest(self, job_id: int, purpose: str) -> bool:
        return self._latest.get(purpose) == job_id

    # Slots of this GUI-thread object (not lambdas), so the answers are queued to the GUI thread.
    @Slot(JobDone)
    def _on_done(self, answer: JobDone) -> None:
        if self.is_latest(answer.id, answer.purpose):
            self.done.emit(answer)

    @Slot(JobFailed)
    def _on_failed(self, answer: JobFailed) -> None:
        if self.is_latest(answer.id, answer.purpose):
            self.failed.emit(answer)

    @Slot(JobProgress)
    def _on_progressed(self, answer: JobProgress) -> None:
        if self.is_latest(answer.id, answer.purpose):
            self.progressed.emit(answer)

    def shutdown(self, timeout_ms: int = 200) -> None:
        for purpose in list(self._latest):
            self._worker.mark_latest(purpose, -1)  # queued jobs are skipped, a running one is cancelled
        self._thread.stop(timeout_ms)
