"""A Transformer encoder–decoder (Vaswani et al., 2017), written out so that every layer's and
every head's attention can be read while it decodes.

    encoder layer:  x = x + SelfAttention(x)             (padding masked)
                    x = x + FeedForward(x)
    decoder layer:  y = y + SelfAttention(y)             (causal: a position sees only those before it)
                    y = y + CrossAttention(y, memory)    (the encoder's outputs; padding masked)
                    y = y + FeedForward(y)
Each sub-layer is normalised before (pre-norm) or after its residual sum (post-norm). Positions
are added to the scaled embeddings: sinusoidal, or learned. Decoding one step at a time keeps each
decoder layer's self-attention keys and values (a cache), so step t costs one position, not t;
cross-attention's keys and values are projected once per sentence. Every attention returns
(output, weights) with the weights of each head.

This module holds the mathematics only; model.py puts it behind the model interface every family
shares (models/nn/interface.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from models.nn.dropout import Dropout
from models.tokenizer import PAD_ID


@dataclass(frozen=True)
class TransformerSizes:
    src_vocab_size: int
    tgt_vocab_size: int
    d_model: int = 256
    heads: int = 4
    d_ff: int = 1024
    encoder_layers: int = 2
    decoder_layers: int = 2
    dropout: float = 0.1
    positions: str = "sinusoidal"  # or "learned"
    norm: str = "pre"  # or "post"
    shared_embeddings: bool = False  # one table for both languages and the output layer
    max_positions: int = 512

    def validate(self) -> None:
        if self.d_model % self.heads:
            raise ValueError(f"d_model ({self.d_model}) must be a multiple of heads ({self.heads})")
        if self.positions not in ("sinusoidal", "learned") or self.norm not in ("pre", "post"):
            raise ValueError("positions must be sinusoidal or learned, norm pre or post")
        if self.shared_embeddings and self.src_vocab_size != self.tgt_vocab_size:
            raise ValueError("shared embeddings need one vocabulary for both languages")


class MultiHeadAttention(nn.Module):
    def __init__(self, d_model: int, heads: int, dropout: float):
        super().__init__()
        self.heads, self.head_size = heads, d_model // heads
        self.query = nn.Linear(d_model, d_model)
        self.key = nn.Linear(d_model, d_model)
        self.value = nn.Linear(d_model, d_model)
        self.output = nn.Linear(d_model, d_model)
        self.dropout = Dropout(dropout)

    def split(self, x: torch.Tensor) -> torch.Tensor:
        """(B, L, D) -> (B, heads, L, D/heads)."""
        return x.view(x.size(0), x.size(1), self.heads, self.head_size).transpose(1, 2)

    def keys_values(self, memory: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """memory (B, S, D) -> keys, values (B, heads, S, D/heads), computed once per sentence."""
        return self.split(self.key(memory)), self.split(self.value(memory))

    def forward(self, x: torch.Tensor, keys: torch.Tensor, values: torch.Tensor,
                mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:  # fmt: skip
        """x (B, T, D) queries; keys, values (B, heads, S, D/heads); mask (B, T or 1, S) True where
        a query may look. Returns (output (B, T, D), weights (B, heads, T, S))."""
        q = self.split(self.query(x))  # (B, h, T, d)
        scores = q @ keys.transpose(-1, -2) / math.sqrt(self.head_size)  # (B, h, T, S)
        scores = scores.masked_fill(~mask.unsqueeze(1), float("-inf"))
        weights = torch.softmax(scores, dim=-1)  # (B, h, T, S)
        context = self.dropout(weights) @ values  # (B, h, T, d)
        context = context.transpose(1, 2).reshape(x.size(0), x.size(1), -1)  # (B, T, D)
        return self.output(context), weights


class FeedForward(nn.Module):
    def __init__(self, d_model: int, d_ff: int, dropout: float):
        super().__init__()
        self.inner, self.outer, self.dropout = nn.Linear(d_model, d_ff), nn.Linear(d_ff, d_model), Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.outer(self.dropout(F.relu(self.inner(x))))


class Residual(nn.Module):
    """x + dropout(sublayer(norm(x))) with pre-norm; norm(x + dropout(sublayer(x))) with post-norm."""

    def __init__(self, d_model: int, dropout: float, pre_norm: bool):
        super().__init__()
        self.norm, self.dropout, self.pre_norm = nn.LayerNorm(d_model), Dropout(dropout), pre_norm

    def forward(self, x: torch.Tensor, sublayer) -> tuple[torch.Tensor, object]:
        """`sublayer` maps the (normalised) input to (output, extra); returns (new x, extra)."""
        out, extra = sublayer(self.norm(x) if self.pre_norm else x)
        x = x + self.dropout(out)
        return (x if self.pre_norm else self.norm(x)), extra


class EncoderLayer(nn.Module):
    def __init__(self, sizes: TransformerSizes):
        super().__init__()
        pre = sizes.norm == "pre"
        self.attention = MultiHeadAttention(sizes.d_model, sizes.heads, sizes.dropout)
        self.feed_forward = FeedForward(sizes.d_model, sizes.d_ff, sizes.dropout)
        self.attend, self.transform = (Residual(sizes.d_model, sizes.dropout, pre) for _ in range(2))

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """x (B, S, D), mask (B, 1, S) -> x (B, S, D), self-attention weights (B, heads, S, S)."""
        x, weights = self.attend(x, lambda h: self.attention(h, *self.attention.keys_values(h), mask))
        x, _ = self.transform(x, lambda h: (self.feed_forward(h), None))
        return x, weights


@dataclass
class LayerCache:
    """One decoder layer's keys and values: its self-attention's so far (B, heads, t, d), growing
    by one position a step, and its cross-attention's over the source (B, heads, S, d)."""

    self_keys: torch.Tensor | None
    self_values: torch.Tensor | None
    cross_keys: torch.Tensor
    cross_values: torch.Tensor

    def select(self, index: torch.Tensor) -> LayerCache:
        pick = lambda t: None if t is None else t.index_select(0, index)  # noqa: E731
        return LayerCache(pick(self.self_keys), pick(self.self_values), pick(self.cross_keys), pick(self.cross_values))


