"""Learning-rate and teacher-forcing schedules."""

from __future__ import annotations

import math

import torch

from models.config import TrainConfig


def make_lr_scheduler(optimizer: torch.optim.Optimizer, config: TrainConfig):
    """ "plateau" halves the rate when dev loss stops falling (stepped at each evaluation);
    "inverse_sqrt" warms up linearly then decays as 1/sqrt(step); "constant" keeps it."""
    if config.lr_schedule == "plateau":
        return torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", factor=0.5, patience=2, min_lr=1e-5)
    if config.lr_schedule == "inverse_sqrt":
        warmup = max(1, config.warmup_steps)
        return torch.optim.lr_scheduler.LambdaLR(
            optimizer, lambda step: min((step + 1) / warmup, math.sqrt(warmup / (step + 1)))
        )
    return None


def teacher_forcing_ratio(config: TrainConfig, step: int) -> float:
    """Probability of feeding the reference token at `step` (1.0 = always teacher forcing)."""
    start, floor = config.teacher_forcing, min(config.teacher_forcing_min, config.teacher_forcing)
    if config.teacher_forcing_schedule == "constant" or start >= 1.0 and floor >= 1.0:
        return start
    progress = min(1.0, step / max(1, config.teacher_forcing_decay_steps))
    if config.teacher_forcing_schedule == "linear":
        return start - (start - floor) * progress
    return floor + (start - floor) * math.exp(-5.0 * progress)  # exponential
