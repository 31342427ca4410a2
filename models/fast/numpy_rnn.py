"""Numpy snapshots of the RNN encoder, of the start of decoding (keys and bridge) and of one
decoder step, built from the canonical modules' weights (models/nn/encoder.py, decoder.py,
attention.py, seq2seq.py) and registered by module class.

The same maths as the modules (tests generated from these registries compare them), faster
for one sentence, where the work is many small operations and PyTorch's per-operation dispatch
dominates. Each embedding is folded into the first input projection that reads it
(FoldedEmbedding): a (vocab, gates·H) table, built once with the snapshot, so that product is a
row lookup.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from models import attention_types
from models.fast.numpy_kernels import Affine, FoldedEmbedding, cell_update, output_layer, tanh_inplace
from models.fast.registry import Registry
from models.nn.attention import AdditiveAttention, ConcatAttention, DotAttention
from models.nn.interface import StepOutput
from models.nn.rnn.config import GATES
from models.nn.rnn.decoder import Decoder, DecoderState, EncoderState
from models.nn.rnn.encoder import Encoder
from models.nn.rnn.model import Seq2Seq

ENCODERS = Registry("numpy encoder")
DECODERS = Registry("numpy decoder step")
STARTS = Registry("numpy start of decoding")


def _rnn_weight(rnn: nn.RNNBase, name: str) -> torch.Tensor | None:
    return getattr(rnn, name, None)


# --------------------------------------------------------------------------- attention scores
class DeclaredScores(Registry):
    """The numpy scores each attention type declares (`numpy_scores` in models/attention_types.py),
    by its module's exact class, read at each use; classes registered here directly come after."""

    def builder(self, module):
        declared = attention_types.declared_for(module if isinstance(module, type) else type(module))
        if declared is not None and declared.numpy_scores is not None:
            return declared.scores_builder()
        return super().builder(module)

    def classes(self) -> tuple[type, ...]:
        declared = tuple(t.module_class() for t in attention_types.attention_types()
                         if t.module is not None and t.numpy_scores is not None)  # fmt: skip
        return declared + tuple(cls for cls in super().classes() if cls not in declared)


ATTENTION_SCORES = DeclaredScores("numpy attention scores")


class _TanhScores:
    """vᵀ tanh(W_q q + K) with K the keys, or the keys times W_k: additive and concat attention."""

    def __init__(
        self, query_weight: torch.Tensor, key: np.ndarray | None, v: np.ndarray, key_layer: Affine | None = None
    ):
        self.query_weight = query_weight.detach().float()  # W_q (Hq, H), for a step that merges its products
        self.query = Affine(self.query_weight, None)
        self.key, self.v = key, v
        self.key_layer = key_layer  # prepare_keys' projection, once per sentence (additive)

    def prepare_keys(self, values: np.ndarray) -> np.ndarray:
        """values (B, S, Hv) -> keys (B, S, Hk), as the module's prepare_keys."""
        return _project_keys(self.key_layer, values)

    def __call__(self, top: np.ndarray, keys: np.ndarray) -> np.ndarray:
        """top (B, H), keys (B, S, Hk) -> scores (B, S)."""
        return self.from_query(self.query(top), keys)

    def from_query(self, query: np.ndarray, keys: np.ndarray) -> np.ndarray:
        """W_q top (B, Hq), keys (B, S, Hk) -> scores (B, S)."""
        energies = (keys if self.key is None else keys @ self.key) + query[:, None, :]  # (B, S, Hq)
        tanh_inplace(energies)
        return energies @ self.v


class _DotScores:
    """q · k, the keys projected to the query size once per sentence where the module projects them."""

    query_weight = None  # the query is the top state itself

    def __init__(self, key_projection: Affine | None):
        self.key_projection = key_projection

    def prepare_keys(self, values: np.ndarray) -> np.ndarray:
        return _project_keys(self.key_projection, values)

    def __call__(self, top: np.ndarray, keys: np.ndarray) -> np.ndarray:
        return self.from_query(top, keys)

    def from_query(self, query: np.ndarray, keys: np.ndarray) -> np.ndarray:
        """top (B, Hq), keys (B, S, Hq) -> scores (B, S)."""
        return np.matmul(keys, query[:, :, None])[:, :, 0]


def _project_keys(projection: Affine | None, values: np.ndarray) -> np.ndarray:
    if projection is None:
        return values
    batch, length, size = values.shape
    return projection(values.reshape(batch * length, size)).reshape(batch, length, -1)


# The builders that the built-in declarations name (`numpy_scores` in models/attention_types.py).
def additive_scores(attention: AdditiveAttention) -> _TanhScores:
    return _TanhScores(attention.query_layer.weight, None, _v(attention), Affine(attention.key_layer.weight, None))


