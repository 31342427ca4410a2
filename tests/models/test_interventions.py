"""Interventions (models/inspection/interventions.py, #27 item 6): the attention changed at one
step through each family's hook, and the sentence decoded again from there."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from models.checkpoint import load_checkpoint
from models.config import DecodeConfig
from models.inspection.interventions import InterventionRequest, intervene
from models.inspection.registry import analysis_for, run_analysis
from models.nn.interface import AttentionEdit
from models.tokenizer import EOS_ID
from models.translator import Translator


@pytest.fixture(scope="module")
def rnn(toy_model_path):
    return Translator(load_checkpoint(toy_model_path))


@pytest.fixture(scope="module")
def transformer(transformer_model_path):
    return Translator(load_checkpoint(transformer_model_path))


def translated(translator, text="the red car"):
    return translator.translate(text, DecodeConfig())


@pytest.mark.parametrize("family", ["rnn", "transformer"])
def test_an_intervention_that_changes_nothing_reproduces_the_decoding_exactly(family, request):
    translator = request.getfixturevalue(family)
    translation = translated(translator)
    result = intervene(translator, translation, InterventionRequest(step=1, kind="none"))
    assert result.changed.token_ids == result.original.token_ids
    assert result.original.token_ids == list(translation.best.token_ids) + [EOS_ID]
    assert np.array_equal(result.changed.log_probs, result.original.log_probs)
    assert np.array_equal(result.changed.attention, result.original.attention)
    # the same loop as the translator's own decoding, to rounding
    assert result.original.log_prob == pytest.approx(translation.best.log_prob, abs=1e-4)
    np.testing.assert_allclose(result.original.attention, translation.best.attention, atol=1e-5)
    assert result.first_difference is None and result.log_prob_change == 0.0
    assert result.original_piece_log_prob == pytest.approx(result.original.log_probs[1], abs=1e-6)


@pytest.mark.parametrize("family", ["rnn", "transformer"])
def test_zeroing_a_position_gives_it_no_weight_and_rows_that_sum_to_one(family, request):
    translator = request.getfixturevalue(family)
    translation = translated(translator)
    step, position = 1, 2
    result = intervene(translator, translation, InterventionRequest(step=step, kind="zero", position=position))
    changed = result.changed.attention
    assert np.all(changed[step:, position] == 0.0)
    np.testing.assert_allclose(changed.sum(axis=1), 1.0, atol=1e-5)
    # before the step nothing changed: the same prefix, the same weights
    assert result.changed.token_ids[:step] == result.original.token_ids[:step]
    np.testing.assert_array_equal(changed[:step], result.original.attention[:step])
    assert result.original.attention[step, position] > 0.0  # it had weight to lose


def test_forcing_a_position_puts_all_the_weight_there_and_moves_the_probabilities(rnn):
    translation = translated(rnn)
    result = intervene(rnn, translation, InterventionRequest(step=0, kind="force", position=0))
    np.testing.assert_allclose(result.changed.attention[:, 0], 1.0)
    # every step reads "the" only: the same context at each step, other probabilities
    assert result.original_piece_log_prob != pytest.approx(result.original.log_probs[0], abs=1e-6)
    changed, original = result.changed, result.original
    assert changed.token_ids != original.token_ids or not np.allclose(changed.log_probs, original.log_probs)


def test_only_this_step_leaves_the_later_steps_unedited(rnn):
    translation = translated(rnn)
    result = intervene(rnn, translation, InterventionRequest(step=1, kind="zero", position=2, only_this_step=True))
    attention = result.changed.attention
    assert attention[1, 2] == 0.0
    if len(attention) > 2:  # the next step chose freely and looks where it likes
        assert attention[2:, 2].max() > 0.0


def test_switching_off_a_head_changes_that_layer_only_and_is_shown_without_it(transformer):
    translation = translated(transformer)
    model = transformer.model
    layers = len(model.transformer.decoder_layers)
    request = InterventionRequest(step=0, kind="head", layer=layers - 1, head=0)
    result = intervene(transformer, translation, request)
    np.testing.assert_allclose(result.changed.attention.sum(axis=1), 1.0, atol=1e-5)  # the heads still on
    # the hook's own effect: the head's output is zero, so the logits move
    src = torch.tensor([transformer._source_ids(translation.source)])
    enc, state = model.encode(src, torch.tensor([src.size(1)]))
    bos = torch.tensor([1])
    with torch.no_grad():
        plain = model.decode_step(bos, enc, state)
        with model.edited_attention(AttentionEdit("head", layer=layers - 1, head=0)):
            off = model.decode_step(bos, enc, state)
    assert torch.all(off.heads[0, layers - 1, 0] == 0.0)
    assert torch.equal(off.heads[0, : layers - 1], plain.heads[0, : layers - 1])  # earlier layers as they were
    assert not torch.allclose(off.logits, plain.logits)
    # the hooks are gone once the context closes
    with torch.no_grad():
        again = model.decode_step(bos, enc, state)
    assert torch.equal(again.logits, plain.logits)


def test_edits_a_family_cannot_make_are_refused(rnn, transformer):
    translation = translated(rnn)
    with pytest.raises(ValueError, match="no heads"):
        intervene(rnn, translation, InterventionRequest(step=0, kind="head", layer=0, head=0))
    with pytest.raises(ValueError, match="source has pieces"):
        intervene(rnn, translation, InterventionRequest(step=0, kind="zero", position=99))
    with pytest.raises(ValueError, match="output has steps"):
        intervene(rnn, translation, InterventionRequest(step=99, kind="zero"))
    with pytest.raises(ValueError, match="heads 0"):
        intervene(transformer, translated(transformer), InterventionRequest(step=0, kind="head", layer=0, head=9))


def test_the_weight_edit_itself():
    weights = torch.tensor([[0.5, 0.3, 0.2, 0.0]])
    mask = torch.tensor([[True, True, True, False]])
    zeroed = AttentionEdit("zero", position=0).apply(weights, mask)
    np.testing.assert_allclose(zeroed.numpy(), [[0.0, 0.6, 0.4, 0.0]], atol=1e-6)
    forced = AttentionEdit("force", position=2).apply(weights, mask)
    np.testing.assert_allclose(forced.numpy(), [[0.0, 0.0, 1.0, 0.0]])
    everything_there = AttentionEdit("zero", position=1).apply(torch.tensor([[0.0, 1.0, 0.0, 0.0]]), mask)
    np.testing.assert_allclose(everything_there.numpy(), [[0.5, 0.0, 0.5, 0.0]])  # spread over the real rest


def test_it_is_a_registered_analysis(rnn):
    translation = translated(rnn)
    assert analysis_for(InterventionRequest(step=0)).name == "intervention_of"
    seen = []
    result = run_analysis(rnn, translation, InterventionRequest(step=0, kind="zero", position=1),
                          progress=lambda done, total: seen.append((done, total)))  # fmt: skip
    assert result.changed.attention[0, 1] == 0.0 and seen[-1] == (1, 1)
