"""Start the desktop app: `seq2seq-studio`, `seq2seq-studio gui` or `python -m app`."""

from __future__ import annotations

import sys
import time

from app.i18n import tr


def main(model: str | None = None, argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Seq2Seq Studio")
    app.setOrganizationName("Seq2SeqStudio")
    from app import i18n

    i18n.install()  # before any window: strings are translated as widgets are built
    from app.main_window import MainWindow
    from app.workers import wait_for_lingering

    window = MainWindow(model=model)
    window.show()
    QTimer.singleShot(0, lambda: window.statusBar().showMessage(
        tr("Window ready in {seconds:.2f} s; loading the model…").format(seconds=time.perf_counter() - started), 3000))  # fmt: skip
    code = app.exec()
    wait_for_lingering()  # the window is gone; a run still saving its last checkpoint finishes
    return code


if __name__ == "__main__":
    sys.exit(main())
