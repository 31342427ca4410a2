#!/usr/bin/env python3
"""Write a PNG of every main view to docs/screenshots/ (run under xvfb-run, or offscreen).

    xvfb-run -a python bench/screenshots.py [--train-seconds 40]

Drives the real window: translates with beam search, steps to the middle of the decoding,
asks a what-if, trains the 'tiny' preset on builtin:en-fr for a short while, and grabs each tab.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"


def wait_until(app, predicate, timeout: float = 60.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        app.processEvents()
        if predicate():
            return True
        time.sleep(0.02)
    return False


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--train-seconds", type=float, default=45)
    parser.add_argument("--sentence", default="Friday, February 15, 2019")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb" if os.environ.get("DISPLAY") else "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    app = QApplication(sys.argv[:1])
    app.setOrganizationName("Seq2SeqStudioScreenshots")
    from app.main_window import MainWindow

    OUT.mkdir(parents=True, exist_ok=True)
    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    panel = window.translate_panel
    assert wait_until(app, lambda: panel.translation is not None), "the default model did not translate"
    panel.controls.method.setCurrentIndex(1)  # beam search
    panel.set_text_and_translate(args.sentence)
    assert wait_until(app, lambda: panel.translation is not None and panel.translation.method == "beam")
    wait_until(app, lambda: False, 0.5)
    window.tabs.setCurrentIndex(0)
    shots = {"translate": window.grab()}

    steps = window.steps_panel
    window.tabs.setCurrentIndex(1)
    steps.slider.setValue(min(3, steps.slider.maximum()))
    steps.try_candidate(1)
    wait_until(app, lambda: steps.whatif is not None, 20)
    wait_until(app, lambda: False, 0.5)
    shots["decoding-steps"] = window.grab()

    train = window.train_panel
    window.tabs.setCurrentIndex(2)
    train.form.apply_preset("tiny")
    train.form.budget.setValue(args.train_seconds / 60)
    train.form.eval_every.setValue(100)
    train.data.load("builtin:en-fr")
    assert wait_until(app, lambda: train.data.preview is not None, 120), "corpus did not load"
    train.data._train_vocab()
    wait_until(app, lambda: train.data.tokenizers is not None, 60)
    train.setup_tabs.setCurrentIndex(0)
    wait_until(app, lambda: False, 0.3)
    shots["train-data"] = window.grab()
    train.start()
    wait_until(app, lambda: not window.training.is_running() and train.best_path is not None, args.train_seconds + 90)
    wait_until(app, lambda: False, 1.0)
    train.setup_tabs.setCurrentIndex(1)
    shots["train-live"] = window.grab()

    window.tabs.setCurrentIndex(3)
    wait_until(app, lambda: False, 0.5)
    shots["model"] = window.grab()
    for name, pixmap in shots.items():
        path = OUT / f"{name}.png"
        pixmap.save(str(path))
        print(f"wrote {path}")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
