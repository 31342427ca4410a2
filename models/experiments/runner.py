"""Running an experiment: its runs trained one after the other by the trainer (so its events,
pause and stop are the Train tab's), then its measurement. Reports plain events through one
callback and returns the `ExperimentFinished` it reported last."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from pathlib import Path

import torch

from models.config import TokenizerConfig
from models.errors import StudioError
from models.experiments.base import (
    FULL,
    Cancelled,
    CurvePoint,
    Experiment,
    ExperimentFailed,
    ExperimentFinished,
    ExperimentRun,
    Measurement,
    Measuring,
    RunEvent,
    Scale,
    Trained,
)
from models.experiments.data import ExperimentData, experiment_data
from models.training import Evaluation, Failed, Trainer, TrainingControl

Callback = Callable[[object], None]

# A tiny model for the shortened runs of the test suite: each family keeps the fields it has.
TINY_MODEL = {"embedding_size": 16, "hidden_size": 16, "ff_size": 32, "heads": 2, "layers": 1,
              "decoder_layers": 1, "dropout": 0.0}  # fmt: skip
TINY_TOKENIZER = TokenizerConfig(model_type="word", src_vocab_size=200, tgt_vocab_size=200)


def run_experiment(
    experiment: Experiment,
    folder: str | Path,
    callback: Callback | None = None,
    control: TrainingControl | None = None,
    scale: Scale = FULL,
    data: ExperimentData | None = None,
) -> ExperimentFinished | ExperimentFailed:
    """Train the experiment's runs into `folder` (a sub-folder each) and measure them."""
    callback = callback or (lambda event: None)
    control = control or TrainingControl()
    start = time.monotonic()
    name = experiment.name
    try:
        if data is None:
            callback(Measuring("reading the data", 0.0))
            data = experiment_data(scale.corpus or experiment.corpus, scale.train_pairs, scale.test_per_bucket)
        trained = _bundled(experiment)
        for index, run in enumerate(experiment.runs if not trained else ()):
            done = _train(experiment, index, run, Path(folder), data, callback, control, scale)
            if isinstance(done, str):
                return _report(callback, ExperimentFailed(name, done))
            trained.append(done)
            if control.cancelled:
                return _report(callback, ExperimentFinished(name, None, True, time.monotonic() - start))

        def progress(message: str, fraction: float) -> None:
            callback(Measuring(message, fraction))

        result = experiment.measure(Measurement(data, trained, control, progress, scale))
    except Cancelled:
        return _report(callback, ExperimentFinished(name, None, True, time.monotonic() - start))
    except StudioError as err:
        return _report(callback, ExperimentFailed(name, str(err)))
    return _report(callback, ExperimentFinished(name, result, False, time.monotonic() - start))


def _report(callback: Callback, event):
    callback(event)
    return event


def _bundled(experiment: Experiment) -> list[Trained]:
    """The experiment's bundled model, where it names one and it is installed: nothing to train."""
    from models.bundled import BUNDLED

    path = BUNDLED.get(experiment.bundled or "")
    if path is None or not path.is_file():
        return []
    return [Trained(experiment.bundled, str(path), None, [])]


def _train(experiment: Experiment, index: int, run: ExperimentRun, folder: Path, data: ExperimentData,
           callback: Callback, control: TrainingControl, scale: Scale) -> Trained | str:  # fmt: skip
    """The run trained (or the trainer's message when it failed)."""
    budget = scale.budget or experiment.budget
    model, tokenizer = run.model, run.tokenizer
    if scale.tiny_model:
        fields = {f.name for f in dataclasses.fields(model) if f.init}
        model = dataclasses.replace(model, **{k: v for k, v in TINY_MODEL.items() if k in fields})
        tokenizer = TINY_TOKENIZER
    train = dataclasses.replace(
        run.train, max_minutes=budget.minutes, max_steps=budget.steps, max_epochs=None,
        eval_every=budget.eval_every, eval_sentences=min(len(data.dev), scale.dev_pairs or len(data.dev)), snapshots=0,
    )  # fmt: skip
    curve: list[CurvePoint] = []
    failed: list[str] = []
    count = len(experiment.runs)

    def on_event(event) -> None:
        if isinstance(event, Evaluation):
            curve.append(CurvePoint(event.step, event.elapsed_s, event.bleu, event.dev_loss))
        elif isinstance(event, Failed):
            failed.append(event.message)
        callback(RunEvent(index, count, run.label, event))

    trainer = Trainer(folder / f"run-{index + 1}", data.corpus(), model, tokenizer, train,
                      callback=on_event, control=control, overwrite=True)  # fmt: skip
    threads = torch.get_num_threads()
    try:
        result = trainer.run()
    finally:  # a run's `threads` is the process's: the app's other work gets its count back
        torch.set_num_threads(threads)
    if failed or result.failed:
        return (failed or [result.failed])[0] or "training failed"
    return Trained(run.label, result.best_path or result.last_path, result.summary, curve)
