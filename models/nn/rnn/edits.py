"""The recurrent family's interventions: its one attention's weights changed while it decodes
(models/nn/interface.AttentionEdit), through a forward hook on the attention module."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import torch

from models.nn.interface import AttentionEdit


@contextmanager
def edited_attention(model, edit: AttentionEdit) -> Iterator[None]:
    attention = model.decoder.attention
    if attention is None:
        raise ValueError("this model has no attention to change: its decoder reads one fixed context")
    if edit.kind == "head":
        raise ValueError("a recurrent model has one attention, no heads to switch off")
    if edit.layer not in (None, 0):
        raise ValueError(f"a recurrent model has one attention (layer 0), not layer {edit.layer}")

    def rewrite(_module, args, output):
        _query, _keys, values, mask = args  # values (B, S, Hv), mask (B, S)
        weights = edit.apply(output[1], mask.unsqueeze(1))  # (B, T, S)
        return torch.bmm(weights, values), weights  # the context is the edited weights' sum

    handle = attention.register_forward_hook(rewrite)
    try:
        yield
    finally:
        handle.remove()
