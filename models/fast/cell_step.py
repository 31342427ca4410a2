"""One time step of an nn.RNN / nn.GRU / nn.LSTM module, written out with its own weights.

The same maths as calling the module on a one-step sequence (PyTorch's gate order), but each
projection goes through a caller-given linear function, so a step loop can route them through
`StepLinears` and compute the weight gradients once for all steps.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import nn

from models.fast.dropout_masks import numpy_dropout

Linear = Callable[[torch.Tensor, torch.Tensor, torch.Tensor | None], torch.Tensor]
Hidden = torch.Tensor | tuple[torch.Tensor, torch.Tensor]


def cell_update(cell: str, gi: torch.Tensor, gh: torch.Tensor, h: torch.Tensor, c: torch.Tensor | None):
    """gi, gh (B, gates*H): input and hidden projections; h, c (B, H) -> new h, new c (None but LSTM)."""
    if cell == "gru":
        i_r, i_z, i_n = gi.chunk(3, 1)
        h_r, h_z, h_n = gh.chunk(3, 1)
        reset = torch.sigmoid(i_r + h_r)
        update = torch.sigmoid(i_z + h_z)
        new = torch.tanh(i_n + reset * h_n)
        return new + update * (h - new), None  # (1 - z) * n + z * h
    if cell == "lstm":
        i, f, g, o = (gi + gh).chunk(4, 1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        return torch.sigmoid(o) * torch.tanh(c), c
    return torch.tanh(gi + gh), None


def rnn_step(
    rnn: nn.RNNBase, cell: str, x: torch.Tensor | None, hidden: Hidden, linear: Linear = F.linear,
    first_projection: torch.Tensor | None = None,
):  # fmt: skip
    """x (B, in), hidden (layers, B, H) or (h, c) -> top output (B, H), new hidden like `hidden`.

    `first_projection` (B, gates*H) replaces the first layer's input projection of x (then x
    is not used), for callers that compute it otherwise. Dropout between layers follows
    rnn.dropout, as the module applies it in training.
    """
    lstm = isinstance(hidden, tuple)
    hs = hidden[0] if lstm else hidden
    new_h, new_c = [], []
    for layer in range(rnn.num_layers):
        if layer > 0 and rnn.dropout > 0:
            x = numpy_dropout(x, rnn.dropout) if rnn.training else x
        if layer == 0 and first_projection is not None:
            gi = first_projection
        else:
            gi = linear(x, getattr(rnn, f"weight_ih_l{layer}"), getattr(rnn, f"bias_ih_l{layer}", None))
        gh = linear(hs[layer], getattr(rnn, f"weight_hh_l{layer}"), getattr(rnn, f"bias_hh_l{layer}", None))
        x, c = cell_update(cell, gi, gh, hs[layer], hidden[1][layer] if lstm else None)
        new_h.append(x)
        new_c.append(c)
    h = torch.stack(new_h)  # (layers, B, H)
    return x, ((h, torch.stack(new_c)) if lstm else h)
