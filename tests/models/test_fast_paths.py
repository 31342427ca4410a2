"""The fast paths compute what the canonical modules compute. The cases are generated from the
registries of models/fast and the attention types' declarations (models/attention_types.py): a
stand-in registered or declared for a new class is tested without editing a list, and a declared
type with no numpy scores is tested as decoding with its modules."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from models.attention_types import attention_type, attention_types
from models.config import CELLS, DECODER_STYLES
from models.fast import inference, numpy_kernels
from models.fast.inference import FAST_MODELS
from models.fast.numpy_rnn import (
    ATTENTION_SCORES,
    DECODERS,
    ENCODERS,
    STARTS,
    ProjectedDecoderState,
    ProjectedEncoderState,
)
from models.nn import Seq2Seq
from models.nn.attention import ATTENTION_CLASSES, DotAttention
from models.nn.decoder import Decoder
from models.nn.encoder import Encoder
from models.nn.family import model_config


def attention_cases() -> list[tuple[str, str]]:
    """Every declared attention type, by its name in a configuration, with the path its decoding
    takes: "numpy" where its class has numpy scores (and for the fixed context), "modules" where
    the decoder step runs its module (and the fast encoder hands over to the modules' start)."""
    cases = []
    for declared in attention_types():
        cls = declared.module_class()
        cases.append((declared.name, "numpy" if cls is None or ATTENTION_SCORES.builder(cls) else "modules"))
    return cases


ATTENTIONS = attention_cases()


def make(cell="gru", attention="additive", style="luong", bi=True, layers=2) -> Seq2Seq:
    torch.manual_seed(0)
    config = model_config(cell=cell, attention=attention, decoder_style=style, bidirectional=bi, layers=layers,
                         embedding_size=16, hidden_size=24, dropout=0.0, src_vocab_size=40, tgt_vocab_size=30)  # fmt: skip
    return Seq2Seq(config).eval()


def test_every_registered_class_is_one_a_model_can_be_built_with():
    assert set(ATTENTION_SCORES.classes()) <= set(ATTENTION_CLASSES.values())
    assert DECODERS.classes() == (Decoder,) and ENCODERS.classes() == (Encoder,) and STARTS.classes() == (Seq2Seq,)


def test_tanh_through_exp_matches_numpy_to_the_infinities():
    values = np.concatenate([np.linspace(-30, 30, 20001), [0.0, 1e-8, -1e-8, 100, -100, np.inf, -np.inf]])
    values = values.astype(np.float32)
    assert values.size >= numpy_kernels.EXP_TANH_FROM  # the exp form
    np.testing.assert_allclose(numpy_kernels.tanh_inplace(values.copy()), np.tanh(values), rtol=0, atol=3e-7)
    small = values[:100].copy()
    np.testing.assert_array_equal(numpy_kernels.tanh_inplace(small), np.tanh(values[:100]))


def use_kernels(kernels: str, monkeypatch) -> None:
    """The paths that large models take, on these small ones."""
    if kernels == "exp-tanh":  # the exp form of tanh that large arrays take
        monkeypatch.setattr(numpy_kernels, "EXP_TANH_FROM", 0)
    elif kernels == "unfolded":  # embeddings projected per call, as where a folded table would be too large
        monkeypatch.setattr(numpy_kernels, "FOLDED_TABLE_MAX_BYTES", 0)


def hidden_states(state):
    return list(state.hidden) if isinstance(state.hidden, tuple) else [state.hidden]


@pytest.mark.parametrize("attention, path", ATTENTIONS)
@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("style", DECODER_STYLES)
@pytest.mark.parametrize("kernels", ["default", "exp-tanh", "unfolded"])
@pytest.mark.parametrize("encoder", ["modules", "fast"])
def test_the_fast_decoder_step_equals_the_module(attention, path, cell, style, kernels, encoder, monkeypatch):
    use_kernels(kernels, monkeypatch)
    check_decoder_step(attention, path, cell, style, encoder)


def check_decoder_step(attention: str, path: str, cell: str, style: str, encoder: str) -> None:
    """From the modules' encoder state (padded), and from the fast encoder's, whose values come
    projected through the combine layer (unpadded), also after beam search reorders its rows."""
    numpy = path == "numpy"
    model = make(cell, attention, style)
    runner = inference(model)
    padded = encoder == "modules"
    src, lengths = torch.randint(4, 40, (3, 6)), torch.tensor([6, 4, 2] if padded else [6, 6, 6])
    tokens, rows = torch.tensor([2, 5, 9]), torch.tensor([2, 0, 0])
    with torch.no_grad():
        enc, state = (model.encode if padded else runner.encode)(src, lengths)
        assert isinstance(enc, ProjectedEncoderState) == (numpy and not padded)
        slow = model.decode_step(tokens, enc, state)
        fast = runner.decode_step(tokens, enc, state)
        again = runner.decode_step(tokens, enc, fast.state)  # the fed-back state is one the module takes
        slow_again = model.decode_step(tokens, enc, slow.state)
        picked, picked_state = enc.select(rows), fast.state.select(rows)  # with the fast state's own fields
        slow_picked = model.decode_step(tokens, picked, picked_state)
        fast_picked = runner.decode_step(tokens, picked, picked_state)
    assert (runner.decoder.built is not None) == numpy  # the fast path ran (or the modules, without numpy scores)
    assert isinstance(fast.state, ProjectedDecoderState) == (numpy and not padded)  # the next step's product came along
    for s, f in [(slow, fast), (slow_again, again), (slow_picked, fast_picked)]:
        assert torch.allclose(s.logits, f.logits, atol=1e-5)
        assert (s.attention is None) == (f.attention is None) == (attention_type(attention).module is None)
        assert s.attention is None or torch.allclose(s.attention, f.attention, atol=1e-6)
        for a, b in zip(hidden_states(s.state), hidden_states(f.state), strict=True):
            assert torch.allclose(a, b, atol=1e-5)
        assert torch.allclose(s.hidden, f.hidden, atol=1e-5)


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("bi, layers", [(True, 2), (False, 1), (False, 3)])
@pytest.mark.parametrize("attention, path", ATTENTIONS)
@pytest.mark.parametrize("kernels", ["default", "unfolded"])
def test_the_fast_encoder_and_start_of_decoding_equal_the_modules(
    cell, bi, layers, attention, path, kernels, monkeypatch
):
    use_kernels(kernels, monkeypatch)
    check_encoder_and_start(attention, path, cell, bi, layers, kernels)


def check_encoder_and_start(attention: str, path: str, cell: str, bi: bool, layers: int, kernels="default") -> None:
    model = make(cell, attention, bi=bi, layers=layers)
    runner = inference(model)
    src, lengths = torch.randint(4, 40, (2, 7)), torch.tensor([7, 7])
    with torch.no_grad():
        slow_enc, slow_state = model.encode(src, lengths)
        fast_enc, fast_state = runner.encode(src, lengths)
    assert runner.encoder.built is not None and (runner.start.built is not None) == (path == "numpy")
    assert (runner.encoder.built.input_embedding.table is None) == (kernels == "unfolded")
    assert torch.allclose(slow_enc.outputs, fast_enc.outputs, atol=1e-5)
    for slow, fast in [(slow_enc.keys, fast_enc.keys), (slow_enc.fixed_context, fast_enc.fixed_context),
                       (slow_state.att_vec, fast_state.att_vec)]:  # fmt: skip
        assert (slow is None) == (fast is None)
        assert slow is None or torch.allclose(slow, fast, atol=1e-5)
    assert torch.equal(slow_enc.mask, fast_enc.mask)
    for a, b in zip(hidden_states(slow_state), hidden_states(fast_state), strict=True):
        assert torch.allclose(a, b, atol=1e-5)


def test_padded_batches_gradients_and_training_mode_take_the_modules():
    model = make()
    runner = inference(model)
    src, lengths = torch.randint(4, 40, (2, 7)), torch.tensor([7, 4])
    with torch.no_grad():
        runner.encode(src, lengths)  # padded: packed sequences in the module
    runner.encode(src[:1], lengths[:1])  # autograd on
    model.train()
    with torch.no_grad():
        runner.encode(src[:1], lengths[:1])
    assert runner.encoder.built is None


class ScaledDotAttention(DotAttention):
    """A subclass is not its parent: its numpy scores would be a guess."""

    def score(self, query, keys):
        return super().score(query, keys) / query.size(-1) ** 0.5


def test_a_class_nobody_registered_decodes_with_its_modules():
    model = make(attention="dot", bi=False)
    model.decoder.attention = ScaledDotAttention(24, 24)
    runner = inference(model)
    src, lengths = torch.randint(4, 40, (1, 5)), torch.tensor([5])
    with torch.no_grad():
        enc, state = runner.encode(src, lengths)
        out = runner.decode_step(torch.tensor([2]), enc, state)
        expected = model.decode_step(torch.tensor([2]), enc, state)
    assert runner.decoder.built is None  # the decoder is known, its attention is not: no stand-in
    assert torch.equal(out.logits, expected.logits)


def test_decoding_weights_follow_in_place_updates():
    model = make()
    runner = inference(model)
    src, lengths, tokens = torch.randint(4, 40, (1, 5)), torch.tensor([5]), torch.tensor([2])
    with torch.no_grad():
        enc, state = runner.encode(src, lengths)
        before = runner.decode_step(tokens, enc, state).logits.clone()
        model.decoder.output.bias.add_(1.0)  # an in-place update, as an optimizer makes
        enc, state = runner.encode(src, lengths)  # weights are checked once per sentence, at its encode
        after = runner.decode_step(tokens, enc, state).logits
    assert torch.allclose(after, before + 1.0, atol=1e-5)


def test_decoding_after_fused_optimizer_steps_uses_new_weights():
    """Fused Adam updates weights without bumping version counters; evaluation must still see them."""
    model = make()
    runner = inference(model)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.1, fused=True)
    src, lengths, tgt = torch.randint(4, 40, (2, 5)), torch.tensor([5, 5]), torch.randint(4, 30, (2, 4))
    for _ in range(2):
        model.eval()
        with torch.no_grad():
            enc, state = runner.encode(src, lengths)
            fast = runner.decode_step(tgt[:, 0], enc, state).logits
            slow = model.decode_step(tgt[:, 0], *model.encode(src, lengths)).logits
        assert torch.allclose(fast, slow, atol=1e-5)
        model.train()
        optimizer.zero_grad()
        model(src, lengths, tgt).logits.sum().backward()
        optimizer.step()


