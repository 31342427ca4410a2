"""The attention computation shown with numbers: checked against the module's own output, for
every attention type and both decoder styles, with and without padding in the batch."""

from pathlib import Path

import numpy as np
import pytest

from models.attention_types import attention_type, attention_types
from models.checkpoint import load_checkpoint
from models.inspection.attention_math import attention_math
from models.translator import Translator
from tests.conftest import train_toy

KINDS = [declared.name for declared in attention_types() if declared.module is not None]  # every one with scores


@pytest.fixture(scope="module")
def toy_translators(tmp_path_factory):
    """A barely trained toy model per attention type and decoder style (the numbers need not be
    good ones, only the model's own)."""
    made = {}
    for kind in [declared.name for declared in attention_types()]:
        for style in ("luong", "input_feeding"):
            out = tmp_path_factory.mktemp(f"{kind}-{style}")
            result = train_toy(out, steps=3, attention=kind, decoder_style=style)
            made[kind, style] = Translator(load_checkpoint(Path(result.best_path)))
    return made


def _forced(translator, text, output):
    """A translation of `text` that starts with `output` (so that it has several steps even from
    a barely trained model)."""
    return translator.translate(text, prefix=translator.target_tokenizer.encode(output))


def _softmax(scores: np.ndarray) -> np.ndarray:
    shifted = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


@pytest.mark.parametrize("style", ["luong", "input_feeding"])
@pytest.mark.parametrize("kind", KINDS)
def test_scores_softmax_and_context_are_the_modules_own(toy_translators, kind, style):
    translator = toy_translators[kind, style]
    translation = _forced(translator, "the red car", "la voiture rouge")
    longer = _forced(translator, "the small car good evening a big dog", "la petite voiture")
    assert len(translation.best.pieces) >= 3
    math = attention_math(translator, translation, batch_with=[longer])
    steps, real = len(translation.best.pieces), len(translation.source_pieces)
    assert math.formula == attention_type(kind).formula and math.parameters
    assert math.scores.shape == math.weights.shape == (steps, math.padded_length)
    assert math.padded_length == len(longer.source_pieces) > real
    assert list(math.mask) == [True] * real + [False] * (math.padded_length - real)
    assert np.isfinite(math.scores[:, :real]).all() and (math.scores[:, real:] == -np.inf).all()
    # The softmax of the shown scores is the module's output; padding gets exactly 0.
    assert np.allclose(_softmax(math.scores), math.weights, atol=1e-6)
    assert (math.weights[:, real:] == 0).all()
    # The context is the weighted sum of the values.
    assert np.allclose(math.weights @ math.values, math.contexts, atol=1e-5)
    # And the weights are those decoding showed for this translation.
    assert np.allclose(math.weights[:, :real], translation.best.attention, atol=1e-5)
    rows = math.step_rows(0)
    assert [r["padding"] for r in rows] == [False] * real + [True] * (math.padded_length - real)
    assert rows[0]["piece"] == translation.source_pieces[0] and rows[-1]["piece"] == "<pad>"


def test_without_attention_the_context_is_the_encoder_final_state(toy_translators):
    translator = toy_translators["none", "luong"]
    translation = _forced(translator, "the blue house", "la maison bleue")
    math = attention_math(translator, translation)
    assert math.scores is None and math.weights is None and math.formula == attention_type("none").formula
    assert np.allclose(math.contexts, math.contexts[0])  # the same vector at every step
    assert math.contexts.shape[0] == len(translation.best.pieces)


def test_a_step_exports_its_numbers(toy_translators, tmp_path):
    translator = toy_translators["additive", "luong"]
    translation = _forced(translator, "the red car", "la voiture rouge")
    math = attention_math(translator, translation, batch_with=[translator.translate("a big dog good evening")])
    path = tmp_path / "step.csv"
    math.export_step_csv(str(path), 1)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("position,piece,score,weight,value[0]")
    assert len(lines) == 1 + math.padded_length + 1 and lines[-1].startswith("context,")
    assert ",-inf," in lines[math.padded_length]  # the last position is padding


def test_every_transformer_head_is_computed_with_its_own_numbers(transformer_model_path):
    import torch

    from models.inspection.attention_math import attention_math_grid

    translator = Translator(load_checkpoint(transformer_model_path))
    translation = translator.translate("the red car")
    longer = translator.translate("the small car good evening a big dog")
    grid = attention_math_grid(translator, translation, batch_with=[longer])
    transformer = translator.model.transformer
    assert len(grid) == len(transformer.decoder_layers) and all(len(row) == 2 for row in grid)
    steps, real = len(translation.best.pieces), len(translation.source_pieces)
    outputs = []  # each layer's cross-attention output, as the module computed it
    hooks = [layer.cross_attention.register_forward_hook(lambda _m, _a, out: outputs.append(out[0][0]))
             for layer in transformer.decoder_layers]  # fmt: skip
    ids = [translator.source_tokenizer.piece_to_id(p) for p in translation.source_pieces]
    fed = ([2] + translation.best.token_ids)[:steps]
    with torch.no_grad():
        transformer.eval().features(torch.tensor([ids]), torch.tensor([real]), torch.tensor([fed]))
    for hook in hooks:
        hook.remove()
    for layer, row in enumerate(grid):
        for head, math in enumerate(row):
            assert (math.layer, math.head, math.kind) == (layer, head, "scaled-dot")
            assert math.scores.shape == math.weights.shape == (steps, len(longer.source_pieces))
            assert (math.scores[:, real:] == -np.inf).all() and (math.weights[:, real:] == 0).all()
            assert np.allclose(_softmax(math.scores), math.weights, atol=1e-6)
            # The weights are those of the actual decoding, head by head.
            assert np.allclose(math.weights[:, :real], translation.best.heads[:, layer, head], atol=1e-5)
            assert np.allclose(math.weights @ math.values, math.contexts, atol=1e-5)
        # The heads' contexts joined and mixed by W_O are the module's output.
        module = transformer.decoder_layers[layer].cross_attention
        joined = torch.tensor(np.concatenate([math.contexts for math in row], axis=1))
        with torch.no_grad():
            assert np.allclose(module.output(joined).numpy(), outputs[layer].numpy(), atol=1e-5)
