"""The one worker idiom of the app: a QObject moved to its own QThread.

Requests reach a worker through queued signals, results come back through signals carrying
plain data (engine dataclasses, numpy arrays). Only GUI-thread slots touch widgets.
Stopping is cooperative: `WorkerThread.stop()` asks the worker to stop, quits the thread's
event loop and waits a bounded time; QThread.terminate() is never used. A thread still busy
then (a batch being finished, a checkpoint being written) is kept in `LINGERING` and waited for
after the window has closed, so closing never blocks and nothing is lost or cut off.
"""

from __future__ import annotations

import atexit

from PySide6.QtCore import QObject, QThread

LINGERING: list[WorkerThread] = []  # asked to stop, not yet ended; references keep them alive


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

    def stop(self, timeout_ms: int = 300) -> bool:
        """Ask the worker to stop (if it can), end the thread's loop and wait at most `timeout_ms`.
        True if the thread has ended; otherwise it ends on its own and is waited for at exit."""
        request_stop = getattr(self.worker, "request_stop", None)
        if request_stop is not None:
            request_stop()
        self.thread.quit()
        if self.thread.wait(timeout_ms):
            return True
        LINGERING.append(self)
        return False

    def is_running(self) -> bool:
        return self.thread.isRunning()


def wait_for_lingering() -> None:
    """Wait for the threads that were still finishing their work when the window closed."""
    while LINGERING:
        LINGERING.pop().thread.wait()


# A QThread destroyed while it runs aborts the process: whatever way Python exits, wait first.
atexit.register(wait_for_lingering)