TRANSFORMER_VARIANTS = [{"norm": "pre", "positions": "sinusoidal"}, {"norm": "post", "positions": "learned"}]


@pytest.mark.parametrize("variant", TRANSFORMER_VARIANTS, ids=lambda v: f"{v['norm']}-{v['positions']}")
@pytest.mark.parametrize("model_class", [cls for cls in FAST_MODELS.classes() if cls is not Seq2Seq])
def test_the_fast_transformer_step_equals_the_module(model_class, variant):
    config = model_config(family="transformer", layers=2, decoder_layers=2, heads=2, hidden_size=16,
                         ff_size=32, dropout=0.0, src_vocab_size=40, tgt_vocab_size=30, **variant)  # fmt: skip
    torch.manual_seed(0)
    model = model_class(config).eval()
    runner = inference(model)
    src, lengths = torch.randint(4, 40, (3, 6)), torch.tensor([6, 4, 2])
    with torch.no_grad():
        enc, slow_state = model.encode(src, lengths)
        fast_enc, fast_state = runner.encode(src, lengths)
        assert torch.allclose(fast_enc.memory, enc.memory, atol=1e-5) and torch.equal(fast_enc.mask, enc.mask)
        for fast_weights, slow_weights in zip(fast_enc.self_attention, enc.self_attention, strict=True):
            assert torch.allclose(fast_weights, slow_weights, atol=1e-5)
        for n, cache in enumerate(slow_state.caches):  # cross-attention's keys and values, once per sentence
            assert np.allclose(fast_state.cross_keys[n], cache.cross_keys.numpy(), atol=1e-5)
            assert np.allclose(fast_state.cross_values[n], cache.cross_values.numpy(), atol=1e-5)
        tokens = torch.tensor([2, 2, 2])
        for step in range(4):
            slow = model.decode_step(tokens, enc, slow_state)
            fast = runner.decode_step(tokens, fast_enc, fast_state)
            finite = torch.isfinite(slow.logits)
            assert torch.equal(finite, torch.isfinite(fast.logits))
            assert torch.allclose(slow.logits[finite], fast.logits[finite], atol=1e-4)
            assert torch.allclose(slow.heads, fast.heads, atol=1e-5) and torch.allclose(
                slow.attention, fast.attention, atol=1e-5
            )
            assert torch.allclose(slow.hidden, fast.hidden, atol=1e-4)
            order = torch.tensor([2, 0, 1]) if step == 1 else torch.arange(3)  # beam search reorders its states
            slow_state, fast_state = slow.state.select(order), fast.state.select(order)
            enc, fast_enc = enc.select(order), fast_enc.select(order)
            tokens = slow.logits.argmax(-1)[order]
    assert runner.step.built is not None  # the fast path ran
