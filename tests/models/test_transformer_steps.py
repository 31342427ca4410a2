"""A Transformer's attention step by step (#26 item 4): every number the view shows is checked
against the canonical modules' own output, for each attention (encoder self, decoder masked
self, cross), pre- and post-norm, sinusoidal and learned positions, with and without padding."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
import torch

from models.checkpoint import load_checkpoint
from models.inspection.registry import analysis_for, run_analysis
from models.inspection.self_attention import self_attention_maps
from models.inspection.transformer_steps import (
    PAD_PIECE,
    SITES,
    TransformerSteps,
    TransformerStepsRequest,
    transformer_steps,
)  # fmt: skip
from models.nn.family import build_model
from models.nn.transformer.layers import sinusoids
from models.tokenizer import BOS_ID
from models.translator import Translator

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "resources" / "default-transformer-en-fr.s2s"
SENTENCE = "Friday, February 15, 2019"
LONGER = "The meeting is on Friday, February 15, 2019 at the big station near the river."


@pytest.fixture(scope="module")
def bundled():
    return load_checkpoint(BUNDLED)


def _variant(bundle, **changes):
    """The bundled model's vocabularies with a freshly initialised model of other settings (the
    numbers need only be the model's own)."""
    config = dataclasses.replace(bundle.model_config, **changes)
    torch.manual_seed(5)
    return Translator(dataclasses.replace(bundle, model=build_model(config), model_config=config))


@pytest.fixture(scope="module", params=["pre-sinusoidal", "post-learned"])
def translator(request, bundled):
    if request.param == "pre-sinusoidal":
        return Translator(bundled)  # the bundled model: pre-norm, sinusoidal positions
    return _variant(bundled, norm="post", positions="learned", layers=2, decoder_layers=3, heads=2)


def _softmax(scores: np.ndarray) -> np.ndarray:
    shifted = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def _translate(translator, text):
    """Forced along a real French output, so that a fresh model has several steps too."""
    return translator.translate(text, prefix=translator.target_tokenizer.encode("vendredi 15 février 2019"))


def _module_calls(translator, translation, site, layer):
    """What the modules themselves return on a plain teacher-forced pass (hooks of the test's own):
    the layer's output, the attention's output and weights, each block's norm."""
    transformer = translator.model.transformer
    stack = transformer.encoder_layers if site == "encoder" else transformer.decoder_layers
    chosen = stack[layer]
    attention = {"encoder": "attention", "decoder": "self_attention", "cross": "cross_attention"}[site]
    seen = {}

    def keep(name):
        def record(_module, _args, out) -> None:  # returns nothing: the module's output stays
            seen.setdefault(name, out)

        return record

    hooks = [
        chosen.register_forward_hook(keep("layer")),
        getattr(chosen, attention).register_forward_hook(keep("attention")),
    ]
    ids = [translator.source_tokenizer.piece_to_id(p) for p in translation.source_pieces]
    fed = ([BOS_ID] + list(translation.best.token_ids))[: len(translation.best.pieces)]
    try:
        with torch.no_grad():
            transformer.eval().features(torch.tensor([ids]), torch.tensor([len(ids)]), torch.tensor([fed]))
    finally:
        for hook in hooks:
            hook.remove()
    return seen, chosen, getattr(chosen, attention)


