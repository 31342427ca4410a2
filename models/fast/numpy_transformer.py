"""A numpy snapshot of the Transformer's decoding step (models/nn/transformer.py's maths), for
translating on the CPU: at batch 1 a step is some sixty small operations, where PyTorch's
per-operation dispatch costs several times numpy's. The encoder runs once per sentence in its
modules; the step keeps each layer's self-attention keys and values in numpy arrays, and the
cross-attention's keys and values are taken from the encoder's state once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from models.fast.numpy_kernels import Affine
from models.nn.decoder import StepOutput
from models.nn.transformer import MultiHeadAttention, TransformerEncoderState
from models.nn.transformer_seq2seq import TransformerSeq2Seq


def _layer_norm(norm: torch.nn.LayerNorm):
    weight, bias, eps = norm.weight.detach().float().numpy().copy(), norm.bias.detach().float().numpy().copy(), norm.eps

    def apply(x: np.ndarray) -> np.ndarray:  # (B, D)
        mean = x.mean(axis=-1, keepdims=True)
        centred = x - mean
        variance = (centred * centred).mean(axis=-1, keepdims=True)
        return centred / np.sqrt(variance + eps) * weight + bias

    return apply


class _Attention:
    def __init__(self, attention: MultiHeadAttention):
        self.heads, self.size = attention.heads, attention.head_size
        self.query = Affine(attention.query.weight, attention.query.bias)
        self.key = Affine(attention.key.weight, attention.key.bias)
        self.value = Affine(attention.value.weight, attention.value.bias)
        self.output = Affine(attention.output.weight, attention.output.bias)

    def split(self, x: np.ndarray) -> np.ndarray:
        """(B, D) -> (B, heads, 1, d)."""
        return x.reshape(x.shape[0], self.heads, 1, self.size)

    def __call__(self, h: np.ndarray, keys: np.ndarray, values: np.ndarray, mask: np.ndarray | None):
        """h (B, D); keys, values (B, heads, S, d); mask (B, S) or None -> output (B, D), weights (B, heads, S)."""
        q = self.split(self.query(h))  # (B, h, 1, d)
        scores = (q @ keys.transpose(0, 1, 3, 2))[:, :, 0] / math.sqrt(self.size)  # (B, h, S)
        if mask is not None:
            scores = np.where(mask[:, None, :], scores, -np.inf)
        scores -= scores.max(axis=-1, keepdims=True)
        weights = np.exp(scores)
        weights /= weights.sum(axis=-1, keepdims=True)
        context = (weights[:, :, None, :] @ values)[:, :, 0]  # (B, h, d)
        return self.output(context.reshape(h.shape[0], -1)), weights


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
    """A snapshot of a Transformer's decoder and the step computed on it (Transformer.decode_step)."""

    def __init__(self, model: TransformerSeq2Seq):
        t = model.transformer
        self.scale = math.sqrt(t.sizes.d_model)
        self.embedding = t.target_embedding.weight.detach().float().numpy().copy()
        positions = t.learned_positions.weight if t.sizes.positions == "learned" else t.sinusoids
        self.positions = positions.detach().float().numpy().copy()
        self.pre_norm = t.sizes.norm == "pre"
        self.layers = [
            {
                "self": _Attention(layer.self_attention), "cross": _Attention(layer.cross_attention),
                "inner": Affine(layer.feed_forward.inner.weight, layer.feed_forward.inner.bias),
                "outer": Affine(layer.feed_forward.outer.weight, layer.feed_forward.outer.bias),
                "norms": [_layer_norm(r.norm) for r in (layer.attend_self, layer.attend_source, layer.transform)],
            }
            for layer in t.decoder_layers
        ]  # fmt: skip
        self.final_norm = _layer_norm(t.decoder_norm) if self.pre_norm else None
        self.output = Affine(t.output.weight, t.output.bias)
        self.never_emitted = model._never_emitted.numpy()

    def start(self, enc: TransformerEncoderState, caches) -> NumpyDecoderState:
        """The numpy state from the modules' initial one (cross keys and values already projected)."""
        layers = len(caches)
        return NumpyDecoderState(0, [None] * layers, [None] * layers, [c.cross_keys.numpy() for c in caches],
                                 [c.cross_values.numpy() for c in caches], enc.mask.numpy())  # fmt: skip

    def _residual(self, x: np.ndarray, norm, sublayer) -> tuple[np.ndarray, object]:
        out, extra = sublayer(norm(x) if self.pre_norm else x)
        x = x + out
        return (x if self.pre_norm else norm(x)), extra

    def __call__(self, tokens: torch.Tensor, state: NumpyDecoderState) -> tuple[StepOutput, NumpyDecoderState]:
        position = state.position
        x = self.embedding[tokens.numpy()] * self.scale + self.positions[position]  # (B, D)
        keys, values, heads = list(state.self_keys), list(state.self_values), []
        for n, layer in enumerate(self.layers):
            attend_self, attend_source, transform = layer["norms"]

            def self_attention(h, n=n, layer=layer):
                k = layer["self"].split(layer["self"].key(h))  # (B, h, 1, d)
                v = layer["self"].split(layer["self"].value(h))
                keys[n] = k if keys[n] is None else np.concatenate([keys[n], k], axis=2)
                values[n] = v if values[n] is None else np.concatenate([values[n], v], axis=2)
                return layer["self"](h, keys[n], values[n], None)

            x, _ = self._residual(x, attend_self, self_attention)
            x, weights = self._residual(
                x, attend_source, lambda h, n=n, layer=layer: layer["cross"](h, state.cross_keys[n], state.cross_values[n], state.mask)
            )  # fmt: skip
            heads.append(weights)
            x, _ = self._residual(
                x, transform, lambda h, layer=layer: (layer["outer"](np.maximum(layer["inner"](h), 0.0)), None)
            )
        if self.final_norm is not None:
            x = self.final_norm(x)
        logits = self.output(x)  # (B, V)
        logits[:, self.never_emitted] = -np.inf
        cross = np.stack(heads, axis=1).astype(np.float32)  # (B, layers, heads, S)
        step = StepOutput(torch.from_numpy(logits), torch.from_numpy(cross[:, -1].mean(axis=1)),
                          torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32)), None, heads=torch.from_numpy(cross))  # fmt: skip
        new_state = NumpyDecoderState(position + 1, keys, values, state.cross_keys, state.cross_values, state.mask)
        step.state = new_state
        return step, new_state
