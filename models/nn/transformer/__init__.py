"""The Transformer family (Vaswani et al., 2017).

config.py (TransformerConfig, torch-free), layers.py (the mathematics: attention, layers, the
encoder–decoder with its caches), model.py (TransformerSeq2Seq, the family's implementation of
models/nn/interface.Model and its hooks for the inspection views).

The names of layers.py are read from here too (`from models.nn.transformer import Transformer`),
imported at first use so that the configuration is read without torch.
"""

from __future__ import annotations

from typing import Any


def model_class():
    """TransformerSeq2Seq, imported at first use."""
    from models.nn.transformer.model import TransformerSeq2Seq

    return TransformerSeq2Seq


def __getattr__(name: str) -> Any:
    if name.startswith("__") or name in ("layers", "model", "config"):
        raise AttributeError(name)
    import importlib

    layers = importlib.import_module("models.nn.transformer.layers")

    try:
        return getattr(layers, name)
    except AttributeError:
        raise AttributeError(f"module 'models.nn.transformer' has no attribute {name!r}") from None
