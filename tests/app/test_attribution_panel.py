"""Inside the model → Attribution beside attention (#27 items 2 and 4): a signal's source and
prefix maps beside the attention, their difference and the share of the evidence; the
scoreboard against gold alignments; computed in the background with progress and cancel."""

from __future__ import annotations

import csv

import numpy as np

from app import file_dialogs
from app.panels.attribution_panel import PURPOSE, SCOREBOARD
from app.views.attribution_view import normalised_rows
from models.alignment_io import format_line
from tests.conftest import TOY_PAIRS
from tests.models.test_attribution_scores import GOLD


def _reply(window, qtbot, purpose, action, timeout=20_000):
    with qtbot.waitSignal(window.translation.translated, timeout=timeout,
                          check_params_cb=lambda reply: reply.purpose == purpose) as blocker:  # fmt: skip
        action()
    return blocker.args[0]


def _shown(window, qtbot, panel):
    with qtbot.waitSignal(window.translate_panel.translation_shown, timeout=10_000):
        window.translate_panel.set_text_and_translate("the red car")
    return _reply(window, qtbot, PURPOSE, lambda: window.show_panel(panel))


def test_the_maps_follow_the_sentence_and_compare_with_the_attention(window, qtbot, tmp_path, monkeypatch):
    panel = window.inside_panel.attribution
    reply = _shown(window, qtbot, panel)
    maps = reply.result
    assert panel.sentence.text() == "the red car" and maps.signal.method == "saliency"
    names = [panel.signal.itemData(i) for i in range(panel.signal.count())]
    assert names == ["attention", "saliency", "input_x_gradient", "integrated_gradients", "occlusion"]
    view = panel.view
    # the source map is the signal normalised per row; the difference subtracts the attention
    np.testing.assert_allclose(view.source_map.weights, normalised_rows(maps.signal.source), atol=1e-6)
    np.testing.assert_allclose(np.abs(view.source_map.weights).sum(axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(view.attention_map.weights, maps.attention.source, atol=1e-6)
    np.testing.assert_allclose(view.difference_map.weights, normalised_rows(maps.signal.source) - maps.attention.source,
                               atol=1e-6)  # fmt: skip
    assert view.source_map.source == ["the", "red", "car"]
    assert view.prefix_map.source == maps.signal.sentence.prefix_units
    np.testing.assert_allclose(view.share.share, maps.signal.source_share)
    assert "%" in view.summary.text()
    # clicking a row follows it in every map
    view.source_map.row_clicked.emit(1)
    assert all(canvas.selected_row == 1 for canvas in view.canvases)
    path = tmp_path / "attribution.csv"
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: str(path))
    panel._export_csv()
    rows = list(csv.reader(path.open(encoding="utf-8")))
    assert rows[1][3:6] == ["the", "red", "car"] and any(row[2] == "source share" for row in rows)
    picture = tmp_path / "attribution.svg"
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: str(picture))
    panel.tabs.setCurrentIndex(0)
    from app.views.export import export_image

    export_image(panel, view.figure, "", "")
    assert picture.read_text(encoding="utf-8").startswith("<?xml")


def test_choosing_another_signal_recomputes_with_its_own_options(window, qtbot):
    panel = window.inside_panel.attribution
    _shown(window, qtbot, panel)
    index = panel.signal.findData("integrated_gradients")
    progress = []
    window.translation.progressed.connect(lambda p: progress.append(p) if p.purpose == PURPOSE else None)
    reply = _reply(window, qtbot, PURPOSE, lambda: panel.signal.setCurrentIndex(index))
    assert reply.result.signal.method == "integrated_gradients"
    assert panel.ig_steps.isVisibleTo(panel) and reply.result.signal.completeness_error is not None
    assert "Completeness error" in panel.view.summary.text()
    assert progress and progress[-1].done == progress[-1].total  # the method's progress reached the GUI
    assert not panel.progress.isVisibleTo(panel) and not panel.cancel.isEnabled()
    reply = _reply(window, qtbot, PURPOSE, lambda: panel.signal.setCurrentIndex(panel.signal.findData("attention")))
    assert reply.result.signal is reply.result.attention
    assert not panel.ig_steps.isVisibleTo(panel)
    assert "read from the attention layers" in panel.view.summary.text()  # it does not explain log P


