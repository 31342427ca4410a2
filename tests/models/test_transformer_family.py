"""The Transformer family through the one model interface: trained by the trainer, saved and
loaded, and decoded by every method the recurrent family is."""

from __future__ import annotations

import numpy as np
import pytest

from models.checkpoint import load_checkpoint, save_checkpoint
from models.config import DecodeConfig, TokenizerConfig, TrainConfig
from models.errors import TrainingError
from models.nn.family import model_config
from models.translator import Translator
from tests.conftest import TINY_TRANSFORMER, TOY_PAIRS, toy_corpus

TINY = model_config(**TINY_TRANSFORMER)


@pytest.fixture
def transformer_path(transformer_model_path):
    return str(transformer_model_path)


def test_it_learns_the_toy_pairs_and_decodes_with_every_method(transformer_path):
    translator = Translator(load_checkpoint(transformer_path))
    greedy = translator.translate("the red car")
    assert greedy.text == "la voiture rouge"
    beam = translator.translate("the red car", DecodeConfig(method="beam", beam_size=4, nbest=3), trace=True)
    assert beam.text == "la voiture rouge" and len(beam.nbest) == 3 and beam.tree
    assert translator.translate("the red car", DecodeConfig(method="beam", beam_size=1)).text == greedy.text
    batch = translator.translate_batch([s for s, _ in TOY_PAIRS])
    assert batch == [translator.translate(s).text for s, _ in TOY_PAIRS]
    sampled = translator.translate("thank you", DecodeConfig(method="sample", temperature=0.5, seed=1))
    assert sampled.text


def test_its_attention_is_one_map_per_step_and_every_head_beside_it(transformer_path):
    from models.fast import inference

    translator = Translator(load_checkpoint(transformer_path))
    t = translator.translate("a big dog", trace=True)
    attention = t.best.attention  # (steps, source pieces): the last layer, its heads averaged
    assert attention.shape == (len(t.best.pieces), len(t.source_pieces))
    assert np.allclose(attention.sum(axis=1), 1.0, atol=1e-5)
    assert t.steps and t.steps[0].attention is not None
    model = translator.model
    runner = inference(model)
    import torch

    with torch.no_grad():
        enc, state = runner.encode(torch.tensor([[5, 6, 7]]), torch.tensor([3]))
        step = runner.decode_step(torch.tensor([2]), enc, state)
    assert step.heads.shape == (1, 2, 2, 3)  # (batch, layers, heads, source)
    assert torch.allclose(step.attention, step.heads[:, -1].mean(1))


def test_a_saved_transformer_loads_back_and_translates_the_same(transformer_path, tmp_path):
    bundle = load_checkpoint(transformer_path)
    again = load_checkpoint(save_checkpoint(tmp_path / "copy.s2s", bundle, half=True))
    assert again.model_config.family == "transformer" and "Transformer 2+2 layers" in again.describe()["architecture"]
    assert Translator(again).translate("thank you").text == Translator(bundle).translate("thank you").text


def test_the_transformer_trains_with_teacher_forcing_only(tmp_path):
    from models.training import Trainer

    train = TrainConfig(max_minutes=None, max_steps=5, teacher_forcing=0.5)
    result = Trainer(tmp_path, toy_corpus(), TINY, TokenizerConfig(model_type="word"), train).run()
    assert result.failed and "teacher forcing only" in result.failed


def test_transformer_sizes_are_checked():
    from dataclasses import replace

    with pytest.raises(ValueError, match="multiple of heads"):
        replace(TINY, heads=5).validate()
    with pytest.raises(ValueError, match="encoder layers must be a whole number from 1 to 6"):
        replace(TINY, layers=7).validate()
    assert TrainingError


@pytest.mark.parametrize("config", [DecodeConfig(), DecodeConfig(method="beam", beam_size=3, nbest=2)],
                         ids=["greedy", "beam"])  # fmt: skip
def test_every_output_step_keeps_every_layers_and_heads_attention(transformer_path, config):
    translator = Translator(load_checkpoint(transformer_path))
    t = translator.translate("the blue house", config)
    for entry in t.nbest:
        assert entry.heads.shape == (len(entry.pieces), 2, 2, len(t.source_pieces))  # (steps, layers, heads, S)
        assert np.allclose(entry.heads[:, -1].mean(axis=1), entry.attention, atol=1e-5)  # the map views draw
        assert np.allclose(entry.heads.sum(axis=-1), 1.0, atol=1e-5)


def test_recurrent_models_have_no_heads(toy_model_path):
    t = Translator(load_checkpoint(toy_model_path)).translate("the red car", DecodeConfig(method="beam", beam_size=2))
    assert t.best.heads is None and t.best.attention is not None