def concat_scores(attention: ConcatAttention) -> _TanhScores:
    w = attention.combine.weight.detach().float()  # W [q; k] = W_q q + W_k k (no bias)
    key = np.ascontiguousarray(w[:, attention.query_size :].numpy().T)  # (Hv, Hq)
    return _TanhScores(w[:, : attention.query_size], key, _v(attention))


def dot_scores(attention: DotAttention) -> _DotScores:
    projection = attention.key_projection
    return _DotScores(None if projection is None else Affine(projection.weight, projection.bias))


def _v(attention) -> np.ndarray:
    return attention.v.weight.detach().float().numpy().reshape(-1).copy()  # (Hq,)


# --------------------------------------------------------------------------- decoder step
@dataclass
class ProjectedEncoderState(EncoderState):
    """An EncoderState whose values went once per sentence through the context half of the
    decoder's combine layer: W [top; Σ_s w_s v_s] = W_top top + Σ_s w_s (W_ctx v_s), so a step
    forms its attentional vector without the (rows, He)·(He, H) product of a context vector.
    The modules read it as the EncoderState it is."""

    projected_values: torch.Tensor | None = None  # (B, S, H) W_ctx v; (B, H) W_ctx c for the fixed context

    def select(self, index: torch.Tensor) -> ProjectedEncoderState:
        base = super().select(index)
        projected = self.projected_values.index_select(0, index)
        return ProjectedEncoderState(base.outputs, base.keys, base.mask, base.fixed_context, projected)


@dataclass
class ProjectedDecoderState(DecoderState):
    """A DecoderState that also carries the top layer's recurrent product for the next step,
    W_hh h + b_hh (B, gates*H): the step that made h computed it in one product with the other
    projections of h (the query, the attentional vector's W_top h). The modules read it as the
    DecoderState it is."""

    top_gates: torch.Tensor | None = None

    def select(self, index: torch.Tensor) -> ProjectedDecoderState:
        base = super().select(index)
        return ProjectedDecoderState(base.hidden, base.att_vec, self.top_gates.index_select(0, index))


