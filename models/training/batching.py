"""Length-bucketed batches: sentences of similar length together, so little compute is padding."""

from __future__ import annotations

import random
from dataclasses import dataclass

import torch

from models.corpus.readers import SkipReport
from models.tokenizer import BOS_ID, EOS_ID, PAD_ID, TokenizerPair


@dataclass
class Batch:
    src: torch.Tensor  # (B, S)
    src_lengths: torch.Tensor  # (B,)
    tgt_in: torch.Tensor  # (B, T): BOS + target
    tgt_out: torch.Tensor  # (B, T): target + EOS
    target_tokens: int  # real target tokens incl. EOS (padding not counted)

    def to(self, device: str) -> Batch:
        if device == "cpu":
            return self
        return Batch(
            self.src.to(device), self.src_lengths, self.tgt_in.to(device), self.tgt_out.to(device), self.target_tokens
        )


Example = tuple[list[int], list[int]]


def encode_pairs(
    pairs: list[tuple[str, str]],
    tokenizers: TokenizerPair,
    max_src_len: int,
    max_tgt_len: int,
    skipped: SkipReport | None = None,
) -> list[Example]:
    """Tokenise pairs; pairs longer than the limits (in pieces) are skipped and counted."""
    src_ids = tokenizers.source.encode_batch([s for s, _ in pairs])
    tgt_ids = tokenizers.target.encode_batch([t for _, t in pairs])
    examples = []
    for s, t in zip(src_ids, tgt_ids):
        if not s or not t:
            if skipped is not None:
                skipped.add("empty after tokenisation")
            continue
        if len(s) > max_src_len or len(t) > max_tgt_len:
            if skipped is not None:
                skipped.add(f"longer than {max_src_len}/{max_tgt_len} pieces")
            continue
        examples.append((s, t))
    return examples


def collate(examples: list[Example]) -> Batch:
    batch = len(examples)
    src_len = max(len(s) for s, _ in examples)
    tgt_len = max(len(t) for _, t in examples) + 1
    src = torch.full((batch, src_len), PAD_ID, dtype=torch.long)
    tgt_in = torch.full((batch, tgt_len), PAD_ID, dtype=torch.long)
    tgt_out = torch.full((batch, tgt_len), PAD_ID, dtype=torch.long)
    for i, (s, t) in enumerate(examples):
        src[i, : len(s)] = torch.tensor(s)
        tgt_in[i, : len(t) + 1] = torch.tensor([BOS_ID] + t)
        tgt_out[i, : len(t) + 1] = torch.tensor(t + [EOS_ID])
    lengths = torch.tensor([len(s) for s, _ in examples])
    return Batch(src, lengths, tgt_in, tgt_out, sum(len(t) + 1 for _, t in examples))


def batch_order(examples: list[Example], batch_size: int, rng: random.Random, bucket: bool = True) -> list[list[int]]:
    """Indices of one epoch's batches.

    Bucketing: shuffle, then sort pools of 100 batches by length and cut them into batches;
    the batches themselves are shuffled so an epoch does not run short-to-long.
    """
    order = list(range(len(examples)))
    rng.shuffle(order)
    if bucket:
        pool = batch_size * 100
        sorted_order = []
        for start in range(0, len(order), pool):
            chunk = order[start : start + pool]
            chunk.sort(key=lambda i: (len(examples[i][0]), len(examples[i][1])))
            sorted_order.extend(chunk)
        order = sorted_order
    batches = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
    rng.shuffle(batches)
    return batches
