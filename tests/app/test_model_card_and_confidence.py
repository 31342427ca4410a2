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
    panel._show_confidence(unsure)
    assert not panel.confidence.isHidden() and "unlike the training data" in panel.confidence.toolTip()
