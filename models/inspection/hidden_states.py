"""The encoder's and the decoder's hidden states of one translation, layer by layer, as trajectories.

Each state is a vector of a few hundred values; a principal-component projection puts each
sequence of states in a plane, one point per piece, so that its path can be drawn in order. The
states are read from the canonical modules on a teacher-forced pass along the translation's
output: forward hooks record what each RNN was given (its inputs and initial state, once or step
by step), and the RNN is run again one layer at a time with its own weights, so every layer's
outputs are seen, not only the top one that attention reads (both directions concatenated in a
bidirectional encoder). The top layer's states are exactly the module's outputs (tests check).

A Transformer's states are its residual stream after each layer, read by forward hooks on its
layers; the top layer's pass through the stack's final norm (pre-norm), so that they are the
memory cross-attention reads and the features the output layer reads.

Each family reads its own layers (`Model.layer_states`: models/nn/rnn/inspect.py,
models/nn/transformer/model.py); this module projects them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from models.inspection.registry import analysis
from models.tokenizer import BOS_ID
from models.translator import Translation, Translator


@dataclass
class Trajectory:
    side: str  # "encoder" or "decoder"
    layer: int  # 1 = the layer nearest the embeddings; `layers` = the top one
    layers: int
    bidirectional: bool  # the states hold both directions side by side
    pieces: list[str]  # one per point, in order
    states: np.ndarray  # (N, size) the hidden states themselves
    points: np.ndarray  # (N, 2) their projection on the first two principal components
    explained: tuple[float, float]  # share of the states' variance each component keeps


def project_2d(states: np.ndarray) -> tuple[np.ndarray, tuple[float, float]]:
    """(N, size) → (N, 2) on the states' own first two principal components (centred SVD)."""
    states = np.asarray(states, dtype=np.float64)
    if len(states) < 2:
        return np.zeros((len(states), 2)), (0.0, 0.0)
    centred = states - states.mean(axis=0)
    _, singular, components = np.linalg.svd(centred, full_matrices=False)
    points = centred @ components[:2].T  # (N, ≤2)
    if points.shape[1] < 2:
        points = np.pad(points, ((0, 0), (0, 2 - points.shape[1])))
    variance = singular**2
    share = variance / max(variance.sum(), 1e-12)
    explained = (float(share[0]), float(share[1]) if share.size > 1 else 0.0)
    return points, explained


def hidden_trajectories(translator: Translator, translation: Translation) -> list[Trajectory]:
    """The encoder's states over the source pieces and the decoder's over the output pieces, for
    every layer: the encoder's layers first, bottom to top, then the decoder's."""
    model = translator.model
    ids = [translator.source_tokenizer.piece_to_id(p) for p in translation.source_pieces]
    src, lengths = torch.tensor([ids]), torch.tensor([len(ids)])
    steps = len(translation.best.pieces)
    tgt_in = torch.tensor([([BOS_ID] + list(translation.best.token_ids))[:steps]])
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():  # the model's own modules: the fast path is only ever taken by decoding
            read = model.layer_states(src, lengths, tgt_in)  # the family reads its own layers
    finally:
        model.train(was_training)
    made = []
    for side, pieces, layers, two_ways in (("encoder", translation.source_pieces, read.encoder, read.encoder_bidirectional),
                                           ("decoder", translation.best.pieces, read.decoder, False)):  # fmt: skip
        for number, states in enumerate(layers, start=1):
            states = states[: len(pieces)]
            points, explained = project_2d(states)
            made.append(Trajectory(side, number, len(layers), two_ways, list(pieces), states, points, explained))
    return made


@dataclass(frozen=True)
class HiddenStatesRequest:
    """The encoder's and the decoder's states, every layer, as trajectories."""


@dataclass
class HiddenTrajectories:
    trajectories: list[Trajectory]  # the encoder's layers bottom to top, then the decoder's


@analysis(HiddenStatesRequest)
def hidden_states_of(
    translator: Translator, translation: Translation, request: HiddenStatesRequest, steps
) -> HiddenTrajectories:
    return HiddenTrajectories(hidden_trajectories(translator, translation))
