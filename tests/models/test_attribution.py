"""Attribution methods (models/inspection): what each computes, checked against a direct
computation, on the toy models of tests/conftest.py."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest
import torch

from models.checkpoint import load_checkpoint
from models.config import DecodeConfig
from models.inspection import (
    METHODS,
    AnalysisCancelled,
    AttributionRequest,
    attribute,
    methods_for,
    parse_signals,
    prepare,
)
from models.inspection.base import teacher_forced_log_probs
from models.inspection.gradients import EmbeddingTap
from models.nn.family import build_model, model_config
from models.tokenizer import EOS_ID, NEVER_EMITTED
from models.translator import Translator


@pytest.fixture(scope="module")
def rnn(toy_model_path):
    return Translator(load_checkpoint(toy_model_path))


@pytest.fixture(scope="module")
def transformer(transformer_model_path):
    return Translator(load_checkpoint(transformer_model_path))


def test_the_registry_declares_each_method_once_with_what_it_needs(rnn, transformer):
    assert [m.name for m in methods_for(rnn.model)] == [
        "attention", "saliency", "input_x_gradient", "integrated_gradients", "occlusion"]  # fmt: skip
    assert {"rollout", "norm"} <= {m.name for m in methods_for(transformer.model)}  # through its layers
    assert parse_signals("all", rnn.model) == [m.name for m in methods_for(rnn.model)]
    assert parse_signals("occlusion, saliency,norm", rnn.model) == ["saliency", "occlusion"]  # declaration order
    with pytest.raises(ValueError, match="unknown signal nope"):
        parse_signals("saliency,nope", rnn.model)
    with pytest.raises(ValueError, match="multi-head attention layers"):
        attribute(rnn, AttributionRequest("the red car", "rollout"))
    assert all(m.label and m.cost for m in METHODS.values())


def test_a_sentence_is_the_greedy_output_with_words_for_source_and_prefix(rnn):
    sentence = prepare(rnn, "the red car")
    assert sentence.target_pieces[-1] == "</s>" and sentence.target_ids[-1] == EOS_ID
    assert rnn.translate("the red car").text == " ".join(sentence.target_units)
    assert sentence.source_units == ["the", "red", "car"]
    assert sentence.prefix_units == ["<s>", *sentence.target_units]
    assert sentence.prefix_unit_of_position[0] == 0 and len(sentence.prefix_unit_of_position) == sentence.steps


def test_saliency_is_the_norm_of_autograds_gradient_at_each_source_embedding(rnn):
    """By hand: the gradient of log P(y_t) with respect to the embedding table's row of a piece
    that occurs once is the gradient at that piece's embedding."""
    result = attribute(rnn, AttributionRequest("the blue house", "saliency"))
    sentence = result.sentence
    model = rnn.model
    src, lengths = sentence.source_tensor()
    table = model.embedding_table("source").weight
    for t in range(sentence.steps):
        model.zero_grad(set_to_none=True)
        with torch.enable_grad():
            logits = model(src, lengths, torch.tensor([sentence.target_in])).logits[0, t]
            logits = logits.index_fill(0, torch.tensor(NEVER_EMITTED), float("-inf"))
            torch.log_softmax(logits, -1)[sentence.target_ids[t]].backward()
        expected = table.grad[sentence.source_ids].norm(dim=-1).numpy()
        assert np.allclose(result.source[t], expected, atol=1e-5), t
        assert math.isclose(result.log_probs[t], float(torch.log_softmax(logits.detach(), -1)[sentence.target_ids[t]]),
                            abs_tol=1e-5)  # fmt: skip
    model.zero_grad(set_to_none=True)
    assert np.all(result.prefix[:, 1:][np.triu_indices(sentence.steps, 0, len(sentence.prefix_units) - 1)] == 0)


def test_the_log_probs_explained_are_those_greedy_decoding_reports(rnn):
    result = attribute(rnn, AttributionRequest("a small dog", "input_x_gradient"))
    traced = rnn.translate("a small dog", DecodeConfig(), trace=True)
    assert np.allclose(result.log_probs, [math.log(s.chosen_probability) for s in traced.steps], atol=1e-4)


@pytest.mark.parametrize("family", ["rnn", "transformer"])
def test_integrated_gradients_are_complete_with_enough_steps(family, request):
    translator = request.getfixturevalue(family)
    coarse = attribute(translator, AttributionRequest("the green house", "integrated_gradients", ig_steps=2))
    fine = attribute(translator, AttributionRequest("the green house", "integrated_gradients", ig_steps=64))
    change = np.abs(fine.log_probs - fine.baseline_log_probs)
    assert change.max() > 0.5  # the baseline really is another input
    total = fine.source.sum(1) + fine.prefix.sum(1)
    assert np.allclose(np.abs(total - (fine.log_probs - fine.baseline_log_probs)), fine.completeness_error, atol=1e-5)
    assert fine.completeness_error.max() <= 0.02 * change.max() + 1e-3
    assert fine.completeness_error.mean() < coarse.completeness_error.mean()


def test_occlusion_of_a_word_changes_log_p_as_a_direct_rescore_says(rnn):
    source = "the red house"
    result = attribute(rnn, AttributionRequest(source, "occlusion", occlusion="drop"))
    ids = result.sentence.target_ids
    words = source.split()
    for w in range(len(words)):
        shorter = " ".join(words[:w] + words[w + 1 :])
        forced = rnn.translate(shorter, DecodeConfig(), prefix=ids, trace=True)
        rescored = np.array([math.log(s.chosen_probability) for s in forced.steps[: len(ids)]])
        assert np.allclose(result.source[:, w], result.log_probs - rescored, atol=1e-4), w


