"""Chinese output in the script the learner chose: Simplified as the model writes it, or
Traditional converted at display; the choice applies at once and is kept."""

from app import chinese_output
from models.bundled import BUNDLED


def test_traditional_output_is_a_conversion_at_display(window, qtbot):
    with qtbot.waitSignal(window.translation.model_loaded, timeout=60_000):
        window.open_model(str(BUNDLED["default-en-zh"]))
    qtbot.waitUntil(lambda: window.translate_panel.translation is not None
                    and "zh" in str(window.translation.model.path), timeout=60_000)  # fmt: skip
    with qtbot.waitSignal(window.translate_panel.translation_shown, timeout=60_000):
        window.translate_panel.set_text_and_translate("I love you.")
    written = window.translate_panel.translation.text
    assert window.translate_panel.output.text() == written
    action = next(a for a in window.chinese_actions.actions() if a.data() == "traditional-taiwan")
    action.trigger()
    assert chinese_output.chosen_script() == "traditional-taiwan"
    from models.corpus.text import chinese_script

    assert window.translate_panel.output.text() == chinese_script(written, "traditional-taiwan")
    assert window.translate_panel.nbest.item(0, 0).text() == chinese_script(written, "traditional-taiwan")
    next(a for a in window.chinese_actions.actions() if a.data() == "simplified").trigger()
    assert window.translate_panel.output.text() == written


def test_text_without_chinese_passes_unchanged(window):
    chinese_output.choose_script("traditional-hong-kong")
    assert chinese_output.shown("Le chat dort.") == "Le chat dort."
    assert chinese_output.shown("这是电脑") == "這是電腦"
