"""Neural modules of the attention encoder–decoder: one subpackage per model family (rnn/,
transformer/), the interface they implement (interface.py), their registry (family.py), and the
parts they share (attention.py, dropout.py).

`from models.nn import Seq2Seq` still works; the names are imported at first use so that a
family's configuration can be read without torch.
"""

from __future__ import annotations

from typing import Any

_NAMES = {"Seq2Seq": "models.nn.rnn.model", "Seq2SeqOutput": "models.nn.interface",
          "EncoderState": "models.nn.rnn.decoder", "DecoderState": "models.nn.rnn.decoder",
          "StepOutput": "models.nn.interface"}  # fmt: skip

__all__ = list(_NAMES)


def __getattr__(name: str) -> Any:
    if name not in _NAMES:
        raise AttributeError(f"module 'models.nn' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_NAMES[name]), name)
