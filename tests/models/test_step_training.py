"""The input-feeding decoder's training loop: one-step cells, weight gradients gathered over
steps, and dropout masks. Each must give what PyTorch's modules give."""

import pytest
import torch
import torch.nn.functional as F

from models.attention_types import attention_types
from models.fast.cell_step import rnn_step
from models.fast.deferred_grad import StepLinears
from models.fast.dropout_masks import DROPOUT_MASKS, use_fast_masks
from models.fast.step_training import STEP_TRAINING, training_forward
from models.nn import Seq2Seq
from models.nn.dropout import Dropout
from models.nn.encoder import RNN_CLASSES
from models.nn.family import model_config


@pytest.fixture
def float64():
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(torch.float32)


@pytest.mark.parametrize("layers", [1, 2])
@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
def test_rnn_step_is_the_module_on_one_step(cell, layers):
    torch.manual_seed(0)
    rnn = RNN_CLASSES[cell](5, 7, num_layers=layers)
    x = torch.randn(3, 5)
    h = torch.randn(layers, 3, 7)
    hidden = (h, torch.randn(layers, 3, 7)) if cell == "lstm" else h
    expected_out, expected_hidden = rnn(x.unsqueeze(0), hidden)
    out, new_hidden = rnn_step(rnn, cell, x, hidden)
    assert torch.allclose(out, expected_out[0], atol=1e-6)
    if cell != "lstm":
        new_hidden, expected_hidden = [new_hidden], [expected_hidden]
    for got, want in zip(new_hidden, expected_hidden):
        assert torch.allclose(got, want, atol=1e-6)


def test_step_linears_gradients_equal_plain_linears(float64):
    torch.manual_seed(0)
    layer = torch.nn.Linear(4, 6)
    shared_slice = layer.weight[:, 1:]  # a slice taken once, as the decoder takes one
    xs = [torch.randn(3, 4, requires_grad=True) for _ in range(5)]

    def run(linear):
        layer.zero_grad(set_to_none=True)
        for x in xs:
            x.grad = None
        h = torch.zeros(3, 6)
        for x in xs:  # a recurrence, so later steps' gradients reach earlier inputs
            h = torch.tanh(linear(x, layer.weight, layer.bias) + h) + linear(x[:, 1:], shared_slice, None)
        h.square().sum().backward()
        return layer.weight.grad.clone(), layer.bias.grad.clone(), [x.grad.clone() for x in xs]

    weight, bias, inputs = run(F.linear)
    gathered_weight, gathered_bias, gathered_inputs = run(StepLinears())
    assert torch.allclose(gathered_weight, weight, atol=1e-12)
    assert torch.allclose(gathered_bias, bias, atol=1e-12)
    assert all(torch.allclose(a, b, atol=1e-12) for a, b in zip(gathered_inputs, inputs))


def test_step_linears_without_autograd_are_plain_linears():
    layer = torch.nn.Linear(4, 6)
    x = torch.randn(2, 4)
    with torch.no_grad():
        assert torch.equal(StepLinears()(x, layer.weight, layer.bias), layer(x))


@pytest.mark.parametrize("attention", [declared.name for declared in attention_types()])  # every declared type
@pytest.mark.parametrize("cell, layers", [("gru", 1), ("gru", 2), ("lstm", 2), ("rnn", 1)])
def test_input_feeding_training_loop_gives_the_modules_gradients(cell, layers, attention, float64):
    """The trainer's step-wise loop (hoisted embedding projection, gathered weight gradients)
    against the model's own step loop through nn.GRU/LSTM/RNN."""
    torch.manual_seed(0)
    config = model_config(cell=cell, layers=layers, attention=attention, decoder_style="input_feeding",
                         bidirectional=True, embedding_size=16, hidden_size=24, dropout=0.0,
                         src_vocab_size=30, tgt_vocab_size=40)  # fmt: skip
    model = Seq2Seq(config).train()
    src = torch.randint(4, 30, (5, 7))
    lengths = torch.tensor([7, 6, 5, 3, 2])
    tgt = torch.randint(4, 40, (5, 6))
    assert STEP_TRAINING.builder(model.decoder) is not None  # the registered loop is the one tested

    def gradients(forward):
        model.zero_grad(set_to_none=True)
        out = forward(src, lengths, tgt)
        out.logits.square().mean().backward()
        return out, {name: p.grad.clone() for name, p in model.named_parameters() if p.grad is not None}

    out, grads = gradients(lambda *batch: training_forward(model, *batch))
    expected_out, expected = gradients(model)  # each step through nn.GRU/LSTM/RNN
    assert torch.allclose(out.logits, expected_out.logits, atol=1e-12)
    assert grads.keys() == expected.keys()
    for name in expected:
        assert torch.allclose(grads[name], expected[name], atol=1e-10), name


@pytest.mark.parametrize("masks", ["pytorch", *(cls.__name__ for cls in DROPOUT_MASKS.classes())])
def test_dropout_rate_scale_and_seed(masks):
    """PyTorch's masks and every registered faster source: the same rate, scale and seeding."""
    dropout = Dropout(0.1)
    if masks != "pytorch":
        use_fast_masks(dropout)
        assert dropout.masks is not None
    x = torch.ones(400, 500, requires_grad=True)
    torch.manual_seed(3)
    y = dropout(x)
    dropped = float((y == 0).double().mean())
    assert abs(dropped - 0.1) < 0.005
    assert torch.allclose(y[y != 0], torch.full_like(y[y != 0], 1 / 0.9))
    y.sum().backward()
    assert torch.equal(x.grad == 0, y == 0)  # the gradient goes through the same mask
    torch.manual_seed(3)
    assert torch.equal(dropout(x), y)  # torch.manual_seed decides the masks
    assert not torch.equal(dropout(x), y)
    dropout.eval()
    assert dropout(x) is x