@pytest.mark.parametrize("site", SITES)
def test_every_number_is_the_modules_own(translator, site):
    translation = _translate(translator, SENTENCE)
    transformer = translator.model.transformer
    layers = len(transformer.encoder_layers if site == "encoder" else transformer.decoder_layers)
    for layer in range(layers):
        steps = transformer_steps(translator, translation, site, layer)
        seen, chosen, module = _module_calls(translator, translation, site, layer)
        assert steps.available and (steps.site, steps.layer, steps.layers) == (site, layer, layers)
        assert steps.heads == module.heads and steps.scale == pytest.approx(module.head_size**0.5)
        written, source = list(translation.best.pieces), list(translation.source_pieces)
        fed = (["<s>"] + written)[: len(written)]
        expected = {"encoder": (source, source), "decoder": (written, fed), "cross": (written, source)}[site]
        assert (steps.query_pieces, steps.key_pieces) == expected
        rows, columns = len(expected[0]), len(expected[1])
        assert steps.scores.shape == steps.weights.shape == (module.heads, rows, columns)
        with torch.no_grad():
            # Q is the head's rows of W_Q applied to the shown input (K and V: tested through the
            # weights and the output, which use them).
            q = module.split(module.query(torch.tensor(steps.inputs)[None]))[0].numpy()
            assert np.allclose(q, steps.queries, atol=1e-5)
            output, weights = seen["attention"]
            # The softmax of the shown scores is the module's own weights; masked cells are −∞ and 0.
            assert np.allclose(weights[0].numpy(), steps.weights, atol=1e-6)
            assert np.allclose(_softmax(steps.scores), steps.weights, atol=1e-6)
            assert (steps.scores[:, ~steps.mask] == -np.inf).all() and (steps.weights[:, ~steps.mask] == 0).all()
            assert np.isfinite(steps.scores[:, steps.mask]).all()
            # Each head's weighted sum, joined and mixed by W_O, is the module's output.
            joined = torch.tensor(steps.contexts.transpose(1, 0, 2).reshape(rows, -1))
            assert np.allclose(module.output(joined).numpy(), output[0].numpy(), atol=1e-5)
            assert np.allclose(steps.output, output[0].numpy(), atol=1e-6)
        if site == "decoder":  # the causal mask: a step sees itself and the steps before it
            assert (steps.mask == np.tril(np.ones((rows, rows), dtype=bool))).all()
            maps = self_attention_maps(translator, translation)[0]
            assert np.allclose(steps.weights, maps.decoder[layer], atol=1e-5)
        else:
            assert steps.mask.all()  # one sentence: nothing is padding
        if site == "cross":  # the weights of the actual decoding, head by head
            assert np.allclose(steps.weights.transpose(1, 0, 2), translation.best.heads[:, layer], atol=1e-5)
        _check_residual_path(steps, chosen, seen["layer"][0][0].numpy())


def _check_residual_path(steps: TransformerSteps, chosen, layer_output: np.ndarray) -> None:
    """Each stage follows from the one before it by the layer's own modules, and the last is the
    layer's output."""
    path = steps.residual
    values = dict(enumerate(path.values))
    blocks = [chosen.attend, chosen.transform] if len(path.stages) == 7 else [
        chosen.attend_self, chosen.attend_source, chosen.transform]  # fmt: skip
    pre = blocks[0].pre_norm
    assert path.stages[0] == "input"
    assert path.stages.count("residual") == path.stages.count("norm") == len(blocks)
    at, x = 1, values[0]
    with torch.no_grad():
        for block in blocks:
            if pre:
                norm, sub, summed = (values[at + i] for i in range(3))
                assert np.allclose(block.norm(torch.tensor(x)).numpy(), norm, atol=1e-5)
                assert np.allclose(x + sub, summed, atol=1e-5)
                sublayer_input, x = norm, summed
            else:
                sub, summed, norm = (values[at + i] for i in range(3))
                assert np.allclose(x + sub, summed, atol=1e-5)
                assert np.allclose(block.norm(torch.tensor(summed)).numpy(), norm, atol=1e-5)
                sublayer_input, x = x, norm
            at += 3
        # The last block is the feed-forward, fed what its block fed it.
        assert np.allclose(chosen.feed_forward(torch.tensor(sublayer_input)).numpy(),
                           values[path.stages.index("feed-forward")], atol=1e-5)  # fmt: skip
    assert np.allclose(x, layer_output, atol=1e-5)
    # The shown attention is the attention stage of the path.
    stage = {"encoder": "self-attention", "decoder": "self-attention", "cross": "cross-attention"}[steps.site]
    assert np.allclose(values[path.stages.index(stage)], steps.output, atol=1e-6)


