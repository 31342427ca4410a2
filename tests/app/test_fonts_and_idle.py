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


def test_a_hidden_figure_is_drawn_when_shown_not_before(qtbot):
    from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

    from app.views.candidates_view import CandidatesCanvas
    from models.translator import Candidate, DecodingStep

    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(QWidget(), "open")
    canvas = CandidatesCanvas()
    tabs.addTab(canvas, "hidden")
    tabs.show()
    draws = []
    canvas.draw = lambda: draws.append(1)  # what draw_idle's timer calls
    step = DecodingStep(0, "un", 5, 0.9, [Candidate("un", 5, 0.9), Candidate("une", 6, 0.1)], None, False)
    canvas.set_step(step)  # a sentence translated in another tab
    QApplication.processEvents()  # an idle draw (a zero-time timer) would run here, were one queued
    QApplication.processEvents()
    assert draws == [] and canvas.candidates
    tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: draws == [1], timeout=2_000)
