"""Experiments a learner runs from a lesson (issue #26): each declared once, as data, in its own
module (`EXPERIMENTS`, by the name a lesson's `experiment:` key gives), trained through the
trainer and measured afterwards by `run_experiment`."""

from models.experiments import beam_size, bottleneck, rnn_vs_transformer, teacher_forcing  # noqa: F401 (register)
from models.experiments.base import (
    EXPERIMENTS,
    FULL,
    Budget,
    CurvePoint,
    Experiment,
    ExperimentFailed,
    ExperimentFinished,
    ExperimentRun,
    Measuring,
    RunEvent,
    Scale,
    Verdict,
    shortened,
)
from models.experiments.runner import run_experiment

__all__ = [
    "EXPERIMENTS", "FULL", "Budget", "CurvePoint", "Experiment", "ExperimentFailed", "ExperimentFinished",
    "ExperimentRun", "Measuring", "RunEvent", "Scale", "Verdict", "run_experiment", "shortened",
]  # fmt: skip
