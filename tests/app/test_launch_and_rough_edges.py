"""Issue 25: the window before the engine, and the rough edges of a learner's session (pytest-qt)."""

import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

from app import settings as app_settings

ROOT = Path(__file__).resolve().parents[2]


def test_importing_the_window_imports_neither_torch_nor_the_engine():
    code = (
        "import sys; import app.main_window, app.main; "
        "print(sorted(m for m in sys.modules if m == 'torch' or m in ('models.translator', 'models.checkpoint')))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_the_first_paint_counts_from_the_process_start(qtbot, toy_model_path, dialogs, monkeypatch):
    import app
    from app.main import main, seconds_since_launch
    from app.main_window import MainWindow

    # The process started before this module imported the app: its figure is the larger.
    assert seconds_since_launch() >= time.perf_counter() - app.IMPORTED - 0.05
    said = []
    show_startup_message = MainWindow.show_startup_message
    monkeypatch.setattr(MainWindow, "show_startup_message",
                        lambda window, text: said.append(text) or show_startup_message(window, text))  # fmt: skip

    def watch() -> None:  # the window main() opened: once it has translated, close it
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if windows and windows[0].translate_panel.translation is not None and said:
            timer.stop()
            windows[0].close()

    timer = QTimer()
    timer.timeout.connect(watch)
    timer.start(10)
    QTimer.singleShot(60_000, QApplication.quit)  # a safety net: the test fails rather than hangs
    before = seconds_since_launch()
    assert main(model=str(toy_model_path)) == 0
    assert len(said) == 1 and said[0].startswith("Window ready in")
    assert float(said[0].split()[3]) >= before  # counted from the process start, not from main()


def test_replay_and_compare_list_the_runs_trained_in_the_session(window, qtbot, toy_tsv, toy_model_path, tmp_path):
    from tests.app.test_train import _prepare

    old_run = tmp_path / "old-run"
    shutil.copytree(toy_model_path.parent, old_run)
    app_settings.add_recent_run(str(old_run))
    replay, compare = window.replay_panel, window.compare_panel
    with qtbot.waitSignal(replay.run_opened, timeout=5_000):
        window.tabs.setCurrentWidget(replay)  # the old run is chosen and shown
    window.tabs.setCurrentWidget(compare)  # its lists are filled
    chosen_a, chosen_b = compare.model_a.spec(), compare.model_b.spec()
    train = _prepare(window, qtbot, toy_tsv, budget=2, kind="epochs", eval_every=10)
    with qtbot.waitSignal(window.training.stopped, timeout=120_000):
        train.start()
    new_run = str(train.run_dir)

    def listed(combo) -> list[str]:
        return [combo.itemData(i) for i in range(combo.count())]

    qtbot.waitUntil(lambda: new_run in listed(replay.runs.combo), timeout=5_000)
    assert replay.run_dir == str(old_run)  # what was shown stays shown
    for chooser in (compare.model_a, compare.model_b):
        qtbot.waitUntil(lambda c=chooser: new_run in listed(c.combo), timeout=5_000)
    assert (compare.model_a.spec(), compare.model_b.spec()) == (chosen_a, chosen_b)


def test_a_transformer_run_is_labelled_as_one(window, qtbot, transformer_model_path, toy_model_path):
    for path in (transformer_model_path, toy_model_path):
        app_settings.add_recent_run(str(path.parent))
    panel = window.runs_panel
    with qtbot.waitSignal(window.inspection.runs_read, timeout=10_000):
        window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: len(panel.runs) == 2, timeout=10_000)
    labels = {Path(run.path).name: run.label for run in panel.runs}
    transformer = labels[transformer_model_path.parent.name]
    assert "Transformer 2+2 layers, 2 heads, d_model 32" in transformer and "GRU" not in transformer
    assert "luong" not in transformer and "additive" not in transformer
    assert "GRU 64" in labels[toy_model_path.parent.name]  # a recurrent run as before


def _wheel(widget, up: bool = False) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(), QPoint(0, 120 if up else -120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)  # fmt: skip
    QApplication.sendEvent(widget, event)


def test_the_wheel_scrolls_the_train_form_and_leaves_its_values(window, qtbot):
    train = window.train_panel
    window.tabs.setCurrentWidget(train)
    train.setup_tabs.setCurrentIndex(1)
    window.resize(900, 500)  # the form is taller than its page: it scrolls
    form = train.form
    scroll = train.setup_tabs.currentWidget().verticalScrollBar()
    qtbot.waitUntil(lambda: scroll.maximum() > 0 and form.teacher_forcing.isVisible(), timeout=5_000)
    scroll.setValue(0)
    window.activateWindow()
    train.start_button.setFocus()
    for box in (form.teacher_forcing, form.batch, form.tokenizer):
        assert box.focusPolicy() == Qt.FocusPolicy.StrongFocus
        before = box.value() if hasattr(box, "value") else box.currentIndex()
        _wheel(box)
        after = box.value() if hasattr(box, "value") else box.currentIndex()
        assert after == before, box
    assert scroll.value() > 0  # the page scrolled instead
    # Clicked into (focused), the wheel changes the value as usual.
    form.teacher_forcing.setFocus()
    qtbot.waitUntil(form.teacher_forcing.hasFocus, timeout=2_000)
    before = form.teacher_forcing.value()
    _wheel(form.teacher_forcing, up=False)
    assert form.teacher_forcing.value() < before


