import html
import re

from PySide6.QtCore import Qt

from app.interface_text import plain
from app.services.requests import JobDone
from app.services.translation import Translated
from app.views.heatmap_canvas import display_piece
from models.checkpoint import load_checkpoint
from models.config import DecodeConfig
from models.translator import Translator


def test_opens_on_a_model_with_an_example_translated(window):
    assert window.windowTitle().startswith("Seq2Seq Studio — ")
    assert window.translation.model is not None
    assert window.translate_panel.output.text() not in ("", "…")


def test_type_and_press_enter(window, qtbot):
    panel = window.translate_panel
    panel.source.clear()
    qtbot.keyClicks(panel.source, "the red car")
    with qtbot.waitSignal(panel.translation_shown, timeout=10_000) as shown:
        qtbot.keyClick(panel.source, Qt.Key.Key_Return)
    assert shown.args[0].text == "la voiture rouge"
    assert panel.output.text() == "la voiture rouge"
    canvas = panel.attention.canvas
    assert canvas.weights.shape == (len(canvas.target), len(canvas.source)) == (4, 3)  # 3 pieces + </s>


def test_as_you_type_only_latest_result_is_shown(window, qtbot):
    panel = window.translate_panel
    results = []
    panel.translation_shown.connect(lambda t: results.append(t.source))
    panel.source.clear()
    for text in ("a big", "a big dog", "a small dog"):  # typed faster than the debounce
        panel.source.setText(text)
        panel.source.textEdited.emit(text)
    qtbot.waitUntil(lambda: bool(results) and results[-1] == "a small dog", timeout=10_000)
    assert results == ["a small dog"] and panel.output.text() == "un petit chien"


def test_stale_result_never_overwrites_newer(window, qtbot):
    panel, service = window.translate_panel, window.translation
    config = panel.controls.config()
    shown = []
    panel.translation_shown.connect(lambda t: shown.append(t.source))
    first = service.translate("thank you", config)
    second = service.translate("good morning", config)
    assert second > first
    qtbot.waitUntil(lambda: "good morning" in shown, timeout=10_000)
    assert shown == ["good morning"] and panel.output.text() == "bonjour"
    # A reply to the older request that arrives now (as a slow worker's would) is dropped.
    stale = Translator(load_checkpoint(window.translation.model.path)).translate("thank you", DecodeConfig())
    with qtbot.assertNotEmitted(service.translated):
        service._requests._worker.done.emit(JobDone(first, "main", Translated(stale, 0.01, "toy", None), 0.01))
    assert shown == ["good morning"] and panel.output.text() == "bonjour"


def test_beam_nbest_list_and_decoding_controls(window, qtbot):
    panel = window.translate_panel
    panel.controls.method.setCurrentIndex(1)
    panel.controls.beam_size.setValue(4)
    panel.controls.nbest.setValue(3)
    with qtbot.waitSignal(panel.translation_shown, timeout=10_000) as shown:
        panel.set_text_and_translate("a big cat")
    assert shown.args[0].method == "beam" and panel.nbest.rowCount() == 3
    assert panel.nbest.item(0, 0).text() == "un grand chat"
    scores = [float(panel.nbest.item(r, 1).text()) for r in range(3)]
    assert scores == sorted(scores, reverse=True)
    panel.nbest.selectRow(1)  # another hypothesis shows its own attention
    assert panel.attention.canvas.target == shown.args[0].nbest[1].pieces


def test_attention_click_hover_and_exports(window, qtbot, tmp_path):
    panel = window.translate_panel
    with qtbot.waitSignal(panel.translation_shown, timeout=10_000):
        panel.set_text_and_translate("the blue house")
    canvas = panel.attention.canvas
    canvas.row_clicked.emit(1)
    assert "attended most to" in panel.attention.info.text()
    canvas.select_row(1)
    assert canvas.selected_row == 1
    csv_path, png_path, svg_path = tmp_path / "a.csv", tmp_path / "a.png", tmp_path / "a.svg"
    canvas.export_csv(str(csv_path))
    canvas.export(str(png_path))
    canvas.export(str(svg_path))
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    assert lines[0].split(",")[1:] == canvas.source and len(lines) == 1 + len(canvas.target)
    assert png_path.read_bytes()[:4] == b"\x89PNG" and b"<svg" in svg_path.read_bytes()[:500]
    svg = svg_path.read_text(encoding="utf-8")
    assert all(html.escape(display_piece(p), quote=False) in svg for p in canvas.target)  # text, not pixels


def test_sampling_and_empty_input(window, qtbot):
    panel = window.translate_panel
    panel.controls.method.setCurrentIndex(2)
    with qtbot.waitSignal(panel.translation_shown, timeout=10_000) as shown:
        panel.set_text_and_translate("five")
    assert shown.args[0].method == "sample"
    panel.source.clear()
    panel.translate_now()
    assert "Type a sentence" in panel.status.text()


