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
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

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


def layer_outputs(rnn: nn.RNNBase, inputs: torch.Tensor, hx) -> list[torch.Tensor]:
    """Every layer's outputs of `rnn` (batch first) on `inputs` (B, T, in) from the initial state
    `hx` ((layers·dirs, B, H), (h, c) for an LSTM, or None for zeros): [(B, T, dirs·H)] per layer,
    from the RNN's own weights, one single-layer RNN of the same kind at a time."""
    dirs = 2 if rnn.bidirectional else 1
    outputs, x = [], inputs
    for layer in range(rnn.num_layers):
        kwargs = {"nonlinearity": rnn.nonlinearity} if isinstance(rnn, nn.RNN) else {}
        single = type(rnn)(x.size(-1), rnn.hidden_size, num_layers=1, bias=rnn.bias, batch_first=True,
                           bidirectional=rnn.bidirectional, **kwargs)  # fmt: skip
        for name, _ in single.named_parameters():
            getattr(single, name).data = getattr(rnn, name.replace("_l0", f"_l{layer}")).data
        span = slice(layer * dirs, (layer + 1) * dirs)
        state = None if hx is None else (tuple(h[span] for h in hx) if isinstance(hx, tuple) else hx[span])
        x, _ = single(x, state)
        outputs.append(x)
    return outputs


class _Recorder:
    """What an RNN module was given, call by call: (inputs (B, T, in), initial state)."""

    def __init__(self, rnn: nn.RNNBase):
        self.calls: list[tuple[torch.Tensor, object]] = []
        self._handle = rnn.register_forward_hook(self._record)

    def _record(self, _module, args, _out) -> None:
        inputs, hx = args[0], (args[1] if len(args) > 1 else None)
        if isinstance(inputs, nn.utils.rnn.PackedSequence):  # one unpadded sentence: its steps in order
            inputs = inputs.data.unsqueeze(0)
        self.calls.append((inputs.detach(), hx))

    def remove(self) -> None:
        self._handle.remove()

    def layers(self, rnn: nn.RNNBase) -> list[np.ndarray]:
        """Each layer's outputs over all recorded calls (a step loop's steps joined): [(T, size)]."""
        per_call = [layer_outputs(rnn, inputs, hx) for inputs, hx in self.calls]
        return [torch.cat([call[layer] for call in per_call], dim=1)[0].numpy() for layer in range(rnn.num_layers)]


def hidden_trajectories(translator: Translator, translation: Translation) -> list[Trajectory]:
    """The encoder's states over the source pieces and the decoder's over the output pieces, for
    every layer: the encoder's layers first, bottom to top, then the decoder's."""
    model = translator.model
    ids = [translator.source_tokenizer.piece_to_id(p) for p in translation.source_pieces]
    src, lengths = torch.tensor([ids]), torch.tensor([len(ids)])
    steps = len(translation.best.pieces)
    tgt_in = torch.tensor([([BOS_ID] + list(translation.best.token_ids))[:steps]])
    config = translator.bundle.model_config
    read = _transformer_layers if config.family == "transformer" else _recurrent_layers
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():  # the model's own modules: the fast path is only ever taken by decoding
            encoder_layers, decoder_layers = read(model, src, lengths, tgt_in)
    finally:
        model.train(was_training)
    both = config.bidirectional and config.family == "rnn"
    made = []
    for side, pieces, layers, two_ways in (("encoder", translation.source_pieces, encoder_layers, both),
                                           ("decoder", translation.best.pieces, decoder_layers, False)):  # fmt: skip
        for number, states in enumerate(layers, start=1):
            states = states[: len(pieces)]
            points, explained = project_2d(states)
            made.append(Trajectory(side, number, len(layers), two_ways, list(pieces), states, points, explained))
    return made


def _recurrent_layers(model, src, lengths, tgt_in) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Every encoder and decoder layer's outputs [(T, size)], from what each RNN was given."""
    encoder, decoder = _Recorder(model.encoder.rnn), _Recorder(model.decoder.rnn)
    try:
        model(src, lengths, tgt_in)
        return encoder.layers(model.encoder.rnn), decoder.layers(model.decoder.rnn)
    finally:
        encoder.remove()
        decoder.remove()


def _transformer_layers(model, src, lengths, tgt_in) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Every encoder and decoder layer's residual stream [(T, d_model)]; the top one normalised."""
    transformer = model.transformer
    seen: dict[str, list[torch.Tensor]] = {"encoder": [], "decoder": []}
    handles = [layer.register_forward_hook(lambda _m, _a, out, side=side: seen[side].append(out[0][0].detach()))
               for side, stack in (("encoder", transformer.encoder_layers), ("decoder", transformer.decoder_layers))
               for layer in stack]  # fmt: skip
    try:
        transformer.features(src, lengths, tgt_in)
    finally:
        for handle in handles:
            handle.remove()
    seen["encoder"][-1] = transformer.encoder_norm(seen["encoder"][-1])
    seen["decoder"][-1] = transformer.decoder_norm(seen["decoder"][-1])
    return [s.numpy() for s in seen["encoder"]], [s.numpy() for s in seen["decoder"]]
