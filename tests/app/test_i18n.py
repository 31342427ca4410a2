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
from models.bundled import bundled_models
from scripts.update_translations import ENGINE_SOURCES

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
    "fp", "bf", "bfloat", "BF", "AMX", "AVX", "GPU", "CPU", "OpenCC", "Pharaoh",  # number formats (fp32, bf16), hardware, tools
}  # fmt: skip


def catalogue() -> dict[str, str]:
    ts = i18n.catalogue_path(CHINESE, ".ts")
    return {m.findtext("source"): m.findtext("translation") or "" for m in ET.parse(ts).getroot().iter("message")}


def marked_strings() -> set[str]:
    """Every literal passed to tr() or QT_TR_NOOP() in app/ and in the engine's declared choices."""
    found = set()
    for path in [*APP.rglob("*.py"), *(APP.parent / name for name in ENGINE_SOURCES)]:
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
        text = re.sub(r"\S*/\S*|[\w.-]+\.(?:s2s|tsv|txt|align|src|tgt)\b", " ", text)  # paths, model and corpus files
        text = re.sub(
            "|".join(map(re.escape, sorted(bundled_models(), key=len, reverse=True))), " ", text
        )  # model names
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
    # Strings built from data: the model bar (from the model's configuration), the corpus's statistics.
    assert "注意力：" in win.model_label.text() and "解码器：" in win.model_label.text()
    assert "日期" in win.train_panel.data.stats.text()  # the built-in corpus's kinds


def test_the_guide_is_translated(qapp):
    try:
        i18n.install(CHINESE)
        left = untranslated([Shown("guide", guide_html())], [])
        assert not left, left
    finally:
        i18n.install(i18n.ENGLISH)


def test_the_language_switches_at_once_keeping_the_model_the_sentence_and_the_window(qtbot, window, dialogs):
    try:
        names = [action.text() for action in window.language_actions.actions()]
        assert names == ["Follow the system", "English", "简体中文"]
        model, panel = window.translation.model, window.translate_panel
        sentence = panel.source.text()
        assert sentence and "attention:" in window.model_label.text()
        window.tabs.setCurrentWidget(window.model_panel)
        window.resize(1000, 700)
        geometry = window.geometry()
        window.language_actions.actions()[2].trigger()
        assert i18n.saved_language() == CHINESE and i18n.current_language() == CHINESE
        assert not dialogs  # no restart asked for
        assert window.translate_panel is not panel and window.translation.model is model
        assert window.translate_panel.source.text() == sentence and window.geometry() == geometry
        assert window.tabs.currentWidget() is window.model_panel
        qtbot.waitUntil(lambda: window.translate_panel.translation is not None, timeout=20_000)
        assert window.translate_panel.translation.source == sentence
        assert window.tabs.tabText(1) == "翻译" and window.menuBar().actions()[0].text() == "文件(&F)"
        # Strings built from the model's configuration are in Chinese too, in the form's words.
        assert "注意力：" in window.model_label.text() and "注意力：" in window.model_panel.summary.text()
        assert window.language_actions.actions()[2].isChecked()
        window.language_actions.actions()[1].trigger()
        assert i18n.current_language() == i18n.ENGLISH and window.tabs.tabText(1) == "Translate"
        assert "attention:" in window.model_label.text() and window.translation.model is model
    finally:
        i18n.install(i18n.ENGLISH)


def test_corpus_statistics_are_built_in_the_interface_language(qapp):
    from app.panels.data_page import kinds_text, skipped_text
    from models.corpus.readers import SkipReport

    report = SkipReport()
    report.add("duplicate pair", n=3)
    report.add("longer than 50 words", "line 12")
    try:
        i18n.install(CHINESE)
        assert kinds_text({"date": 4, "cardinal": 2}) == "日期 4，基数 2"
        text = skipped_text(report)
        assert "重复的句对" in text and "超过 50 个词" in text and "第 12 行" in text
        assert not english_words(plain(text))
    finally:
        i18n.install(i18n.ENGLISH)
    assert skipped_text(report) == "3 duplicate pair; 1 longer than 50 words (first at line 12)"


def test_while_a_model_trains_the_language_switches_when_the_training_ends(qtbot, window, monkeypatch, dialogs):
    try:
        panel = window.translate_panel
        monkeypatch.setattr(window.training, "is_running", lambda: True)
        window.language_actions.actions()[2].trigger()
        assert i18n.saved_language() == CHINESE and window.translate_panel is panel  # the live views stay
        assert window.tabs.tabText(1) == "Translate" and "training ends" in window.statusBar().currentMessage()
        monkeypatch.setattr(window.training, "is_running", lambda: False)
        window._switch_language_if_pending()  # what the training's end calls
        assert window.translate_panel is not panel and window.tabs.tabText(1) == "翻译"
        qtbot.waitUntil(lambda: window.translate_panel.translation is not None, timeout=20_000)
    finally:
        i18n.install(i18n.ENGLISH)


def test_a_catalogue_rebuilt_while_the_app_runs_leaves_the_interface_translated(qapp, tmp_path, monkeypatch):
    """The translator keeps its own copy: a file it mapped would change under it when
    scripts/update_translations.py rewrites the catalogue (English strings, or a crash)."""
    copy = tmp_path / "seq2seq_studio_zh_CN.qm"
    copy.write_bytes(i18n.catalogue_path(CHINESE).read_bytes())
    monkeypatch.setattr(i18n, "catalogue_path", lambda code, suffix=".qm": tmp_path / f"seq2seq_studio_{code}{suffix}")
    try:
        assert i18n.install(CHINESE) == CHINESE and i18n.tr("Translate") == "翻译"
        with copy.open("r+b") as rewritten:  # rewritten in place, as lrelease does
            rewritten.write(bytes(len(copy.read_bytes())))
        assert i18n.tr("Translate") == "翻译"
    finally:
        i18n.install(i18n.ENGLISH)
