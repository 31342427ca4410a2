"""The interface every model family implements, and the values it hands back.

A family (models/nn/rnn/, models/nn/transformer/) is a configuration dataclass (`FamilyConfig`)
and a module (`Model`); models/nn/family.py registers them. Everything outside a family's
subpackage (decoding, training, checkpoints, the translator, the analyses, the app) works through
these two protocols and never asks which family it holds.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

import numpy as np
import torch
from torch import nn


@dataclass
class StepOutput:
    """One decoding step."""

    logits: torch.Tensor | None  # (B, V)
    attention: torch.Tensor | None  # (B, S): the one map views draw
    hidden: torch.Tensor  # (B, H) top-layer decoder state
    state: Any  # the family's decoder state (DecodingState)
    heads: torch.Tensor | None = None  # (B, layers, heads, S) where attention has layers and heads


@dataclass
class Seq2SeqOutput:
    """A teacher-forced (or scheduled-sampling) pass over whole target sentences."""

    logits: torch.Tensor | None  # (B, T, V); None when asked not to project
    attention: torch.Tensor | None  # (B, T, S); None for the fixed-context decoder
    decoder_hidden: torch.Tensor  # (B, T, H)
    encoder_outputs: torch.Tensor  # (B, S, He)
    features: torch.Tensor | None = None  # (B, T, H) what `project` turns into logits
    heads: torch.Tensor | None = None  # (B, layers, heads, T, S) where attention has layers and heads


@dataclass(frozen=True)
class AttentionEdit:
    """A change to the cross-attention while decoding (an intervention: "what if it had not
    looked there?"). Applied to the weights after the softmax, before they weigh the values.

    kind "zero": source position `position` gets weight 0 and the rest are renormalised;
    "force": all the weight goes to `position`; "head": head `head` of decoder layer `layer`
    is switched off (its weights are zero, so it adds nothing). `layer` None: every layer
    (a recurrent model has one attention, layer 0)."""

    kind: str
    position: int = 0
    layer: int | None = None
    head: int = 0

    def apply(self, weights: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """weights (..., S) each row summing to 1 over the real positions, mask (..., S) True at
        real ones (broadcast) -> the edited weights ("zero" and "force"; "head" is the family's)."""
        at = torch.zeros(weights.size(-1), dtype=torch.bool, device=weights.device)
        at[self.position] = True
        if self.kind == "force":
            return at.to(weights.dtype).expand_as(weights).clone()
        if self.kind != "zero":
            raise ValueError(f"{self.kind!r} is not an edit of attention weights")
        kept = weights.masked_fill(at, 0.0)
        total = kept.sum(-1, keepdim=True)
        # All the weight was on the position left out: what remains is spread evenly.
        even = (mask & ~at).to(weights.dtype).expand_as(weights)
        even = even / even.sum(-1, keepdim=True).clamp(min=1.0)
        return torch.where(total > 0, kept / total.clamp(min=torch.finfo(weights.dtype).tiny), even)


class DecodingState(Protocol):
    """An encoder or decoder state: beam search reorders its sentences (rows) by back-pointers."""

    def select(self, index: torch.Tensor) -> DecodingState: ...


@dataclass
class AttentionCalculation:
    """One attention (a recurrent model's, or one layer's and head's) along a teacher-forced pass,
    for the attention-math view: the batch's first sentence, T target steps (the batch's longest
    target), S padded source positions."""

    kind: str  # the attention type's name ("additive", "scaled-dot", …)
    formula: str
    parameters: list[str]  # its weights and their shapes, as text
    mask: np.ndarray  # (S,) True at real source positions
    queries: np.ndarray  # (T, Hq); (T, 0) where there is no query (a fixed context)
    values: np.ndarray  # (S, Hv)
    scores: np.ndarray | None  # (T, S); None without attention
    weights: np.ndarray | None  # (T, S)
    contexts: np.ndarray  # (T, Hv)
    layer: int = 0
    head: int = 0


@dataclass
class AttentionSite:
    """One multi-head attention of one layer (a Transformer's encoder self-attention, decoder
    masked self-attention or cross-attention) along a teacher-forced pass, the batch's first
    sentence, every head: Lq query positions, Lk key positions, D the model's width, d a head's."""

    inputs: np.ndarray  # (Lq, D) what the queries are projected from (normalised where pre-norm)
    queries: np.ndarray  # (heads, Lq, d) the head's W_Q·x
    keys: np.ndarray  # (heads, Lk, d)
    values: np.ndarray  # (heads, Lk, d)
    mask: np.ndarray  # (Lq, Lk) True where a query may look (padding and the causal mask are False)
    weights: np.ndarray  # (heads, Lq, Lk) the module's softmax
    output: np.ndarray  # (Lq, D) the module's output: the heads' weighted sums joined, times W_O


@dataclass
class LayerWalkthrough:
    """One layer of a stack with the numbers of every sub-step, for the step-by-step view: the
    chosen attention, the side's input embeddings and positions, and the residual stream's path
    through the layer, stage by stage ((L, D) each, in the order computed)."""

    attention: AttentionSite
    embeddings: np.ndarray  # (L, D) the side's piece embeddings, scaled by √D
    positions: np.ndarray  # (L, D) the positional encodings added to them
    embedded: np.ndarray  # (L, D) the stack's input: their sum, as the model computed it
    positions_kind: str  # "sinusoidal" or "learned"
    stages: list[tuple[str, np.ndarray]]  # (stage, (L, D)): "input", "norm", "self-attention", "residual", …
    layer: int  # the layer walked through (0-based), and how many its stack has
    layers: int


@dataclass
class LayerStates:
    """Every layer's states along a teacher-forced pass, bottom to top: [(positions, size)]."""

    encoder: list[np.ndarray]
    decoder: list[np.ndarray]
    encoder_bidirectional: bool  # an encoder state holds both directions side by side


class FamilyConfig(Protocol):
    """A family's configuration: the stored, validated description of one model."""

    family: str  # the discriminator, stored in every checkpoint ("rnn", "transformer")
    hidden_size: int
    layers: int
    dropout: float
    src_vocab_size: int
    tgt_vocab_size: int
    # True where the family cannot train on its own predictions (scheduled sampling)
    teacher_forcing_only: ClassVar[bool]

    @property
    def has_attention(self) -> bool:
        """Attention weights to show (a decoder with a fixed context vector has none)."""
        ...

    def validate(self) -> None: ...

    def architecture(self, tr: Callable[[str], str] = ...) -> str:
        """One line for the model bar and card, in the form's words, translated by `tr` (the app's):
        "bi-GRU ×1, attention: additive (Bahdanau), decoder: Luong"."""
        ...

    def key_settings(self, tr: Callable[[str], str] = ...) -> str:
        """What tells runs apart at a glance ("bi-GRU 256, additive (Bahdanau), Luong")."""
        ...

    def sized_tensors(self) -> dict[str, tuple[int, ...]]:
        """The weights whose shapes the configuration fixes, by state-dict name: a checkpoint
        checks them before it builds anything."""
        ...


class Model(Protocol):
    """A model of any family: what decoding, training, checkpoints and the analyses call."""

    family: ClassVar[str]
    config: Any  # the family's FamilyConfig
    # The family has one attention map per step (the attention-math view draws it alone) rather
    # than layers and heads of them.
    single_attention: ClassVar[bool]
    # Self-attention sites exist (encoder and decoder self-attention, for the self-attention view).
    has_self_attention: ClassVar[bool]

    # nn.Module's own
    training: bool

    def parameters(self, recurse: bool = True): ...
    def state_dict(self, *args, **kwargs): ...
    def load_state_dict(self, state_dict, strict: bool = True, assign: bool = False): ...
    def train(self, mode: bool = True) -> Model: ...
    def eval(self) -> Model: ...
    def to(self, *args, **kwargs) -> Model: ...
    def __call__(self, *args, **kwargs) -> Seq2SeqOutput: ...

    def num_parameters(self) -> int: ...

    def encode(self, src: torch.Tensor, src_lengths: torch.Tensor) -> tuple[DecodingState, DecodingState]:
        """src (B, S), src_lengths (B,) -> the encoder's state and the decoder's initial state."""
        ...

    def decode_step(self, tokens: torch.Tensor, enc: Any, state: Any) -> StepOutput:
        """tokens (B,) -> logits (B, V), attention (B, S), every layer's and head's where there
        are several, the next state."""
        ...

    def forward(self, src: torch.Tensor, src_lengths: torch.Tensor, tgt_in: torch.Tensor,
                teacher_forcing: float = 1.0, generator: torch.Generator | None = None,
                project: bool = True) -> Seq2SeqOutput: ...  # fmt: skip

    def project(self, features: torch.Tensor) -> torch.Tensor:
        """Features (..., H) from forward(project=False) -> logits (..., V)."""
        ...

    def rule_out_never_emitted(self, logits: torch.Tensor) -> None: ...

    def embedding_table(self, side: str) -> nn.Embedding:
        """The "source" or "target" piece embeddings."""
        ...

    def training_cells(self, sentences: int, src_len: int, tgt_len: int) -> int:
        """Values a training batch of this shape holds at its peak (the trainer's micro-batches)."""
        ...

    # hooks of the inspection views (canonical modules, eval mode, no gradient: the caller's)
    def layer_states(self, src: torch.Tensor, src_lengths: torch.Tensor, tgt_in: torch.Tensor) -> LayerStates: ...

    def attention_calculations(self, src: torch.Tensor, src_lengths: torch.Tensor,
                               tgt_in: torch.Tensor) -> list[list[AttentionCalculation]]:  # fmt: skip
        """The cross-attention's computation, [layer][head] ([[it]] for a single attention)."""
        ...

    def self_attention_weights(self, src: torch.Tensor, src_lengths: torch.Tensor,
                               tgt_in: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:  # fmt: skip
        """Encoder (B, layers, heads, S, S) and decoder (B, layers, heads, T, T) self-attention
        (ValueError where the family has none: see `has_self_attention`)."""
        ...

    def layer_walkthrough(self, src: torch.Tensor, src_lengths: torch.Tensor, tgt_in: torch.Tensor,
                          site: str, layer: int) -> LayerWalkthrough | None:  # fmt: skip
        """One layer's computation step by step: `site` "encoder" (its self-attention), "decoder"
        (the masked self-attention) or "cross" (the cross-attention), 0-based `layer` of that
        stack (its top layer where it has fewer). None where the family has no such layers (a
        recurrent model)."""
        ...

    def attention_sites(self) -> dict[str, list[nn.Module]]:
        """The multi-head attention modules by site, bottom layer first: "encoder" (its
        self-attention), "self" (the decoder's masked self-attention), "cross"; each module is
        called as `(query, key, value, mask) -> (output, weights)` and has `heads`, `head_size`
        and its `output` projection. Empty where the family has none (a recurrent model): the
        signals read through the layers (rollout, norm-based) do not apply to it."""
        ...

    def edited_attention(self, edit: AttentionEdit) -> AbstractContextManager[None]:
        """While the context is open, `decode_step` and `forward` use the cross-attention changed
        by `edit` (ValueError for an edit the family cannot make)."""
        ...
