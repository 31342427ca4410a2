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
from models.training.history import EvaluationRecord, RunHistory, StepRecord
from models.training.summary import TrainingSummary
from models.training.trainer import Trainer, TrainResult

__all__ = [
    "Trainer", "TrainResult", "TrainingControl", "TrainingEvent", "Step", "Evaluation",
    "ProbeAttention", "CheckpointSaved", "Finished", "Failed", "Phase", "TrainingSummary", "RunHistory",
    "StepRecord", "EvaluationRecord",
]  # fmt: skip
