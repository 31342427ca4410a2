"""Translating on CPU: the encoder and the decoder step computed in numpy, without autograd.

Same results as the modules (tests compare them), about 3× faster for one sentence, because at
batch 1–5 the work is many small operations:
- PyTorch spends 2–5 µs of dispatch on each small operation; numpy ~1 µs.
- Small matrix products (batch 1–5, 256→768) go through numpy's OpenBLAS, whose kernels
  measured 2× faster than PyTorch's here (9.6 µs against 24 µs).
- Large ones (the 256→4000 output layer, or any product with many rows) go through oneDNN with
  the weights packed once for it: 5 beams in 73 µs, against 212 µs unpacked (81 µs at batch 1
  against 110). Where packing is unavailable, PyTorch's ordinary product is used.
- The target embedding is folded into the decoder's first input projection: a (vocab, gates·H)
  table, so the embedding's share of that product is a row lookup.
bench/decoding_latency.py --explain prints these measurements for the machine it runs on.

Snapshots of the weights are rebuilt whenever a weight changes in place (version counters) or
the module switches between train and eval mode (fused optimizers do not bump version
counters), so translating never sees stale weights. Tensors cross in and out without copies.
"""

from __future__ import annotations

import numpy as np
import torch
from threadpoolctl import ThreadpoolController
from torch import nn

GATES = {"rnn": 1, "gru": 3, "lstm": 4}
# From this many output values per product on, packed oneDNN (two threads) beats single-threaded
# OpenBLAS. Below, waking the second thread costs more than it saves: the output layer at batch 1
# is faster in numpy inside a real decoding loop although a tight loop times it the other way.
PACKED_FROM_OUTPUTS = 16384


def _pack(weight: torch.Tensor) -> torch.Tensor | None:
    """oneDNN's layout of an (out, in) weight, or None where this PyTorch build lacks it."""
    try:
        packed = torch.ops.mkldnn._reorder_linear_weight(weight, 5)
        torch.ops.mkldnn._linear_pointwise(weight.new_zeros(1, weight.size(1)), packed, None, "none", [], "")
        return packed
    except (AttributeError, RuntimeError, NotImplementedError):
        return None


class Affine:
    """y = x·Wᵀ + b for x (rows, in), on the kernel that is fastest for the size."""

    def __init__(self, weight: torch.Tensor, bias: torch.Tensor | None):
        weight = weight.detach().float().contiguous()  # (out, in)
        self.weight_t = np.ascontiguousarray(weight.numpy().T)  # (in, out)
        self.bias = None if bias is None else bias.detach().float().numpy().copy()
        self._bias_tensor = None if bias is None else torch.from_numpy(self.bias)
        self._weight = weight
        self._packed: torch.Tensor | None | bool = False  # packed on first large use

    def __call__(self, x: np.ndarray) -> np.ndarray:
        if x.shape[0] * self.weight_t.shape[1] >= PACKED_FROM_OUTPUTS:
            if self._packed is False:
                self._packed = _pack(self._weight)
            x_t = torch.from_numpy(np.ascontiguousarray(x))
            if self._packed is not None:
                return torch.ops.mkldnn._linear_pointwise(x_t, self._packed, self._bias_tensor, "none", [], "").numpy()
            out = torch.mm(x_t, torch.from_numpy(self.weight_t)).numpy()
        else:
            out = x @ self.weight_t
        if self.bias is not None:
            out += self.bias
        return out


def _sigmoid(x: np.ndarray) -> np.ndarray:
    """In place; the tanh form cannot overflow."""
    x *= 0.5
    np.tanh(x, out=x)
    x *= 0.5
    x += 0.5
    return x


