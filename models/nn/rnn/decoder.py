"""Recurrent decoder with attention (or the classic fixed context vector) and an output layer.

Per target step t (the "attentional vector" of Luong et al., 2015):
    h_t       = RNN([emb(y_{t-1}); extra inputs], h_{t-1})            # (B, H)
    c_t, a_t  = attention(query=h_t, keys/values=encoder outputs)      # (B, He), (B, S)
    att_vec_t = tanh(W_c [h_t; c_t])                                   # (B, H)
    logits_t  = W_out att_vec_t                                        # (B, V)
Extra inputs: att_vec_{t-1} with input feeding; the fixed context with attention "none".
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from models.nn.attention import make_attention
from models.nn.dropout import Dropout
from models.nn.interface import StepOutput
from models.nn.rnn.config import RNNConfig
from models.nn.rnn.encoder import RNN_CLASSES
from models.tokenizer import PAD_ID

Hidden = torch.Tensor | tuple[torch.Tensor, torch.Tensor]


def select_hidden(hidden: Hidden, index: torch.Tensor) -> Hidden:
    """Pick batch rows (dim 1 of (layers, B, H)), e.g. to follow beam search back-pointers."""
    if isinstance(hidden, tuple):
        return (hidden[0].index_select(1, index), hidden[1].index_select(1, index))
    return hidden.index_select(1, index)


@dataclass
class EncoderState:
    outputs: torch.Tensor  # (B, S, He)
    keys: torch.Tensor | None  # (B, S, Hk), attention's projection of outputs
    mask: torch.Tensor  # (B, S) True at real source tokens
    fixed_context: torch.Tensor | None  # (B, He), the top layer's final state (attention "none")

    def select(self, index: torch.Tensor) -> EncoderState:
        pick = lambda t: None if t is None else t.index_select(0, index)  # noqa: E731
        return EncoderState(pick(self.outputs), pick(self.keys), pick(self.mask), pick(self.fixed_context))


@dataclass
class DecoderState:
    hidden: Hidden  # (layers, B, H), or (h, c) for LSTM
    att_vec: torch.Tensor | None  # (B, H), fed back with input feeding

    def select(self, index: torch.Tensor) -> DecoderState:
        att = None if self.att_vec is None else self.att_vec.index_select(0, index)
        return DecoderState(select_hidden(self.hidden, index), att)


class Decoder(nn.Module):
    def __init__(self, config: RNNConfig, encoder_output_size: int):
        super().__init__()
        self.config = config
        h = config.hidden_size
        self.input_feeding = config.decoder_style == "input_feeding"
        self.fixed_context = config.attention == "none"
        rnn_input = config.embedding_size + (h if self.input_feeding else 0)
        rnn_input += encoder_output_size if self.fixed_context else 0
        self.embedding = nn.Embedding(config.tgt_vocab_size, config.embedding_size, padding_idx=PAD_ID)
        self.rnn = RNN_CLASSES[config.cell](
            rnn_input, h, num_layers=config.layers, batch_first=True,
            dropout=config.dropout if config.layers > 1 else 0.0,
        )  # fmt: skip
        self.attention = make_attention(config.attention, h, encoder_output_size)
        self.combine = nn.Linear(h + encoder_output_size, h)
        self.output = nn.Linear(h, config.tgt_vocab_size)
        self.dropout = Dropout(config.dropout)

    @property
    def attention_energy_width(self) -> int:
        """Values per (target step, source position) pair that training holds at its peak.

        Attention keeps `energy_width` of them for backward. The parallel (Luong) decoder runs the
        backward of all steps at once, which adds two more tensors of that size (the energies'
        gradient before and after tanh); the step loop has them one step at a time.
        """
        width = 0 if self.attention is None else self.attention.energy_width
        return width if self.input_feeding else 3 * width

    def _attend(self, rnn_out: torch.Tensor, enc: EncoderState):
        """rnn_out (B, T, H) -> attentional vectors (B, T, H), weights (B, T, S) or None."""
        if self.attention is not None:
            context, weights = self.attention(rnn_out, enc.keys, enc.outputs, enc.mask)
        else:
            context = enc.fixed_context.unsqueeze(1).expand(-1, rnn_out.size(1), -1)  # (B, T, He)
            weights = None
        combined = torch.cat([rnn_out, context], dim=-1)  # (B, T, H + He)
        return torch.tanh(self.combine(combined)), weights

    def forward_parallel(self, tgt_in: torch.Tensor, enc: EncoderState, state: DecoderState):
        """Teacher forcing in one RNN call (no input feeding): tgt_in (B, T).

        Returns attentional vectors (B, T, H) (see `project`), attention (B, T, S) or None, and
        the top RNN states (B, T, H).
        Padding after EOS cannot reach earlier steps: the RNN only looks back.
        """
        if self.input_feeding:
            raise ValueError("an input-feeding decoder cannot run all target steps at once")
        inputs = self.dropout(self.embedding(tgt_in))  # (B, T, E)
        if self.fixed_context:
            ctx = enc.fixed_context.unsqueeze(1).expand(-1, tgt_in.size(1), -1)
            inputs = torch.cat([inputs, ctx], dim=-1)
        rnn_out, _ = self.rnn(inputs, state.hidden)  # (B, T, H)
        att_vec, weights = self._attend(rnn_out, enc)
        return att_vec, weights, rnn_out

    def project(self, att_vec: torch.Tensor) -> torch.Tensor:
        """Attentional vectors (..., H) -> logits (..., V): all given steps in one matmul."""
        return self.output(self.dropout(att_vec))

    def step(self, tokens: torch.Tensor, enc: EncoderState, state: DecoderState, project: bool = True) -> StepOutput:
        """One step: tokens (B,) are the previous target tokens.

        With project=False the logits are left out (None) and `hidden` holds the attentional
        vector instead, so a loop can project all steps at once afterwards.
        """
        return self._step(self.dropout(self.embedding(tokens)), enc, state, project)

    def forward_steps(self, tgt_in: torch.Tensor, enc: EncoderState, state: DecoderState):
        """Teacher forcing for the input-feeding decoder, a step loop: tgt_in (B, T).

        Returns attentional vectors (B, T, H) (see `project`) and attention (B, T, S) or None.
        (Training takes a faster loop with the same gradients: models/fast/step_training.py.)
        """
        att_vecs, steps_attention = [], []
        for t in range(tgt_in.size(1)):
            out = self.step(tgt_in[:, t], enc, state, project=False)
            state = out.state
            att_vecs.append(out.hidden)
            steps_attention.append(out.attention)
        attention = None if self.attention is None else torch.stack(steps_attention, 1)
        return torch.stack(att_vecs, 1), attention

    def _step(self, embedded: torch.Tensor, enc: EncoderState, state: DecoderState, project: bool = True):
        """`step` from the previous target tokens' embeddings (B, E)."""
        parts = [embedded]
        if self.input_feeding:
            parts.append(state.att_vec)
        if self.fixed_context:
            parts.append(enc.fixed_context)
        rnn_out, hidden = self.rnn(torch.cat(parts, dim=-1).unsqueeze(1), state.hidden)  # (B, 1, H)
        att_vec, weights = self._attend(rnn_out, enc)
        logits = self.output(self.dropout(att_vec)).squeeze(1) if project else None  # (B, V)
        return StepOutput(
            logits=logits,
            attention=None if weights is None else weights.squeeze(1),
            hidden=rnn_out.squeeze(1) if project else att_vec.squeeze(1),
            state=DecoderState(hidden, att_vec.squeeze(1) if self.input_feeding else None),
        )