class DecoderLayer(nn.Module):
    def __init__(self, sizes: TransformerSizes):
        super().__init__()
        pre = sizes.norm == "pre"
        self.self_attention = MultiHeadAttention(sizes.d_model, sizes.heads, sizes.dropout)
        self.cross_attention = MultiHeadAttention(sizes.d_model, sizes.heads, sizes.dropout)
        self.feed_forward = FeedForward(sizes.d_model, sizes.d_ff, sizes.dropout)
        self.attend_self, self.attend_source, self.transform = (
            Residual(sizes.d_model, sizes.dropout, pre) for _ in range(3)
        )

    def forward(self, y: torch.Tensor, causal: torch.Tensor, cache: LayerCache, source_mask: torch.Tensor,
                incremental: bool) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, LayerCache]:  # fmt: skip
        """y (B, T, D) target positions (T = 1 when incremental: the newest, its predecessors in
        the cache); causal (T, t) True where a position may look; source_mask (B, 1, S).
        Returns y, self-attention weights (B, heads, T, t), cross-attention weights (B, heads, T, S)
        and the cache with this step's keys and values appended (incremental) or unchanged."""

        def attend_self(h: torch.Tensor):
            keys, values = self.self_attention.keys_values(h)
            if incremental and cache.self_keys is not None:
                keys, values = torch.cat([cache.self_keys, keys], dim=2), torch.cat([cache.self_values, values], dim=2)
            out, weights = self.self_attention(h, keys, values, causal.unsqueeze(0))
            return out, (weights, keys, values)

        y, (self_weights, keys, values) = self.attend_self(y, attend_self)
        y, cross_weights = self.attend_source(
            y, lambda h: self.cross_attention(h, cache.cross_keys, cache.cross_values, source_mask)
        )
        y, _ = self.transform(y, lambda h: (self.feed_forward(h), None))
        if incremental:
            cache = LayerCache(keys, values, cache.cross_keys, cache.cross_values)
        return y, self_weights, cross_weights, cache