def cell_update(cell: str, gi: np.ndarray, gh: np.ndarray, h: np.ndarray, c: np.ndarray | None):
    """One RNN/GRU/LSTM update from the input and hidden projections gi, gh (..., gates*H), as
    nn.RNN/GRU/LSTM compute it (PyTorch's gate order). Returns the new h and c (None but LSTM).
    gh is overwritten."""
    size = h.shape[-1]
    if cell == "gru":
        rz = _sigmoid(gi[..., : 2 * size] + gh[..., : 2 * size])  # reset, update
        n = gh[..., 2 * size :]
        n *= rz[..., :size]
        n += gi[..., 2 * size :]
        np.tanh(n, out=n)
        return n + rz[..., size:] * (h - n), None  # (1 - z) * n + z * h
    if cell == "lstm":
        gates = gh
        gates += gi
        i, f, o = (_sigmoid(gates[..., k * size : (k + 1) * size]) for k in (0, 1, 3))
        c = f * c + i * np.tanh(gates[..., 2 * size : 3 * size])
        return o * np.tanh(c), c
    gh += gi
    return np.tanh(gh, out=gh), None


def _rnn_weight(rnn: nn.RNNBase, name: str) -> torch.Tensor | None:
    return getattr(rnn, name, None)


class NumpyDecoderStep:
    """A snapshot of a decoder's weights and the step computed on it (Decoder.step's maths)."""

    def __init__(self, decoder: nn.Module):
        self.cell = decoder.config.cell
        rnn = decoder.rnn
        embedding_size = decoder.embedding.embedding_dim
        w_ih0 = rnn.weight_ih_l0.detach().float()  # (gates*H, E + extra)
        table = decoder.embedding.weight.detach().float() @ w_ih0[:, :embedding_size].t()  # (vocab, gates*H)
        if _rnn_weight(rnn, "bias_ih_l0") is not None:
            table = table + rnn.bias_ih_l0.detach().float()
        self.input_table = table.numpy()
        self.extra_input = Affine(w_ih0[:, embedding_size:], None) if w_ih0.size(1) > embedding_size else None
        self.layer_input = [None] + [
            Affine(_rnn_weight(rnn, f"weight_ih_l{n}"), _rnn_weight(rnn, f"bias_ih_l{n}"))
            for n in range(1, rnn.num_layers)
        ]
        self.layer_hidden = [
            Affine(_rnn_weight(rnn, f"weight_hh_l{n}"), _rnn_weight(rnn, f"bias_hh_l{n}"))
            for n in range(rnn.num_layers)
        ]
        attention = decoder.attention
        self.attention = None if attention is None else type(attention).__name__
        self.query = self.key = self.v = None
        if self.attention == "AdditiveAttention":
            self.query = Affine(attention.query_layer.weight, None)
        elif self.attention == "ConcatAttention":  # W [q; k] = W_q q + W_k k (no bias)
            w = attention.combine.weight.detach().float()
            self.query = Affine(w[:, : attention.query_size], None)
            self.key = np.ascontiguousarray(w[:, attention.query_size :].numpy().T)  # (Hv, Hq)
        if self.query is not None:
            self.v = attention.v.weight.detach().float().numpy().reshape(-1).copy()  # (Hq,)
        self.combine = Affine(decoder.combine.weight, decoder.combine.bias)
        self.output = Affine(decoder.output.weight, decoder.output.bias)

    def recurrent(self, tokens: np.ndarray, extra: np.ndarray | None, h_all: np.ndarray, c_all: np.ndarray | None):
        """tokens (B,), extra inputs (B, X), states (layers, B, H) -> top output (B, H), new h and c lists."""
        new_h, new_c = [], []
        x = None
        for layer, hidden_affine in enumerate(self.layer_hidden):
            if layer == 0:
                gi = self.input_table[tokens]  # (B, gates*H): embedding and its projection at once
                if extra is not None:
                    gi += self.extra_input(extra)
            else:
                gi = self.layer_input[layer](x)
            h, c = cell_update(
                self.cell, gi, hidden_affine(h_all[layer]), h_all[layer], None if c_all is None else c_all[layer]
            )
            new_h.append(h)
            if c is not None:
                new_c.append(c)
            x = h
        return x, new_h, new_c

    def attend(self, top: np.ndarray, keys: np.ndarray, values: np.ndarray, mask: np.ndarray):
        """top (B, H), keys (B, S, Hk), values (B, S, Hv), mask (B, S) -> context (B, Hv), weights (B, S)."""
        if self.query is not None:  # additive / concat: vᵀ tanh(W_q q + W_k k)
            energies = (keys if self.key is None else keys @ self.key) + self.query(top)[:, None, :]  # (B, S, Hq)
            np.tanh(energies, out=energies)
            scores = energies @ self.v  # (B, S)
        else:  # dot / general: the keys are already projected to the query size
            scores = np.matmul(keys, top[:, :, None])[:, :, 0]  # (B, S)
        if not mask.all():
            scores = np.where(mask, scores, -np.inf)
        scores -= scores.max(axis=1, keepdims=True)
        weights = np.exp(scores, out=scores)
        weights /= weights.sum(axis=1, keepdims=True)
        context = np.matmul(weights[:, None, :], values)[:, 0]  # (B, Hv)
        return context, weights

    def __call__(self, tokens: torch.Tensor, enc, state, input_feeding: bool, project: bool):
        """One step as Decoder.step computes it; tensors in, tensors out (sharing memory)."""
        from models.nn.decoder import DecoderState, StepOutput  # the decoder imports this module

        extra = [state.att_vec.numpy()] if input_feeding else []
        if enc.fixed_context is not None:
            extra.append(enc.fixed_context.numpy())
        extra_input = np.concatenate(extra, axis=1) if len(extra) > 1 else (extra[0] if extra else None)
        lstm = self.cell == "lstm"
        h_all = (state.hidden[0] if lstm else state.hidden).numpy()
        c_all = state.hidden[1].numpy() if lstm else None
        top, new_h, new_c = self.recurrent(tokens.numpy(), extra_input, h_all, c_all)
        if self.attention is None:
            context, weights = enc.fixed_context.numpy(), None
        else:
            context, weights = self.attend(top, enc.keys.numpy(), enc.outputs.numpy(), enc.mask.numpy())
        att_vec = self.combine(np.concatenate([top, context], axis=1))
        np.tanh(att_vec, out=att_vec)  # (B, H)
        hidden = torch.from_numpy(np.stack(new_h))
        if lstm:
            hidden = (hidden, torch.from_numpy(np.stack(new_c)))
        att_vec_t = torch.from_numpy(att_vec)
        return StepOutput(
            logits=torch.from_numpy(self.output(att_vec)) if project else None,  # (B, V)
            attention=None if weights is None else torch.from_numpy(weights),
            hidden=torch.from_numpy(top) if project else att_vec_t,
            state=DecoderState(hidden, att_vec_t if input_feeding else None),
        )


