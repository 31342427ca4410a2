"""Inside attention: a step's scores, softmax and weighted sum, and the padding of a batch."""

import html

import numpy as np

from app import file_dialogs
from app.panels.attention_math_panel import PURPOSE
from app.views.heatmap_canvas import display_piece


def _computed(window, qtbot, action):
    with qtbot.waitSignal(window.translation.translated, timeout=10_000,
                          check_params_cb=lambda reply: reply.purpose == PURPOSE) as blocker:  # fmt: skip
        action()
    return blocker.args[0]


def _column(table, column, rows):
    return [table.item(r, column).text() for r in range(rows)]


def test_follows_the_translation_and_shows_each_step(window, qtbot):
    panel = window.attention_math_panel
    with qtbot.waitSignal(window.translate_panel.translation_shown, timeout=10_000):
        window.translate_panel.set_text_and_translate("the red car")
    reply = _computed(window, qtbot, lambda: window.show_panel(panel))
    math = reply.result.maps[0][0]  # a recurrent model: one layer, one attention
    assert panel.sentence.text() == "the red car" and math.source_pieces == reply.translation.source_pieces
    assert "additive (Bahdanau)" in panel.formula.text() and "tanh" in panel.formula.text()
    assert not panel.head_choice.isVisibleTo(panel)
    assert panel.slider.maximum() == len(reply.translation.best.pieces) - 1
    rows = len(math.source_pieces)
    assert panel.table.rowCount() == rows + 1 and panel.table.item(rows, 1).text() == "c = Σ αⱼ hⱼ"
    panel.slider.setValue(1)
    assert (
        "2 of" in panel.step_label.text() and display_piece(reply.translation.best.pieces[1]) in panel.step_label.text()
    )
    weights = [float(t) for t in _column(panel.table, 3, rows)]
    assert abs(sum(weights) - 1) < 1e-3 and np.allclose(weights, math.weights[1], atol=1e-4)
    assert np.array_equal(panel.bars.bars.weights, math.weights[1])  # the bars show step 2
    with qtbot.waitSignal(panel.bars.painted, timeout=5_000):
        panel.bars.repaint()


def test_a_longer_sentence_in_the_batch_pads_and_masks(window, qtbot, tmp_path, monkeypatch):
    panel = window.attention_math_panel
    window.show_panel(panel)
    panel.sentence.setText("the red car")
    panel.batch_with.setText("the small car good evening")
    math = _computed(window, qtbot, panel.request).result.maps[0][0]
    real = len(math.source_pieces)
    assert math.padded_length > real and "padding" in panel.formula.text()
    scores, weights = _column(panel.table, 2, math.padded_length), _column(panel.table, 3, math.padded_length)
    assert all(s == "−∞" for s in scores[real:]) and all(float(w) == 0 for w in weights[real:])
    assert _column(panel.table, 1, math.padded_length)[real:] == ["<pad>"] * (math.padded_length - real)
    path = tmp_path / "step.csv"
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: str(path))
    panel._export()
    assert path.read_text(encoding="utf-8").splitlines()[0].startswith("position,piece,score,weight")


