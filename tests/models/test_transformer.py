"""The Transformer's mathematics: step-by-step decoding with cached keys and values gives what
the teacher-forced pass gives; masks keep padding and the future out; it learns."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from models.nn.transformer import Transformer, TransformerSizes
from models.tokenizer import PAD_ID

VARIANTS = [
    {"norm": "pre", "positions": "sinusoidal"},
    {"norm": "post", "positions": "learned"},
    {"norm": "pre", "positions": "learned", "shared_embeddings": True},
]


def make(**changes) -> Transformer:
    torch.manual_seed(0)
    sizes = TransformerSizes(src_vocab_size=30, tgt_vocab_size=30, d_model=32, heads=4, d_ff=64, encoder_layers=2,
                             decoder_layers=3, dropout=0.0, **changes)  # fmt: skip
    return Transformer(sizes).eval()


def batch():
    src = torch.randint(4, 30, (3, 7))
    lengths = torch.tensor([7, 5, 2])
    for row, length in enumerate(lengths):
        src[row, length:] = PAD_ID
    return src, lengths, torch.randint(4, 30, (3, 6))


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: "-".join(f"{k}={v[k]}" for k in v))
def test_cached_step_by_step_decoding_equals_the_teacher_forced_pass(variant):
    model = make(**variant)
    src, lengths, tgt = batch()
    with torch.no_grad():
        logits, cross, _ = model(src, lengths, tgt)
        enc, state = model.encode(src, lengths)
        for t in range(tgt.size(1)):
            step = model.decode_step(tgt[:, t], enc, state)
            state = step.state
            assert torch.allclose(step.logits, logits[:, t], atol=1e-5)
            assert torch.allclose(step.cross_attention, cross[:, :, :, t], atol=1e-6)
            assert step.self_attention[0].shape == (3, 4, t + 1)  # every position so far, per head
    assert state.position == tgt.size(1) and state.caches[0].self_keys.shape == (3, 4, tgt.size(1), 8)


def test_cross_attention_of_every_layer_and_head_ignores_padding():
    model = make()
    src, lengths, tgt = batch()
    with torch.no_grad():
        _, cross, _ = model(src, lengths, tgt)  # (B, layers, heads, T, S)
    assert cross.shape == (3, 3, 4, 6, 7)
    assert torch.allclose(cross.sum(-1), torch.ones(3, 3, 4, 6), atol=1e-5)
    for row, length in enumerate(lengths):
        assert float(cross[row, ..., length:].abs().sum()) == 0.0


def test_a_sentence_translates_the_same_alone_and_in_a_padded_batch():
    model = make()
    src, lengths, tgt = batch()
    with torch.no_grad():
        together, _, _ = model(src, lengths, tgt)
        alone, _, _ = model(src[2:, :2], lengths[2:], tgt[2:])
    assert torch.allclose(together[2], alone[0], atol=1e-5)


def test_the_future_is_out_of_sight():
    model = make()
    src, lengths, tgt = batch()
    changed = tgt.clone()
    changed[:, 4:] = 5
    with torch.no_grad():
        before, _, _ = model(src, lengths, tgt)
        after, _, _ = model(src, lengths, changed)
    assert torch.allclose(before[:, :4], after[:, :4], atol=1e-6) and not torch.allclose(before[:, 4:], after[:, 4:])


def test_beam_search_can_reorder_the_caches():
    model = make()
    src, lengths, tgt = batch()
    with torch.no_grad():
        enc, state = model.encode(src, lengths)
        state = model.decode_step(tgt[:, 0], enc, state).state
        index = torch.tensor([2, 0, 0])
        picked = model.decode_step(tgt[index, 1], enc.select(index), state.select(index))
        direct = model.decode_step(tgt[:, 1], enc, state)
    assert torch.allclose(picked.logits[0], direct.logits[2], atol=1e-6)
    assert torch.allclose(picked.logits[1], direct.logits[0], atol=1e-6)


def test_it_learns_to_copy():
    torch.manual_seed(0)
    model = Transformer(TransformerSizes(src_vocab_size=12, tgt_vocab_size=12, d_model=32, heads=4, d_ff=64,
                                         encoder_layers=1, decoder_layers=1, dropout=0.0)).train()  # fmt: skip
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    losses = []
    for _ in range(150):
        src = torch.randint(4, 12, (16, 5))
        tgt_in = torch.cat([torch.full((16, 1), 2), src], dim=1)  # BOS + the source
        tgt_out = torch.cat([src, torch.full((16, 1), 3)], dim=1)  # the source + EOS
        logits, _, _ = model(src, torch.full((16,), 5), tgt_in)
        loss = F.cross_entropy(logits.reshape(-1, 12), tgt_out.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(float(loss.detach()))
    assert losses[-1] < 0.1 * losses[0]


def test_sizes_that_cannot_work_are_refused():
    with pytest.raises(ValueError, match="multiple of heads"):
        TransformerSizes(10, 10, d_model=30, heads=4).validate()
    with pytest.raises(ValueError, match="one vocabulary"):
        TransformerSizes(10, 12, shared_embeddings=True).validate()
