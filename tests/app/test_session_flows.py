"""The app as a person uses it for a while: train twice, switch corpus, model and sentence, and
check that every label follows, that clicks land where they point, and that Qt says nothing."""

import numpy as np
from matplotlib.backend_bases import MouseEvent
from PySide6.QtCore import QPoint, QRectF, Qt

from app.views.heatmap_canvas import display_piece
from tests.app.test_train import _prepare


def _click_figure(canvas, x_px: float, y_px: float) -> None:
    """A left click at display coordinates of a matplotlib canvas (origin bottom left)."""
    canvas.draw()
    MouseEvent("button_press_event", canvas, x_px, y_px, button=1)._process()


def test_train_stop_train_again_and_translate_with_both(window, qtbot, toy_tsv):
    train = _prepare(window, qtbot, toy_tsv, budget=10, kind="minutes", eval_every=10)
    with qtbot.waitSignal(window.training.snapshot, timeout=60_000):
        train.start()
    with qtbot.waitSignal(window.training.stopped, timeout=10_000):
        train.stop()
    first_run, first_model = train.run_dir, train.best_path
    assert first_model and train.eta.text() == "" and train.progress.format().startswith("stopped")
    assert train.start_button.isEnabled()

    train.form._select(train.form.budget_kind, "epochs")
    train.form.budget.setValue(2)
    with qtbot.waitSignal(window.training.finished, timeout=60_000) as finished:
        train.start()
    assert not finished.args[0].cancelled
    qtbot.waitUntil(lambda: not window.training.is_running(), timeout=10_000)
    assert train.run_dir != first_run and train.best_path and train.best_path != first_model
    assert len(train.curves.data["train_loss"][0]) > 0  # the second run's curves

    for path in (first_model, train.best_path):
        with qtbot.waitSignal(window.translation.model_loaded, timeout=10_000):
            window.open_model(path)
        with qtbot.waitSignal(window.translation.translated, timeout=10_000) as reply:
            window.translate_panel.set_text_and_translate("the red car")
        assert reply.args[0].model == window.translation.model.name  # replies say which model made them
        shown = reply
        assert window.translation.model.path == path  # each model opens and translates
        assert shown.args[0].translation.source == "the red car"
        assert window.translate_panel.translation is shown.args[0].translation


def test_snapshot_header_says_when_its_run_has_ended(window, qtbot, toy_tsv):
    train = _prepare(window, qtbot, toy_tsv, budget=10, kind="minutes", eval_every=10)
    with qtbot.waitSignal(window.training.snapshot, timeout=60_000):
        train.start()
    with qtbot.waitSignal(window.translation.model_loaded, timeout=10_000):
        train.use_snapshot.click()
    assert "in training" in window.model_label.text()
    with qtbot.waitSignal(window.training.stopped, timeout=10_000):
        train.stop()
    assert "in training" not in window.model_label.text() and "run has ended" in window.model_label.text()


def test_train_tab_shows_the_selected_corpus_and_drops_stale_statistics(window, qtbot, toy_tsv):
    data = window.train_panel.data
    assert data.preview is None  # nothing is read at start-up
    window.tabs.setCurrentWidget(window.train_panel)  # opening the tab reads the selected corpus
    qtbot.waitUntil(lambda: data.preview is not None, timeout=120_000)
    assert data.preview.spec == data.choice.currentData() == "builtin:en-fr"
    assert "ready to train" in data.status.text() and data.table.rowCount() > 0
    data.load(str(toy_tsv))
    assert data.stats.text() == "" and data.table.rowCount() == 0  # the previous corpus is gone at once
    qtbot.waitUntil(lambda: data.preview is not None, timeout=20_000)
    assert "20 pairs" in data.stats.text()


def test_chinese_lengths_are_counted_in_characters(window, qtbot, tmp_path):
    pairs = tmp_path / "zh.tsv"
    pairs.write_text("".join(f"the {n} red cars\t{n}辆红色的汽车\n" for n in range(12)), encoding="utf-8")
    data = window.train_panel.data
    window.tabs.setCurrentWidget(window.train_panel)
    data.load(str(pairs))
    qtbot.waitUntil(lambda: data.preview is not None and data.preview.spec == str(pairs), timeout=120_000)
    stats = data.preview.stats
    assert (stats.src_length_unit, stats.tgt_length_unit) == ("words", "characters")
    assert "target 7.0 characters" in data.stats.text() or "characters" in data.stats.text()
    assert "target in characters" in data.histogram.axes.get_xlabel()


