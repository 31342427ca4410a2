"""Gold alignments on the Translate tab's heatmap (#26 item 5): a built-in corpus's sentence, or
one of a Pharaoh file the person opens, has its gold links drawn over the attention (sure and
possible apart); the drawn links are the gold set and the caption's AER is models.alignment's."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from app import file_dialogs
from app.views.heatmap_marks import Block
from models.alignment import AlignedPair, alignment_set, gold_links, score_alignment
from models.checkpoint import load_checkpoint
from models.compare import text_units
from models.corpus.builtin import kinds
from models.inspection.gold_alignment import builtin_gold, pharaoh_gold, recognised_dates
from models.translator import Translator
from tests.app.conftest import open_window

ROOT = Path(__file__).resolve().parents[2]
RNN = ROOT / "resources" / "default-en-fr.s2s"
SPEC = "tatoeba-eng-fra + builtin:en-fr"


@pytest.mark.parametrize("lang", ["fr", "de", "es", "zh"])
def test_a_typed_date_gets_the_generators_own_gold(lang):
    rng = random.Random(11)
    made = 0
    for _ in range(80):
        generated = kinds.date(rng, lang)
        if generated is None:
            continue
        source, target = kinds.clean(generated)
        sure, possible = gold_links(source, target, generated.parts)
        if not possible:
            continue
        made += 1
        assert AlignedPair(source, target, "date", sure, possible) in recognised_dates(source, lang)
    assert made > 40
    assert recognised_dates("Friday, February 15, 1850", lang) == []  # outside the generator's years
    assert recognised_dates("the red car", lang) == []


def test_the_probes_pairs_have_their_gold_and_other_corpora_none():
    for pair in alignment_set("fr")[:40]:
        assert pair in builtin_gold(SPEC, pair.source)
    assert builtin_gold("tatoeba-eng-fra", "Friday, February 15, 2019") == []
    assert builtin_gold(SPEC, "Where is the train station?") == []


@pytest.fixture
def rnn_window(qtbot, dialogs):
    yield from open_window(qtbot, RNN, timeout_ms=30_000)


def _translate(window, qtbot, text):
    panel = window.translate_panel
    with qtbot.waitSignal(panel.translation_shown, timeout=20_000):
        panel.set_text_and_translate(text)
    return panel


def _drawn_links(canvas, source_pieces, target_pieces, pair) -> tuple[set, set]:
    """The word links the drawn boxes stand for: the words whose pieces each box spans."""

    def words(pieces, units, start, end):
        """The units all of whose pieces lie in pieces [start, end)."""
        body = [p.replace("▁", "") for p in pieces if p != "</s>"]
        char_unit = [u for u, unit in enumerate(units) for _ in unit]
        spans, at = [], 0
        for piece in body:
            spans.append(set(char_unit[at : at + len(piece)]))
            at += len(piece)
        inside = set.union(*(spans[i] for i in range(start, end)))
        return {u for u in inside if all(i in range(start, end) for i, s in enumerate(spans) if u in s)}

    src_units, tgt_units = text_units(pair.source), text_units(pair.target)

    def links(blocks: list[Block]) -> set:
        found = set()
        for b in blocks:
            for s in words(source_pieces, src_units, b.left, b.right):
                for t in words(target_pieces, tgt_units, b.top, b.bottom):
                    found.add((s, t))
        return found

    return links(canvas.gold.sure), links(canvas.gold.possible)


@pytest.mark.parametrize("sentence", ["Friday, February 15, 2019", "fifty-five weeks ago"])
def test_a_builtin_sentence_shows_its_gold_links_and_aer(rnn_window, qtbot, sentence):
    panel = _translate(rnn_window, qtbot, sentence)
    view, t = panel.attention, panel.translation
    overlay = view.gold.overlay
    assert overlay is not None and overlay.matches and overlay.origin == "builtin"
    pair = overlay.pair
    assert pair.source == sentence and pair.target == t.text  # the output is the gold target
    sure, possible = _drawn_links(view.canvas, t.source_pieces, t.best.pieces, pair)
    assert sure == set(pair.sure) and possible == set(pair.possible - pair.sure)
    expected = score_alignment(Translator(load_checkpoint(RNN)), [pair])
    assert overlay.score.aer == pytest.approx(expected.aer, abs=1e-6)
    assert overlay.score.precision == pytest.approx(expected.precision, abs=1e-6)
    assert f"AER {expected.aer:.2f}" in view.gold.caption.text() and view.gold.caption.isVisibleTo(view)
    # Another sentence, without gold: nothing is drawn.
    _translate(rnn_window, qtbot, "Where is the train station?")
    assert view.gold.overlay is None and view.canvas.gold is None and not view.gold.caption.isVisibleTo(view)


def test_a_pharaoh_file_beside_its_pairs(window, qtbot, tmp_path, monkeypatch, toy_model_path, dialogs):
    pairs = tmp_path / "toy.tsv"
    pairs.write_text("the red car\tla voiture rouge\nthe blue house\tla maison bleue\n", encoding="utf-8")
    gold = tmp_path / "toy.tsv.align"
    gold.write_text("0-0 1-2 2-1 0?1\n0-0 1?2 2-1\n", encoding="utf-8")
    monkeypatch.setattr(file_dialogs, "open_file", lambda *a, **k: str(gold))
    panel = _translate(window, qtbot, "the red car")
    assert panel.attention.gold.overlay is None  # the toy corpus is no built-in one
    panel.attention.gold.button.click()
    overlay = panel.attention.gold.overlay
    assert overlay is not None and overlay.matches and overlay.origin == str(gold)
    assert overlay.pair == pharaoh_gold(gold)[0]
    sure, possible = _drawn_links(panel.attention.canvas, panel.translation.source_pieces,
                                  panel.translation.best.pieces, overlay.pair)  # fmt: skip
    assert sure == {(0, 0), (1, 2), (2, 1)} and possible == {(0, 1)}
    expected = score_alignment(Translator(load_checkpoint(toy_model_path)), [overlay.pair])
    assert overlay.score.aer == pytest.approx(expected.aer, abs=1e-6)
    assert "toy.tsv.align" in panel.attention.gold.caption.text()
    # A sentence of the file whose output is another: the links are not drawn, and it says why.
    panel = _translate(window, qtbot, "the blue house")
    overlay = panel.attention.gold.overlay
    if panel.translation.text != "la maison bleue":
        assert not overlay.matches and panel.attention.canvas.gold is None
        assert "not drawn" in panel.attention.gold.caption.text()
    else:
        assert overlay.matches and panel.attention.canvas.gold is not None


@pytest.mark.parametrize(("lines", "said"), [("0-0 1x2\n0-0\n", "line 1"), ("0-0\n", "1 alignment lines for 2"),
                                             ("0-0 7-1\n0-0\n", "outside the pair's words")])  # fmt: skip
def test_a_wrong_gold_file_is_said_with_its_file_and_line(window, tmp_path, monkeypatch, dialogs, lines, said):
    pairs = tmp_path / "toy.tsv"
    pairs.write_text("the red car\tla voiture rouge\nthe blue house\tla maison bleue\n", encoding="utf-8")
    gold = tmp_path / "toy.tsv.align"
    gold.write_text(lines, encoding="utf-8")
    monkeypatch.setattr(file_dialogs, "open_file", lambda *a, **k: str(gold))
    window.translate_panel.attention.gold.button.click()
    assert dialogs and dialogs[-1][0] == "warning"
    assert said in dialogs[-1][1] and "toy.tsv.align" in dialogs[-1][1]
    assert window.translate_panel.attention.gold.pairs == []


def test_a_gold_file_without_its_pairs_asks_for_them(window, tmp_path, monkeypatch, dialogs):
    pairs = tmp_path / "sentences.tsv"
    pairs.write_text("the red car\tla voiture rouge\n", encoding="utf-8")
    gold = tmp_path / "gold.align"
    gold.write_text("0-0 1-2 2-1\n", encoding="utf-8")
    answers = iter([str(gold), str(pairs)])
    monkeypatch.setattr(file_dialogs, "open_file", lambda *a, **k: next(answers))
    window.translate_panel.attention.gold.button.click()
    assert [p.source for p in window.translate_panel.attention.gold.pairs] == ["the red car"]
