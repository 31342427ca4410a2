"""The interface in Simplified Chinese: a complete catalogue, a compiled file that matches it, a
language menu, and no interface text left in English once the language is switched."""

from __future__ import annotations

import ast
import re
import string
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

from app import i18n
from app.guide import guide_html
from app.interface_text import Shown, figure_texts, interface_texts, plain
from app.views.heatmap_canvas import display_piece

APP = Path(__file__).resolve().parents[2] / "app"
CHINESE = "zh_CN"

# Words that stay as they are in a Chinese interface: metric, model and format names, the names
# of tools and sources, preset and tokenizer names (also the command line's values), maths.
KEPT = {
    "BLEU", "chrF", "GRU", "LSTM", "RNN", "tanh", "Luong", "Bahdanau", "PNG", "SVG", "CSV", "TSV", "Adam", "GNMT",
    "sentencepiece", "unigram", "bpe", "BPE", "char", "word", "EOS", "log", "Top", "softmax", "score", "exp",
    "Enter", "Tatoeba", "manythings", "CLDR", "babel", "num2words", "Seq2Seq", "Studio", "CC", "BY", "FR", "org",
    "tatoeba", "www", "anki", "apt", "get", "install", "fonts", "noto", "cjk", "wqy", "microhei", "src", "tgt",
    "tsv", "txt", "s2s", "last", "ref", "luong", "default", "tiny", "English", "h_S", "W_q", "W_k", "Wq", "Wk", "Uk", "AER",
    "top", "TAB", "transformer", "Transformer", "Vaswani", "et", "al", "d_model",
    "fp", "bf", "bfloat", "BF", "AMX", "AVX", "GPU", "OpenCC",  # number formats (fp32, bf16), hardware, tools
}  # fmt: skip


def catalogue() -> dict[str, str]:
    ts = i18n.catalogue_path(CHINESE, ".ts")
    return {m.findtext("source"): m.findtext("translation") or "" for m in ET.parse(ts).getroot().iter("message")}


def marked_strings() -> set[str]:
    """Every literal passed to tr() or QT_TR_NOOP() in app/ and in the engine's declared choices."""
    found = set()
    for path in [*APP.rglob("*.py"), APP.parent / "models" / "choices.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("tr", "QT_TR_NOOP") and node.args:
                if isinstance(node.args[0], ast.Constant):
                    found.add(node.args[0].value)
    return found


def english_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z][A-Za-z0-9_]*[A-Za-z_]", text) if w not in KEPT]


def fields(text: str) -> list[str]:
    return sorted(f for _, f, _, _ in string.Formatter().parse(text) if f is not None)


def test_every_marked_string_has_a_chinese_translation_with_the_same_placeholders():
    translations = catalogue()
    missing = sorted(marked_strings() - translations.keys())
    assert not missing, f"run scripts/update_translations.py and translate: {missing[:5]}"
    for source, translation in translations.items():
        assert translation.strip(), f"untranslated: {source!r}"
        assert fields(translation) == fields(source), source  # str.format would fail or drop a value
        words = english_words(plain(re.sub(r"\{[^{}]*\}", " ", source)))  # placeholders are names, not words
        assert re.search(r"[\u4e00-\u9fff]", translation) or not words, source


def test_the_compiled_catalogue_matches_the_source_catalogue(qapp):
    translator = QTranslator()
    assert translator.load(str(i18n.catalogue_path(CHINESE)))
    for source, translation in catalogue().items():
        assert translator.translate(i18n.CONTEXT, source) == translation, f"recompile the .qm: {source!r}"


def test_tr_follows_the_installed_language(qapp):
    try:
        assert i18n.install(CHINESE) == CHINESE and i18n.current_language() == CHINESE
        assert i18n.tr("Translate") == "翻译"
        assert i18n.install(i18n.ENGLISH) == i18n.ENGLISH
        assert i18n.tr("Translate") == "Translate"
    finally:
        i18n.install(i18n.ENGLISH)


def untranslated(texts, content: list[str]) -> list[str]:
    """The texts in which an English word is left once content and the kept words are taken out."""
    left = []
    for shown in texts:
        text = plain(shown.text)
        for item in sorted(content, key=len, reverse=True):  # whole tokens only: a piece may be "un"
            text = re.sub(rf"(?<!\w){re.escape(item)}(?!\w)", " ", text)
        text = re.sub(r"\b[a-z]{2}-[a-z]{2}-\d{8}-\d{6}\b", " ", text)  # run folder names
        text = re.sub(r"\S*/\S*|\S+\.s2s", " ", text)  # paths and model files
        words = english_words(text)
        if words:
            left.append(f"{shown.where}: {shown.text[:120]!r} ({', '.join(words[:4])})")
    return left


@pytest.fixture
def chinese_window(qtbot, toy_model_path, dialogs):
    from app.main_window import MainWindow

    i18n.install(CHINESE)
    win = MainWindow(model=str(toy_model_path))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.translate_panel.translation is not None, timeout=20_000)
    yield win
    win.close()
    i18n.install(i18n.ENGLISH)


def test_no_interface_text_is_left_in_english(qtbot, chinese_window):
    win = chinese_window
    translation = win.translate_panel.translation
    for index in range(win.tabs.count()):  # every tab built and filled, as a user would open it
        win.tabs.setCurrentIndex(index)
    for panel in win.inside_panel.panels:
        win.show_panel(panel)
    qtbot.waitUntil(lambda: win.attention_math_panel.math is not None, timeout=20_000)
    qtbot.waitUntil(lambda: win.train_panel.data.preview is not None, timeout=120_000)  # its statistics
    model = win.translation.model
    pieces = [*translation.source_pieces, *translation.best.pieces]
    content = [
        translation.text,
        translation.source,
        *pieces,
        *map(display_piece, pieces),
        model.name,
        model.corpus or "",
    ]
    texts = interface_texts(win) + figure_texts(win)
    left = untranslated(texts, [c for c in content if c])
    assert not left, "\n".join(left)
    assert (
        win.tabs.tabText(0) == "学习"
        and win.tabs.tabText(1) == "翻译"
        and win.menuBar().actions()[0].text() == "文件(&F)"
    )


def test_the_guide_is_translated(qapp):
    try:
        i18n.install(CHINESE)
        left = untranslated([Shown("guide", guide_html())], [])
        assert not left, left
    finally:
        i18n.install(i18n.ENGLISH)


def test_the_language_menu_saves_the_choice_and_offers_a_restart(window, dialogs):
    dialogs.answer = dialogs.answer.No
    names = [action.text() for action in window.language_actions.actions()]
    assert names == ["Follow the system", "English", "简体中文"]
    chinese = window.language_actions.actions()[2]
    chinese.trigger()
    assert i18n.saved_language() == CHINESE and chinese.isChecked()
    assert dialogs and dialogs[-1][0] == "question" and "next start" in dialogs[-1][1]
    assert window.isVisible()  # "No": the window stays, in English until the next start
    window.language_actions.actions()[0].trigger()
    assert i18n.saved_language() is None
