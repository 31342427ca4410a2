"""Dropout whose masks may come from another source of the same distribution.

The module drops each element with probability p and scales the rest by 1/(1 − p), with
PyTorch's masks. A faster source of masks (models/fast/dropout_masks.py) can be set on the module
(`masks`); it must draw from PyTorch's generator so that `torch.manual_seed` still decides every
mask.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import nn

Masks = Callable[[torch.Tensor, float], torch.Tensor]  # (x, p) -> x with its mask applied


class Dropout(nn.Module):
    def __init__(self, p: float = 0.5):
        super().__init__()
        if not 0.0 <= p < 1.0:
            raise ValueError(f"dropout probability must be in [0, 1), not {p}")
        self.p = p
        self.masks: Masks | None = None  # None: PyTorch's

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x (any shape) -> x with elements zeroed with probability p and the rest scaled by 1/(1-p)."""
        if not self.training or self.p == 0.0:
            return x
        return F.dropout(x, self.p, True) if self.masks is None else self.masks(x, self.p)

    def extra_repr(self) -> str:
        return f"p={self.p}"
