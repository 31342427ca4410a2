"""The numpy kernels of fast inference: linear layers on the kernel that is fastest for the size,
the RNN cells' updates, and one BLAS thread.

- PyTorch's dispatch costs several times numpy's on each small operation, and a decoding step
  at batch 1 is many small operations.
- Small matrix products (under PACKED_FROM_OUTPUTS output values: one row up to the 256→4000
  output layer, five beam rows up to 256→1024) go through numpy's OpenBLAS, whose small-product
  kernels beat PyTorch's CPU ones.
- Larger ones (five beams' output layer or merged 256→1280 product, any product with many rows)
  go through oneDNN with the weights packed once for it, not on every call. Where packing is
  unavailable, PyTorch's ordinary product is used.
bench/decoding_latency.py --explain prints these measurements for the machine it runs on.
"""

from __future__ import annotations

import numpy as np
import torch
from threadpoolctl import ThreadpoolController

from models.tokenizer import NEVER_EMITTED

# From this many output values per product on, packed oneDNN (two threads) beats single-threaded
# OpenBLAS inside a real decoding loop, as five beam rows of the decoder's merged 256→1280
# product (6,400 values) are. Below, waking the second thread costs more
# than it saves: the 4,000-value output layer at batch 1 is faster in numpy inside a decoding loop
# although a tight loop times it the other way.
PACKED_FROM_OUTPUTS = 6144


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


# A folded table larger than this costs more memory than its lookup saves time (a 4,000-piece
# bidirectional GRU 256 encoder's is 25 MB; a 256,000-piece LSTM 4096 one's would be 33 GB).
FOLDED_TABLE_MAX_BYTES = 64 << 20


class FoldedEmbedding:
    """embedding[ids]·Wᵀ + b, the embedding folded into the projection that reads it: a
    (vocab, out) table computed once, so that a step's product becomes a row lookup; where the
    table would exceed FOLDED_TABLE_MAX_BYTES, the looked-up rows are projected on each call."""

    def __init__(self, embedding: torch.Tensor, projection: Affine):
        self.embedding = embedding.detach().float().numpy()  # (vocab, E)
        self.projection = projection
        table_bytes = self.embedding.shape[0] * projection.weight_t.shape[1] * 4
        self.table = projection(self.embedding) if table_bytes <= FOLDED_TABLE_MAX_BYTES else None  # (vocab, out)

    def __call__(self, ids: np.ndarray) -> np.ndarray:
        """ids (...) -> (..., out), a new array."""
        if self.table is not None:
            return self.table[ids]
        return self.projection(self.embedding[ids.reshape(-1)]).reshape(*ids.shape, -1)


def output_layer(linear: torch.nn.Linear) -> Affine:
    """The output layer with −∞ in its bias at the ids a decoder never emits (NEVER_EMITTED): the
    logits come out ruled out, instead of a fill on every step's logits."""
    bias = torch.zeros(linear.out_features) if linear.bias is None else linear.bias.detach().float().clone()
    bias[list(NEVER_EMITTED)] = float("-inf")
    return Affine(linear.weight, bias)


# From this many values on, tanh through exp is faster: numpy's float32 tanh is scalar on AVX2
# CPUs while its exp is vectorised; below, one call beats five.
EXP_TANH_FROM = 8192


def tanh_inplace(x: np.ndarray) -> np.ndarray:
    """tanh(x) in place; large arrays as 2 / (1 + e^(−2x)) − 1 (within 2e-7 of np.tanh; ±∞ give ±1)."""
    if x.size < EXP_TANH_FROM:
        return np.tanh(x, out=x)
    np.multiply(x, -2.0, out=x)
    np.minimum(x, 80.0, out=x)  # e^80 is finite in float32 and already gives −1
    np.exp(x, out=x)
    x += 1.0
    np.divide(2.0, x, out=x)
    x -= 1.0
    return x


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


_blas_limited = False


def single_threaded_blas() -> None:
    """numpy's OpenBLAS threads spin after each call and then fight PyTorch's OpenMP threads for
    the cores, and both slow down many times over. One BLAS thread keeps
    the two libraries apart; PyTorch's own thread count is left alone."""
    global _blas_limited
    if not _blas_limited:
        ThreadpoolController().select(internal_api="openblas").limit(limits=1)
        _blas_limited = True
