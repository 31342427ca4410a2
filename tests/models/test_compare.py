"""Two models on one sentence: shared rows and columns, forced scores, regrouping by characters."""

import json

import numpy as np
import pytest

from models.checkpoint import load_checkpoint
from models.cli import main
from models.compare import compare, regroup, text_units, unit_of_pieces
from models.config import DecodeConfig
from models.snapshots import RunReplay, list_snapshots
from models.translator import Translator
from tests.conftest import train_toy


@pytest.fixture(scope="module")
def toy_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("compare-run")
    train_toy(out, steps=200)  # evaluates once, at the end: one snapshot
    return out


def test_a_model_against_itself_differs_nowhere(toy_model_path):
    model = Translator(load_checkpoint(toy_model_path))
    result = compare(model, model, "the red car", DecodeConfig(method="beam", beam_size=3))
    assert result.same_pieces and result.same_output
    assert result.rows == result.a.translation.best.pieces and result.columns == result.a.translation.source_pieces
    assert np.abs(result.difference).max() < 1e-5
    # The other model's score of an output is that model's forced log-probability of it.
    assert result.a.other_log_prob == pytest.approx(result.b.translation.best.log_prob, abs=1e-4)


def test_two_points_of_one_run_share_pieces_and_differ(toy_run, toy_model_path):
    step = list_snapshots(toy_run)[0].step
    early = Translator(RunReplay(toy_run).load(step))
    trained = Translator(load_checkpoint(toy_model_path))
    result = compare(trained, early, "the blue house", names=("trained", "snapshot"))
    assert result.a_attention.shape == result.b_attention.shape == (len(result.rows), len(result.columns))
    # Both are made to write A's output, so each row of both is a distribution over the same source pieces.
    assert np.allclose(result.a_attention.sum(axis=1), 1, atol=1e-4)
    assert np.allclose(result.b_attention.sum(axis=1), 1, atol=1e-4)


def test_different_vocabularies_line_up_by_words(toy_model_path):
    toy = Translator(load_checkpoint(toy_model_path))
    bundled = Translator(load_checkpoint("default-en-fr"))
    result = compare(bundled, toy, "the red car")
    assert not result.same_pieces
    assert result.columns == ["the", "red", "car"]
    words = text_units(result.a.translation.text)
    assert result.rows == words + ["</s>"]
    for matrix in (result.a_attention, result.b_attention):
        assert matrix.shape == (len(result.rows), 3)
        assert np.allclose(matrix.sum(axis=1), 1, atol=1e-4)


def test_units_and_regrouping():
    assert text_units("I like 猫 and 狗狗.") == ["I", "like", "猫", "and", "狗", "狗", "."]
    assert unit_of_pieces(["▁I", "▁li", "ke", "▁cats", "."], ["I", "like", "cats."]) == [0, 1, 1, 2, 2]
    # Normalisation changed the text: pieces are spread in proportion, never out of range.
    assert unit_of_pieces(["▁x", "▁yy", "▁z"], ["a", "bb", "c", "d"]) == [0, 1, 2]
    attention = np.array([[0.5, 0.5, 0.0], [0.0, 0.2, 0.8], [1.0, 0.0, 0.0]])
    grouped = regroup(attention, ["▁le", "s", "</s>"], ["▁li", "ke", "▁cats"], ["les"], ["like", "cats"])
    assert grouped.shape == (2, 2)
    assert np.allclose(grouped[0], [(1.0 + 0.2) / 2, 0.8 / 2])
    assert np.allclose(grouped[1], [1.0, 0.0])


def test_cli_compare_and_translate_with_a_snapshot(toy_run, toy_model_path, capsys):
    step = list_snapshots(toy_run)[0].step
    assert main(["compare", "--model", str(toy_model_path), "--model", f"{toy_run}@{step}", "the red car"]) == 0
    out = capsys.readouterr().out
    assert "mean entropy" in out and f"@ step {step}" in out and "same output" in out
    assert main(["compare", "--json", "--model", str(toy_model_path), "--model", "default", "the red car"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["same_pieces"] is False and data["a"]["translation"] and data["b"]["attention"]["alignments"]
    assert main(["translate", "--model", str(toy_run), "--snapshot", str(step), "the red car"]) == 0
    assert capsys.readouterr().out.strip() == "la voiture rouge"
    assert main(["translate", "--model", str(toy_run), "--snapshot", "7", "the red car"]) == 2
    assert "no snapshot at step 7" in capsys.readouterr().err
    assert main(["compare", "--model", "default", "hello"]) == 2
    assert "exactly two models" in capsys.readouterr().err
