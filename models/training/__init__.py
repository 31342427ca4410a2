"""Training: batching, the training loop, its events and its controls.

The names below are loaded on first use (PEP 562), so that the plain-data modules
(`events`, `summary`, `history`, `control`) can be imported without PyTorch: the app types its
signals with the events before the engine has loaded.
"""

from importlib import import_module

_HOMES = {
    "TrainingControl": "control",
    "CheckpointSaved": "events", "Evaluation": "events", "Failed": "events", "Finished": "events",
    "Phase": "events", "ProbeAttention": "events", "Step": "events", "TrainingEvent": "events",
    "EvaluationRecord": "history", "RunHistory": "history", "StepRecord": "history",
    "TrainingSummary": "summary",
    "Trainer": "trainer", "TrainResult": "trainer",
}  # fmt: skip

__all__ = sorted(_HOMES)


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{home}"), name)
