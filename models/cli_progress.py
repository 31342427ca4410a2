"""A dependency-free progress line for long CLI work (stderr; one line per few seconds when piped)."""

from __future__ import annotations

import sys
import time


def format_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "--:--"
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class ProgressLine:
    def __init__(self, stream=None, width: int = 24, interval: float = 0.2, quiet: bool = False):
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.width = width
        self.interval = interval if self.tty else 5.0
        self.quiet = quiet
        self._last = 0.0
        self._shown = False

    def update(self, fraction: float, text: str, eta_s: float | None = None, force: bool = False) -> None:
        now = time.monotonic()
        if self.quiet or (not force and now - self._last < self.interval):
            return
        self._last = now
        fraction = max(0.0, min(1.0, fraction))
        filled = int(round(self.width * fraction))
        bar = "█" * filled + "·" * (self.width - filled)
        line = f"[{bar}] {100 * fraction:5.1f}%  {text}  ETA {format_seconds(eta_s)}"
        if self.tty:
            self.stream.write("\r" + line[:150].ljust(150))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
        self._shown = True

    def message(self, text: str) -> None:
        if self.quiet:
            return
        self.close()
        self.stream.write(text + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self._shown and self.tty:
            self.stream.write("\n")
            self.stream.flush()
        self._shown = False
