"""The app closed at any moment of its start (before, during and after the model's loading in its
worker) exits cleanly: no "QThread: Destroyed while thread is still running" abort, no traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLOSE_AT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import app.main

run = QApplication.exec


def run_and_close():
    for widget in QApplication.topLevelWidgets():
        QTimer.singleShot({delay}, widget.close)
    return run()


QApplication.exec = staticmethod(run_and_close)
sys.exit(app.main.main(model="default"))
"""


@pytest.mark.parametrize("delay_ms", [0, 400, 1200])
def test_closing_while_the_model_loads_exits_cleanly(delay_ms, tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path), "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", CLOSE_AT.format(delay=delay_ms)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Destroyed while thread" not in result.stderr and "Traceback" not in result.stderr, result.stderr[-2000:]
