"""Dropout masks from numpy's PCG64 generator on the CPU, for the Dropout module.

PyTorch draws CPU dropout masks with `bernoulli_`, a visible share of a reference training
step; sixteen random bits per element from PCG64 cost much less. The seed of
each mask is drawn from PyTorch's generator, so `torch.manual_seed` still decides every mask and
training stays reproducible. Other devices use PyTorch's dropout.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from models.fast.registry import Registry
from models.nn.dropout import Dropout

_LEVELS = 1 << 16  # drop an element when its 16 random bits fall below p * 2^16

DROPOUT_MASKS = Registry("dropout masks")


def numpy_dropout(x: torch.Tensor, p: float) -> torch.Tensor:
    """x (any shape), in training -> x with elements zeroed with probability p, the rest scaled by 1/(1-p)."""
    if p == 0.0:
        return x
    if x.device.type != "cpu":
        return F.dropout(x, p, True)
    seed = int(torch.randint(0, 2**62, (1,)))
    bits = np.random.Generator(np.random.PCG64(seed)).integers(0, _LEVELS, x.shape, dtype=np.uint16)
    keep = torch.from_numpy(bits >= round(p * _LEVELS))
    return x * keep.to(x.dtype).mul_(1.0 / (1.0 - p))


@DROPOUT_MASKS.register(Dropout)
def _numpy_masks(_module: Dropout):
    return numpy_dropout


def use_fast_masks(model: nn.Module) -> None:
    """Every registered dropout module of `model` takes its fast masks."""
    for module in model.modules():
        masks = DROPOUT_MASKS.build(module)
        if masks is not None:
            module.masks = masks
