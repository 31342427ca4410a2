"""Scoring the signals: AER by signal against gold alignments, Pharaoh files, faithfulness curves."""

from __future__ import annotations

import json

import numpy as np
import pytest

from models.alignment import AlignedPair
from models.alignment_io import format_line, gold_beside, parse_line, read_pharaoh, write_pharaoh
from models.checkpoint import load_checkpoint
from models.errors import CorpusError
from models.inspection.faithfulness import RANDOM, faithfulness
from models.inspection.scoreboard import alignment_by_signal, model_links, shifted
from models.translator import Translator

# the toy pairs' word links (source word, target word)
GOLD = [
    ("the red car", "la voiture rouge", {(0, 0), (1, 2), (2, 1)}),
    ("the blue house", "la maison bleue", {(0, 0), (1, 2), (2, 1)}),
    ("a big dog", "un grand chien", {(0, 0), (1, 1), (2, 2)}),
    ("a small cat", "un petit chat", {(0, 0), (1, 1), (2, 2)}),
]


def gold_pairs() -> list[AlignedPair]:
    return [AlignedPair(s, t, "toy", frozenset(links), frozenset(links)) for s, t, links in GOLD]


def test_pharaoh_lines_give_sure_and_possible_links():
    sure, possible = parse_line("0-0 1?2  2-1\n")
    assert sure == {(0, 0), (2, 1)} and possible == {(0, 0), (1, 2), (2, 1)}
    assert parse_line("") == (frozenset(), frozenset())
    assert format_line(sure, possible) == "0-0 1?2 2-1"


