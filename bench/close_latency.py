#!/usr/bin/env python3
"""How long closing the window takes in each state (the bar: within 1 s in every state).

    python bench/close_latency.py

Each state gets a fresh window on the bundled model: idle; while a built-in corpus is generated;
while training prepares (sentencepiece); while training runs; during a beam-16 translation of the
longest input allowed. Printed: the time close() took, and how long the work still under way
went on after the window had gone (it finishes, so nothing is lost).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.gui_common import wait_until  # noqa: E402


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scratch = Path(tempfile.mkdtemp(prefix="s2s-close-"))
    os.environ["SEQ2SEQ_STUDIO_CACHE"] = str(scratch / "cache")  # built-in corpora generated afresh
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QMessageBox

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(scratch / "settings"))
    app = QApplication(sys.argv[:1])
    QMessageBox.question = lambda *a, **k: QMessageBox.StandardButton.Yes  # "stop training and quit?"
    import app.panels.train_panel as train_panel
    from app.main_window import MainWindow
    from app.workers import wait_for_lingering

    train_panel.default_runs_folder = lambda: scratch / "runs"

    def fresh() -> MainWindow:
        window = MainWindow()
        window.show()
        assert wait_until(app, lambda: window.translate_panel.translation is not None, 120)
        return window

    def corpus(window):
        window.train_panel.data.load("builtin:en-de")
        wait_until(app, lambda: "generating" in window.train_panel.data.status.text(), 30)

    def preparing(window):
        train = window.train_panel
        window.tabs.setCurrentWidget(train)
        wait_until(app, lambda: train.data.preview is not None, 180)
        train.form.apply_preset("tiny")
        train.start()
        wait_until(app, lambda: "sentencepiece" in train.status.text(), 30)

    def training(window):
        preparing(window)
        wait_until(app, lambda: window.train_panel.progress.value() > 0, 60)

    def translating(window):
        controls = window.translate_panel.controls
        controls.method.setCurrentIndex(1)
        controls.beam_size.setValue(16)
        controls.nbest.setValue(16)
        window.translation.translate("Friday, February 15, 2019 " * 14, controls.config())
        time.sleep(0.05)

    states = [("idle", lambda w: None), ("generating a built-in corpus", corpus),
              ("training: preparing (sentencepiece)", preparing), ("training: running", training),
              ("translating (beam 16, 364 characters)", translating)]  # fmt: skip
    worst = 0.0
    for name, reach in states:
        window = fresh()
        reach(window)
        start = time.perf_counter()
        window.close()
        closed = time.perf_counter() - start
        wait_for_lingering()
        after = time.perf_counter() - start - closed
        worst = max(worst, closed)
        print(f"{name:<40} close {closed * 1000:6.0f} ms; work finished {after * 1000:6.0f} ms after", flush=True)
    print(f"longest close: {worst * 1000:.0f} ms (bar: 1000 ms)")
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
