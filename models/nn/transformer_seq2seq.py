"""The Transformer behind the model interface every family shares (the recurrent one is
models/nn/seq2seq.Seq2Seq): encode a batch; one decoding step from a state (logits, attention,
new state); a teacher-forced forward; states that beam search can reorder. Attention views get
the cross-attention of the last layer averaged over its heads as the one map, and every layer's
and head's weights beside it."""

from __future__ import annotations

import torch
from torch import nn

from models.config import ModelConfig
from models.nn.decoder import StepOutput
from models.nn.seq2seq import Seq2SeqOutput
from models.nn.transformer import Transformer, TransformerDecoderState, TransformerEncoderState, TransformerSizes
from models.tokenizer import NEVER_EMITTED


def transformer_sizes(config: ModelConfig) -> TransformerSizes:
    return TransformerSizes(
        src_vocab_size=config.src_vocab_size, tgt_vocab_size=config.tgt_vocab_size, d_model=config.hidden_size,
        heads=config.heads, d_ff=config.ff_size, encoder_layers=config.layers, decoder_layers=config.target_layers,
        dropout=config.dropout, positions=config.positions, norm=config.norm, shared_embeddings=config.shared_embeddings,
    )  # fmt: skip


class TransformerSeq2Seq(nn.Module):
    def __init__(self, config: ModelConfig):
        super().__init__()
        config.validate()
        self.config = config
        self.transformer = Transformer(transformer_sizes(config))
        self.register_buffer("_never_emitted", torch.tensor(NEVER_EMITTED), persistent=False)

    def num_parameters(self) -> int:
        return sum(p.numel() for p in self.parameters())

    def training_cells(self, sentences: int, src_len: int, tgt_len: int) -> int:
        """The values a training batch of this shape holds at its peak, as the trainer bounds them
        with micro-batches: what each layer keeps for the backward pass per position, the
        feed-forward's inner activations and a few model-wide vectors, over every layer's positions
        (~0.5 GB for 64 sentences of 60 pieces at transformer-ref's sizes)."""
        config = self.config
        positions = sentences * (src_len * config.layers + tgt_len * config.target_layers)
        return positions * (config.ff_size + 8 * config.hidden_size)

    def encode(
        self, src: torch.Tensor, lengths: torch.Tensor
    ) -> tuple[TransformerEncoderState, TransformerDecoderState]:
        """src (B, S), lengths (B,) -> encoder state (memory, mask) and the decoder's empty caches."""
        return self.transformer.encode(src, lengths)

    def decode_step(
        self, tokens: torch.Tensor, enc: TransformerEncoderState, state: TransformerDecoderState
    ) -> StepOutput:
        """tokens (B,) -> logits (B, V), attention (B, S) (last layer, heads averaged), every
        layer's and head's cross-attention (B, layers, heads, S), the next state."""
        step = self.transformer.decode_step(tokens, enc, state)
        self.rule_out_never_emitted(step.logits)
        return StepOutput(step.logits, step.cross_attention[:, -1].mean(1), step.output, step.state,
                          heads=step.cross_attention)  # fmt: skip

    def forward(self, src: torch.Tensor, src_lengths: torch.Tensor, tgt_in: torch.Tensor, teacher_forcing: float = 1.0,
                generator: torch.Generator | None = None, project: bool = True) -> Seq2SeqOutput:  # fmt: skip
        """Teacher forcing: src (B, S), tgt_in (B, T) -> logits (B, T, V) (or features to project),
        attention (B, T, S) (last layer, heads averaged) and every layer's and head's (B, L, h, T, S)."""
        if teacher_forcing < 1.0:
            raise ValueError("the Transformer trains with teacher forcing only (teacher_forcing 1)")
        features, cross, _, enc = self.transformer.features(src, src_lengths, tgt_in)
        logits = self.project(features) if project else None
        return Seq2SeqOutput(logits, cross[:, -1].mean(1), features, enc.memory, features, heads=cross)

    def embedding_table(self, side: str) -> nn.Embedding:
        """The "source" or "target" piece embeddings (one table when they are shared)."""
        return self.transformer.source_embedding if side == "source" else self.transformer.target_embedding

    def project(self, features: torch.Tensor) -> torch.Tensor:
        return self.transformer.output(features)

    def rule_out_never_emitted(self, logits: torch.Tensor) -> None:
        logits.index_fill_(1, self._never_emitted, float("-inf"))
