"""What an experiment is, as data: the runs it trains (configurations), the budget they share,
and the measurement it makes of the trained models; and the events and records a run of it
reports. Each experiment module declares one `Experiment` and registers it in `EXPERIMENTS`.

Texts the app shows (titles, run labels, the literature's expectation, verdicts) are English
marked with `QT_TR_NOOP`; a verdict is a template with named values, so the app translates the
template and fills in the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from models.choices import QT_TR_NOOP
from models.config import TokenizerConfig, TrainConfig
from models.nn.family import ModelConfig
from models.training import TrainingControl, TrainingSummary

__all__ = ["QT_TR_NOOP"]


@dataclass(frozen=True)
class Budget:
    """What each run of an experiment may spend: steps, minutes of training, or both (the first
    reached ends the run). Every run of one experiment gets the same budget: the same steps where
    the runs are compared at equal work, minutes where at equal time (the minutes also bound an
    experiment on a busy machine)."""

    minutes: float | None = None
    steps: int | None = None
    eval_every: int = 100  # steps between the dev evaluations that draw the curves


@dataclass(frozen=True)
class ExperimentRun:
    """One model an experiment trains."""

    label: str  # the legend's name for it, QT_TR_NOOP
    model: ModelConfig
    train: TrainConfig  # its own settings (teacher forcing, learning rate); the budget is the experiment's
    tokenizer: TokenizerConfig = field(
        default_factory=lambda: TokenizerConfig(model_type="unigram", src_vocab_size=1000, tgt_vocab_size=1000)
    )


@dataclass(frozen=True)
class Verdict:
    """Whether the expected effect shows in the numbers, in words: `template` (QT_TR_NOOP) with
    `{name}` placeholders filled from `values`."""

    shows: bool | None  # None: the numbers cannot say (too little learned, too few sentences)
    template: str
    values: dict[str, object] = field(default_factory=dict)

    def text(self) -> str:
        return self.template.format(**self.values)


@dataclass(frozen=True)
class CurvePoint:
    """One dev evaluation of a run."""

    step: int
    seconds: float  # training time so far
    bleu: float
    dev_loss: float


@dataclass
class Trained:
    """A run once trained: its model file and what it recorded."""

    label: str
    path: str | None  # best.s2s, else last.s2s; None when stopped before its first step
    summary: TrainingSummary | None  # None for a bundled model
    curve: list[CurvePoint]


@dataclass
class Measurement:
    """What a measurement is given: the data, the trained runs, and the controls it honours
    between units of work (`check()`: waits while paused, raises `Cancelled` when stopped)."""

    data: object  # models.experiments.data.ExperimentData
    trained: list[Trained]
    control: TrainingControl
    progress: Callable[[str, float], None]  # (what, fraction of the measurement done)
    scale: Scale

    def check(self) -> None:
        self.control.wait_if_paused()
        if self.control.cancelled:
            raise Cancelled


class Cancelled(Exception):
    """The experiment was stopped by its control."""


@dataclass(frozen=True)
class Scale:
    """How big an experiment runs: `FULL` as declared; `shortened` (the test suite) with the
    same code path on a handful of steps, a tiny model and a few sentences."""

    budget: Budget | None = None  # replaces the experiment's budget
    tiny_model: bool = False
    train_pairs: int | None = None  # the training slice's size
    dev_pairs: int | None = None  # dev sentences each evaluation scores
    test_per_bucket: int | None = None  # sentences per length bucket measured
    sentences: int | None = None  # sentences a per-sentence measurement looks at
    corpus: str | None = None  # another corpus (a file, say) for the experiment's own


FULL = Scale()


def shortened(steps: int = 4, corpus: str | None = None) -> Scale:
    """A handful of steps of a tiny model on a few sentences (`corpus`: a small file instead)."""
    return Scale(Budget(steps=steps, eval_every=2), tiny_model=True, train_pairs=400, dev_pairs=8,
                 test_per_bucket=6, sentences=4, corpus=corpus)  # fmt: skip


@dataclass(frozen=True)
class Experiment:
    """An experiment, declared once: the lesson it belongs to, its runs, their shared budget, the
    literature's expectation and the measurement made afterwards."""

    name: str  # the value of a lesson header's `experiment:` key
    lesson: str  # the lesson's key (its file's stem)
    title: str  # QT_TR_NOOP
    expectation: str  # the literature's reference shape, QT_TR_NOOP
    runs: tuple[ExperimentRun, ...]
    budget: Budget
    measure: Callable[[Measurement], object]  # returns the experiment's result dataclass
    corpus: str = "builtin:en-fr"  # its data: builtin:PAIR or tatoeba:PAIR (models/experiments/data.py)
    bundled: str | None = None  # a bundled model measured instead of training `runs`, where installed


# ------------------------------------------------------------------ events of a running experiment
@dataclass
class RunEvent:
    """A training event (models.training.events) of the experiment's run `index` of `count`."""

    index: int
    count: int
    label: str
    event: object


@dataclass
class Measuring:
    """Work outside training (reading the data, the measurement): what it does now, and how far
    the measurement is (0..1)."""

    message: str
    fraction: float


@dataclass
class ExperimentFinished:
    """The end: the result (None when stopped before it could be measured)."""

    name: str
    result: object | None
    cancelled: bool = False
    seconds: float = 0.0


@dataclass
class ExperimentFailed:
    name: str
    message: str


EXPERIMENTS: dict[str, Experiment] = {}


def register(experiment: Experiment) -> Experiment:
    EXPERIMENTS[experiment.name] = experiment
    return experiment