class NumpyEncoder:
    """A snapshot of an encoder's weights and its forward pass over unpadded batches."""

    def __init__(self, encoder: nn.Module):
        config = encoder.config
        self.cell, self.hidden_size, self.directions = config.cell, config.hidden_size, encoder.directions
        self.embedding = encoder.embedding.weight.detach().float().numpy().copy()
        self.layers = [self._layer(encoder.rnn, layer) for layer in range(config.layers)]

    def _layer(self, rnn: nn.RNNBase, layer: int) -> tuple[Affine, np.ndarray, np.ndarray]:
        """One layer: the input projection of all directions at once (in -> dirs*gates*H), and
        the recurrent weights (dirs, H, gates*H) and biases (dirs, 1, gates*H), directions stacked."""
        names = [f"_l{layer}" + ("_reverse" if d else "") for d in range(self.directions)]
        gates_size = GATES[self.cell] * self.hidden_size
        no_bias = torch.zeros(gates_size)

        def bias(name: str) -> torch.Tensor:
            tensor = _rnn_weight(rnn, name)
            return no_bias if tensor is None else tensor.detach().float()

        inputs = Affine(
            torch.cat([_rnn_weight(rnn, "weight_ih" + n).detach() for n in names]),
            torch.cat([bias("bias_ih" + n) for n in names]),
        )
        w_hh = np.stack(
            [np.ascontiguousarray(_rnn_weight(rnn, "weight_hh" + n).detach().float().numpy().T) for n in names]
        )
        b_hh = np.stack([bias("bias_hh" + n).numpy() for n in names])[:, None, :]
        return inputs, w_hh, b_hh

    def __call__(self, src: np.ndarray):
        """src (B, S) ids, no padding -> outputs (B, S, dirs*H), final h (layers*dirs, B, H), final c or None.

        Both directions advance together: the backward one reads the time-reversed inputs.
        """
        batch, length = src.shape
        dirs, size = self.directions, self.hidden_size
        x = self.embedding[src]  # (B, S, E)
        finals_h, finals_c = [], []
        for inputs, w_hh, b_hh in self.layers:
            gi = inputs(x.reshape(batch * length, -1)).reshape(batch, length, dirs, -1)  # (B, S, dirs, gates*H)
            gi = gi.transpose(2, 1, 0, 3)  # (dirs, S, B, gates*H)
            if dirs == 2:
                gi = np.stack([gi[0], gi[1, ::-1]])  # the backward direction reads right to left
            h = np.zeros((dirs, batch, size), np.float32)
            c = np.zeros_like(h) if self.cell == "lstm" else None
            outputs = np.empty((length, dirs, batch, size), np.float32)
            for t in range(length):
                gh = np.matmul(h, w_hh)  # (dirs, B, gates*H)
                gh += b_hh
                h, c = cell_update(self.cell, gi[:, t], gh, h, c)
                outputs[t] = h
            per_direction = [outputs[:, 0]] + ([outputs[::-1, 1]] if dirs == 2 else [])  # (S, B, H) each
            x = np.ascontiguousarray(np.concatenate(per_direction, axis=-1).transpose(1, 0, 2))  # (B, S, dirs*H)
            finals_h.append(h)
            if c is not None:
                finals_c.append(c)
        final_h = np.concatenate(finals_h)  # (layers*dirs, B, H): layer by layer, forward then backward
        return x, final_h, (np.concatenate(finals_c) if finals_c else None)


