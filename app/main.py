"""Start the desktop app: `seq2seq-studio`, `seq2seq-studio gui` or `python -m app`."""

from __future__ import annotations

import os
import sys
import time

import app as app_package


def seconds_since_launch() -> float:
    """Seconds since this process started: the interpreter's own start and every import count, as a
    person waits for them. Where the start is unknown (no /proc), since the app package was imported."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()  # the name in parentheses may hold spaces
        with open("/proc/uptime", encoding="ascii") as uptime:
            now = float(uptime.read().split()[0])
        return max(0.0, now - int(fields[19]) / os.sysconf("SC_CLK_TCK"))  # field 22: start time in ticks
    except (OSError, ValueError, IndexError, AttributeError):
        return time.perf_counter() - app_package.IMPORTED


def main(model: str | None = None, argv: list[str] | None = None) -> int:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from app.i18n import tr

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Seq2Seq Studio")
    app.setOrganizationName("Seq2SeqStudio")
    from app import i18n

    i18n.install()  # before any window: strings are translated as widgets are built
    from app.main_window import MainWindow
    from app.workers import wait_for_lingering

    window = MainWindow(model=model)

    class FirstPaint(QObject):
        """The window's first paint, counted from the process's start; the model loads meanwhile."""

        def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                window.removeEventFilter(self)
                seconds = seconds_since_launch()
                window.first_paint_s = seconds
                QTimer.singleShot(0, window, lambda: window.show_startup_message(
                    tr("Window ready in {seconds:.2f} s; loading the model…").format(seconds=seconds)))  # fmt: skip
            return False

    first_paint = FirstPaint(window)
    window.installEventFilter(first_paint)
    window.show()
    code = app.exec()
    wait_for_lingering()  # the window is gone; a run still saving its last checkpoint finishes
    return code


if __name__ == "__main__":
    sys.exit(main())