def test_cancel_drops_the_running_request(window, qtbot):
    panel = window.inside_panel.attribution
    _shown(window, qtbot, panel)
    panel.ig_steps.setValue(256)
    panel.signal.setCurrentIndex(panel.signal.findData("integrated_gradients"))
    assert panel.cancel.isEnabled()
    latest = window.translation.latest(PURPOSE)
    panel.stop()
    assert window.translation.latest(PURPOSE) != latest  # its reply, if it comes, is not shown
    assert not panel.cancel.isEnabled() and panel.info.text() == "Cancelled."


def test_the_scoreboard_charts_every_signal_against_a_gold_file(window, qtbot, toy_tsv, tmp_path, monkeypatch):
    panel = window.inside_panel.attribution
    window.show_panel(panel)
    panel.tabs.setCurrentIndex(1)
    board = panel.scoreboard
    gold = {(s, t): links for s, t, links in GOLD}
    align = tmp_path / "toy.align"
    align.write_text("".join(format_line(gold.get(pair, {(0, 0)})) + "\n" for pair in TOY_PAIRS), encoding="utf-8")
    chosen = iter([str(toy_tsv), str(align)])
    monkeypatch.setattr(file_dialogs, "open_file", lambda *a, **k: next(chosen))
    board._choose_gold()
    board.sentences.setValue(5)
    reply = _reply(window, qtbot, SCOREBOARD, board.request, timeout=60_000)
    table = reply.result
    assert table.sentences == 5 and board.canvas.table is table
    labels = [tick.get_text() for tick in board.canvas.axes.get_yticklabels()]
    assert len(labels) == 5 and "integrated gradients" in labels  # the methods' own maps
    bars = [patch.get_width() for patch in board.canvas.axes.patches]
    aer = {row.signal: row.score.aer for row in table.rows}
    assert np.isclose(bars[0], aer["attention"]) and np.isclose(bars[5], aer["attention.shifted"])
    path = tmp_path / "scoreboard.csv"
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: str(path))
    board._export_csv()
    rows = list(csv.reader(path.open(encoding="utf-8")))
    assert rows[0][:3] == ["signal", "shifted", "aer"] and len(rows) == len(table.rows) + 1


def test_a_model_without_built_in_gold_says_what_to_do(window, qtbot):
    board = window.inside_panel.attribution.scoreboard
    with qtbot.waitSignal(window.translation.failed, timeout=20_000,
                          check_params_cb=lambda purpose, _m: purpose == SCOREBOARD):  # fmt: skip
        board.request()
    assert "Pharaoh" in board.info.text() and board.compute.isEnabled()


def test_a_transformer_offers_rollout_and_norm(window, qtbot, transformer_model_path):
    panel = window.inside_panel.attribution
    with qtbot.waitSignal(window.translation.model_loaded, timeout=20_000):
        window.open_model(str(transformer_model_path))
    names = [panel.signal.itemData(i) for i in range(panel.signal.count())]
    assert names[-2:] == ["rollout", "norm"]
    window.translate_panel.set_text_and_translate("the red car")
    panel.signal.setCurrentIndex(panel.signal.findData("norm"))
    reply = _reply(window, qtbot, PURPOSE, lambda: window.show_panel(panel))
    assert reply.result.signal.method == "norm" and reply.result.signal.prefix is not None
    np.testing.assert_allclose(panel.view.source_map.weights.sum(axis=1), 1.0, atol=1e-5)  # norms ≥ 0, rows sum to 1
