"""A Transformer's self-attention maps along a translation are those its cached decoding computed."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from models.checkpoint import load_checkpoint
from models.config import DecodeConfig
from models.errors import InputError
from models.inspection.self_attention import self_attention_maps
from models.translator import Translator


def _decoded_self_attention(transformer, source_ids, fed_ids):
    """Step by step with the cache, as decoding runs: encoder maps, and each step's row per layer."""
    with torch.no_grad():
        enc, state = transformer.encode(torch.tensor([source_ids]), torch.tensor([len(source_ids)]))
        rows = []
        for token in fed_ids:
            step = transformer.decode_step(torch.tensor([token]), enc, state)
            rows.append([w[0].numpy() for w in step.self_attention])  # per layer (heads, t)
            state = step.state
    return torch.stack(enc.self_attention, 1)[0].numpy(), rows


@pytest.mark.parametrize("config", [DecodeConfig(), DecodeConfig(method="beam", beam_size=3, nbest=3)])
def test_the_maps_are_those_of_the_actual_decoding(transformer_model_path, config):
    translator = Translator(load_checkpoint(transformer_model_path))
    translation = translator.translate("the small car", config)
    maps = self_attention_maps(translator, translation)
    assert len(maps) == len(translation.nbest)
    transformer = translator.model.transformer.eval()
    source_ids = [translator.source_tokenizer.piece_to_id(p) for p in translation.source_pieces]
    for entry, found in zip(translation.nbest, maps):
        steps, sources = len(entry.pieces), len(source_ids)
        fed = ([2] + list(entry.token_ids))[:steps]
        encoder, rows = _decoded_self_attention(transformer, source_ids, fed)
        layers, heads = encoder.shape[:2]
        assert found.encoder.shape == (layers, heads, sources, sources)
        assert np.allclose(found.encoder, encoder, atol=1e-5)
        assert found.decoder.shape == (layers, heads, steps, steps)
        for t, per_layer in enumerate(rows):
            for layer, weights in enumerate(per_layer):
                assert np.allclose(found.decoder[layer, :, t, : t + 1], weights, atol=1e-5)
                assert np.allclose(found.decoder[layer, :, t, t + 1 :], 0.0)  # causal: nothing after t
        assert found.fed_pieces[0] == "<s>" and found.fed_pieces[1:] == entry.pieces[: steps - 1]
        assert found.output_pieces == entry.pieces and found.source_pieces == translation.source_pieces


def test_a_recurrent_model_has_no_self_attention(toy_model_path):
    translator = Translator(load_checkpoint(toy_model_path))
    with pytest.raises(InputError, match="Transformer"):
        self_attention_maps(translator, translator.translate("one"))
