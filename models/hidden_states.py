"""The encoder's and the decoder's hidden states of one translation, as trajectories.

Each state is a vector of a few hundred values; a principal-component projection puts each
sequence of states in a plane, one point per piece, so that its path can be drawn in order. The
states are read from the canonical modules (forward hooks on a teacher-forced pass along the
translation's output): the encoder's top-layer outputs (both directions concatenated when it is
bidirectional) and the decoder RNN's top-layer output at each step.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from models.tokenizer import BOS_ID
from models.translator import Translation, Translator


@dataclass
class Trajectory:
    name: str
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
    """The encoder's states over the source pieces and the decoder's over the output pieces."""
    model = translator.model
    ids = [translator.source_tokenizer.piece_to_id(p) for p in translation.source_pieces]
    src, lengths = torch.tensor([ids]), torch.tensor([len(ids)])
    steps = len(translation.best.pieces)
    tgt_in = torch.tensor([([BOS_ID] + list(translation.best.token_ids))[:steps]])
    decoder_outputs: list[torch.Tensor] = []
    hook = model.decoder.rnn.register_forward_hook(lambda _m, _args, out: decoder_outputs.append(out[0].detach()))
    was_training = model.training
    model.eval()
    try:
        with torch.enable_grad():  # the canonical modules run (decoding's numpy path only without gradients)
            enc, _ = model.encode(src, lengths)
            model(src, lengths, tgt_in)
    finally:
        hook.remove()
        model.train(was_training)
    encoder_states = enc.outputs.detach()[0].numpy()  # (S, He)
    decoder_states = torch.cat(decoder_outputs, dim=1)[0, :steps].numpy()  # (T, H)
    config = translator.bundle.model_config
    encoder_name = f"encoder ({'both directions, ' if config.bidirectional else ''}{encoder_states.shape[1]} values)"
    made = []
    for name, pieces, states in ((encoder_name, translation.source_pieces, encoder_states),
                                 (f"decoder ({decoder_states.shape[1]} values)", translation.best.pieces,
                                  decoder_states)):  # fmt: skip
        points, explained = project_2d(states)
        made.append(Trajectory(name, list(pieces), states, points, explained))
    return made