def test_clearing_the_source_clears_the_heatmap_and_the_nbest_list(window, qtbot):
    panel = window.translate_panel
    panel.controls.method.setCurrentIndex(panel.controls.method.findData("beam"))
    with qtbot.waitSignal(window.translation.translated, timeout=10_000):
        panel.set_text_and_translate("the red car")
    assert panel.nbest.rowCount() > 1 and panel.attention.canvas.weights is not None
    panel.source.clear()  # as the clear button does
    assert panel.nbest.rowCount() == 0 and panel.attention.canvas.weights is None
    assert panel.translation is None and panel.output.text() == "…" and not panel.confidence.isVisible()
    # A translation still on its way when the box was cleared is not shown.
    panel.source.setText("the blue car")
    panel.translate_now()
    panel.source.clear()
    with qtbot.waitSignal(window.translation.translated, timeout=10_000):
        panel.set_text_and_translate("good morning")
    assert panel.translation.source == "good morning"


def test_a_word_start_is_marked_alike_on_the_axes_the_hover_and_the_click(window, qtbot):
    view = window.translate_panel.attention
    weights = np.array([[0.9, 0.1], [0.2, 0.8]])
    view.set_attention(weights, ["▁the", "▁car"], ["▁la", "▁voiture"])
    canvas = view.canvas
    canvas.resize(500, 400)
    heat = canvas.layout_at(canvas.width(), canvas.height()).heat
    point = QPointF(heat.left() + heat.width() * 0.75, heat.top() + heat.height() * 0.75)  # row 1, column 1
    with qtbot.waitSignal(canvas.hovered) as hovered:
        QApplication.sendEvent(canvas, QMouseEvent(QEvent.Type.MouseMove, point, canvas.mapToGlobal(point),
                                                   Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                                                   Qt.KeyboardModifier.NoModifier))  # fmt: skip
    assert "'·voiture'" in hovered.args[0] and "'·car'" in hovered.args[0] and "▁" not in hovered.args[0]
    with qtbot.waitSignal(canvas.row_clicked):
        QApplication.sendEvent(canvas, QMouseEvent(QEvent.Type.MouseButtonPress, point, canvas.mapToGlobal(point),
                                                   Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton,
                                                   Qt.KeyboardModifier.NoModifier))  # fmt: skip
    assert "'·voiture'" in view.info.text() and "'·car' 0.80" in view.info.text() and "▁" not in view.info.text()


def test_inside_the_model_decodes_greedily_and_says_so(window, qtbot):
    controls = window.translate_panel.controls
    controls.method.setCurrentIndex(controls.method.findData("sample"))
    controls.temperature.setValue(2.0)
    panel = window.attention_math_panel
    with qtbot.waitSignal(window.translation.translated, timeout=10_000,
                          check_params_cb=lambda reply: reply.purpose == "attention-math") as done:  # fmt: skip
        window.show_panel(panel)
    assert done.args[0].translation.method == "greedy"
    assert "(Greedy)" in panel.formula.text()  # the method, named as the Translate tab names it
    hidden = window.hidden_states_panel
    with qtbot.waitSignal(window.translation.translated, timeout=10_000,
                          check_params_cb=lambda reply: reply.purpose == "hidden-states") as done:  # fmt: skip
        window.show_panel(hidden)
    assert done.args[0].translation.method == "greedy"
    assert hidden.decoder_view.title.endswith("· Greedy")


def test_a_runs_model_file_is_listed_with_its_run(tmp_path):
    from app.panels.model_choice import file_label

    assert file_label(str(tmp_path / "my-run" / "best.s2s")) == "my-run/best.s2s"
    assert file_label(str(tmp_path / "mine.s2s")) == "mine.s2s"


def test_hidden_state_labels_never_overlap(qtbot):
    from types import SimpleNamespace

    from app.views.trajectory_view import TrajectoryView

    rng = np.random.default_rng(0)
    pieces = [f"▁word{i}" for i in range(30)]
    points = np.concatenate([rng.normal(0, 0.05, (20, 2)), rng.normal(3, 1.0, (10, 2))])  # a tight cluster
    trajectory = SimpleNamespace(points=points, pieces=pieces, states=rng.normal(size=(30, 8)), explained=(0.5, 0.2))
    view = TrajectoryView()
    qtbot.addWidget(view)
    view.resize(420, 360)
    with qtbot.waitExposed(view):
        view.show()
    view.set_trajectory(trajectory, "Encoder")
    places = view.label_places(view.point_positions())
    rects = [place[0] for place in places if place is not None]
    assert len(rects) >= 10 and all(not a.intersects(b) for n, a in enumerate(rects) for b in rects[n + 1 :])
    assert all(place is None or place[1].startswith(str(i + 1)) for i, place in enumerate(places))
    assert any(place is not None and "·word" in place[1] for place in places)  # the word-start mark, as elsewhere


