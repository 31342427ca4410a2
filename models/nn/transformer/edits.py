"""The Transformer's interventions: its decoder layers' cross-attention changed while it decodes
(models/nn/interface.AttentionEdit), through forward hooks on the cross-attention modules. A head
switched off has zero weights, so its share of the layer's output is nothing (W_O·0 = 0)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from models.nn.interface import AttentionEdit


@contextmanager
def edited_attention(transformer, edit: AttentionEdit) -> Iterator[None]:
    layers = list(transformer.decoder_layers)
    if edit.layer is not None and not 0 <= edit.layer < len(layers):
        raise ValueError(f"the decoder has layers 0…{len(layers) - 1}, not {edit.layer}")
    heads = layers[0].cross_attention.heads
    if edit.kind == "head":
        if edit.layer is None:
            raise ValueError("say which layer's head to switch off")
        if not 0 <= edit.head < heads:
            raise ValueError(f"each layer has heads 0…{heads - 1}, not {edit.head}")

    def rewrite(module, args, output):
        x, _keys, values, mask = args  # x (B, T, D); values (B, h, S, d); mask (B, 1, S)
        weights = output[1]  # (B, h, T, S)
        if edit.kind == "head":
            weights = weights.clone()
            weights[:, edit.head] = 0.0
        else:
            weights = edit.apply(weights, mask.unsqueeze(1))
        context = (weights @ values).transpose(1, 2).reshape(x.size(0), x.size(1), -1)  # (B, T, D)
        return module.output(context), weights

    chosen = layers if edit.layer is None else [layers[edit.layer]]
    handles = [layer.cross_attention.register_forward_hook(rewrite) for layer in chosen]
    try:
        yield
    finally:
        for handle in handles:
            handle.remove()