def test_teacher_forcing_against_free_running(window, qtbot, tmp_path, monkeypatch):
    from app.panels.exposure_panel import PURPOSE as EXPOSURE

    panel = window.exposure_panel
    with qtbot.waitSignal(window.translate_panel.translation_shown, timeout=10_000):
        window.translate_panel.set_text_and_translate("the red car")
    window.show_panel(panel)
    assert panel.sentence.text() == "the red car"
    assert "reference" in panel.summary.text()  # nothing to compare without one: it asks
    panel.reference.setText("la maison rouge")
    with qtbot.waitSignal(window.translation.translated, timeout=10_000,
                          check_params_cb=lambda reply: reply.purpose == EXPOSURE) as blocker:  # fmt: skip
        panel.request()
    c = blocker.args[0].result
    assert c.first_difference == 1 and "part at step 2" in panel.summary.text()
    assert panel.table.rowCount() == len(c.steps)
    assert panel.table.item(1, 1).text() == display_piece(c.reference_pieces[1])  # ·maison
    assert panel.table.item(1, 4).text() == display_piece(c.own_pieces[1])  # ·voiture
    assert panel.forced_view.canvas.target == c.reference_pieces and panel.own_view.canvas.target == c.own_pieces
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: str(tmp_path / "steps.csv"))
    panel._export_table()
    lines = (tmp_path / "steps.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + len(c.steps) and lines[0].startswith("step,reference piece")


def test_hidden_state_trajectories_and_hover(window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import QPoint

    from app.panels.hidden_states_panel import PURPOSE as HIDDEN

    panel = window.hidden_states_panel
    with qtbot.waitSignal(window.translate_panel.translation_shown, timeout=10_000):
        window.translate_panel.set_text_and_translate("the red car")
    with qtbot.waitSignal(window.translation.translated, timeout=10_000,
                          check_params_cb=lambda reply: reply.purpose == HIDDEN) as blocker:  # fmt: skip
        window.show_panel(panel)
    encoder, decoder = blocker.args[0].result.trajectories  # the toy model has one layer
    assert panel.encoder_view.trajectory is encoder and panel.decoder_view.trajectory is decoder
    assert panel.encoder_view.title == "Encoder, layer 1 of 1 (both directions, 128 values)"
    assert not panel.layer.isEnabled() and panel.layer.currentData() == 1
    assert encoder.pieces == blocker.args[0].translation.source_pieces
    points = panel.decoder_view.point_positions()
    assert len(points) == len(decoder.pieces)
    assert all(panel.decoder_view.rect().contains(p.toPoint()) for p in points)
    with qtbot.waitSignal(panel.decoder_view.hovered, check_params_cb=lambda text: text != "") as hovered:
        qtbot.mouseMove(panel.decoder_view, QPoint(int(points[1].x()), int(points[1].y())))
    assert hovered.args[0].startswith(f"2: '{display_piece(decoder.pieces[1])}'")
    assert panel.info.text() == hovered.args[0]
    chosen = iter([str(tmp_path / "states.csv"), str(tmp_path / "paths.svg"), str(tmp_path / "paths.png")])
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: next(chosen))
    panel._export_states()
    lines = (tmp_path / "states.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + len(encoder.pieces) + len(decoder.pieces) and lines[0].startswith("states,position")
    from app.views.export import export_image

    export_image(panel, panel.views, "t", "x.svg")
    export_image(panel, panel.views, "t", "x.png")
    svg = (tmp_path / "paths.svg").read_text(encoding="utf-8")
    assert "<svg" in svg and html.escape(display_piece(decoder.pieces[1]), quote=False) in svg  # text as text
    assert (tmp_path / "paths.png").read_bytes()[:4] == b"\x89PNG"


def test_embeddings_cloud_highlights_the_sentence_and_finds_neighbours(window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import QPoint, Qt

    from app.panels.embeddings_panel import PURPOSE as EMBEDDINGS

    panel = window.embeddings_panel
    with qtbot.waitSignal(window.translate_panel.translation_shown, timeout=10_000):
        window.translate_panel.set_text_and_translate("the red car")
    with qtbot.waitSignal(window.translation.translated, timeout=10_000,
                          check_params_cb=lambda reply: reply.purpose == EMBEDDINGS):  # fmt: skip
        window.show_panel(panel)
    m = panel.map
    assert m.side == "source" and [m.pieces[i] for i in panel.view.highlighted] == ["▁the", "▁red", "▁car"]
    panel.search.setText("red")
    panel._search()
    assert panel.view.chosen == m.index_of("red") and panel.neighbours.count() == 10
    first = m.nearest(m.index_of("red"), 1)[0][0]
    assert panel.neighbours.item(0).text().startswith(display_piece(m.pieces[first]))
    panel.view.repaint()
    before = panel.view.screen_positions().copy()
    qtbot.mousePress(panel.view, Qt.MouseButton.LeftButton, pos=QPoint(100, 100))
    qtbot.mouseMove(panel.view, QPoint(160, 120))  # a drag turns the cloud
    qtbot.mouseRelease(panel.view, Qt.MouseButton.LeftButton, pos=QPoint(160, 120))
    assert not np.allclose(before, panel.view.screen_positions())
    with qtbot.waitSignal(window.translation.translated, timeout=10_000,
                          check_params_cb=lambda reply: reply.purpose == EMBEDDINGS):  # fmt: skip
        panel.side.setCurrentIndex(panel.side.findData("target"))
    assert panel.map.side == "target" and panel.view.highlighted
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: str(tmp_path / "points.csv"))
    panel._export_points()
    lines = (tmp_path / "points.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "id,piece,pc1,pc2,pc3" and len(lines) == 1 + len(panel.map.pieces)


def test_a_deep_model_shows_each_layer_of_its_states(window, qtbot, tmp_path):
    from app.panels.hidden_states_panel import PURPOSE as HIDDEN
    from tests.conftest import train_toy

    deep = train_toy(tmp_path, steps=30, layers=2)
    with qtbot.waitSignal(window.translation.model_loaded, timeout=20_000):
        window.open_model(deep.last_path)
    qtbot.waitUntil(lambda: window.translate_panel.translation is not None, timeout=10_000)
    panel = window.hidden_states_panel
    with qtbot.waitSignal(window.translation.translated, timeout=10_000,
                          check_params_cb=lambda reply: reply.purpose == HIDDEN):  # fmt: skip
        window.show_panel(panel)
    assert panel.layer.isEnabled() and [panel.layer.itemData(i) for i in range(panel.layer.count())] == [2, 1]
    top = panel.decoder_view.trajectory
    assert (top.layer, panel.decoder_view.title) == (2, "Decoder, layer 2 of 2 (64 values) · Greedy")
    panel.layer.setCurrentIndex(1)
    assert panel.decoder_view.trajectory.layer == 1 and panel.encoder_view.trajectory.layer == 1
    assert panel.encoder_view.title.startswith("Encoder, layer 1 of 2")


def test_a_transformer_inside_every_layer_and_head(window, qtbot, transformer_model_path):
    from app.panels.hidden_states_panel import PURPOSE as HIDDEN

    with qtbot.waitSignal(window.translation.model_loaded, timeout=20_000):
        window.open_model(str(transformer_model_path))
    qtbot.waitUntil(lambda: window.translate_panel.translation is not None
                    and window.translate_panel.translation.best.heads is not None, timeout=10_000)  # fmt: skip
    panel = window.attention_math_panel
    grid = _computed(window, qtbot, lambda: window.show_panel(panel)).result.maps
    assert panel.head_choice.isVisibleTo(panel) and (panel.layer.count(), panel.head.count()) == (2, 2)
    assert panel.math is grid[1][0]  # the top layer's first head by default
    assert "scaled dot-product" in panel.formula.text() and "layer 2, head 1" in panel.formula.text()
    assert "√d" in panel.formula.text() and "W_O" in panel.formula.text()
    panel.layer.setCurrentIndex(0)
    panel.head.setCurrentIndex(1)
    math = grid[0][1]
    assert panel.math is math and "layer 1, head 2" in panel.formula.text()
    rows = len(math.source_pieces)
    weights = [float(t) for t in _column(panel.table, 3, rows)]
    assert np.allclose(weights, math.weights[panel.slider.value()], atol=1e-4)
    assert panel.table.item(rows, 1).text() == "c = Σ αⱼ vⱼ" and panel.table.horizontalHeaderItem(4).text() == "v[0]"
    with qtbot.waitSignal(window.translation.translated, timeout=10_000,
                          check_params_cb=lambda reply: reply.purpose == PURPOSE):  # fmt: skip
        panel.request()
    assert panel.math.layer == 0 and panel.math.head == 1  # the choice is kept

    hidden = window.hidden_states_panel
    with qtbot.waitSignal(window.translation.translated, timeout=10_000,
                          check_params_cb=lambda reply: reply.purpose == HIDDEN):  # fmt: skip
        window.show_panel(hidden)
    assert [hidden.layer.itemData(i) for i in range(hidden.layer.count())] == [2, 1]
    assert hidden.encoder_view.title == "Encoder, layer 2 of 2 (32 values)"


def test_a_point_cloud_is_handed_to_qt_whole():
    from app.views.embedding_view import polygon

    xy = np.random.default_rng(0).normal(size=(500, 2)) * 100
    points = polygon(xy)
    assert points.size() == 500 and (points[7].x(), points[7].y()) == (xy[7, 0], xy[7, 1])
    assert polygon(np.zeros((0, 2))).size() == 0
