"""Cooperative pause/resume/cancel, checked by the training loop once per batch."""

from __future__ import annotations

import threading


class TrainingControl:
    """Thread-safe flags set by a user interface and honoured within one batch."""

    def __init__(self) -> None:
        self._cancel = threading.Event()
        self._running = threading.Event()
        self._running.set()
        self._lock = threading.Lock()
        self._probe = ""

    @property
    def probe_sentence(self) -> str:
        """A sentence whose attention is recorded at each evaluation; may change during training."""
        with self._lock:
            return self._probe

    @probe_sentence.setter
    def probe_sentence(self, text: str) -> None:
        with self._lock:
            self._probe = text

    def cancel(self) -> None:
        self._cancel.set()
        self._running.set()  # a paused run must wake up to stop

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def wait_if_paused(self) -> float:
        """Block while paused; returns the seconds spent waiting (not counted as training time)."""
        if self._running.is_set():
            return 0.0
        import time

        start = time.monotonic()
        self._running.wait()
        return time.monotonic() - start
