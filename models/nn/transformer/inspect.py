"""The Transformer's hook for the step-by-step view: one layer's computation with every sub-step's
numbers, read from the canonical modules (layers.py) while a teacher-forced pass runs.

Forward hooks record what each module was given and what it returned: the embedding tables and
the dropout after the positions (the stack's input), each residual block's input, its norm, its
sub-layer (an attention or the feed-forward) and its output, and the attention's query projection,
keys, values, mask and weights. Nothing is recomputed but the head split of the queries; the
caller (models/inspection/transformer_steps.py) derives the scores and checks them against the
weights.
"""

from __future__ import annotations

import math

import numpy as np
import torch

from models.nn.interface import AttentionSite, LayerWalkthrough
from models.nn.transformer.layers import MultiHeadAttention, Residual, Transformer

SITES = ("encoder", "decoder", "cross")  # encoder self-attention, decoder masked self-attention, cross-attention


def _first(tensor: torch.Tensor) -> np.ndarray:
    return tensor.detach()[0].numpy().copy()


class _Recorder:
    """Forward hooks that keep every call's inputs and outputs, removed on exit."""

    def __init__(self):
        self.handles = []
        self.calls: dict[str, list[tuple]] = {}

    def watch(self, name: str, module: torch.nn.Module) -> None:
        self.calls[name] = []
        record = lambda _m, args, out: self.calls[name].append((args, out))  # noqa: E731
        self.handles.append(module.register_forward_hook(record))

    def __enter__(self) -> _Recorder:
        return self

    def __exit__(self, *_exc) -> None:
        for handle in self.handles:
            handle.remove()


def _stages(recorder: _Recorder, blocks: list[tuple[str, str, Residual]]) -> list[tuple[str, np.ndarray]]:
    """The residual stream through a layer's blocks, in the order computed: pre-norm
    x → norm → sub-layer → x + it; post-norm x → sub-layer → x + it → norm."""
    stages: list[tuple[str, np.ndarray]] = []
    for index, (name, sublayer, block) in enumerate(blocks):
        (x, _sublayer), _ = recorder.calls[f"block{index}"][0]
        (norm_in,), norm_out = recorder.calls[f"norm{index}"][0]
        _args, out = recorder.calls[sublayer][0]
        out = out[0] if isinstance(out, tuple) else out
        if index == 0:
            stages.append(("input", _first(x)))
        if block.pre_norm:
            (block_out, _extra) = recorder.calls[f"block{index}"][0][1]
            stages += [("norm", _first(norm_out)), (name, _first(out)), ("residual", _first(block_out))]
        else:
            stages += [(name, _first(out)), ("residual", _first(norm_in)), ("norm", _first(norm_out))]
    return stages


def layer_walkthrough(transformer: Transformer, src: torch.Tensor, lengths: torch.Tensor, tgt_in: torch.Tensor,
                      site: str, layer: int) -> LayerWalkthrough:  # fmt: skip
    """`site`'s attention in layer `layer` of its stack (the encoder's for "encoder", the decoder's
    otherwise), with the side's embeddings and positions and the layer's residual path."""
    if site not in SITES:
        raise ValueError(f"site must be one of {', '.join(SITES)}, not {site!r}")
    encoder_side = site == "encoder"
    stack = transformer.encoder_layers if encoder_side else transformer.decoder_layers
    layer = min(max(0, layer), len(stack) - 1)  # a layer the other stack has, this one not: its top
    chosen = stack[layer]
    if encoder_side:
        blocks = [("self-attention", "attention", chosen.attend), ("feed-forward", "feed_forward", chosen.transform)]
        attention: MultiHeadAttention = chosen.attention
    else:
        blocks = [("self-attention", "self_attention", chosen.attend_self),
                  ("cross-attention", "cross_attention", chosen.attend_source),
                  ("feed-forward", "feed_forward", chosen.transform)]  # fmt: skip
        attention = chosen.self_attention if site == "decoder" else chosen.cross_attention
    table = transformer.source_embedding if encoder_side else transformer.target_embedding
    with _Recorder() as recorder:
        recorder.watch("table", table)
        recorder.watch("embedded", transformer.dropout)  # called once per side, on embeddings + positions
        if transformer.sizes.positions == "learned":
            recorder.watch("positions", transformer.learned_positions)
        for index, (_name, sublayer, block) in enumerate(blocks):
            recorder.watch(f"block{index}", block)
            recorder.watch(f"norm{index}", block.norm)
            recorder.watch(sublayer, getattr(chosen, sublayer))
        recorder.watch("query", attention.query)
        recorder.watch("site", attention)
        transformer.features(src, lengths, tgt_in)
    side = 0 if encoder_side else 1  # the source is embedded first, then the target
    tables = [out for _args, out in recorder.calls["table"]]  # a shared table is called for both sides
    embeddings = (tables[side] if len(tables) > 1 else tables[0]) * math.sqrt(transformer.sizes.d_model)
    length = (src if encoder_side else tgt_in).shape[1]
    if transformer.sizes.positions == "learned":
        positions = recorder.calls["positions"][side][1][:length]
    else:
        positions = transformer.sinusoids[:length]
    embedded = recorder.calls["embedded"][0 if encoder_side else 1][1]
    (x, keys, values, mask), (output, weights) = recorder.calls["site"][0]
    queries = attention.split(recorder.calls["query"][0][1])  # (B, heads, Lq, d)
    full_mask = mask.expand(x.size(0), x.size(1), keys.size(2))  # (B, Lq, Lk)
    site_numbers = AttentionSite(
        inputs=_first(x), queries=_first(queries), keys=_first(keys), values=_first(values),
        mask=_first(full_mask).astype(bool), weights=_first(weights), output=_first(output),
    )  # fmt: skip
    return LayerWalkthrough(
        attention=site_numbers, embeddings=_first(embeddings), positions=positions.detach().numpy().copy(),
        embedded=_first(embedded), positions_kind=transformer.sizes.positions, stages=_stages(recorder, blocks),
        layer=layer, layers=len(stack),
    )  # fmt: skip