_blas_limited = False


def _single_threaded_blas() -> None:
    """numpy's OpenBLAS threads spin after each call and then fight PyTorch's OpenMP threads for
    the cores (measured: encoder 1.9 ms -> 15 ms, a beam step 10× slower). One BLAS thread keeps
    the two libraries apart; PyTorch's own thread count is left alone."""
    global _blas_limited
    if not _blas_limited:
        ThreadpoolController().select(internal_api="openblas").limit(limits=1)
        _blas_limited = True


class WeightSnapshot:
    """Holds a module's numpy snapshot (NumpyDecoderStep, NumpyEncoder); rebuilds it when the
    weights change."""

    def __init__(self, build) -> None:
        self._build = build
        self._key: tuple | None = None
        self._params: list[torch.Tensor] = []
        self._snapshot = None

    def get(self, module: nn.Module):
        # Parameters are looked up once per rebuild; `.to()` and load_state_dict keep the
        # Parameter objects, so pointers and version counters catch every change to them.
        key = tuple((p.data_ptr(), p._version) for p in self._params)
        if self._snapshot is None or key != self._key:
            _single_threaded_blas()
            self._params = list(module.parameters())
            self._snapshot = self._build(module)
            self._key = tuple((p.data_ptr(), p._version) for p in self._params)
        return self._snapshot


def applies(ids: torch.Tensor, floats: torch.Tensor) -> bool:
    """The numpy path takes fp32 CPU work without autograd or autocast; anything else runs the modules.

    `ids` is the input (token ids), `floats` a float tensor the work meets (weights or encoder outputs).
    """
    return (
        ids.device.type == "cpu"
        and floats.dtype == torch.float32
        and not torch.is_grad_enabled()
        and not torch.is_autocast_enabled("cpu")
    )
