"""The recurrent family's configuration: every field, its choices and bounds declared here once
(validation, the command line and the app's form read them). Plain Python: no torch."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from models import choices
from models.choices import QT_TR_NOOP, Translate, untranslated
from models.config import MAX_LAYER_SIZE, MAX_VOCABULARY, bounded, check_bounds, check_choice

# Rows of a recurrent weight matrix per hidden unit: the gates of each cell (one for a plain RNN).
GATES = {"rnn": 1, "gru": 3, "lstm": 4}


@dataclass
class RNNConfig:
    """An RNN encoder–decoder with attention (or the classic fixed context vector)."""

    family: Literal["rnn"] = "rnn"
    cell: str = "gru"  # choices.CELL
    layers: int = bounded(1, "layers", 1, 4, integer=True)
    bidirectional: bool = True
    embedding_size: int = bounded(256, "embedding size", 1, MAX_LAYER_SIZE, integer=True, offered=(8, 1024), step=16)
    hidden_size: int = bounded(256, "hidden size", 1, MAX_LAYER_SIZE, integer=True, offered=(8, 2048), step=16)
    attention: str = "additive"  # choices.ATTENTION
    # "luong": attention after the RNN, no input feeding, so teacher forcing runs as one fused RNN
    # call. "input_feeding": the previous attentional vector is fed with each input (JoeyNMT's
    # recurrent decoder), which needs a Python loop over target steps.
    decoder_style: str = "luong"  # choices.DECODER_STYLE
    dropout: float = bounded(0.1, "dropout", 0, 1, high_open=True, offered=(0.0, 0.9), step=0.05)
    # filled in from the tokenizer
    src_vocab_size: int = bounded(0, "the source vocabulary size", 0, MAX_VOCABULARY, integer=True)
    tgt_vocab_size: int = bounded(0, "the target vocabulary size", 0, MAX_VOCABULARY, integer=True)

    teacher_forcing_only: ClassVar[bool] = False

    @property
    def has_attention(self) -> bool:
        """Attention weights to show ("none": the classic fixed context vector has none)."""
        return self.attention != "none"

    def validate(self) -> None:
        check_choice("family", self.family, ("rnn",))
        check_choice("cell", self.cell, choices.CELL.values())
        check_choice("attention", self.attention, choices.ATTENTION.values())
        check_choice("decoder_style", self.decoder_style, choices.DECODER_STYLE.values())
        check_bounds(self)

    def _encoder(self, tr: Translate) -> str:
        cell = choices.CELL.label(self.cell)
        return tr(QT_TR_NOOP("bi-{cell}")).format(cell=cell) if self.bidirectional else cell

    def architecture(self, tr: Translate = untranslated) -> str:
        """The model bar's and the card's line, in the words of the form (the choices' labels)."""
        return tr(QT_TR_NOOP("{encoder} ×{layers}, attention: {attention}, decoder: {decoder}")).format(
            encoder=self._encoder(tr), layers=self.layers, attention=tr(choices.ATTENTION.label(self.attention)),
            decoder=tr(choices.DECODER_STYLE.label(self.decoder_style)),
        )  # fmt: skip

    def key_settings(self, tr: Translate = untranslated) -> str:
        return tr(QT_TR_NOOP("{encoder} {hidden}{layers}, {attention}, {decoder}")).format(
            encoder=self._encoder(tr), hidden=self.hidden_size, layers=f"×{self.layers}" if self.layers > 1 else "",
            attention=tr(choices.ATTENTION.label(self.attention)), decoder=tr(choices.DECODER_STYLE.label(self.decoder_style)),
        )  # fmt: skip

    def sized_tensors(self) -> dict[str, tuple[int, ...]]:
        expected = {
            "encoder.embedding.weight": (self.src_vocab_size, self.embedding_size),
            "decoder.embedding.weight": (self.tgt_vocab_size, self.embedding_size),
        }
        for side in ("encoder", "decoder"):
            for layer in range(self.layers):
                expected[f"{side}.rnn.weight_hh_l{layer}"] = (GATES[self.cell] * self.hidden_size, self.hidden_size)
        return expected
