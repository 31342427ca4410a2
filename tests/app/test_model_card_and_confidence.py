"""What a model is for: the recipe and the card in the Model tab, the bundled models in the File
menu, and a mark on output the model was unsure of."""

import shutil

from models.bundled import bundled_models
from models.checkpoint import load_checkpoint, save_checkpoint


def test_recipe_and_card_are_shown_in_the_model_tab(window, qtbot, toy_model_path, tmp_path):
    bundle = load_checkpoint(toy_model_path)
    bundle.recipe = {"data": "twenty toy pairs", "split": "none", "seed": 3, "minutes": 0.1, "script": "tests"}
    path = save_checkpoint(tmp_path / "carded.s2s", bundle)
    path.with_suffix(".card.md").write_text("# Toy model\n\nGood at **colours of cars**.\n", encoding="utf-8")
    with qtbot.waitSignal(window.translation.model_loaded, timeout=10_000):
        window.open_model(str(path))
    summary = window.model_panel.summary.text()
    assert "Training data" in summary and "twenty toy pairs" in summary and "Made by" in summary
    assert not window.model_panel.card.isHidden() and "colours of cars" in window.model_panel.card.toPlainText()
    assert load_checkpoint(path).recipe == bundle.recipe  # stored in the file

    plain = shutil.copyfile(toy_model_path, tmp_path / "plain.s2s")
    with qtbot.waitSignal(window.translation.model_loaded, timeout=10_000):
        window.open_model(str(plain))
    assert window.model_panel.card.isHidden() and "Training data" not in window.model_panel.summary.text()


def test_file_menu_offers_each_bundled_model(window):
    labels = [action.text() for action in window.bundled_menu.actions()]
    assert len(labels) == len(bundled_models()) >= 1
    assert any("French" in label for label in labels)


def test_low_confidence_output_is_marked_with_an_explanation(window, qtbot, monkeypatch):
    import app.panels.translate_panel as translate_panel

    panel = window.translate_panel
    with qtbot.waitSignal(panel.translation_shown, timeout=10_000) as shown:
        panel.set_text_and_translate("the red car")
    assert shown.args[0].best.mean_log_prob > translate_panel.LOW_CONFIDENCE  # a training sentence
    assert panel.confidence.isHidden()
    # A sentence of words the toy model never saw: it still answers, but unsure.
    with qtbot.waitSignal(panel.translation_shown, timeout=10_000) as shown:
        panel.set_text_and_translate("quantum chromodynamics of quarks")
    unsure = shown.args[0].best.mean_log_prob
    monkeypatch.setattr(translate_panel, "LOW_CONFIDENCE", unsure + 0.01)
    panel._show_confidence(shown.args[0])
    assert not panel.confidence.isHidden() and "unlike the training data" in panel.confidence.toolTip()


def test_a_long_input_is_marked_even_when_its_pieces_are_probable(window, qtbot):
    """The mean log P of a long output is diluted by its easy pieces: the length marks it (models/confidence.py)."""
    from dataclasses import replace

    from models.confidence import LONG_SOURCE_PIECES, assess

    panel = window.translate_panel
    sentence = " ".join(["the red car"] * (LONG_SOURCE_PIECES // 3 + 2))
    with qtbot.waitSignal(panel.translation_shown, timeout=20_000) as shown:
        panel.set_text_and_translate(sentence)
    translation = shown.args[0]
    assert len(translation.source_pieces) > LONG_SOURCE_PIECES
    found = assess(translation)
    assert found.long_input and found.low
    assert (
        not panel.confidence.isHidden()
        and f"{len(translation.source_pieces)} pieces long" in panel.confidence.toolTip()
    )
    # The same output from a short input, as sure: no mark, whatever its length was.
    short = replace(translation, source_pieces=translation.source_pieces[:LONG_SOURCE_PIECES])
    assert assess(short).low == assess(short).unsure and not assess(short, mean_mark=-1e9).low


def test_each_bundled_card_has_a_chinese_card_with_the_same_figures():
    import re

    from models.bundled import model_card

    figure = r"(?<![\w.])\d[\d,]*\.\d+|\d{1,3}(?:,\d{3})+"  # 40.8, 26,019: the card's measured figures
    for name, path in bundled_models().items():
        english, chinese = model_card(path), model_card(path, "zh_CN")
        assert chinese != english and re.search(r"[\u4e00-\u9fff]", chinese), name
        # Millions are written "4.8 M" in English and "480 万" in Chinese: compared apart.
        numbers = lambda text: set(re.findall(figure, re.sub(r"\d+\.\d+ M\b", " ", text)))  # noqa: E731
        assert numbers(english) == numbers(chinese), (name, numbers(english) ^ numbers(chinese))
        assert model_card(path, "xx") == english  # a language without a card reads the English one


def test_the_model_tab_shows_the_card_of_the_interface_language(window, qtbot, toy_model_path, tmp_path):
    from app import i18n

    path = shutil.copyfile(toy_model_path, tmp_path / "carded.s2s")
    (tmp_path / "carded.card.md").write_text("Good at **colours of cars**.\n", encoding="utf-8")
    (tmp_path / "carded.card.zh_CN.md").write_text("擅长**汽车的颜色**。\n", encoding="utf-8")
    with qtbot.waitSignal(window.translation.model_loaded, timeout=10_000):
        window.open_model(str(path))
    assert "colours of cars" in window.model_panel.card.toPlainText()
    try:
        i18n.install("zh_CN")
        window.model_panel.show_model(window.translation.model)
        assert "汽车的颜色" in window.model_panel.card.toPlainText()
    finally:
        i18n.install(i18n.ENGLISH)
