"""The one worker idiom of the app: a QObject moved to its own QThread.

Requests reach a worker through queued signals, results come back through signals carrying
plain data (engine dataclasses, numpy arrays). Only GUI-thread slots touch widgets.
Stopping is cooperative: `WorkerThread.stop()` asks the worker to stop, quits the thread's
event loop and waits; QThread.terminate() is never used.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QThread


class WorkerThread:
    """Owns a QThread running one worker QObject."""

    def __init__(self, worker: QObject, name: str):
        self.worker = worker
        self.thread = QThread()
        self.thread.setObjectName(name)
        worker.moveToThread(self.thread)
        self.thread.finished.connect(worker.deleteLater)

    def start(self) -> None:
        self.thread.start()

    def stop(self, timeout_ms: int = 10_000) -> bool:
        """Ask the worker to stop (if it can), end the thread's loop and wait for it."""
        request_stop = getattr(self.worker, "request_stop", None)
        if request_stop is not None:
            request_stop()
        self.thread.quit()
        if self.thread.wait(timeout_ms):
            return True
        # A worker that is slow to notice the request: a late close beats destroying a running
        # thread (which aborts the process). Cancellation is cooperative, so this returns.
        return self.thread.wait()

    def is_running(self) -> bool:
        return self.thread.isRunning()