class NumpyDecoderStep:
    """A snapshot of a decoder's weights and the step computed on it (Decoder.step's maths)."""

    def __init__(self, decoder: Decoder, scores):
        self.cell = decoder.config.cell
        self.input_feeding = decoder.input_feeding
        rnn = decoder.rnn
        embedding_size = decoder.embedding.embedding_dim
        w_ih0 = rnn.weight_ih_l0.detach().float()  # (gates*H, E + extra)
        self.input_embedding = FoldedEmbedding(
            decoder.embedding.weight, Affine(w_ih0[:, :embedding_size], _rnn_weight(rnn, "bias_ih_l0"))
        )
        self.extra_input = Affine(w_ih0[:, embedding_size:], None) if w_ih0.size(1) > embedding_size else None
        self.layer_input = [None] + [
            Affine(_rnn_weight(rnn, f"weight_ih_l{n}"), _rnn_weight(rnn, f"bias_ih_l{n}"))
            for n in range(1, rnn.num_layers)
        ]
        self.layer_hidden = [
            Affine(_rnn_weight(rnn, f"weight_hh_l{n}"), _rnn_weight(rnn, f"bias_hh_l{n}"))
            for n in range(rnn.num_layers)
        ]
        self.scores = scores  # None: the fixed-context decoder
        combine = decoder.combine.weight.detach().float()  # (H, H + He): W [top; context]
        self.combine = Affine(combine, decoder.combine.bias)
        # With projected encoder values, every product of the top state is one: [W_q; W_top; W_hh]
        # top + [0; b; b_hh] gives the query, the attentional vector's top half and the next
        # step's recurrent product (at five beam rows one product large enough for two threads
        # instead of three small ones on one).
        size, top_layer = decoder.config.hidden_size, rnn.num_layers - 1
        query_weight = None if scores is None else scores.query_weight
        self.query_size = 0 if query_weight is None else query_weight.size(0)
        w_hh = _rnn_weight(rnn, f"weight_hh_l{top_layer}").detach().float()
        b_hh = _rnn_weight(rnn, f"bias_hh_l{top_layer}")
        weights = [combine[:, :size], w_hh]
        biases = [
            decoder.combine.bias.detach().float(),
            torch.zeros(w_hh.size(0)) if b_hh is None else b_hh.detach().float(),
        ]
        if query_weight is not None:
            weights.insert(0, query_weight)
            biases.insert(0, torch.zeros(self.query_size))
        self.top_projection = Affine(torch.cat(weights), torch.cat(biases))  # (B, H) -> (B, Hq + H + gates*H)
        self.output = output_layer(decoder.output)  # the logits come out with never-emitted ids ruled out

    def recurrent(self, tokens: np.ndarray, extra: np.ndarray | None, h_all: np.ndarray, c_all: np.ndarray | None,
                  top_gates: np.ndarray | None = None):  # fmt: skip
        """tokens (B,), extra inputs (B, X), states (layers, B, H) -> top output (B, H), new h and c
        lists. `top_gates`: the top layer's W_hh h + b_hh (B, gates*H) where a previous step made it."""
        new_h, new_c = [], []
        x = None
        top_layer = len(self.layer_hidden) - 1
        for layer, hidden_affine in enumerate(self.layer_hidden):
            if layer == 0:
                gi = self.input_embedding(tokens)  # (B, gates*H): embedding and its projection at once
                if extra is not None:
                    gi += self.extra_input(extra)
            else:
                gi = self.layer_input[layer](x)
            if layer == top_layer and top_gates is not None:
                gh = top_gates.copy()  # cell_update overwrites it; the state may be decoded from again
            else:
                gh = hidden_affine(h_all[layer])
            h, c = cell_update(self.cell, gi, gh, h_all[layer], None if c_all is None else c_all[layer])
            new_h.append(h)
            if c is not None:
                new_c.append(c)
            x = h
        return x, new_h, new_c

    def attention_weights(self, query: np.ndarray, keys: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """query (B, Hq) (the top state, or W_q top), keys (B, S, Hk), mask (B, S) -> weights (B, S)."""
        scores = self.scores.from_query(query, keys)  # (B, S)
        if not mask.all():
            scores = np.where(mask, scores, -np.inf)
        scores -= scores.max(axis=1, keepdims=True)
        weights = np.exp(scores, out=scores)
        weights /= weights.sum(axis=1, keepdims=True)
        return weights

    def attentional_vector(self, top: np.ndarray, enc: EncoderState):
        """top (B, H) -> tanh(W [top; context] + b) (B, H), the attention weights (B, S) or None,
        and the next step's top-layer recurrent product (B, gates*H) where it came with the rest."""
        if isinstance(enc, ProjectedEncoderState):  # W [top; Σ w v] = W_top top + Σ w (W_ctx v)
            merged = self.top_projection(top)  # (B, Hq + H + gates*H)
            q, size = self.query_size, top.shape[1]
            query = merged[:, :q] if q else top
            att_vec = merged[:, q : q + size].copy()
            next_gates = merged[:, q + size :]
            weights = None if self.scores is None else self.attention_weights(query, enc.keys.numpy(), enc.mask.numpy())
            projected = enc.projected_values.numpy()  # (B, S, H), or (B, H) for the fixed context
            att_vec += projected if weights is None else np.matmul(weights[:, None, :], projected)[:, 0]
        else:
            next_gates = None
            weights = None
            if self.scores is not None:
                weights = self.attention_weights(self.scores.query(top) if self.query_size else top,
                                                 enc.keys.numpy(), enc.mask.numpy())  # fmt: skip
            values = enc.outputs.numpy()
            context = enc.fixed_context.numpy() if weights is None else np.matmul(weights[:, None, :], values)[:, 0]
            att_vec = self.combine(np.concatenate([top, context], axis=1))  # context (B, He)
        return np.tanh(att_vec, out=att_vec), weights, next_gates

    def __call__(self, tokens: torch.Tensor, enc: EncoderState, state: DecoderState) -> StepOutput:
        """One step as Decoder.step computes it; tensors in, tensors out (sharing memory)."""
        extra = [state.att_vec.numpy()] if self.input_feeding else []
        if enc.fixed_context is not None:
            extra.append(enc.fixed_context.numpy())
        extra_input = np.concatenate(extra, axis=1) if len(extra) > 1 else (extra[0] if extra else None)
        lstm = self.cell == "lstm"
        h_all = (state.hidden[0] if lstm else state.hidden).numpy()
        c_all = state.hidden[1].numpy() if lstm else None
        top_gates = state.top_gates.numpy() if isinstance(state, ProjectedDecoderState) else None
        top, new_h, new_c = self.recurrent(tokens.numpy(), extra_input, h_all, c_all, top_gates)
        att_vec, weights, next_gates = self.attentional_vector(top, enc)  # (B, H), (B, S), (B, gates*H)
        hidden = torch.from_numpy(np.array(new_h))  # (layers, B, H)
        if lstm:
            hidden = (hidden, torch.from_numpy(np.stack(new_c)))
        fed_back = torch.from_numpy(att_vec) if self.input_feeding else None
        if next_gates is None:
            state = DecoderState(hidden, fed_back)
        else:
            state = ProjectedDecoderState(hidden, fed_back, torch.from_numpy(next_gates))
        return StepOutput(
            logits=torch.from_numpy(self.output(att_vec)),  # (B, V)
            attention=None if weights is None else torch.from_numpy(weights),
            hidden=torch.from_numpy(top),
            state=state,
        )


@DECODERS.register(Decoder)
def _decoder_step(decoder: Decoder) -> NumpyDecoderStep | None:
    """None where the decoder's attention has no numpy scores: it then decodes with its modules."""
    return _with_scores(decoder.attention, lambda scores: NumpyDecoderStep(decoder, scores))


def _with_scores(attention: nn.Module | None, build):
    """build(the attention's numpy scores), or build(None) for the fixed-context decoder; None
    where the attention's class has no numpy scores."""
    if attention is None:
        return build(None)
    scores = ATTENTION_SCORES.build(attention)
    return None if scores is None else build(scores)


# --------------------------------------------------------------------------- encoder
class NumpyEncoder:
    """A snapshot of an encoder's weights and its forward pass over unpadded batches."""

    def __init__(self, encoder: nn.Module):
        config = encoder.config
        self.cell, self.hidden_size, self.directions = config.cell, config.hidden_size, encoder.directions
        self.layers = [self._layer(encoder.rnn, layer) for layer in range(config.layers)]
        self.input_embedding = FoldedEmbedding(encoder.embedding.weight, self.layers[0][0])  # first layer's input

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
        x = None  # the previous layer's outputs (B, S, dirs*H)
        finals_h, finals_c = [], []
        for inputs, w_hh, b_hh in self.layers:
            gi = self.input_embedding(src) if x is None else inputs(x.reshape(batch * length, -1))
            gi = gi.reshape(batch, length, dirs, -1)  # (B, S, dirs, gates*H)
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


ENCODERS.register(Encoder)(NumpyEncoder)


# --------------------------------------------------------------------------- start of decoding
class NumpyStart:
    """Seq2Seq.start_decoding on the numpy encoder's arrays (unpadded batches): the attention's
    keys, and the bridge from the encoder's final states to the decoder's initial state."""

    def __init__(self, model: Seq2Seq, scores):
        self.scores = scores  # None: the fixed-context decoder
        self.bridge = Affine(model.bridge.weight, model.bridge.bias)
        cell = model.bridge_cell
        self.bridge_cell = None if cell is None else Affine(cell.weight, cell.bias)
        self.input_feeding = model.decoder.input_feeding
        self.hidden_size = model.config.hidden_size
        self.combine_context = Affine(model.decoder.combine.weight[:, self.hidden_size :], None)  # W_ctx
        self.layers, self.directions = model.config.layers, model.encoder.directions

    def merge_directions(self, state: np.ndarray) -> np.ndarray:
        """(layers*dirs, B, H) -> (layers, B, dirs*H), as Encoder.merge_directions."""
        _, batch, size = state.shape
        state = state.reshape(self.layers, self.directions, batch, size).transpose(0, 2, 1, 3)
        return np.ascontiguousarray(state).reshape(self.layers, batch, self.directions * size)

    def _bridge(self, layer: Affine, final: np.ndarray) -> torch.Tensor:
        """(layers, B, He) -> tanh(bridge) (layers, B, H)."""
        bridged = layer(final.reshape(-1, final.shape[-1]))
        return torch.from_numpy(np.tanh(bridged, out=bridged).reshape(final.shape[0], final.shape[1], -1))

    def __call__(self, outputs: np.ndarray, final_h: np.ndarray, final_c: np.ndarray | None):
        """The NumpyEncoder's outputs (B, S, He) and final states -> (EncoderState, DecoderState)."""
        batch, length = outputs.shape[:2]
        final = self.merge_directions(final_h)  # (layers, B, He)
        hidden = self._bridge(self.bridge, final)
        if self.bridge_cell is not None:
            hidden = (hidden, self._bridge(self.bridge_cell, self.merge_directions(final_c)))
        keys = None if self.scores is None else torch.from_numpy(self.scores.prepare_keys(outputs))
        fixed = final[-1] if self.scores is None else None  # (B, He)
        if fixed is None:
            projected = self.combine_context(outputs.reshape(batch * length, -1)).reshape(batch, length, -1)
        else:
            projected = self.combine_context(fixed)
        att_vec = torch.zeros(batch, self.hidden_size) if self.input_feeding else None
        mask = torch.ones(batch, length, dtype=torch.bool)  # nothing padded
        enc = ProjectedEncoderState(
            torch.from_numpy(outputs), keys, mask, None if fixed is None else torch.from_numpy(fixed),
            torch.from_numpy(projected),
        )  # fmt: skip
        return enc, DecoderState(hidden, att_vec)


@STARTS.register(Seq2Seq)
def _start(model: Seq2Seq) -> NumpyStart | None:
    """None where the decoder's attention has no numpy keys: the model's own start_decoding runs."""
    return _with_scores(model.decoder.attention, lambda scores: NumpyStart(model, scores))
