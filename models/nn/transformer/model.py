"""The Transformer behind the model interface every family shares (models/nn/interface.Model;
the recurrent one is models/nn/rnn/model.Seq2Seq): encode a batch; one decoding step from a state (logits, attention,
new state); a teacher-forced forward; states that beam search can reorder. Attention views get
the cross-attention of the last layer averaged over its heads as the one map, and every layer's
and head's weights beside it."""

from __future__ import annotations

from typing import ClassVar

import torch
from torch import nn

from models.nn.interface import (
    AttentionCalculation,
    AttentionEdit,
    LayerStates,
    Seq2SeqOutput,
    StepOutput,
)
from models.nn.transformer import edits
from models.nn.transformer.config import TransformerConfig
from models.nn.transformer.layers import (
    Transformer,
    TransformerDecoderState,
    TransformerEncoderState,
    TransformerSizes,
)  # fmt: skip
from models.tokenizer import NEVER_EMITTED

# A cross-attention head's scoring function, for the attention-math view (the recurrent types'
# are declared with them, in models/attention_types.py).
SCALED_DOT = "score(q, kⱼ) = q · kⱼ / √d   (q = W_Q·y, kⱼ = W_K·mⱼ)"


def transformer_sizes(config: TransformerConfig) -> TransformerSizes:
    return TransformerSizes(
        src_vocab_size=config.src_vocab_size, tgt_vocab_size=config.tgt_vocab_size, d_model=config.hidden_size,
        heads=config.heads, d_ff=config.ff_size, encoder_layers=config.layers, decoder_layers=config.target_layers,
        dropout=config.dropout, positions=config.positions, norm=config.norm, shared_embeddings=config.shared_embeddings,
    )  # fmt: skip


class TransformerSeq2Seq(nn.Module):
    family: ClassVar[str] = "transformer"
    single_attention: ClassVar[bool] = False  # a cross-attention per decoder layer and head
    has_self_attention: ClassVar[bool] = True

    def __init__(self, config: TransformerConfig):
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

    # hooks of the inspection views (canonical modules; the caller sets eval mode and no_grad)
    def layer_states(self, src: torch.Tensor, src_lengths: torch.Tensor, tgt_in: torch.Tensor) -> LayerStates:
        """Every encoder and decoder layer's residual stream [(T, d_model)]; the top one normalised
        (pre-norm) so that it is the memory cross-attention reads and the features the output
        layer reads."""
        transformer = self.transformer
        seen: dict[str, list[torch.Tensor]] = {"encoder": [], "decoder": []}
        handles = [layer.register_forward_hook(lambda _m, _a, out, side=side: seen[side].append(out[0][0].detach()))
                   for side, stack in (("encoder", transformer.encoder_layers), ("decoder", transformer.decoder_layers))
                   for layer in stack]  # fmt: skip
        try:
            transformer.features(src, src_lengths, tgt_in)
        finally:
            for handle in handles:
                handle.remove()
        seen["encoder"][-1] = transformer.encoder_norm(seen["encoder"][-1])
        seen["decoder"][-1] = transformer.decoder_norm(seen["decoder"][-1])
        return LayerStates([s.numpy() for s in seen["encoder"]], [s.numpy() for s in seen["decoder"]],
                           encoder_bidirectional=False)  # fmt: skip

    def attention_calculations(self, src: torch.Tensor, src_lengths: torch.Tensor,
                               tgt_in: torch.Tensor) -> list[list[AttentionCalculation]]:  # fmt: skip
        """Every decoder layer's and head's cross-attention: the head's projection of the decoder
        position as query, its projections of the encoder's outputs as keys and values, scaled
        dot products as scores, its own weighted sum as context."""
        transformer = self.transformer
        calls: list[tuple] = []

        def record(module, args, output) -> None:
            x, keys, values, mask = args  # x (B, T, D); keys, values (B, heads, S, d); mask (B, 1, S)
            calls.append((module, x.detach(), keys.detach(), values.detach(), mask, output[1].detach()))

        hooks = [layer.cross_attention.register_forward_hook(record) for layer in transformer.decoder_layers]
        try:
            enc, _ = transformer.encode(src, src_lengths)
            transformer.features(src, src_lengths, tgt_in)
        finally:
            for hook in hooks:
                hook.remove()
        grid = []
        for layer, (module, x, keys, values, mask, weights) in enumerate(calls):
            queries = module.split(module.query(x))  # (B, heads, T, d)
            scores = queries @ keys.transpose(-1, -2) / module.head_size**0.5  # (B, heads, T, S)
            scores = scores.masked_fill(~mask.unsqueeze(1), float("-inf"))
            contexts = weights @ values  # (B, heads, T, d): each head's weighted sum
            grid.append([AttentionCalculation(
                kind="scaled-dot", formula=SCALED_DOT,
                # The head's rows of each projection, as array slices (no words: the app words the rest).
                parameters=[f"W_Q, W_K, W_V {module.query.weight.shape[0]}×{module.query.weight.shape[1]}, "
                            f"[{head * module.head_size}:{(head + 1) * module.head_size}]",
                            f"W_O {module.output.weight.shape[0]}×{module.output.weight.shape[1]}"],
                mask=enc.mask[0].numpy(), queries=queries[0, head].numpy(), values=values[0, head].numpy(),
                scores=scores[0, head].numpy(), weights=weights[0, head].numpy(),
                contexts=contexts[0, head].numpy(), layer=layer, head=head,
            ) for head in range(module.heads)])  # fmt: skip
        return grid

    def self_attention_weights(self, src: torch.Tensor, src_lengths: torch.Tensor,
                               tgt_in: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:  # fmt: skip
        """Encoder (B, layers, heads, S, S) and decoder (B, layers, heads, T, T) self-attention of a
        teacher-forced pass (decoding with cached keys and values computes the same weights)."""
        _, _, selfs, enc = self.transformer.features(src, src_lengths, tgt_in)
        return torch.stack(enc.self_attention, 1), torch.stack(selfs, 1)

    def layer_walkthrough(self, src: torch.Tensor, src_lengths: torch.Tensor, tgt_in: torch.Tensor,
                          site: str, layer: int):  # fmt: skip
        """One layer's attention at `site`, its positions and residual path: a LayerWalkthrough
        (models/nn/transformer/inspect.py)."""
        from models.nn.transformer.inspect import layer_walkthrough

        return layer_walkthrough(self.transformer, src, src_lengths, tgt_in, site, layer)

    def attention_sites(self) -> dict[str, list[nn.Module]]:
        t = self.transformer
        return {"encoder": [layer.attention for layer in t.encoder_layers],
                "self": [layer.self_attention for layer in t.decoder_layers],
                "cross": [layer.cross_attention for layer in t.decoder_layers]}  # fmt: skip

    def edited_attention(self, edit: AttentionEdit):
        """Decoding with the cross-attention changed by `edit` while the context is open
        (models/nn/transformer/edits.py)."""
        return edits.edited_attention(self.transformer, edit)
