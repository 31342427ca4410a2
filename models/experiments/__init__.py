"""Experiments a learner runs from a lesson (issue #26): each declared once, as data, in its own
module (`EXPERIMENTS`, by the name a lesson's `experiment:` key gives), trained through the
trainer and measured afterwards by `run_experiment`.

The names are loaded on first use (PEP 562), so that the plain-data types of `base` (the events
and results the app's signals carry) import without PyTorch; `EXPERIMENTS` is complete once asked
for, since asking imports every experiment's module, which registers it.
"""

from importlib import import_module

_DECLARED = ("beam_size", "bottleneck", "rnn_vs_transformer", "teacher_forcing")  # each registers itself
_HOMES = {
    **dict.fromkeys(("FULL", "Budget", "CurvePoint", "Experiment", "ExperimentFailed", "ExperimentFinished",
                     "ExperimentRun", "Measuring", "RunEvent", "Scale", "Verdict", "shortened"), "base"),
    "run_experiment": "runner",
}  # fmt: skip

__all__ = sorted([*_HOMES, "EXPERIMENTS"])


def __getattr__(name: str):
    if name == "EXPERIMENTS":
        for module in _DECLARED:
            import_module(f"{__name__}.{module}")
        return import_module(f"{__name__}.base").EXPERIMENTS
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{home}"), name)