def test_attention_diagnostics_beside_the_heatmap(window, qtbot):
    from models.inspection.diagnostics import diagnose

    panel = window.translate_panel
    with qtbot.waitSignal(panel.translation_shown, timeout=10_000):
        panel.set_text_and_translate("the red car")
    view, canvas = panel.attention, panel.attention.canvas
    expected = diagnose(canvas.weights, canvas.source)
    text = " ".join(plain(view.diagnostics.text()).split())  # the figures are links to their explanations
    assert view.diagnostics.isVisibleTo(view) and "Diagnostics: entropy per step" in text
    assert f"{expected.mean_entropy:.2f} bits on average" in text
    assert f"on punctuation {expected.on_punctuation:.0%}" in text
    # Each figure explains itself in place: the first is the mean entropy, with the even-spread value.
    assert "Entropy" in view.figure_tip("tip:0") and f"{expected.uniform_entropy:.2f}" in view.figure_tip("tip:0")
    links = re.findall(r"href='(tip:\d+)'", view.diagnostics.text())
    assert links and all(view.figure_tip(link) for link in links)
    view.show_message("nothing")
    assert not view.diagnostics.isVisibleTo(view)


def test_a_transformers_layers_and_heads_are_drawn_and_the_choice_is_kept(window, qtbot, transformer_model_path,
                                                                         toy_model_path):  # fmt: skip
    import numpy as np
    from PySide6.QtCore import Qt

    panel = window.translate_panel
    window.tabs.setCurrentWidget(panel)  # laid out at its size: the heatmap's title fits
    with qtbot.waitSignal(window.translation.model_loaded, timeout=20_000):
        window.open_model(str(transformer_model_path))
    qtbot.waitUntil(lambda: panel.translation is not None and panel.translation.best.heads is not None, timeout=10_000)
    entry = panel.translation.best
    assert panel.heads_box.isVisibleTo(panel) and panel.heads_grid.heads is entry.heads
    assert np.allclose(panel.attention.canvas.weights, entry.heads[:, -1].mean(axis=1), atol=1e-6)
    from models.inspection.diagnostics import diagnose

    bits = diagnose(entry.heads[:, 1, 0], panel.translation.source_pieces).mean_entropy
    assert panel.heads_grid.caption(1, 0) == f"layer 2, head 1 · {bits:.2f} bits"  # each head diagnosed
    assert "layer 2, head 1" in panel.heads_grid.tip(1, 0) and "on punctuation" in panel.heads_grid.tip(1, 0)

    center = panel.heads_grid.cell_rect(0, 1).center().toPoint()  # the bottom layer's second head
    qtbot.mouseClick(panel.heads_grid, Qt.MouseButton.LeftButton, pos=center)
    assert panel.head_map.currentData() == ("head", 0, 1)
    assert np.allclose(panel.attention.canvas.weights, entry.heads[:, 0, 1])
    assert "layer 1, head 2" in panel.attention.canvas.title_text()

    with qtbot.waitSignal(panel.translation_shown, timeout=10_000):
        panel.set_text_and_translate("a small cat")
    assert panel.head_map.currentData() == ("head", 0, 1)  # kept as you type
    assert np.allclose(panel.attention.canvas.weights, panel.translation.best.heads[:, 0, 1])

    panel.head_map.setCurrentIndex(panel.head_map.findData("max-last"))
    assert np.allclose(panel.attention.canvas.weights.sum(axis=1), 1.0, atol=1e-5)

    # The encoder's and the decoder's self-attention, of this very decoding.
    maps = panel.self_attention[0]
    panel.choose_head(0, 1)
    assert panel.head_map.count() == 4  # the head's entry, added once however often it is chosen
    panel.attention_kind.setCurrentIndex(panel.attention_kind.findData("encoder"))
    canvas = panel.attention.canvas
    assert np.allclose(canvas.weights, maps.encoder[0, 1]) and canvas.source == canvas.target == maps.source_pieces
    assert "encoder self-attention" in canvas.title_text() and not panel.attention.diagnostics.isVisibleTo(panel)
    assert panel.heads_grid.heads.shape == (len(maps.source_pieces), 2, 2, len(maps.source_pieces))
    panel.attention_kind.setCurrentIndex(panel.attention_kind.findData("decoder"))
    assert np.allclose(canvas.weights, maps.decoder[0, 1]) and np.allclose(np.triu(canvas.weights, 1), 0)
    assert canvas.target == panel.translation.best.pieces and canvas.source[0] == "<s>"
    with qtbot.waitSignal(panel.translation_shown, timeout=10_000):
        panel.set_text_and_translate("the red car")
    assert panel.attention_kind.currentData() == "decoder"  # kept as you type
    assert np.allclose(canvas.weights, panel.self_attention[0].decoder[0, 1])
    panel.attention_kind.setCurrentIndex(panel.attention_kind.findData("cross"))

    with qtbot.waitSignal(window.translation.model_loaded, timeout=20_000):
        window.open_model(str(toy_model_path))
    qtbot.waitUntil(lambda: panel.translation is not None and panel.translation.best.heads is None, timeout=10_000)
    assert not panel.heads_box.isVisibleTo(panel)  # a recurrent model has one attention
