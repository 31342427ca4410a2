"""The recurrent family's model: encoder, bridge to the decoder's initial state, decoder. It
implements models/nn/interface.Model."""

from __future__ import annotations

from typing import ClassVar

import torch
from torch import nn

from models.nn.interface import AttentionCalculation, AttentionEdit, LayerStates, Seq2SeqOutput, StepOutput
from models.nn.rnn import edits, inspect
from models.nn.rnn.config import RNNConfig
from models.nn.rnn.decoder import Decoder, DecoderState, EncoderState
from models.nn.rnn.encoder import Encoder
from models.tokenizer import NEVER_EMITTED, PAD_ID

__all__ = ["Seq2Seq", "Seq2SeqOutput", "EncoderState", "DecoderState", "StepOutput"]


class Seq2Seq(nn.Module):
    family: ClassVar[str] = "rnn"
    single_attention: ClassVar[bool] = True  # one attention map per step
    has_self_attention: ClassVar[bool] = False

    def __init__(self, config: RNNConfig):
        super().__init__()
        config.validate()
        self.config = config
        self.encoder = Encoder(config)
        self.decoder = Decoder(config, self.encoder.output_size)
        # Bridge: the encoder's final state, both directions, becomes the decoder's initial state.
        self.bridge = nn.Linear(self.encoder.output_size, config.hidden_size)
        self.bridge_cell = nn.Linear(self.encoder.output_size, config.hidden_size) if config.cell == "lstm" else None
        self.register_buffer("_never_emitted", torch.tensor(NEVER_EMITTED), persistent=False)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Xavier for feed-forward and input-to-hidden weights, orthogonal recurrent weights."""
        for name, param in self.named_parameters():
            if "weight_hh" in name:
                gates = param.size(0) // self.config.hidden_size
                for chunk in param.data.chunk(gates, dim=0):
                    nn.init.orthogonal_(chunk)
            elif "bias" in name:
                nn.init.zeros_(param)
                if self.config.cell == "lstm" and ("bias_ih" in name or "bias_hh" in name):
                    h = self.config.hidden_size
                    param.data[h : 2 * h] = 0.5  # forget gate: +1 in total, remember early on
            elif "embedding" in name:
                nn.init.normal_(param, std=self.config.embedding_size**-0.5)
                param.data[PAD_ID].zero_()
            elif param.dim() == 2:
                nn.init.xavier_uniform_(param)

    def num_parameters(self) -> int:
        return sum(p.numel() for p in self.parameters())

    def encode(self, src: torch.Tensor, src_lengths: torch.Tensor) -> tuple[EncoderState, DecoderState]:
        """src (B, S), src_lengths (B,) -> encoder state for attention, initial decoder state."""
        outputs, final = self.encoder(src, src_lengths)  # (B, S, He), (layers, B, He)
        return self.start_decoding(src, src_lengths, outputs, final)

    def start_decoding(self, src: torch.Tensor, src_lengths: torch.Tensor, outputs: torch.Tensor, final):
        """The encoder's outputs (B, S, He) and final states ((layers, B, He), or (h, c)) -> encoder
        state for attention (keys, mask, fixed context) and the decoder's initial state (bridge)."""
        mask = torch.arange(src.size(1), device=src.device).unsqueeze(0) < src_lengths.to(src.device).unsqueeze(1)
        attention = self.decoder.attention
        keys = attention.prepare_keys(outputs) if attention is not None else None
        final_h = final[0] if isinstance(final, tuple) else final
        hidden = torch.tanh(self.bridge(final_h))  # (layers, B, H)
        if isinstance(final, tuple):
            hidden = (hidden, torch.tanh(self.bridge_cell(final[1])))
        att_vec = None
        if self.decoder.input_feeding:
            att_vec = outputs.new_zeros(src.size(0), self.config.hidden_size)
        fixed = final_h[-1] if attention is None else None  # (B, He)
        return EncoderState(outputs, keys, mask, fixed), DecoderState(hidden, att_vec)

    def decode_step(self, tokens: torch.Tensor, enc: EncoderState, state: DecoderState) -> StepOutput:
        """One decoding step; padding and BOS can never be produced, so they are ruled out."""
        out = self.decoder.step(tokens, enc, state)
        self.rule_out_never_emitted(out.logits)
        return out

    def embedding_table(self, side: str) -> nn.Embedding:
        """The "source" or "target" piece embeddings."""
        return self.encoder.embedding if side == "source" else self.decoder.embedding

    def project(self, features: torch.Tensor) -> torch.Tensor:
        """Decoder features (..., H) from a forward pass with project=False -> logits (..., V)."""
        return self.decoder.project(features)

    def training_cells(self, sentences: int, src_len: int, tgt_len: int) -> int:
        """The values a training batch of this shape holds at its peak, as the trainer bounds them
        with micro-batches: the attention energies, (target step, source position) pairs times
        their width (none for dot attention, whose peak is the batch's other activations)."""
        return sentences * tgt_len * src_len * self.decoder.attention_energy_width

    def rule_out_never_emitted(self, logits: torch.Tensor) -> None:
        """logits (B, V), in place: padding and BOS get −∞."""
        logits.index_fill_(1, self._never_emitted, float("-inf"))

    # hooks of the inspection views (models/nn/rnn/inspect.py)
    def layer_states(self, src: torch.Tensor, src_lengths: torch.Tensor, tgt_in: torch.Tensor) -> LayerStates:
        return inspect.layer_states(self, src, src_lengths, tgt_in)

    def attention_calculations(self, src: torch.Tensor, src_lengths: torch.Tensor,
                               tgt_in: torch.Tensor) -> list[list[AttentionCalculation]]:  # fmt: skip
        return [[inspect.attention_calculation(self, src, src_lengths, tgt_in)]]

    def self_attention_weights(self, src: torch.Tensor, src_lengths: torch.Tensor, tgt_in: torch.Tensor):
        raise ValueError("self-attention belongs to the Transformer family; a recurrent model has none")

    def layer_walkthrough(self, src, src_lengths, tgt_in, site: str, layer: int) -> None:
        return None  # no self-attention, heads or residual blocks to walk through

    def attention_sites(self) -> dict:
        return {}  # one attention, no multi-head layers

    def edited_attention(self, edit: AttentionEdit):
        """Decoding with the attention changed by `edit` while the context is open (models/nn/rnn/edits.py)."""
        return edits.edited_attention(self, edit)

    def forward(
        self,
        src: torch.Tensor,
        src_lengths: torch.Tensor,
        tgt_in: torch.Tensor,
        teacher_forcing: float = 1.0,
        generator: torch.Generator | None = None,
        project: bool = True,
    ) -> Seq2SeqOutput:
        """src (B, S), src_lengths (B,), tgt_in (B, T) = BOS + target pieces (padded).

        With teacher_forcing < 1 each step feeds, per sentence, the model's own previous
        prediction with probability 1 - teacher_forcing (scheduled sampling).
        With project=False (teacher forcing only) `logits` is None and `features` holds the
        attentional vectors (B, T, H), for a caller that projects them in chunks to save memory.
        """
        enc, state = self.encode(src, src_lengths)
        if teacher_forcing >= 1.0:
            if self.decoder.input_feeding:  # a step loop, but one output projection
                att_vec, attention = self.decoder.forward_steps(tgt_in, enc, state)
                hidden = att_vec
            else:
                att_vec, attention, hidden = self.decoder.forward_parallel(tgt_in, enc, state)
            logits = self.decoder.project(att_vec) if project else None  # (B, T, V)
            return Seq2SeqOutput(logits, attention, hidden, enc.outputs, att_vec)
        steps_logits, steps_attention, steps_hidden = [], [], []
        tokens = tgt_in[:, 0]
        for t in range(tgt_in.size(1)):
            out = self.decoder.step(tokens, enc, state)
            state = out.state
            steps_logits.append(out.logits)
            steps_hidden.append(out.hidden)
            if out.attention is not None:
                steps_attention.append(out.attention)
            if t + 1 < tgt_in.size(1):
                own = out.logits.argmax(-1)  # scheduled sampling: sometimes feed the model's own guess
                use_own = torch.rand(own.shape, generator=generator) >= teacher_forcing
                tokens = torch.where(use_own.to(own.device), own, tgt_in[:, t + 1])
        attention = torch.stack(steps_attention, 1) if steps_attention else None
        logits = torch.stack(steps_logits, 1)
        return Seq2SeqOutput(logits, attention, torch.stack(steps_hidden, 1), enc.outputs, None)
