"""RNN, GRU and LSTM updates from precomputed projections, in PyTorch's gate order.

nn.RNN/GRU/LSTM run a whole sequence in one call, but an input-feeding decoder must run step by
step, and calling the module once per step projects the embeddings step by step too. With the
update written out, the embeddings' share of the input projection runs for all steps in one
large product before the loop (see Decoder.forward_input_feeding).
"""

from __future__ import annotations

import torch

GATES = {"rnn": 1, "gru": 3, "lstm": 4}


def cell_update(cell: str, gi: torch.Tensor, gh: torch.Tensor, h: torch.Tensor, c: torch.Tensor | None):
    """gi = W_ih x + b_ih, gh = W_hh h + b_hh, both (B, gates*H); h, c (B, H) -> new (h, c or None)."""
    size = h.size(-1)
    if cell == "gru":
        rz = torch.sigmoid(gi[:, : 2 * size] + gh[:, : 2 * size])  # reset, update
        n = torch.tanh(torch.addcmul(gi[:, 2 * size :], rz[:, :size], gh[:, 2 * size :]))
        return torch.lerp(n, h, rz[:, size:]), None  # (1 - z) * n + z * h
    if cell == "lstm":
        gates = gi + gh
        i, f, o = (torch.sigmoid(gates[:, k * size : (k + 1) * size]) for k in (0, 1, 3))
        c = f * c + i * torch.tanh(gates[:, 2 * size : 3 * size])
        return o * torch.tanh(c), c
    return torch.tanh(gi + gh), None
