"""One model interface, two families: the model a configuration describes."""

from __future__ import annotations

from models.config import ModelConfig
from models.nn.seq2seq import Seq2Seq
from models.nn.transformer_seq2seq import TransformerSeq2Seq

FAMILIES = {"rnn": Seq2Seq, "transformer": TransformerSeq2Seq}  # keyed by choices.FAMILY's values

Model = Seq2Seq | TransformerSeq2Seq


def build_model(config: ModelConfig) -> Model:
    return FAMILIES[config.family](config)
