"""Hidden-state trajectories: the states are the modules' own, the projection is a PCA."""

import numpy as np
import pytest
import torch
from torch import nn

from models.checkpoint import load_checkpoint
from models.inspection.attention_math import attention_math
from models.inspection.hidden_states import hidden_trajectories, project_2d
from models.nn.rnn.inspect import layer_outputs
from models.translator import Translator


def test_states_are_those_the_attention_saw(toy_model_path):
    translator = Translator(load_checkpoint(toy_model_path))
    translation = translator.translate("the red car")
    encoder, decoder = hidden_trajectories(translator, translation)  # one layer each
    math = attention_math(translator, translation)
    assert encoder.pieces == translation.source_pieces and decoder.pieces == translation.best.pieces
    assert np.allclose(encoder.states, math.values, atol=1e-6)  # the encoder outputs attention reads
    assert np.allclose(decoder.states, math.queries, atol=1e-6)  # the decoder states that query it
    assert encoder.points.shape == (len(encoder.pieces), 2) and decoder.points.shape == (len(decoder.pieces), 2)
    assert (encoder.side, encoder.layer, encoder.layers, encoder.bidirectional) == ("encoder", 1, 1, True)
    assert (decoder.side, decoder.layer, decoder.layers) == ("decoder", 1, 1) and 0 < sum(decoder.explained) <= 1 + 1e-9


def test_projection_keeps_the_main_directions():
    rng = np.random.default_rng(0)
    t = np.linspace(-1, 1, 20)[:, None]
    states = t @ rng.normal(size=(1, 50)) + 0.001 * rng.normal(size=(20, 50))  # points on a line in 50-D
    points, explained = project_2d(states)
    assert explained[0] > 0.99 and np.allclose(points.mean(axis=0), 0, atol=1e-9)
    assert abs(np.corrcoef(points[:, 0], t[:, 0])[0, 1]) > 0.999  # the line's order is kept
    assert project_2d(states[:1])[0].shape == (1, 2)


@pytest.mark.parametrize("kind", [nn.GRU, nn.LSTM, nn.RNN])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_layer_by_layer_ends_where_the_module_does(kind, bidirectional):
    torch.manual_seed(0)
    rnn = kind(6, 5, num_layers=3, batch_first=True, bidirectional=bidirectional)
    x = torch.randn(2, 7, 6)
    dirs = 2 if bidirectional else 1
    h0 = torch.randn(3 * dirs, 2, 5)
    hx = (h0, torch.randn(3 * dirs, 2, 5)) if kind is nn.LSTM else h0
    with torch.no_grad():
        expected, _ = rnn(x, hx)
        layers = layer_outputs(rnn, x, hx)
    assert len(layers) == 3 and all(layer.shape == (2, 7, 5 * dirs) for layer in layers)
    assert torch.allclose(layers[-1], expected, atol=1e-6)
    assert not torch.allclose(layers[0], layers[1])  # each layer its own states


def test_every_layer_of_a_deep_input_feeding_model(tmp_path):
    from tests.conftest import train_toy

    result = train_toy(tmp_path, steps=40, layers=2, cell="lstm", decoder_style="input_feeding")
    translator = Translator(load_checkpoint(result.last_path))
    translation = translator.translate("the red car")
    trajectories = hidden_trajectories(translator, translation)
    assert [(t.side, t.layer, t.layers) for t in trajectories] == [
        ("encoder", 1, 2), ("encoder", 2, 2), ("decoder", 1, 2), ("decoder", 2, 2)]  # fmt: skip
    math = attention_math(translator, translation)
    assert np.allclose(trajectories[1].states, math.values, atol=1e-5)  # the top layers are what attention uses
    assert np.allclose(trajectories[3].states, math.queries, atol=1e-5)
    assert not np.allclose(trajectories[2].states, trajectories[3].states)


def test_a_transformers_layers_end_in_what_attention_and_the_output_layer_read(transformer_model_path):
    translator = Translator(load_checkpoint(transformer_model_path))
    translation = translator.translate("the blue house")
    trajectories = hidden_trajectories(translator, translation)
    encoder = [t for t in trajectories if t.side == "encoder"]
    decoder = [t for t in trajectories if t.side == "decoder"]
    assert [t.layer for t in encoder] == [1, 2] and [t.layer for t in decoder] == [1, 2]
    assert not any(t.bidirectional for t in trajectories)
    ids = [translator.source_tokenizer.piece_to_id(p) for p in translation.source_pieces]
    fed = ([2] + translation.best.token_ids)[: len(translation.best.pieces)]
    transformer = translator.model.transformer.eval()
    with torch.no_grad():
        features, _, _, enc = transformer.features(torch.tensor([ids]), torch.tensor([len(ids)]), torch.tensor([fed]))
        logits = transformer.output(torch.tensor(decoder[-1].states))
    assert np.allclose(encoder[-1].states, enc.memory[0].numpy(), atol=1e-5)  # the memory cross-attention reads
    assert np.allclose(decoder[-1].states, features[0].numpy(), atol=1e-5)
    assert logits.argmax(-1).tolist() == translator.target_pieces_to_ids(translation.best.pieces)  # greedy's, </s> too
    assert not np.allclose(encoder[0].states, encoder[-1].states)  # the lower layer is its own
    assert encoder[0].states.shape == (len(ids), 32) and decoder[0].points.shape == (len(fed), 2)
