"""Hidden-state trajectories: the states are the modules' own, the projection is a PCA."""

import numpy as np

from models.attention_math import attention_math
from models.checkpoint import load_checkpoint
from models.hidden_states import hidden_trajectories, project_2d
from models.translator import Translator


def test_states_are_those_the_attention_saw(toy_model_path):
    translator = Translator(load_checkpoint(toy_model_path))
    translation = translator.translate("the red car")
    encoder, decoder = hidden_trajectories(translator, translation)
    math = attention_math(translator, translation)
    assert encoder.pieces == translation.source_pieces and decoder.pieces == translation.best.pieces
    assert np.allclose(encoder.states, math.values, atol=1e-6)  # the encoder outputs attention reads
    assert np.allclose(decoder.states, math.queries, atol=1e-6)  # the decoder states that query it
    assert encoder.points.shape == (len(encoder.pieces), 2) and decoder.points.shape == (len(decoder.pieces), 2)
    assert "both directions" in encoder.name and 0 < sum(decoder.explained) <= 1.0 + 1e-9


def test_projection_keeps_the_main_directions():
    rng = np.random.default_rng(0)
    t = np.linspace(-1, 1, 20)[:, None]
    states = t @ rng.normal(size=(1, 50)) + 0.001 * rng.normal(size=(20, 50))  # points on a line in 50-D
    points, explained = project_2d(states)
    assert explained[0] > 0.99 and np.allclose(points.mean(axis=0), 0, atol=1e-9)
    assert abs(np.corrcoef(points[:, 0], t[:, 0])[0, 1]) > 0.999  # the line's order is kept
    assert project_2d(states[:1])[0].shape == (1, 2)
