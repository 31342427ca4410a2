"""Training: batching, the training loop, its events and its controls."""

from models.training.control import TrainingControl
from models.training.events import (
    CheckpointSaved,
    Evaluation,
    Failed,
    Finished,
    Phase,
    ProbeAttention,
    Step,
    TrainingEvent,
)
from models.training.trainer import Trainer, TrainResult

__all__ = [
    "Trainer", "TrainResult", "TrainingControl", "TrainingEvent", "Step", "Evaluation",
    "ProbeAttention", "CheckpointSaved", "Finished", "Failed", "Phase",
]  # fmt: skip
