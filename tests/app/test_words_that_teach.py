"""One name per concept (the form's labels in the model bar and the Runs legend), presets that say
what they are for, hints that fit the view, and masked cells that do not look learnt (#25 items 5, 2)."""

import numpy as np

from app import i18n
from models import choices
from models.nn.rnn.config import RNNConfig
from models.nn.transformer.config import TransformerConfig
from models.presets import PRESETS


def test_the_model_line_uses_the_forms_labels_in_either_language(qapp):
    config = RNNConfig(attention="general", decoder_style="input_feeding", layers=2)
    line = config.architecture()
    assert choices.ATTENTION.label("general") in line and choices.DECODER_STYLE.label("input_feeding") in line
    assert "general (Luong)" in line and "input feeding" in line and line.startswith("bi-GRU ×2")
    try:
        i18n.install("zh_CN")
        chinese = config.architecture(i18n.tr)
        assert i18n.tr("general (Luong)") in chinese and i18n.tr("input feeding") in chinese and "注意力" in chinese
        assert "双向" in config.key_settings(i18n.tr)
        assert "层" in TransformerConfig().architecture(i18n.tr)
    finally:
        i18n.install(i18n.ENGLISH)


def test_every_preset_says_what_it_is_for_in_the_form_and_the_command_line(window, capsys):
    import pytest

    from models.cli import main

    form = window.train_panel.form
    for name, preset in PRESETS.items():
        assert preset.description and "\n" not in preset.description
        form.apply_preset(name)
        assert form.preset_description.text() == preset.description
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert all(" ".join(preset.description.split()) in help_text for preset in PRESETS.values())


def test_the_runs_legend_is_in_the_interface_language(qapp, tmp_path):
    from models.runs import RunCurves

    run = RunCurves("run", "en-fr-run", "bi-GRU 64, additive (Bahdanau), Luong", model=RNNConfig(hidden_size=64))
    assert run.label_in(lambda text: text) == "en-fr-run · bi-GRU 64, additive (Bahdanau), Luong"
    try:
        i18n.install("zh_CN")
        assert "加性" in run.label_in(i18n.tr) and "双向" in run.label_in(i18n.tr)
    finally:
        i18n.install(i18n.ENGLISH)


def test_self_attention_hints_do_not_speak_of_target_steps(qtbot):
    from app.views.attention_view import HOVER_HINT, SELF_HOVER_HINT, AttentionView

    view = AttentionView()
    qtbot.addWidget(view)
    pieces = ["▁a", "▁red", "▁car"]
    view.set_attention(np.full((3, 3), 1 / 3, dtype=np.float32), pieces, pieces, axes="encoder-self")
    assert view.info.text() == SELF_HOVER_HINT and "target" not in view.info.text()
    view._on_row(1)
    assert "step" not in view.info.text() and "'·red' attended most to" in view.info.text()
    view.set_attention(np.full((3, 3), 1 / 3, dtype=np.float32), pieces, pieces)
    assert view.info.text() == HOVER_HINT


def test_causally_masked_cells_are_drawn_as_masked_in_the_heads_grid(qtbot):
    from app.views.heads_grid import MASKED_RGBA, HeadsGrid

    grid = HeadsGrid()
    qtbot.addWidget(grid)
    grid.resize(300, 200)
    heads = np.zeros((3, 1, 2, 3), dtype=np.float32)  # three queries, a learnt zero below the diagonal too
    heads[:, 0, :, 0] = 1.0
    masked = np.triu(np.ones((3, 3), dtype=bool), k=1)
    grid.set_heads(heads, masked=masked)
    image = grid._images[0]
    colour = lambda row, column: np.array(image.pixelColor(column, row).getRgb(), dtype=np.uint8)  # noqa: E731
    assert (colour(0, 2) == MASKED_RGBA).all()  # masked: grey
    assert not (colour(2, 1) == MASKED_RGBA).all()  # a learnt zero keeps the colour map's zero
    grid.grab()  # painted, hatching included, without error


def test_the_learning_rate_curve_keeps_its_warm_up_peak_in_view(qtbot):
    from app.views.curves_view import CurvesCanvas
    from models.training.history import StepRecord

    canvas = CurvesCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(700, 420)
    canvas.show()
    peak = 5e-4
    rates = [peak * min(step / 1000, (1000 / step) ** 0.5) for step in range(5, 2005, 5)]
    for start in range(0, len(rates), 20):  # as a training sends them, a few records at a time
        canvas.add_steps([StepRecord(step=5 * (i + 1), loss=1.0, learning_rate=rate, tokens_per_s=1.0, seconds=0.1)
                          for i, rate in enumerate(rates[start:start + 20], start)])  # fmt: skip
        canvas._update()
        qtbot.waitUntil(canvas.lr_plot.is_current, timeout=10_000)
    low, high = canvas.lr_plot.scene.axes.get_ylim()
    assert low <= 0 and high >= peak * 1.05  # the peak with room above it, not on the frame


def test_the_reason_for_a_precision_is_in_the_interface_language(qapp):
    from app.interface_text import plain
    from app.panels.model_panel import precision_reason
    from tests.app.test_i18n import english_words

    reason = "the CPU has AMX and AVX-512 BF16, but bf16 measured 1.04× the speed of fp32 on the first batch"
    assert precision_reason(reason) == reason
    try:
        i18n.install("zh_CN")
        chinese = precision_reason(reason)
        assert "1.04" in chinese and "AMX" in chinese and not english_words(plain(chinese))
        assert "content" in precision_reason("a reason the engine wrote since")  # shown as written
    finally:
        i18n.install(i18n.ENGLISH)
