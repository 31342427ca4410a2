"""Teacher forcing against free running on one sentence."""

import math

import numpy as np
import pytest

from models.checkpoint import load_checkpoint
from models.errors import InputError
from models.inspection.exposure import compare_exposure
from models.translator import Translator


@pytest.fixture(scope="module")
def translator(toy_model_path):
    return Translator(load_checkpoint(toy_model_path))


def test_a_reference_the_model_writes_itself_never_parts(translator):
    c = compare_exposure(translator, "the red car", "la voiture rouge")
    assert c.own_text == "la voiture rouge" and c.first_difference is None
    assert c.reference_pieces == c.own_pieces and c.reference_pieces[-1] == "</s>"
    assert all(s.reference_probability > 0.5 for s in c.steps)  # the toy model learnt it
    assert math.isclose(c.reference_log_prob, c.own_log_prob, rel_tol=1e-5)
    assert c.reference_attention.shape == (len(c.reference_pieces), len(c.source_pieces))


def test_a_different_reference_parts_where_it_differs(translator):
    c = compare_exposure(translator, "the red car", "la maison rouge")
    assert c.first_difference == 1  # 'la' is shared, then 'maison' against 'voiture'
    step = c.steps[1]
    assert step.reference_piece.endswith("maison") and step.own_piece.endswith("voiture")
    assert step.forced_top_piece == step.own_piece  # fed the same prefix, the model ranks its own first
    assert step.reference_probability < step.own_probability
    # The teacher-forced log P is the sum of the reference pieces' log probabilities.
    total = sum(math.log(s.reference_probability) for s in c.steps if s.reference_piece is not None)
    assert math.isclose(c.reference_log_prob, total, rel_tol=1e-4)
    assert c.reference_log_prob < c.own_log_prob
    assert np.allclose(c.reference_attention.sum(axis=1), 1.0, atol=1e-5)


def test_an_empty_reference_is_refused_with_a_sentence(translator):
    with pytest.raises(InputError, match="reference"):
        compare_exposure(translator, "the red car", "  ")
