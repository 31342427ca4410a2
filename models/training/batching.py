"""Length-bucketed batches: sentences of similar length together, so little compute is padding."""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
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


class EncodedPairs:
    """Tokenised pairs stored flat (one int32 array per side plus offsets).

    Python lists of ints cost ~36 bytes per token; 160k Tatoeba pairs took ~140 MB that way and
    ~13 MB like this. Indexing gives (source ids, target ids) as array views.
    """

    def __init__(self, sources: list[list[int]], targets: list[list[int]]):
        self.src_lengths = np.fromiter((len(s) for s in sources), dtype=np.int32, count=len(sources))
        self.tgt_lengths = np.fromiter((len(t) for t in targets), dtype=np.int32, count=len(targets))
        self._src = np.fromiter((i for s in sources for i in s), dtype=np.int32, count=int(self.src_lengths.sum()))
        self._tgt = np.fromiter((i for t in targets for i in t), dtype=np.int32, count=int(self.tgt_lengths.sum()))
        self._src_start = np.concatenate([[0], np.cumsum(self.src_lengths)[:-1]]).astype(np.int64)
        self._tgt_start = np.concatenate([[0], np.cumsum(self.tgt_lengths)[:-1]]).astype(np.int64)

    def __len__(self) -> int:
        return len(self.src_lengths)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        s, t = self._src_start[i], self._tgt_start[i]
        return self._src[s : s + self.src_lengths[i]], self._tgt[t : t + self.tgt_lengths[i]]

    def __bool__(self) -> bool:
        return len(self) > 0


def encode_pairs(
    pairs: list[tuple[str, str]],
    tokenizers: TokenizerPair,
    max_src_len: int,
    max_tgt_len: int,
    skipped: SkipReport | None = None,
    chunk: int = 20_000,
) -> EncodedPairs:
    """Tokenise pairs; pairs longer than the limits (in pieces) are skipped and counted."""
    sources, targets = [], []
    for start in range(0, len(pairs), chunk):
        part = pairs[start : start + chunk]
        src_ids = tokenizers.source.encode_batch([s for s, _ in part])
        tgt_ids = tokenizers.target.encode_batch([t for _, t in part])
        for s, t in zip(src_ids, tgt_ids):
            if not s or not t:
                if skipped is not None:
                    skipped.add("empty after tokenisation")
                continue
            if len(s) > max_src_len or len(t) > max_tgt_len:
                if skipped is not None:
                    skipped.add(f"longer than {max_src_len}/{max_tgt_len} pieces")
                continue
            sources.append(s)
            targets.append(t)
    return EncodedPairs(sources, targets)


def collate(examples) -> Batch:
    """examples: (source ids, target ids) pairs, as lists or arrays."""
    batch = len(examples)
    src_len = max(len(s) for s, _ in examples)
    tgt_len = max(len(t) for _, t in examples) + 1
    src = torch.full((batch, src_len), PAD_ID, dtype=torch.long)
    tgt_in = torch.full((batch, tgt_len), PAD_ID, dtype=torch.long)
    tgt_out = torch.full((batch, tgt_len), PAD_ID, dtype=torch.long)
    for i, (s, t) in enumerate(examples):
        t = torch.as_tensor(t, dtype=torch.long)
        src[i, : len(s)] = torch.as_tensor(s, dtype=torch.long)
        tgt_in[i, 0] = BOS_ID
        tgt_in[i, 1 : len(t) + 1] = t
        tgt_out[i, : len(t)] = t
        tgt_out[i, len(t)] = EOS_ID
    lengths = torch.tensor([len(s) for s, _ in examples])
    return Batch(src, lengths, tgt_in, tgt_out, int(sum(len(t) + 1 for _, t in examples)))


def batch_order(examples, batch_size: int, rng: random.Random, bucket: bool = True) -> list[list[int]]:
    """Indices of one epoch's batches.

    Bucketing: shuffle, then sort pools of 100 batches by length and cut them into batches;
    the batches themselves are shuffled so an epoch does not run short-to-long.
    """
    order = list(range(len(examples)))
    rng.shuffle(order)
    if isinstance(examples, EncodedPairs):
        src_len, tgt_len = examples.src_lengths.tolist(), examples.tgt_lengths.tolist()
    else:
        src_len, tgt_len = [len(s) for s, _ in examples], [len(t) for _, t in examples]
    if bucket:
        pool = batch_size * 100
        sorted_order = []
        for start in range(0, len(order), pool):
            chunk = order[start : start + pool]
            chunk.sort(key=lambda i: (src_len[i], tgt_len[i]))
            sorted_order.extend(chunk)
        order = sorted_order
    batches = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
    rng.shuffle(batches)
    return batches
