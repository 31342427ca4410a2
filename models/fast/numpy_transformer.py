"""A numpy snapshot of the Transformer's encoder and decoding step (models/nn/transformer.py's
maths), for translating on the CPU: at batch 1 a step is some sixty small operations, where
PyTorch's per-operation dispatch costs several times numpy's. The encoder runs once per sentence;
the step keeps each layer's self-attention keys and values in numpy arrays, and the
cross-attention's keys and values are projected from the encoder's output once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from models.fast.numpy_kernels import Affine, output_layer
from models.nn.interface import StepOutput
from models.nn.transformer.layers import MultiHeadAttention, TransformerEncoderState
from models.nn.transformer.model import TransformerSeq2Seq


def _layer_norm(norm: torch.nn.LayerNorm, affine: bool = True):
    """The norm; with `affine` False only its standardisation, its scale and shift being folded
    into the linear layer that reads it (`_Folded`)."""
    weight, bias, eps = norm.weight.detach().float().numpy().copy(), norm.bias.detach().float().numpy().copy(), norm.eps
    averaging = np.full((weight.size, 1), 1.0 / weight.size, np.float32)  # (D, 1)

    def apply(x: np.ndarray) -> np.ndarray:  # (..., D)
        # Means as one matrix-vector product each: fewer calls than a reduction and a scaling.
        centred = x - x @ averaging
        variance = np.square(centred) @ averaging
        variance += eps
        centred /= np.sqrt(variance, out=variance)
        if affine:
            centred *= weight
            centred += bias
        return centred

    return apply


class _Folded:
    """Linear layers reading one input, as one product (their outputs side by side), with what
    comes before and after folded into the weights: a pre-norm's scale γ and shift β
    (W·(γ⊙n + β) + b = (W·diag γ)·n + (W·β + b)), and a factor on the first `scaled` outputs
    (attention's 1/√d on its queries)."""

    def __init__(self, *linears: torch.nn.Linear, norm: torch.nn.LayerNorm | None = None,
                 scaled: int = 0, factor: float = 1.0):  # fmt: skip
        weight = torch.cat([layer.weight.detach().float() for layer in linears])  # (out, in)
        bias = torch.cat([layer.bias.detach().float() for layer in linears])  # (out,)
        if norm is not None:
            gamma, beta = norm.weight.detach().float(), norm.bias.detach().float()
            bias = bias + weight @ beta
            weight = weight * gamma
        if scaled:
            weight, bias = weight.clone(), bias.clone()
            weight[:scaled] *= factor
            bias[:scaled] *= factor
        self.affine = Affine(weight, bias)


def _joined(*linears: torch.nn.Linear) -> Affine:
    """One product for several linear layers reading the same input (their outputs side by side)."""
    return _Folded(*linears).affine


class _Attention:
    """Self-attention projects q, k and v of one input at once (`all`); cross-attention projects
    its queries each step and the source's keys and values once per sentence."""

    def __init__(self, attention: MultiHeadAttention, cross: bool, norm: torch.nn.LayerNorm | None = None):
        """`norm`: the pre-norm whose scale and shift fold into the projections of its output."""
        self.heads, self.size = attention.heads, attention.head_size
        scale = 1.0 / math.sqrt(self.size)  # the scores' 1/√d, folded into the queries
        queries = attention.query.out_features
        if cross:
            self.query = _Folded(attention.query, norm=norm, scaled=queries, factor=scale).affine
            self.keys_values = _joined(attention.key, attention.value)
        else:
            self.all = _Folded(attention.query, attention.key, attention.value, norm=norm,
                               scaled=queries, factor=scale).affine  # fmt: skip
        self.output = Affine(attention.output.weight, attention.output.bias)

    def split(self, x: np.ndarray, rows: int, length: int, parts: int = 1) -> list[np.ndarray]:
        """(rows·length, parts·D) -> `parts` arrays (rows, heads, length, d)."""
        x = x.reshape(rows, length, parts, self.heads, self.size).transpose(2, 0, 3, 1, 4)
        return list(x)

    def __call__(self, q: np.ndarray, keys: np.ndarray, values: np.ndarray, mask: np.ndarray | None):
        """q (B, heads, T, d) queries, projected; keys, values (B, heads, S, d); mask (B, T or 1, S)
        True where a query may look, or None -> output (B·T, D), weights (B, heads, T, S)."""
        scores = q @ keys.transpose(0, 1, 3, 2)  # (B, h, T, S), already divided by √d (the queries were)
        if mask is not None:
            scores = np.where(mask[:, None], scores, -np.inf)
        scores -= np.maximum.reduce(scores, axis=-1, keepdims=True)  # the ufunc: ndarray.max's wrapper costs more
        weights = np.exp(scores, out=scores)
        weights /= np.add.reduce(weights, axis=-1, keepdims=True)
        context = weights @ values  # (B, h, T, d)
        rows, _, length, _ = context.shape
        return self.output(context.transpose(0, 2, 1, 3).reshape(rows * length, -1)), weights


@dataclass
class NumpyDecoderState:
    """The step's state in numpy: each layer's self-attention keys and values so far (B, h, t, d)
    and cross-attention keys and values (B, h, S, d), the source mask (B, S), the next position."""

    position: int
    self_keys: list[np.ndarray | None]
    self_values: list[np.ndarray | None]
    cross_keys: list[np.ndarray]
    cross_values: list[np.ndarray]
    mask: np.ndarray

    def select(self, index: torch.Tensor) -> NumpyDecoderState:
        i = index.numpy()
        pick = lambda arrays: [None if a is None else a[i] for a in arrays]  # noqa: E731
        return NumpyDecoderState(self.position, pick(self.self_keys), pick(self.self_values),
                                 pick(self.cross_keys), pick(self.cross_values), self.mask[i])  # fmt: skip


class NumpyTransformerStep:
    """A snapshot of a Transformer's weights, and its encoder (Transformer.encode) and decoding
    step (Transformer.decode_step) computed on it."""

    def __init__(self, model: TransformerSeq2Seq):
        t = model.transformer
        self.scale = np.float32(math.sqrt(t.sizes.d_model))
        self.source_embedding = t.source_embedding.weight.detach().float().numpy().copy()
        self.embedding = t.target_embedding.weight.detach().float().numpy() * self.scale  # scaled once, not per step
        positions = t.learned_positions.weight if t.sizes.positions == "learned" else t.sinusoids
        self.positions = positions.detach().float().numpy().copy()
        self.pre_norm = pre = t.sizes.norm == "pre"
        # A pre-norm's output is read by one sublayer's first projections only: its scale and
        # shift fold into them (two operations fewer per norm). A post-norm's output is the
        # residual stream itself, so it keeps them.
        fold = lambda residual: residual.norm if pre else None  # noqa: E731
        self.encoder_layers = [
            {
                "self": _Attention(layer.attention, cross=False, norm=fold(layer.attend)),
                "inner": _Folded(layer.feed_forward.inner, norm=fold(layer.transform)).affine,
                "outer": Affine(layer.feed_forward.outer.weight, layer.feed_forward.outer.bias),
                "norms": [_layer_norm(r.norm, affine=not pre) for r in (layer.attend, layer.transform)],
            }
            for layer in t.encoder_layers
        ]  # fmt: skip
        self.encoder_norm = _layer_norm(t.encoder_norm) if pre else None
        self.layers = [
            {
                "self": _Attention(layer.self_attention, cross=False, norm=fold(layer.attend_self)),
                "cross": _Attention(layer.cross_attention, cross=True, norm=fold(layer.attend_source)),
                "inner": _Folded(layer.feed_forward.inner, norm=fold(layer.transform)).affine,
                "outer": Affine(layer.feed_forward.outer.weight, layer.feed_forward.outer.bias),
                "norms": [_layer_norm(r.norm, affine=not pre)
                          for r in (layer.attend_self, layer.attend_source, layer.transform)],
            }
            for layer in t.decoder_layers
        ]  # fmt: skip
        self.final_norm = _layer_norm(t.decoder_norm) if self.pre_norm else None
        self.output = output_layer(t.output)  # the logits come out with never-emitted ids ruled out

    def _residual(self, x: np.ndarray, norm, sublayer) -> tuple[np.ndarray, object]:
        out, extra = sublayer(norm(x) if self.pre_norm else x)
        x = x + out
        return (x if self.pre_norm else norm(x)), extra

    @staticmethod
    def _feed_forward(layer: dict, h: np.ndarray) -> tuple[np.ndarray, None]:
        inner = layer["inner"](h)
        return layer["outer"](np.maximum(inner, 0.0, out=inner)), None

    def encode(self, src: np.ndarray, lengths: np.ndarray) -> tuple[TransformerEncoderState, NumpyDecoderState]:
        """src (B, S) ids, lengths (B,) -> the encoder's state (its tensors share numpy's memory)
        and the decoder's initial one, with every layer's cross-attention keys and values."""
        rows, length = src.shape
        mask = np.arange(length)[None, :] < lengths[:, None]  # (B, S)
        x = (self.source_embedding[src] * self.scale + self.positions[:length]).reshape(rows * length, -1)
        weights = []
        for layer in self.encoder_layers:
            attend, transform = layer["norms"]
            attention = layer["self"]

            def self_attention(h, attention=attention):
                q, k, v = attention.split(attention.all(h), rows, length, 3)
                return attention(q, k, v, mask[:, None, :])

            x, w = self._residual(x, attend, self_attention)
            weights.append(w)
            x, _ = self._residual(x, transform, lambda h, layer=layer: self._feed_forward(layer, h))
        memory = self.encoder_norm(x) if self.encoder_norm is not None else x  # (B·S, D)
        cross = [layer["cross"].split(layer["cross"].keys_values(memory), rows, length, 2) for layer in self.layers]
        enc = TransformerEncoderState(torch.from_numpy(memory.reshape(rows, length, -1)), torch.from_numpy(mask),
                                      [torch.from_numpy(w) for w in weights])  # fmt: skip
        layers = len(self.layers)
        state = NumpyDecoderState(
            0, [None] * layers, [None] * layers, [k for k, _ in cross], [v for _, v in cross], mask
        )
        return enc, state

    def __call__(self, tokens: torch.Tensor, state: NumpyDecoderState) -> tuple[StepOutput, NumpyDecoderState]:
        position = state.position
        rows = tokens.shape[0]
        x = self.embedding[tokens.numpy()] + self.positions[position]  # (B, D)
        keys, values = list(state.self_keys), list(state.self_values)
        cross = np.empty((rows, len(self.layers), self.layers[0]["cross"].heads, state.mask.shape[1]), np.float32)
        source_mask = None if state.mask.all() else state.mask[:, None, :]  # (B, 1, S); None: nothing to hide
        for n, layer in enumerate(self.layers):
            attend_self, attend_source, transform = layer["norms"]

            def self_attention(h, n=n, attention=layer["self"]):
                q, k, v = attention.split(attention.all(h), rows, 1, 3)  # (B, h, 1, d) each
                keys[n] = k if keys[n] is None else np.concatenate([keys[n], k], axis=2)
                values[n] = v if values[n] is None else np.concatenate([values[n], v], axis=2)
                return attention(q, keys[n], values[n], None)

            def cross_attention(h, n=n, attention=layer["cross"]):
                (q,) = attention.split(attention.query(h), rows, 1)
                return attention(q, state.cross_keys[n], state.cross_values[n], source_mask)

            x, _ = self._residual(x, attend_self, self_attention)
            x, weights = self._residual(x, attend_source, cross_attention)
            cross[:, n] = weights[:, :, 0]  # (B, heads, S)
            x, _ = self._residual(x, transform, lambda h, layer=layer: self._feed_forward(layer, h))
        if self.final_norm is not None:
            x = self.final_norm(x)
        logits = self.output(x)  # (B, V)
        top_mean = np.add.reduce(cross[:, -1], axis=1) * np.float32(1.0 / cross.shape[2])  # the top layer's heads
        step = StepOutput(torch.from_numpy(logits), torch.from_numpy(top_mean),
                          torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32)), None, heads=torch.from_numpy(cross))  # fmt: skip
        new_state = NumpyDecoderState(position + 1, keys, values, state.cross_keys, state.cross_values, state.mask)
        step.state = new_state
        return step, new_state
