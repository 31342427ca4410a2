"""Helpers of the benchmarks that drive the real window (no torch imported here: the window's
own start-up is part of what some of them measure)."""

from __future__ import annotations

import time


def wait_until(app, predicate, timeout: float = 60.0) -> bool:
    """Run the event loop until `predicate()` holds or `timeout` seconds pass; True if it held."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        app.processEvents()
        if predicate():
            return True
        time.sleep(0.01)
    return False
