import pytest
import torch

from models.attention_types import attention_types
from models.nn import Seq2Seq
from models.nn.family import model_config
from models.tokenizer import PAD_ID

ATTENTIONS = [declared.name for declared in attention_types()]  # every declared type, "none" included
VARIANTS = [
    (cell, attention, style, bi)
    for cell in ("rnn", "gru", "lstm")
    for attention in ATTENTIONS
    for style in ("luong", "input_feeding")
    for bi in (False, True)
]


def make(cell="gru", attention="additive", style="luong", bi=True, layers=2):
    torch.manual_seed(0)
    config = model_config(cell=cell, attention=attention, decoder_style=style, bidirectional=bi, layers=layers,
                         embedding_size=16, hidden_size=24, dropout=0.0, src_vocab_size=40, tgt_vocab_size=30)  # fmt: skip
    return Seq2Seq(config).eval()


@pytest.mark.parametrize("cell, attention, style, bi", VARIANTS)
def test_shapes_and_attention_rows(cell, attention, style, bi):
    model = make(cell, attention, style, bi)
    src = torch.randint(4, 40, (3, 7))
    lengths = torch.tensor([7, 4, 2])
    src[1, 4:] = PAD_ID
    src[2, 2:] = PAD_ID
    out = model(src, lengths, torch.randint(4, 30, (3, 5)))
    assert out.logits.shape == (3, 5, 30)
    assert out.decoder_hidden.shape == (3, 5, 24)
    assert out.encoder_outputs.shape == (3, 7, 24 * (2 if bi else 1))
    if attention == "none":
        assert out.attention is None
    else:
        assert out.attention.shape == (3, 5, 7)
        assert torch.allclose(out.attention.sum(-1), torch.ones(3, 5), atol=1e-5)
        assert out.attention[1, :, 4:].abs().max() == 0 and out.attention[2, :, 2:].abs().max() == 0


@pytest.mark.parametrize("attention", ATTENTIONS)
@pytest.mark.parametrize("cell", ["gru", "lstm"])
def test_padding_tokens_change_nothing(cell, attention):
    """Whatever stands in padded positions, and however much padding, results are identical."""
    model = make(cell, attention)
    src = torch.tensor([[5, 6, 7, 8], [9, 10, 0, 0]])
    lengths = torch.tensor([4, 2])
    tgt = torch.tensor([[2, 5, 6], [2, 7, 0]])
    base = model(src, lengths, tgt)
    noisy = src.clone()
    noisy[1, 2:] = torch.tensor([33, 21])
    longer = torch.cat([src, torch.zeros(2, 3, dtype=torch.long)], dim=1)
    for variant in (noisy, longer):
        out = model(variant, lengths, tgt)
        assert torch.allclose(out.logits, base.logits, atol=1e-6)
    alone = model(src[1:, :2], lengths[1:], tgt[1:, :2])
    assert torch.allclose(alone.logits[0], base.logits[1, :2], atol=1e-5)


def test_fused_teacher_forcing_equals_step_loop():
    model = make(style="luong")
    src, lengths = torch.randint(4, 40, (2, 6)), torch.tensor([6, 6])
    tgt = torch.randint(4, 30, (2, 5))
    fused = model(src, lengths, tgt)
    enc, state = model.encode(src, lengths)
    for t in range(5):
        step = model.decoder.step(tgt[:, t], enc, state)
        state = step.state
        assert torch.allclose(step.logits, fused.logits[:, t], atol=1e-5)
        assert torch.allclose(step.attention, fused.attention[:, t], atol=1e-6)


def test_recurrent_weights_start_orthogonal():
    model = make(cell="gru", layers=1)
    w = model.encoder.rnn.weight_hh_l0.detach()[:24]
    assert torch.allclose(w @ w.T, torch.eye(24), atol=1e-4)


def test_invalid_config_is_refused():
    with pytest.raises(ValueError, match="attention"):
        Seq2Seq(model_config(attention="fancy", src_vocab_size=10, tgt_vocab_size=10))
    with pytest.raises(ValueError, match="layers"):
        Seq2Seq(model_config(layers=9, src_vocab_size=10, tgt_vocab_size=10))
