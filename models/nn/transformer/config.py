"""The Transformer family's configuration: every field, its choices and bounds declared here once
(validation, the command line and the app's form read them). Plain Python: no torch."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Literal

from models import choices
from models.choices import QT_TR_NOOP, Translate, untranslated
from models.config import MAX_LAYER_SIZE, MAX_VOCABULARY, bounded, check_bounds, check_choice


@dataclass
class TransformerConfig:
    """A Transformer: `layers` encoder layers, `decoder_layers` (0: as many) decoder layers,
    d_model = hidden_size (the embeddings are as wide), `heads` attention heads, `ff_size` wide."""

    family: Literal["transformer"] = "transformer"
    layers: int = bounded(2, "encoder layers", 1, 6, integer=True)
    decoder_layers: int = bounded(0, "decoder layers", 0, 6, integer=True)  # 0: as many as the encoder's
    hidden_size: int = bounded(256, "d_model", 1, MAX_LAYER_SIZE, integer=True, offered=(8, 2048), step=16)
    heads: int = bounded(4, "heads", 1, 64, integer=True)
    ff_size: int = bounded(1024, "feed-forward size", 1, 4 * MAX_LAYER_SIZE, integer=True, offered=(16, 8192), step=64)
    positions: str = "sinusoidal"  # choices.POSITIONS
    norm: str = "pre"  # choices.NORM
    shared_embeddings: bool = False
    dropout: float = bounded(0.1, "dropout", 0, 1, high_open=True, offered=(0.0, 0.9), step=0.05)
    # The embeddings are d_model wide: set from hidden_size, stored so that a model card (and an
    # older reader) finds the embedding size of every family under one name.
    embedding_size: int = field(init=False, default=0)
    # filled in from the tokenizer
    src_vocab_size: int = bounded(0, "the source vocabulary size", 0, MAX_VOCABULARY, integer=True)
    tgt_vocab_size: int = bounded(0, "the target vocabulary size", 0, MAX_VOCABULARY, integer=True)

    # The whole target sentence is read at once (causal masks): no step of its own to feed back.
    teacher_forcing_only: ClassVar[bool] = True

    @property
    def target_layers(self) -> int:
        """The decoder's layers."""
        return self.decoder_layers or self.layers

    def __post_init__(self) -> None:
        self.embedding_size = self.hidden_size

    @property
    def has_attention(self) -> bool:
        return True

    def validate(self) -> None:
        check_choice("family", self.family, ("transformer",))
        check_choice("positions", self.positions, choices.POSITIONS.values())
        check_choice("norm", self.norm, choices.NORM.values())
        check_bounds(self)
        if self.hidden_size % self.heads:
            raise ValueError(f"hidden_size (d_model, {self.hidden_size}) must be a multiple of heads ({self.heads})")
        if self.shared_embeddings and self.src_vocab_size != self.tgt_vocab_size:
            raise ValueError("shared embeddings need one vocabulary for both languages (a shared vocabulary)")

    def architecture(self, tr: Translate = untranslated) -> str:
        """The model bar's and the card's line, in the words of the form (the choices' labels)."""
        return tr(QT_TR_NOOP("{settings}, feed-forward {ff}, {norm}, {positions} positions")).format(
            settings=self.key_settings(tr), ff=self.ff_size, norm=tr(choices.NORM.label(self.norm)),
            positions=tr(choices.POSITIONS.label(self.positions)),
        )  # fmt: skip

    def key_settings(self, tr: Translate = untranslated) -> str:
        return tr(QT_TR_NOOP("Transformer {encoder}+{decoder} layers, {heads} heads, d_model {width}")).format(
            encoder=self.layers, decoder=self.target_layers, heads=self.heads, width=self.hidden_size
        )

    def sized_tensors(self) -> dict[str, tuple[int, ...]]:
        d, t = self.hidden_size, "transformer"
        expected = {f"{t}.source_embedding.weight": (self.src_vocab_size, d),
                    f"{t}.target_embedding.weight": (self.tgt_vocab_size, d)}  # fmt: skip
        for layer in range(self.layers):
            expected[f"{t}.encoder_layers.{layer}.attention.query.weight"] = (d, d)
            expected[f"{t}.encoder_layers.{layer}.feed_forward.inner.weight"] = (self.ff_size, d)
        for layer in range(self.target_layers):
            expected[f"{t}.decoder_layers.{layer}.self_attention.query.weight"] = (d, d)
            expected[f"{t}.decoder_layers.{layer}.feed_forward.inner.weight"] = (self.ff_size, d)
        return expected
