import numpy as np
import pytest
from PySide6.QtCore import QTimer

from app import fonts
from app.views.attention_view import AttentionCanvas

ZH_TARGET = ["▁1955", "年", "3", "月", "</s>"]


def test_cjk_detection():
    assert fonts.needs_cjk("2019年5月5日") and not fonts.needs_cjk("vendredi 15 février")


def test_missing_cjk_font_is_said_not_drawn_as_boxes(qtbot, monkeypatch):
    monkeypatch.setattr(fonts, "_configured", True)
    monkeypatch.setattr(fonts, "_cjk_family", None)
    canvas = AttentionCanvas()
    qtbot.addWidget(canvas)
    canvas.set_attention(np.full((5, 2), 0.5), ["▁May", "▁5"], ZH_TARGET)
    assert "No Chinese/Japanese font" in canvas.title_text()
    canvas.set_attention(np.full((2, 2), 0.5), ["▁May", "▁5"], ["▁mai", "</s>"])
    assert "font" not in canvas.title_text()


def test_installed_cjk_font_is_used_by_matplotlib(qtbot):
    family = fonts.configure_matplotlib()
    if family is None:
        pytest.skip("no CJK font installed (CI installs fonts-wqy-microhei); the test above covers the message")
    import matplotlib

    assert family in matplotlib.rcParams["font.family"]
    canvas = AttentionCanvas()
    qtbot.addWidget(canvas)
    canvas.set_attention(np.full((5, 2), 0.5), ["▁May", "▁5"], ZH_TARGET)
    assert "font" not in canvas.title_text()


def test_idle_window_runs_no_timers(window, qtbot):
    qtbot.waitUntil(lambda: not window.translate_panel.debounce.isActive(), timeout=5_000)
    qtbot.waitUntil(lambda: not any(t.isActive() for t in window.findChildren(QTimer)), timeout=5_000)