def sinusoids(positions: int, d_model: int) -> torch.Tensor:
    """(positions, d_model): sin on even dimensions, cos on odd, wavelengths 2π … 10000·2π."""
    position = torch.arange(positions, dtype=torch.float32).unsqueeze(1)
    rate = torch.exp(torch.arange(0, d_model, 2, dtype=torch.float32) * (-math.log(10000.0) / d_model))
    table = torch.zeros(positions, d_model)
    table[:, 0::2] = torch.sin(position * rate)
    table[:, 1::2] = torch.cos(position * rate[: d_model // 2])
    return table


@dataclass
class TransformerEncoderState:
    memory: torch.Tensor  # (B, S, D) the encoder's outputs
    mask: torch.Tensor  # (B, S) True at real source tokens
    self_attention: list[torch.Tensor]  # per layer (B, heads, S, S)

    def select(self, index: torch.Tensor) -> TransformerEncoderState:
        return TransformerEncoderState(self.memory.index_select(0, index), self.mask.index_select(0, index),
                                       [w.index_select(0, index) for w in self.self_attention])  # fmt: skip


@dataclass
class TransformerDecoderState:
    position: int  # the position the next token takes
    caches: list[LayerCache]

    def select(self, index: torch.Tensor) -> TransformerDecoderState:
        return TransformerDecoderState(self.position, [cache.select(index) for cache in self.caches])


@dataclass
class TransformerStep:
    logits: torch.Tensor  # (B, V)
    output: torch.Tensor  # (B, D) the decoder's top output, normalised
    cross_attention: torch.Tensor  # (B, layers, heads, S)
    self_attention: list[torch.Tensor]  # per layer (B, heads, t) over the positions so far
    state: TransformerDecoderState


class Transformer(nn.Module):
    def __init__(self, sizes: TransformerSizes):
        super().__init__()
        sizes.validate()
        self.sizes = sizes
        d = sizes.d_model
        self.source_embedding = nn.Embedding(sizes.src_vocab_size, d, padding_idx=PAD_ID)
        self.target_embedding = (self.source_embedding if sizes.shared_embeddings
                                 else nn.Embedding(sizes.tgt_vocab_size, d, padding_idx=PAD_ID))  # fmt: skip
        if sizes.positions == "learned":
            self.learned_positions = nn.Embedding(sizes.max_positions, d)
        else:
            self.register_buffer("sinusoids", sinusoids(sizes.max_positions, d), persistent=False)
        self.dropout = Dropout(sizes.dropout)
        self.encoder_layers = nn.ModuleList(EncoderLayer(sizes) for _ in range(sizes.encoder_layers))
        self.decoder_layers = nn.ModuleList(DecoderLayer(sizes) for _ in range(sizes.decoder_layers))
        pre = sizes.norm == "pre"
        self.encoder_norm = nn.LayerNorm(d) if pre else nn.Identity()  # pre-norm stacks end unnormalised
        self.decoder_norm = nn.LayerNorm(d) if pre else nn.Identity()
        self.output = nn.Linear(d, sizes.tgt_vocab_size)
        if sizes.shared_embeddings:
            self.output.weight = self.target_embedding.weight
        for name, param in self.named_parameters():
            if param.dim() == 2 and "norm" not in name:
                nn.init.xavier_uniform_(param)
        with torch.no_grad():  # padding embeds to nothing (its row gets no gradient either)
            self.source_embedding.weight[PAD_ID].zero_()
            self.target_embedding.weight[PAD_ID].zero_()

    def embed(self, tokens: torch.Tensor, table: nn.Embedding, start: int = 0) -> torch.Tensor:
        """tokens (B, L) at positions start… -> (B, L, D): scaled embeddings plus positions."""
        positions = torch.arange(start, start + tokens.size(1), device=tokens.device)
        where = self.learned_positions(positions) if self.sizes.positions == "learned" else self.sinusoids[positions]
        return self.dropout(table(tokens) * math.sqrt(self.sizes.d_model) + where)

    def encode(
        self, src: torch.Tensor, lengths: torch.Tensor
    ) -> tuple[TransformerEncoderState, TransformerDecoderState]:
        """src (B, S), lengths (B,) -> the encoder's state and the decoder's initial one."""
        mask = torch.arange(src.size(1), device=src.device).unsqueeze(0) < lengths.to(src.device).unsqueeze(1)  # (B, S)
        x = self.embed(src, self.source_embedding)
        weights = []
        for layer in self.encoder_layers:
            x, w = layer(x, mask.unsqueeze(1))
            weights.append(w)
        memory = self.encoder_norm(x)
        caches = [LayerCache(None, None, *layer.cross_attention.keys_values(memory)) for layer in self.decoder_layers]
        return TransformerEncoderState(memory, mask, weights), TransformerDecoderState(0, caches)

    def decode_step(self, tokens: torch.Tensor, enc: TransformerEncoderState,
                    state: TransformerDecoderState) -> TransformerStep:  # fmt: skip
        """tokens (B,) at position state.position -> the next token's logits and every layer's and
        head's attention for it; the caches grow by one position."""
        y = self.embed(tokens.unsqueeze(1), self.target_embedding, state.position)  # (B, 1, D)
        causal = torch.ones(1, state.position + 1, dtype=torch.bool, device=tokens.device)  # all before it
        caches, cross, selfs = [], [], []
        for layer, cache in zip(self.decoder_layers, state.caches):
            y, self_w, cross_w, cache = layer(y, causal, cache, enc.mask.unsqueeze(1), incremental=True)
            caches.append(cache)
            cross.append(cross_w[:, :, 0])  # (B, heads, S)
            selfs.append(self_w[:, :, 0])
        output = self.decoder_norm(y)[:, 0]  # (B, D)
        return TransformerStep(self.output(output), output, torch.stack(cross, 1), selfs,
                               TransformerDecoderState(state.position + 1, caches))  # fmt: skip

    def forward(self, src: torch.Tensor, lengths: torch.Tensor, tgt_in: torch.Tensor):
        """Teacher forcing, all target positions at once: src (B, S), tgt_in (B, T) ->
        logits (B, T, V), cross-attention (B, layers, heads, T, S), decoder self-attention per layer."""
        features, cross, selfs, _ = self.features(src, lengths, tgt_in)
        return self.output(features), cross, selfs

    def features(self, src: torch.Tensor, lengths: torch.Tensor, tgt_in: torch.Tensor):
        """As `forward`, with the decoder's top outputs (B, T, D) in place of the logits, and the
        encoder's state last."""
        enc, state = self.encode(src, lengths)
        y = self.embed(tgt_in, self.target_embedding)
        steps = tgt_in.size(1)
        causal = torch.ones(steps, steps, dtype=torch.bool, device=tgt_in.device).tril()  # (T, T)
        cross, selfs = [], []
        for layer, cache in zip(self.decoder_layers, state.caches):
            y, self_w, cross_w, _ = layer(y, causal, cache, enc.mask.unsqueeze(1), incremental=False)
            cross.append(cross_w)
            selfs.append(self_w)
        return self.decoder_norm(y), torch.stack(cross, 1), selfs, enc