def test_heatmap_line_and_what_if_follow_the_sentence_and_the_model(window, qtbot, toy_model_path):
    panel, steps = window.translate_panel, window.steps_panel
    with qtbot.waitSignal(panel.translation_shown, timeout=10_000):
        panel.set_text_and_translate("the red car")
    view = panel.attention
    view._on_row(0)
    assert "attended most" in view.info.text()
    with qtbot.waitSignal(panel.translation_shown, timeout=10_000):
        panel.set_text_and_translate("a big dog")
    assert "attended most" not in view.info.text()  # the line of the previous sentence is gone

    with qtbot.waitSignal(window.translation.translated, timeout=10_000,
                          check_params_cb=lambda reply: reply.purpose == "whatif"):  # fmt: skip
        steps.try_candidate(1)
    assert "What if:" in steps.whatif_label.text()
    with qtbot.waitSignal(window.translation.model_loaded, timeout=10_000):
        window.open_model(str(toy_model_path))  # another model (the same file, loaded again)
    assert "What if:" not in steps.whatif_label.text()
    assert steps.whatif_attention.canvas.weights is None


def test_clicking_a_row_label_selects_the_row_and_hovering_reads_a_cell(window, qtbot):
    panel = window.translate_panel
    window.tabs.setCurrentWidget(panel)  # on screen, as a user hovers it (the Learn tab opens first)
    with qtbot.waitSignal(panel.translation_shown, timeout=10_000):
        panel.set_text_and_translate("the red car")
    canvas = panel.attention.canvas
    rows = []
    canvas.row_clicked.connect(rows.append)
    layout = canvas.layout_at(canvas.width(), canvas.height())
    row_y = layout.row_y(2, len(canvas.target))
    label = QPoint(int(layout.heat.left()) - 10, int(row_y))  # the label of row 2, left of the heatmap
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=label)
    assert rows == [2] and canvas.selected_row == 2
    assert "attended most" in panel.attention.info.text()
    with qtbot.waitSignal(canvas.hovered, check_params_cb=lambda text: text != "") as hovered:
        qtbot.mouseMove(canvas, QPoint(int(layout.column_x(1, len(canvas.source))), int(row_y)))
    target, source = display_piece(canvas.target[2]), display_piece(canvas.source[1])  # "·car", as on the axes
    assert hovered.args[0].startswith(f"target '{target}' → source '{source}': weight ")
    assert f"{canvas.weights[2, 1]:.3f}" in hovered.args[0]


def test_candidate_chart_has_no_empty_slots_and_its_words_are_clickable(window, qtbot):
    panel, steps = window.translate_panel, window.steps_panel
    with qtbot.waitSignal(panel.translation_shown, timeout=10_000):
        panel.set_text_and_translate("the red car")
    chart = steps.candidates
    step = steps.translation.steps[0]
    trimmed = type(step)(**{**step.__dict__, "candidates": step.candidates[:3]})
    chart.set_step(trimmed)
    assert chart.axes.get_ylim() == (2.5, -0.5) and len(chart.axes.get_yticks()) == 3
    assert [b.get_visible() for b in chart.bars] == [True] * 3 + [False] * (chart.slots - 3)
    clicked = []
    chart.candidate_clicked.connect(clicked.append)
    _, y = chart.axes.transData.transform((0, 1))
    _click_figure(chart, chart.axes.bbox.x0 - 8, y)  # on the word, not the bar
    assert clicked == [1]


