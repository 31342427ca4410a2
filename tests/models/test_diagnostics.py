"""Attention diagnostics on matrices whose answers are known."""

import numpy as np

from models.inspection.diagnostics import diagnose, is_punctuation


def test_a_clean_alignment_is_sharp_and_covers_each_piece_once():
    d = diagnose(np.eye(4), ["▁the", "▁red", "▁car", "."])
    assert np.allclose(d.entropy, 0.0) and np.allclose(d.coverage, 1.0)
    assert d.low_coverage == [] and d.high_coverage == [] and d.on_end is None
    assert np.isclose(d.on_punctuation, 0.25)  # one step of four looked at '.'


def test_uniform_attention_has_the_largest_entropy():
    d = diagnose(np.full((3, 8), 1 / 8), [f"▁w{i}" for i in range(8)])
    assert np.allclose(d.entropy, 3.0) and d.uniform_entropy == 3.0 and np.isclose(d.mean_entropy, 3.0)


def test_skipped_and_repeated_pieces_and_an_end_sink_are_found():
    attention = np.array([[1.0, 0, 0, 0], [1.0, 0, 0, 0], [0, 0, 0.2, 0.8]])  # 'a' twice, 'b' never
    d = diagnose(attention, ["▁a", "▁b", "▁c", "</s>"])
    assert d.high_coverage == [0] and d.low_coverage == [1, 2] and np.isclose(d.on_end, 0.8 / 3)


def test_punctuation_pieces():
    assert is_punctuation("▁,") and is_punctuation("。") and is_punctuation("?!")
    assert not is_punctuation("▁a") and not is_punctuation("▁") and not is_punctuation("15,")
