"""Attention scoring functions. Every module returns (context, weights) so views can draw them.

    scores  = score(query, keys)                 # (batch, tgt_len, src_len)
    weights = softmax(scores, masked padding)     # each row sums to 1 over real source positions
    context = weights @ values                   # (batch, tgt_len, value_size)

Keys are the encoder outputs after a per-variant projection, computed once per sentence by
`prepare_keys` so that decoding steps only project the query.

Each type is declared, with its label, formula, weights' shapes and memory contract, in
models/attention_types.py; `make_attention` builds the declared module.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import torch
from torch import nn

from models import attention_types


class Attention(nn.Module):
    def __init__(self, query_size: int, value_size: int):
        super().__init__()
        self.query_size = query_size
        self.value_size = value_size

    @property
    def energy_width(self) -> int:
        """Values per (target, source) pair kept for backward (0: only the scores), as this
        class's declaration, or its nearest declared parent's, says."""
        for cls in type(self).__mro__:
            declared = attention_types.declared_for(cls)
            if declared is not None:
                return declared.energy_width(self.query_size, self.value_size)
        return 0

    def prepare_keys(self, values: torch.Tensor) -> torch.Tensor:
        """values (batch, src_len, value_size) -> keys (batch, src_len, key_size)."""
        return values

    def score(self, query: torch.Tensor, keys: torch.Tensor) -> torch.Tensor:
        """query (batch, tgt_len, query_size), keys (batch, src_len, key_size) -> (batch, tgt_len, src_len)."""
        raise NotImplementedError

    def forward(
        self, query: torch.Tensor, keys: torch.Tensor, values: torch.Tensor, mask: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """query (B, T, Hq), keys (B, S, Hk), values (B, S, Hv), mask (B, S) True at real tokens.

        Returns context (B, T, Hv) and weights (B, T, S); padded positions get weight 0.
        """
        scores = self.score(query, keys)  # (B, T, S)
        scores = scores.masked_fill(~mask.unsqueeze(1), float("-inf"))
        weights = torch.softmax(scores, dim=-1)  # (B, T, S)
        context = torch.bmm(weights, values)  # (B, T, Hv)
        return context, weights


class DotAttention(Attention):
    """Luong dot: score = q · k. A bidirectional encoder's outputs are twice the decoder's size,
    so they are first projected (without bias) to the query size."""

    def __init__(self, query_size: int, value_size: int):
        super().__init__(query_size, value_size)
        self.key_projection = nn.Linear(value_size, query_size, bias=False) if value_size != query_size else None

    def prepare_keys(self, values: torch.Tensor) -> torch.Tensor:
        return values if self.key_projection is None else self.key_projection(values)

    def score(self, query: torch.Tensor, keys: torch.Tensor) -> torch.Tensor:
        return torch.bmm(query, keys.transpose(1, 2))  # (B, T, Hq) @ (B, Hq, S)


class GeneralAttention(DotAttention):
    """Luong general: score = q · W k (the projection is always learned)."""

    def __init__(self, query_size: int, value_size: int):
        Attention.__init__(self, query_size, value_size)
        self.key_projection = nn.Linear(value_size, query_size, bias=False)


class ConcatAttention(Attention):
    """Luong concat: score = vᵀ tanh(W [q; k]), computed literally on every (target, source) pair."""

    def __init__(self, query_size: int, value_size: int):
        super().__init__(query_size, value_size)
        self.combine = nn.Linear(query_size + value_size, query_size, bias=False)
        self.v = nn.Linear(query_size, 1, bias=False)

    def score(self, query: torch.Tensor, keys: torch.Tensor) -> torch.Tensor:
        batch, tgt_len, src_len = query.size(0), query.size(1), keys.size(1)
        q = query.unsqueeze(2).expand(batch, tgt_len, src_len, query.size(2))  # (B, T, S, Hq)
        k = keys.unsqueeze(1).expand(batch, tgt_len, src_len, keys.size(2))  # (B, T, S, Hv)
        return self.v(self.combine(torch.cat([q, k], dim=-1)).tanh_()).squeeze(-1)  # (B, T, S)


class AdditiveAttention(Attention):
    """Bahdanau additive: score = vᵀ tanh(W_q q + W_k k), with W_k k precomputed per sentence."""

    def __init__(self, query_size: int, value_size: int):
        super().__init__(query_size, value_size)
        self.key_layer = nn.Linear(value_size, query_size, bias=False)
        self.query_layer = nn.Linear(query_size, query_size, bias=False)
        self.v = nn.Linear(query_size, 1, bias=False)

    def prepare_keys(self, values: torch.Tensor) -> torch.Tensor:
        return self.key_layer(values)  # (B, S, Hq)

    def score(self, query: torch.Tensor, keys: torch.Tensor) -> torch.Tensor:
        q = self.query_layer(query).unsqueeze(2)  # (B, T, 1, Hq)
        # tanh in place: the sum is not needed for backward, so one (B, T, S, Hq) tensor less
        return self.v((q + keys.unsqueeze(1)).tanh_()).squeeze(-1)  # (B, T, S)


class _DeclaredClasses(Mapping):
    """Name -> module class of every declared attention type (models/attention_types.py), read
    at each use."""

    def __getitem__(self, name: str) -> type[Attention]:
        declared = attention_types.attention_type(name)
        if declared.module is None:
            raise KeyError(name)
        return declared.module_class()

    def __iter__(self) -> Iterator[str]:
        return iter([declared.name for declared in attention_types.attention_types() if declared.module is not None])

    def __len__(self) -> int:
        return len(list(iter(self)))


ATTENTION_CLASSES: Mapping[str, type[Attention]] = _DeclaredClasses()


def make_attention(kind: str, query_size: int, value_size: int) -> Attention | None:
    """The declared scoring module for `kind`, or None for the classic fixed-context decoder."""
    cls = attention_types.attention_type(kind).module_class()
    return None if cls is None else cls(query_size, value_size)