def test_occlusion_with_padding_and_of_the_prefix_matches_teacher_forcing(rnn):
    result = attribute(rnn, AttributionRequest("the red house", "occlusion"))
    sentence = result.sentence
    padded = [0 if p == 1 else i for p, i in enumerate(sentence.source_ids)]  # "red" -> <pad>
    direct = teacher_forced_log_probs(rnn, sentence, [padded])[0]
    assert np.allclose(result.source[:, 1], result.log_probs - direct, atol=1e-5)
    assert np.all(result.prefix[0] == 0) and np.all(result.prefix[:, 0] == 0)  # step 0 reads only <s>


def test_contrastive_questions_explain_the_difference_of_two_log_probs(rnn):
    plain = attribute(rnn, AttributionRequest("the red car", "saliency"))
    rival = rnn.target_tokenizer.piece_to_id("maison")
    step = 1
    contrast = attribute(rnn, AttributionRequest("the red car", "saliency", alternatives={step: rival}))
    sentence = plain.sentence
    with torch.no_grad():
        direct = rnn.model(*sentence.source_tensor(), torch.tensor([sentence.target_in])).logits[0, step]
    log_p = torch.log_softmax(direct.index_fill(0, torch.tensor(NEVER_EMITTED), float("-inf")), -1)
    assert contrast.contrastive and not plain.contrastive
    assert math.isclose(contrast.log_probs[step], float(log_p[sentence.target_ids[step]] - log_p[rival]),
                        abs_tol=1e-4)  # fmt: skip
    others = [t for t in range(sentence.steps) if t != step]
    assert np.allclose(contrast.source[others], plain.source[others], atol=1e-6)
    assert not np.allclose(contrast.source[step], plain.source[step])
    with pytest.raises(ValueError, match="contrastive"):
        attribute(rnn, AttributionRequest("the red car", "attention", alternatives={step: rival}))


def test_rollout_rows_sum_to_one_and_norms_are_nonnegative(transformer):
    rollout = attribute(transformer, AttributionRequest("the blue car", "rollout"))
    assert np.allclose(rollout.source.sum(1) + rollout.prefix.sum(1), 1.0, atol=1e-5)
    assert (rollout.source >= 0).all() and (rollout.prefix >= 0).all()
    norm = attribute(transformer, AttributionRequest("the blue car", "norm"))
    assert (norm.source >= 0).all() and set(norm.extra) == {"layer1", "layer2"}
    assert np.allclose(norm.source, norm.extra["layer2"])
    attention = attribute(transformer, AttributionRequest("the blue car", "attention"))
    assert {"layer1.head1", "layer2.head2", "layer1", "mean"} <= set(attention.extra)
    assert np.allclose(attention.source.sum(1), 1.0, atol=1e-5)


def test_transformer_methods_run_and_the_rnn_refuses_transformer_only_ones(transformer, rnn):
    for name in ("saliency", "input_x_gradient", "occlusion"):
        result = attribute(transformer, AttributionRequest("a big cat", name))
        assert result.source.shape == (result.sentence.steps, 3)
        assert result.prefix.shape == (result.sentence.steps, len(result.sentence.prefix_units))
    with pytest.raises(ValueError, match="multi-head attention layers"):
        attribute(rnn, AttributionRequest("a big cat", "rollout"))


def test_one_shared_table_is_tapped_source_first_then_target():
    config = model_config(family="transformer", layers=1, decoder_layers=1, heads=2, hidden_size=16,
                         ff_size=32, dropout=0.0, src_vocab_size=20, tgt_vocab_size=20, shared_embeddings=True)  # fmt: skip
    model = build_model(config).eval()
    src, tgt = torch.tensor([[5, 6, 7, 8]]), torch.tensor([[2, 9, 10]])
    with torch.enable_grad(), EmbeddingTap(model) as tap:
        out = model(src, torch.tensor([4]), tgt)
    assert [t.shape for t in tap.leaves["source"]] == [(1, 4, 16)]
    assert [t.shape for t in tap.leaves["target"]] == [(1, 3, 16)]
    with torch.no_grad():
        assert torch.allclose(out.logits, model(src, torch.tensor([4]), tgt).logits, atol=1e-6)


def test_cancel_stops_a_long_integrated_gradients(rnn):
    calls = []

    def progress(done, total):
        calls.append((done, total))

    start = time.perf_counter()
    with pytest.raises(AnalysisCancelled):
        attribute(rnn, AttributionRequest("the red car", "integrated_gradients", ig_steps=20_000, chunk_rows=64),
                  progress=progress, cancelled=lambda: len(calls) >= 2)  # fmt: skip
    assert time.perf_counter() - start < 10
    assert len(calls) == 2 and calls[-1][1] == 20_000 * prepare(rnn, "the red car").steps
    assert calls[-1][0] < calls[-1][1]


def test_a_result_reads_as_json_and_groups_rows_into_words(rnn):
    result = attribute(rnn, AttributionRequest("the small car", "saliency", target="la petite voiture"))
    data = result.to_json()
    assert data["target_pieces"] == ["▁la", "▁petite", "▁voiture", "</s>"] or len(data["target_pieces"]) == 4
    assert np.asarray(data["source_attribution"]).shape == (4, 3)
    assert result.word_rows().shape == (4, 3)  # three words and </s>
    assert ((0 <= result.source_share) & (result.source_share <= 1)).all()
