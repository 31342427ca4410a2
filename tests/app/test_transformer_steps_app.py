"""Inside the model → Transformer, step by step (#26 item 4): the bundled Transformer's encoder
self-, decoder masked self- and cross-attention, head by head; every number the tab shows is the
analysis's (which tests/models/test_transformer_steps.py checks against the modules), masked
cells are hatched and −∞, and a recurrent model says it has none of this."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.panels.transformer_steps_panel import PURPOSE
from app.views.heatmap_canvas import display_piece
from app.views.transformer_steps_views import COMPONENTS, PATH_COMPONENTS, number
from tests.app.conftest import open_window

ROOT = Path(__file__).resolve().parents[2]
TRANSFORMER = ROOT / "resources" / "default-transformer-en-fr.s2s"
SENTENCE = "Friday, February 15, 2019"


@pytest.fixture
def transformer_window(qtbot, dialogs):
    yield from open_window(qtbot, TRANSFORMER, timeout_ms=30_000)


def _computed(window, qtbot, action):
    with qtbot.waitSignal(window.translation.translated, timeout=20_000,
                          check_params_cb=lambda reply: reply.purpose == PURPOSE) as blocker:  # fmt: skip
        action()
    return blocker.args[0].result


def _column(table, column):
    return [table.item(r, column).text() for r in range(table.rowCount())]


def _open(window, qtbot):
    panel = window.inside_panel.transformer_steps
    with qtbot.waitSignal(window.translate_panel.translation_shown, timeout=20_000):
        window.translate_panel.set_text_and_translate(SENTENCE)
    steps = _computed(window, qtbot, lambda: window.show_panel(panel))
    return panel, steps


def test_every_shown_number_is_the_analysis(transformer_window, qtbot):
    window = transformer_window
    panel, steps = _open(window, qtbot)
    assert panel.sentence.text() == SENTENCE and steps.available and steps.site == "cross"
    assert panel.layer.count() == steps.layers and panel.head.count() == steps.heads
    assert panel.position.count() == len(steps.query_pieces)
    panel.head.setCurrentIndex(2)
    panel.position.setCurrentIndex(1)
    view = panel.scores_view
    # The maps: the head's scores and weights.
    finite = np.isfinite(steps.scores[2])
    assert np.allclose(view.scores.weights[finite], steps.scores[2][finite])
    assert np.allclose(view.weights.weights, steps.weights[2])
    assert view.scores.source == steps.key_pieces and view.scores.target == steps.query_pieces
    assert view.scores.selected_row == 1
    # The chosen position's row: score, weight, value components; then the weighted sum.
    table, rows = view.table, len(steps.key_pieces)
    assert table.rowCount() == rows + 1
    assert _column(table, 1)[:rows] == [display_piece(p) for p in steps.key_pieces]
    assert _column(table, 2)[:rows] == [number(float(v)) for v in steps.scores[2, 1]]
    assert _column(table, 3)[:rows] == [number(float(v)) for v in steps.weights[2, 1]]
    for c in range(COMPONENTS):
        assert _column(table, 4 + c) == [number(float(v)) for v in steps.values[2, :, c]] + [
            number(float(steps.contexts[2, 1, c]))]  # fmt: skip
    # Q, K, V of the head.
    for canvas, matrix in zip(panel.qkv_view.canvases, (steps.queries[2], steps.keys[2], steps.values[2])):
        assert np.allclose(canvas.weights, matrix)
    # The residual path of position 1: every stage's components.
    path = panel.residual_view.table
    assert path.rowCount() == len(steps.residual.stages)
    for r in range(path.rowCount()):
        shown = [path.item(r, 2 + c).text() for c in range(PATH_COMPONENTS)]
        assert shown == [number(float(v)) for v in steps.residual.values[r, 1, :PATH_COMPONENTS]]
    # The positions: the sum of the shown parts.
    enc = steps.positional
    text = panel.positions_view.numbers.text()
    for c in range(COMPONENTS):
        parts = (enc.embeddings[1, c], enc.positions[1, c], enc.embedded[1, c])
        assert "{} + {} = {}".format(*(number(float(v), 3) for v in parts)) in text


def test_the_causal_mask_is_hatched_and_minus_infinity(transformer_window, qtbot):
    window = transformer_window
    panel, _ = _open(window, qtbot)
    steps = _computed(window, qtbot, lambda: panel.site.setCurrentIndex(1))  # decoder masked self-attention
    assert steps.site == "decoder" and "masked" in panel.formula.text()
    upper = ~np.tril(np.ones((len(steps.query_pieces),) * 2, dtype=bool))
    assert upper.any() and (panel.scores_view.scores.masked == upper).all()
    assert (panel.scores_view.weights.masked == upper).all()
    panel.position.setCurrentIndex(0)  # the first step sees only <s>
    scores = _column(panel.scores_view.table, 2)[:-1]
    assert scores[1:] == ["−∞"] * (len(scores) - 1) and scores[0] != "−∞"
    # Another layer is computed on request.
    steps = _computed(window, qtbot, lambda: panel.layer.setCurrentIndex(0))
    assert steps.layer == 0 and steps.site == "decoder"


def test_padding_in_the_batch_is_masked_in_the_encoder(transformer_window, qtbot):
    window = transformer_window
    panel, _ = _open(window, qtbot)
    panel.site.blockSignals(True)
    panel.site.setCurrentIndex(0)
    panel.site.blockSignals(False)
    panel.batch_with.setText("The meeting is on Friday, February 15, 2019 at the big station near the river.")
    steps = _computed(window, qtbot, panel.request)
    real = len(steps.query_pieces)
    assert steps.site == "encoder" and len(steps.key_pieces) > real
    assert panel.scores_view.scores.masked[:, real:].all() and not panel.scores_view.scores.masked[:, :real].any()
    assert "<pad>" in _column(panel.scores_view.table, 1)


def test_a_recurrent_model_says_it_has_none(window, qtbot):
    panel = window.inside_panel.transformer_steps
    with qtbot.waitSignal(window.translate_panel.translation_shown, timeout=10_000):
        window.translate_panel.set_text_and_translate("the red car")
    steps = _computed(window, qtbot, lambda: window.show_panel(panel))
    assert not steps.available and panel.layer.count() == 0
    assert "recurrent" in panel.scores_view.scores.message


def test_a_masked_cell_is_drawn_apart_from_a_learned_zero(qtbot):
    from PySide6.QtCore import QPointF

    from app.views.heatmap_canvas import AttentionCanvas

    canvas = AttentionCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(420, 320)
    canvas.show()
    weights = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)  # (1, 0): a learned zero
    canvas.set_attention(weights, ["▁a", "▁b"], ["▁x", "▁y"])
    canvas.set_masked(np.array([[False, True], [False, False]]))  # (0, 1): masked
    image = canvas.grab().toImage()
    heat = canvas.layout_at(canvas.width(), canvas.height()).heat

    def colour(row, col):  # a point inside the cell, clear of its −∞ label
        x = heat.left() + (col + 0.15) * heat.width() / 2
        y = heat.top() + (row + 0.2) * heat.height() / 2
        return image.pixelColor(round(x), round(y))

    masked, zero = colour(0, 1), colour(1, 0)
    # Grey hatching (its fill or its lines), against viridis's dark purple for a weight of 0.
    assert masked.red() == masked.green() == masked.blue() and masked.lightness() > 140
    assert zero.lightness() < 80 and zero.blue() > zero.green()
    hovered = []
    canvas.hovered.connect(hovered.append)
    cell = QPointF(heat.left() + 1.5 * heat.width() / 2, heat.top() + 0.5 * heat.height() / 2)
    assert canvas.cell_at(cell) == (0, 1)
    from PySide6.QtTest import QTest

    QTest.mouseMove(canvas, cell.toPoint())
    assert hovered and "−∞" in hovered[-1] and "exactly 0" in hovered[-1]