def test_positions_are_added_to_the_scaled_embeddings(translator):
    translation = _translate(translator, SENTENCE)
    transformer = translator.model.transformer
    d_model = transformer.sizes.d_model
    for site, table, pieces in (("encoder", transformer.source_embedding, translation.source_pieces),
                                ("decoder", transformer.target_embedding, None)):  # fmt: skip
        steps = transformer_steps(translator, translation, site, 0)
        enc = steps.positional
        ids = ([translator.source_tokenizer.piece_to_id(p) for p in pieces] if pieces is not None
               else ([BOS_ID] + list(translation.best.token_ids))[: len(translation.best.pieces)])  # fmt: skip
        assert enc.kind == transformer.sizes.positions and enc.scale == pytest.approx(d_model**0.5)
        assert enc.pieces == (list(pieces) if pieces is not None else steps.key_pieces)
        with torch.no_grad():
            assert np.allclose(table(torch.tensor(ids)).numpy() * d_model**0.5, enc.embeddings, atol=1e-5)
            where = (transformer.learned_positions.weight[: len(ids)] if enc.kind == "learned"
                     else sinusoids(len(ids), d_model))  # fmt: skip
            assert np.allclose(where.numpy(), enc.positions, atol=1e-6)
        assert np.allclose(enc.embeddings + enc.positions, enc.embedded, atol=1e-5)
        # The sum is the first layer's input.
        assert np.allclose(steps.residual.values[0], enc.embedded, atol=1e-6)


def test_padding_is_masked_in_the_encoder_and_the_cross_attention(translator):
    translation = _translate(translator, SENTENCE)
    longer = translator.translate(LONGER)
    real = len(translation.source_pieces)
    assert len(longer.source_pieces) > real
    for site in ("encoder", "cross"):
        steps = transformer_steps(translator, translation, site, 0, batch_with=[longer])
        assert steps.key_pieces == list(translation.source_pieces) + [PAD_PIECE] * (len(longer.source_pieces) - real)
        assert len(steps.query_pieces) == (real if site == "encoder" else len(translation.best.pieces))
        assert steps.mask[:, :real].all() and not steps.mask[:, real:].any()
        assert (steps.scores[:, :, real:] == -np.inf).all() and (steps.weights[:, :, real:] == 0).all()
        assert np.allclose(_softmax(steps.scores), steps.weights, atol=1e-6)
        # Padding changes nothing of this sentence's numbers.
        alone = transformer_steps(translator, translation, site, 0)
        assert np.allclose(alone.weights, steps.weights[:, :, :real], atol=1e-5)
        rows = steps.cell_rows(0, 0)
        assert [r["masked"] for r in rows] == [False] * real + [True] * (len(rows) - real)


def test_a_layer_the_stack_does_not_have_is_its_top_one(bundled):
    translator = _variant(bundled, layers=1, decoder_layers=3, heads=2)
    translation = _translate(translator, SENTENCE)
    steps = transformer_steps(translator, translation, "encoder", 2)
    assert (steps.layer, steps.layers) == (0, 1)
    assert transformer_steps(translator, translation, "cross", 2).layer == 2


def test_registered_and_a_recurrent_model_has_none(bundled):
    assert analysis_for(TransformerStepsRequest()).result_type is TransformerSteps
    translator = Translator(bundled)
    translation = translator.translate(SENTENCE)
    result = run_analysis(translator, translation, TransformerStepsRequest("decoder", 1, (LONGER,)))
    assert isinstance(result, TransformerSteps) and result.available and result.layer == 1
    recurrent = Translator(load_checkpoint(ROOT / "resources" / "default-en-fr.s2s"))
    answer = run_analysis(recurrent, recurrent.translate(SENTENCE), TransformerStepsRequest("encoder", 0))
    assert isinstance(answer, TransformerSteps) and not answer.available and answer.scores is None
    with pytest.raises(ValueError):
        transformer_steps(translator, translation, "everywhere", 0)
