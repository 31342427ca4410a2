"""Old import path of the Transformer family's model: models/nn/transformer/model.py."""

from models.nn.transformer.model import TransformerSeq2Seq, transformer_sizes

__all__ = ["TransformerSeq2Seq", "transformer_sizes"]