def test_clicking_the_slider_track_jumps_to_that_step(window, qtbot):
    panel, steps = window.translate_panel, window.steps_panel
    with qtbot.waitSignal(panel.translation_shown, timeout=10_000):
        panel.set_text_and_translate("the small car")
    window.tabs.setCurrentWidget(steps)
    slider = steps.slider
    slider.resize(400, slider.height())
    assert slider.maximum() == 3
    x = next(x for x in range(slider.width()) if slider.value_at(x, 5) == 2)
    qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=QPoint(x, slider.height() // 2))
    assert slider.value() == 2 and "step 3 / 4" in steps.step_label.text()


def test_beam_tree_opens_with_its_root_and_legend_in_view(window, qtbot):
    panel, steps = window.translate_panel, window.steps_panel
    panel.controls.method.setCurrentIndex(1)
    panel.controls.beam_size.setValue(8)
    with qtbot.waitSignal(panel.translation_shown, timeout=10_000):
        panel.set_text_and_translate("the green house")
    window.resize(900, 600)
    window.tabs.setCurrentWidget(steps)
    tree = steps.tree
    root = next(item for item, node in tree._nodes_by_item.items() if node.status == "root")

    def in_view() -> bool:
        visible = tree.mapToScene(tree.viewport().rect()).boundingRect()
        # the root, and the legend above it at the top of the scene
        return visible.contains(root.sceneBoundingRect().topLeft()) and visible.top() <= tree.sceneRect().top() + 1

    qtbot.waitUntil(in_view, timeout=5_000)


def test_file_dialogs_start_in_documents_then_in_the_last_folder(tmp_path, monkeypatch, qtbot):
    from app import file_dialogs

    starts = []
    chosen = tmp_path / "exports" / "attention.png"
    chosen.parent.mkdir()

    def fake_save(parent, title, start, file_filter):
        starts.append(start)
        return str(chosen), file_filter

    monkeypatch.setattr(file_dialogs.QFileDialog, "getSaveFileName", fake_save)
    assert file_dialogs.save_file(None, "export", "Export", "attention.png", "PNG (*.png)") == str(chosen)
    assert starts[0] == str(file_dialogs.documents_folder() / "attention.png")
    file_dialogs.save_file(None, "export", "Export", "attention.csv", "CSV (*.csv)")
    assert starts[1] == str(chosen.parent / "attention.csv")


def test_guide_explains_every_view_and_every_training_option(window, qtbot):
    from app.guide import guide_html
    from app.panels.train_form import LABELS, TIPS

    text = guide_html()
    for view in ("Translate", "Decoding steps", "Train", "Model", "log P", "Score", "heatmap"):
        assert view in text
    assert set(TIPS) == set(LABELS) and all(LABELS[key] in text for key in TIPS)
    window.show_guide()
    assert window._guide.isVisible() and "Beam search tree" in window._guide.browser.toPlainText()


def test_a_whole_session_prints_no_qt_warnings(window, qtbot, toy_tsv, qtlog):
    panel, steps = window.translate_panel, window.steps_panel
    panel.controls.method.setCurrentIndex(1)
    with qtbot.waitSignal(panel.translation_shown, timeout=10_000):
        panel.set_text_and_translate("the red car")
    window.tabs.setCurrentWidget(steps)
    steps.slider.setValue(1)
    train = _prepare(window, qtbot, toy_tsv, budget=3)
    train.data.load("builtin:en-zh")  # switching corpora
    qtbot.waitUntil(lambda: train.data.preview is not None, timeout=120_000)
    train.data.load(str(toy_tsv))
    qtbot.waitUntil(lambda: train.data.preview is not None, timeout=20_000)
    with qtbot.waitSignal(window.training.stopped, timeout=60_000):
        train.start()
    window.tabs.setCurrentWidget(window.model_panel)
    qtbot.waitUntil(lambda: window.model_panel.isVisible(), timeout=5_000)
    # "propagateSizeHints" is the offscreen platform's own note on every top-level window.
    ours = [r.message for r in qtlog.records if "propagateSizeHints" not in r.message]
    assert ours == []


def test_attention_labels_fit_a_small_heatmap(qtbot):
    from app.views.attention_view import AttentionCanvas

    canvas = AttentionCanvas(colorbar=False)
    qtbot.addWidget(canvas)
    canvas.resize(320, 180)
    canvas.show()
    pieces = [f"▁piece{i}" for i in range(30)]
    canvas.set_attention(np.full((30, 30), 1 / 30), pieces, pieces, title="A long title " * 10)
    layout = canvas.layout_at(canvas.width(), canvas.height())
    whole = QRectF(canvas.rect())
    for text, box in ((layout.title, layout.title_rect), (layout.x_title, layout.x_title_rect),
                      (layout.y_title, layout.y_title_rect)):  # fmt: skip
        assert text and whole.contains(box)
    assert canvas.title_text().endswith("…")  # shortened, not cut
    assert not layout.heat.intersects(layout.title_rect) and not layout.heat.intersects(layout.x_title_rect)
    assert len(range(0, 30, layout.y_every)) < 30  # every n-th row is labelled rather than all on top of each other


def test_curves_grow_with_new_points_and_start_over_when_cleared(qtbot):
    from app.views.curves_view import CurvesCanvas
    from app.views.live_plot import MAX_DRAWN_POINTS

    class Step:
        def __init__(self, step):
            self.step, self.loss, self.learning_rate, self.tokens_per_s = step, 4.0 - step / 10_000, 1e-3, 900.0

    curves = CurvesCanvas()
    qtbot.addWidget(curves)
    curves.show()
    loss, speed = curves.loss_plot.scene, curves.speed_plot.scene

    def drawn(batch):
        curves.add_steps(batch)
        curves._timer.stop()
        curves._update()
        qtbot.waitUntil(curves.is_current, timeout=5_000)

    drawn([Step(i) for i in range(1, 21)])
    assert loss.axes.get_xlim() == (0, 100) and speed.axes.get_ylim()[1] >= 900
    assert not loss.note.get_visible()  # "curves appear when training starts" is gone
    drawn([Step(i) for i in range(21, 30_001)])
    assert loss.axes.get_xlim()[1] >= 30_000
    line = loss.series["train_loss"]
    assert len(line.get_xdata()) <= MAX_DRAWN_POINTS + 1  # drawn thinned
    assert line.get_xdata()[-1] == 30_000  # the latest point is always drawn
    curves.clear()
    drawn([Step(i) for i in range(1, 11)])
    assert loss.axes.get_xlim() == (0, 100)  # the extents started over
    assert curves.loss_plot.image is not None and not curves.loss_plot.image.isNull()