def test_the_dev_scores_legend_sits_above_the_curves(qtbot):
    from app.views.curves_view import CurvesCanvas
    from app.views.live_plot import PlotData

    scene = CurvesCanvas().score_plot.scene
    data = PlotData.of({name: ([100, 4000], [10.0, 5.0]) for name in scene.series}, scene.series, None, 1)
    for width, height in ((240, 150), (450, 260)):  # a plot of the Train tab at 1000×700, and larger
        scene.render(data, width, height, 1.0)
        renderer = scene.canvas.get_renderer()
        legend = scene.axes.get_legend().get_window_extent(renderer)
        axes = scene.axes.get_window_extent(renderer)
        title = scene.axes._left_title.get_window_extent(renderer)
        assert legend.y0 >= axes.y1 - 1 and legend.y1 <= height  # above the axes, inside the figure
        assert legend.x1 <= width and title.x1 <= legend.x0  # beside the title, not over it


def test_raw_score_axes_end_beyond_the_bars():
    from app.views.score_bars import rounded_out

    assert rounded_out(3.43, up=True) == 3.5 and rounded_out(3.5, up=True) == 3.5
    assert rounded_out(-1.27, up=False) == -1.3 and rounded_out(0.0431, up=True) == 0.044
    assert rounded_out(8.1518, up=True) == 8.2 and rounded_out(0.0, up=True) == 0.0


def test_what_if_and_teacher_forcing_have_room_at_1000_by_700(window, qtbot):
    window.resize(1000, 700)
    panel = window.translate_panel
    panel.controls.method.setCurrentIndex(panel.controls.method.findData("greedy"))
    with qtbot.waitSignal(window.translation.translated, timeout=10_000):
        panel.set_text_and_translate("the red car")
    steps = window.steps_panel
    window.tabs.setCurrentWidget(steps)
    steps.slider.setValue(1)
    with qtbot.waitSignal(window.translation.translated, timeout=10_000,
                          check_params_cb=lambda reply: reply.purpose == "whatif"):  # fmt: skip
        steps.try_candidate(1)
    qtbot.waitUntil(lambda: steps.whatif is not None, timeout=5_000)
    label, view = steps.whatif_label, steps.whatif_attention
    assert view.canvas.height() >= 150 and not label.geometry().intersects(view.geometry())
    assert label.heightForWidth(label.width()) <= label.height() + 1  # its text is not cut either
    exposure = window.exposure_panel
    window.show_panel(exposure)  # before any comparison: the headers read in full
    header = exposure.table.horizontalHeader()
    metrics = header.fontMetrics()
    for column in range(exposure.table.columnCount()):
        text = exposure.table.horizontalHeaderItem(column).text()
        assert header.sectionSize(column) >= metrics.horizontalAdvance(text), text


def test_embeddings_name_the_sentence_and_show_the_neighbours_whole(window, qtbot):
    panel = window.embeddings_panel
    panel.sentence.setText("the red car")
    with qtbot.waitSignal(window.translation.translated, timeout=10_000,
                          check_params_cb=lambda reply: reply.purpose == panel.purpose):  # fmt: skip
        window.show_panel(panel)
    qtbot.waitUntil(lambda: panel.map is not None, timeout=5_000)
    panel.search.setText("car")
    panel._search()
    assert panel.neighbours.count() > 0
    assert panel.neighbours.minimumWidth() >= panel.neighbours.sizeHintForColumn(0)
    panel.view.grab()  # a paint places the labels
    assert panel.view.highlighted and set(panel.view.highlighted) <= set(panel.view.labelled) | {panel.view.chosen}


def test_compare_opens_on_the_translate_tabs_model_against_a_run_never_another_language(window, qtbot,
                                                                                         toy_model_path, tmp_path):  # fmt: skip
    run = tmp_path / "a-run"
    run.mkdir()
    shutil.copy(toy_model_path, run / "last.s2s")
    app_settings.add_recent_run(str(run))
    panel = window.compare_panel
    with qtbot.waitSignal(window.inspection.compared, timeout=30_000) as done:
        window.tabs.setCurrentWidget(panel)  # filled on first show, then compared
    assert panel.model_a.spec() == str(toy_model_path)  # the Translate tab's model
    assert panel.model_b.spec() == str(run)  # the newest run
    assert "toy-run" in panel.model_a.combo.currentText()  # best.s2s named with its run
    assert done.args[0].comparison.same_pieces