def test_a_pharaoh_file_reads_against_its_pairs_and_a_malformed_line_is_named(tmp_path):
    pairs = [(s, t) for s, t, _ in GOLD[:2]]
    good = tmp_path / "toy.align"
    good.write_text("0-0 1-2 2-1\n0-0 1?2 2-1\n\n", encoding="utf-8")
    aligned = read_pharaoh(good, pairs)
    assert aligned[1].sure == {(0, 0), (2, 1)} and aligned[1].possible == {(0, 0), (1, 2), (2, 1)}
    bad = tmp_path / "bad.align"
    bad.write_text("0-0 1-2\n0-0 1:2 2-1\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"bad\.align, line 2: '1:2' is not a link"):
        read_pharaoh(bad, pairs)
    bad.write_text("0-0\n0-0 5-1\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"bad\.align, line 2: link 5-1 is outside the pair's words"):
        read_pharaoh(bad, pairs)
    bad.write_text("0-0\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="1 alignment lines for 2 sentence pairs"):
        read_pharaoh(bad, pairs)


def test_gold_is_found_beside_a_corpus_and_written_links_read_back(tmp_path):
    corpus = tmp_path / "mine.tsv"
    corpus.write_text("".join(f"{s}\t{t}\n" for s, t, _ in GOLD), encoding="utf-8")
    assert gold_beside(corpus) is None
    path = write_pharaoh(tmp_path / "mine.align", [links for _, _, links in GOLD])
    assert gold_beside(corpus) == path
    back = read_pharaoh(path, [(s, t) for s, t, _ in GOLD])
    assert [p.sure for p in back] == [frozenset(links) for _, _, links in GOLD]


def test_shifting_moves_each_row_up_by_one():
    matrix = np.arange(6.0).reshape(3, 2)
    assert shifted(matrix).tolist() == [[2, 3], [4, 5], [4, 5]]


def test_aer_by_signal_on_a_tiny_trained_rnn(toy_model_path):
    translator = Translator(load_checkpoint(toy_model_path))
    table = alignment_by_signal(translator, gold_pairs(), ig_steps=8)
    data = table.to_json()
    for name in ("attention", "saliency", "input_x_gradient", "integrated_gradients", "occlusion"):
        assert name in data and name + ".shifted" in data
        assert 0.0 <= data[name]["aer"] <= 1.0 and data[name]["sentences"] == len(GOLD)
    assert "rollout" not in data
    assert table.best().score.aer <= min(row["aer"] for row in data.values())
    # the toy model knows these pairs: the occlusion of a word it translates moves its word most
    assert data["occlusion"]["aer"] < 0.5
    links = model_links(translator, [(p.source, p.target) for p in gold_pairs()], "occlusion")
    assert all(len(sentence) == 3 for sentence in links)


def test_aer_by_signal_on_a_tiny_transformer_names_every_layer_and_head(transformer_model_path):
    translator = Translator(load_checkpoint(transformer_model_path))
    table = alignment_by_signal(translator, gold_pairs()[:2], ["attention", "rollout", "norm"])
    names = set(table.to_json())
    assert {"attention", "attention.shifted", "attention.mean", "attention.layer1", "attention.layer2.head1",
            "attention.layer2.head2.shifted", "rollout", "norm", "norm.layer1", "norm.layer2.shifted"} <= names  # fmt: skip
    assert "saliency" not in names and set(table.seconds_by_method) == {"attention", "rollout", "norm"}


def test_faithfulness_curves_have_one_drop_per_k_and_meet_when_every_word_is_gone(toy_model_path):
    translator = Translator(load_checkpoint(toy_model_path))
    sources = ["the red car", "a big dog", "good morning"]
    table = faithfulness(translator, sources, ["attention", "saliency", "occlusion"], max_k=4)
    assert [c.signal for c in table.curves] == ["attention", "saliency", "occlusion", RANDOM]
    steps = {c.steps for c in table.curves}
    assert len(steps) == 1 and steps.pop() == sum(len(translator.translate(s).best.pieces) for s in sources)
    for curve in table.curves:
        assert len(curve.drops) == 4 and curve.area == pytest.approx(np.mean(curve.drops))
    # every sentence has at most 3 words: from k = 3 on, every ranking leaves out everything
    assert len({round(c.drops[3], 6) for c in table.curves}) == 1
    assert len({round(c.drops[2], 6) for c in table.curves}) == 1
    # occlusion ranks by the very drop it measures: its first word hurts at least as much as a random one
    assert table.curve("occlusion").drops[0] >= table.curve(RANDOM).drops[0] - 1e-6
    data = table.to_json()
    assert data["k"] == [1, 2, 3, 4] and set(data) >= {"attention", RANDOM, "sentences"}


def test_evaluate_signals_reads_gold_beside_the_corpus_and_writes_pharaoh(capsys, toy_model_path, toy_tsv, tmp_path):
    from models.cli import main
    from tests.conftest import TOY_PAIRS

    gold = {(s, t): links for s, t, links in GOLD}
    toy_tsv.with_suffix(".align").write_text(
        "".join(format_line(gold.get(pair, {(0, 0)})) + "\n" for pair in TOY_PAIRS), encoding="utf-8"
    )
    written = tmp_path / "model.align"
    code = main(["evaluate", "--model", str(toy_model_path), "--corpus", str(toy_tsv), "--json",
                 "--signals", "saliency,occlusion", "--write-alignments", str(written)])  # fmt: skip
    scores = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert code == 0 and scores["signals"] == ["saliency", "occlusion"]
    assert set(scores["alignment_by_signal"]) == {"saliency", "saliency.shifted", "occlusion", "occlusion.shifted"}
    assert scores["alignment"]["sentences"] == len(TOY_PAIRS)  # the attention scored on the same gold
    assert {"k", "saliency", "occlusion", "random"} <= set(scores["faithfulness"])
    assert len(read_pharaoh(written, TOY_PAIRS)) == len(TOY_PAIRS)
    bad = tmp_path / "bad.align"
    bad.write_text("0-0\n" * 3 + "zero-one\n", encoding="utf-8")
    code = main(["evaluate", "--model", str(toy_model_path), "--corpus", str(toy_tsv), "--gold", str(bad)])
    assert code == 2 and "bad.align, line 4: 'zero-one' is not a link" in capsys.readouterr().err
    code = main(["evaluate", "--model", str(toy_model_path), "--corpus", str(toy_tsv), "--signals", "nope"])
    assert code == 2 and "unknown signal nope" in capsys.readouterr().err
