"""The recurrent family's hooks for the inspection views: every layer's states, and its one
attention's computation, read from the canonical modules on a teacher-forced pass (the fast path
is only ever taken by decoding). The caller sets eval mode and no_grad."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from models import attention_types
from models.nn.interface import AttentionCalculation, LayerStates


def layer_outputs(rnn: nn.RNNBase, inputs: torch.Tensor, hx) -> list[torch.Tensor]:
    """Every layer's outputs of `rnn` (batch first) on `inputs` (B, T, in) from the initial state
    `hx` ((layers·dirs, B, H), (h, c) for an LSTM, or None for zeros): [(B, T, dirs·H)] per layer,
    from the RNN's own weights, one single-layer RNN of the same kind at a time."""
    dirs = 2 if rnn.bidirectional else 1
    outputs, x = [], inputs
    for layer in range(rnn.num_layers):
        kwargs = {"nonlinearity": rnn.nonlinearity} if isinstance(rnn, nn.RNN) else {}
        single = type(rnn)(x.size(-1), rnn.hidden_size, num_layers=1, bias=rnn.bias, batch_first=True,
                           bidirectional=rnn.bidirectional, **kwargs)  # fmt: skip
        for name, _ in single.named_parameters():
            getattr(single, name).data = getattr(rnn, name.replace("_l0", f"_l{layer}")).data
        span = slice(layer * dirs, (layer + 1) * dirs)
        state = None if hx is None else (tuple(h[span] for h in hx) if isinstance(hx, tuple) else hx[span])
        x, _ = single(x, state)
        outputs.append(x)
    return outputs


class _Recorder:
    """What an RNN module was given, call by call: (inputs (B, T, in), initial state)."""

    def __init__(self, rnn: nn.RNNBase):
        self.calls: list[tuple[torch.Tensor, object]] = []
        self._handle = rnn.register_forward_hook(self._record)

    def _record(self, _module, args, _out) -> None:
        inputs, hx = args[0], (args[1] if len(args) > 1 else None)
        if isinstance(inputs, nn.utils.rnn.PackedSequence):  # one unpadded sentence: its steps in order
            inputs = inputs.data.unsqueeze(0)
        self.calls.append((inputs.detach(), hx))

    def remove(self) -> None:
        self._handle.remove()

    def layers(self, rnn: nn.RNNBase) -> list[np.ndarray]:
        """Each layer's outputs over all recorded calls (a step loop's steps joined): [(T, size)]."""
        per_call = [layer_outputs(rnn, inputs, hx) for inputs, hx in self.calls]
        return [torch.cat([call[layer] for call in per_call], dim=1)[0].numpy() for layer in range(rnn.num_layers)]


def layer_states(model, src: torch.Tensor, lengths: torch.Tensor, tgt_in: torch.Tensor) -> LayerStates:
    """Every encoder and decoder layer's outputs [(T, size)], from what each RNN was given."""
    encoder, decoder = _Recorder(model.encoder.rnn), _Recorder(model.decoder.rnn)
    try:
        model(src, lengths, tgt_in)
        return LayerStates(encoder.layers(model.encoder.rnn), decoder.layers(model.decoder.rnn),
                           encoder_bidirectional=model.config.bidirectional)  # fmt: skip
    finally:
        encoder.remove()
        decoder.remove()


def attention_calculation(
    model, src: torch.Tensor, lengths: torch.Tensor, tgt_in: torch.Tensor
) -> AttentionCalculation:
    """The one attention's queries, scores, weights and contexts along tgt_in (first sentence)."""
    attention = model.decoder.attention
    calls: list[tuple] = []

    def record(_module, args, output) -> None:
        query, keys, values, mask = args
        calls.append((query.detach(), keys.detach(), values.detach(), mask, output[0].detach(), output[1].detach()))

    hook = attention.register_forward_hook(record) if attention is not None else None
    try:
        enc, _ = model.encode(src, lengths)
        model(src, lengths, tgt_in)
    finally:
        if hook is not None:
            hook.remove()
    steps = tgt_in.size(1)  # the batch's longest: the caller keeps its own sentence's steps
    values = enc.outputs.detach()[0]  # (S, Hv)
    declared = attention_types.attention_type(model.config.attention)
    scores = weights = None
    if attention is None:
        queries = np.zeros((steps, 0), dtype=np.float32)
        contexts = np.repeat(enc.fixed_context.detach()[0:1].numpy(), steps, axis=0)
    else:
        # One call for all steps (Luong decoder), or one per step (input feeding).
        query = torch.cat([c[0] for c in calls], dim=1)  # (B, T, Hq)
        keys, mask_tensor = calls[0][1], calls[0][3]
        raw = attention.score(query, keys).masked_fill(~mask_tensor.unsqueeze(1), float("-inf"))  # (B, T, S)
        queries = query[0].numpy()
        scores = raw[0].numpy()
        weights = torch.cat([c[5] for c in calls], dim=1)[0].numpy()
        contexts = torch.cat([c[4] for c in calls], dim=1)[0].numpy()
    return AttentionCalculation(
        kind=declared.name, formula=declared.formula, parameters=declared.parameters(attention),
        mask=enc.mask[0].numpy(), queries=queries, values=values.numpy(), scores=scores, weights=weights,
        contexts=contexts,
    )  # fmt: skip
