"""Training run folders as they are read: their curves (each run's history, read from its last.s2s
without the weights, for overlaying several runs on the same axes) and the folders that hold
runs. Keeping a folder while a training writes it (its lock, the test write) is
models/run_folder.py.

Reading a run folder (translating with its model, replaying its snapshots, drawing its curves)
never takes the lock: it is allowed while a training writes the folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from models.checkpoint import SUFFIX, read_meta
from models.choices import QT_TR_NOOP, Translate, untranslated
from models.config import TrainConfig, from_dict
from models.errors import CheckpointError
from models.nn.family import ModelConfig
from models.training.history import RunHistory


@dataclass
class RunCurves:
    """One run's recorded figures; x can be the step or the training time in seconds."""

    path: str
    name: str
    settings: str  # the key settings, for a legend
    steps: list[int] = field(default_factory=list)  # every few steps: the step's figures
    step_seconds: list[float] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    tokens_per_s: list[float] = field(default_factory=list)
    eval_steps: list[int] = field(default_factory=list)  # at each evaluation
    eval_seconds: list[float] = field(default_factory=list)
    dev_loss: list[float] = field(default_factory=list)
    bleu: list[float] = field(default_factory=list)
    chrf: list[float] = field(default_factory=list)
    # the configurations the settings were read from (None: not read), for a legend in another language
    model: ModelConfig | None = None
    train: TrainConfig | None = None

    @property
    def label(self) -> str:
        return f"{self.name} · {self.settings}"

    def label_in(self, tr: Translate) -> str:
        """The legend's label with the settings in the words `tr` gives (the app's language)."""
        return self.label if self.model is None else f"{self.name} · {key_settings(self.model, self.train, tr)}"


def key_settings(model: ModelConfig, train: TrainConfig | None, tr: Translate = untranslated) -> str:
    """What tells runs apart at a glance: the model's settings its family names (a recurrent run's
    cell, size, attention and decoder; a Transformer's layers, heads and width), batch, learning rate."""
    text = model.key_settings(tr)
    if train is not None:
        text += tr(QT_TR_NOOP(", batch {batch}, lr {lr}")).format(batch=train.batch_size, lr=f"{train.learning_rate:g}")
    return text


def read_run(run_dir: str | Path) -> RunCurves:
    """The curves of a run folder (its last.s2s, else best.s2s): readable while it trains."""
    run = Path(run_dir)
    model_file = next((run / n for n in (f"last{SUFFIX}", f"best{SUFFIX}") if (run / n).exists()), None)
    if model_file is None:
        raise CheckpointError(f"{run}: not a training run folder (no last{SUFFIX} inside)")
    meta = read_meta(model_file)
    try:
        model = from_dict(ModelConfig, meta["model_config"])
        train = from_dict(TrainConfig, meta["train_config"]) if isinstance(meta.get("train_config"), dict) else None
    except ValueError as err:
        raise CheckpointError(f"{model_file}: the stored configuration is invalid ({err})") from None
    curves = RunCurves(str(run), run.name, key_settings(model, train), model=model, train=train)
    try:
        history = RunHistory.from_json(meta.get("history") if isinstance(meta.get("history"), dict) else None)
    except ValueError as err:
        raise CheckpointError(f"{model_file}: its training history is damaged ({err})") from None
    for record in history.steps:
        curves.steps.append(record.step)
        curves.train_loss.append(record.loss)
        curves.tokens_per_s.append(record.tokens_per_s)
        curves.step_seconds.append(record.seconds)
    for e in history.evaluations:
        curves.eval_steps.append(e.step)
        curves.eval_seconds.append(e.seconds)
        curves.dev_loss.append(e.dev_loss)
        curves.bleu.append(e.bleu)
        curves.chrf.append(e.chrf)
    return curves


def find_runs(root: str | Path, limit: int = 30) -> list[Path]:
    """Run folders under `root` (those holding a model), most recently written first."""
    root = Path(root)
    if not root.is_dir():
        return []
    found = []
    for folder in root.iterdir():
        model_file = folder / f"last{SUFFIX}"
        if model_file.exists():
            found.append((model_file.stat().st_mtime, folder))
    return [folder for _, folder in sorted(found, reverse=True)[:limit]]
