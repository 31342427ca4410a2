"""A Transformer's self-attention along a translation: the encoder's (each source piece over the
source pieces) and the decoder's (each output step over what the decoder was fed so far: <s> and
the pieces written before it), for every layer and head.

The weights are read from a teacher-forced pass along the translation's own output. Decoding
with cached keys and values computes exactly these weights step by step (tests check both the
cache against teacher forcing and these maps against decoding), so the maps are those of the
actual generation, not of a reference.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from models.errors import InputError
from models.inspection.registry import analysis
from models.tokenizer import BOS_ID, PAD_ID
from models.translator import Translation, Translator

BOS_PIECE = "<s>"


@dataclass
class SelfAttentionMaps:
    source_pieces: list[str]  # S, the encoder's positions
    output_pieces: list[str]  # T, one per decoding step (what each step wrote)
    fed_pieces: list[str]  # T, what each step was fed: <s>, then the output pieces before it
    encoder: np.ndarray  # (layers, heads, S, S): row i = source position i's weights over the source
    decoder: np.ndarray  # (layers, heads, T, T): row t = step t's weights over fed positions ≤ t


def self_attention_maps(translator: Translator, translation: Translation) -> list[SelfAttentionMaps]:
    """One SelfAttentionMaps per n-best entry of `translation` (made by a model with self-attention)."""
    model = translator.model
    if not model.has_self_attention:
        raise InputError("self-attention belongs to the Transformer family; a recurrent model has none")
    ids = [translator.source_tokenizer.piece_to_id(p) for p in translation.source_pieces]
    # Step t is fed the piece written at t − 1; the last piece written is never fed back.
    fed = [([BOS_ID] + list(entry.token_ids))[: len(entry.pieces)] for entry in translation.nbest]
    rows = len(fed)
    src = torch.tensor([ids] * rows)  # (K, S)
    tgt = torch.full((rows, max(1, max(map(len, fed)))), PAD_ID, dtype=torch.long)  # (K, T)
    for row, tokens in enumerate(fed):
        tgt[row, : len(tokens)] = torch.tensor(tokens, dtype=torch.long)
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():  # the canonical modules; padding at the end is never seen (causal)
            encoder, decoder = model.self_attention_weights(src, torch.tensor([len(ids)] * rows), tgt)
    finally:
        model.train(was_training)
    encoder, decoder = encoder.numpy(), decoder.numpy()  # (K, layers, heads, S, S), (K, layers, heads, T, T)
    maps = []
    for row, (entry, tokens) in enumerate(zip(translation.nbest, fed)):
        steps = len(tokens)
        fed_pieces = [BOS_PIECE] + list(entry.pieces[: steps - 1])
        maps.append(SelfAttentionMaps(list(translation.source_pieces), list(entry.pieces), fed_pieces,
                                      encoder[row], decoder[row, :, :, :steps, :steps]))  # fmt: skip
    return maps


@dataclass(frozen=True)
class SelfAttentionRequest:
    """A Transformer's encoder and decoder self-attention along every n-best entry; a model
    without self-attention answers with no maps."""


@dataclass
class SelfAttentionSet:
    maps: list[SelfAttentionMaps]  # one per n-best entry; empty for a model without self-attention


@analysis(SelfAttentionRequest)
def self_attention_of(
    translator: Translator, translation: Translation, request: SelfAttentionRequest, steps
) -> SelfAttentionSet:
    if not translator.model.has_self_attention:
        return SelfAttentionSet([])
    return SelfAttentionSet(self_attention_maps(translator, translation))
