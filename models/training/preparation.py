"""Everything before a run's first step: the data, the tokenizers, the model, the optimizer, and
on resume the run's stored state with the settings given now applied (and said). Under torchrun
rank 0 alone trains the vocabularies and readies the run folder (distributed.py)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from models import choices
from models.alignment import alignment_set, builtin_language
from models.checkpoint import load_checkpoint
from models.config import TokenizerConfig, TrainConfig, to_dict
from models.corpus import Corpus, load_corpus
from models.corpus.dataset import MIN_HELD_OUT_SOURCES
from models.corpus.readers import SkipReport
from models.errors import InputError, TrainingError
from models.nn.family import ModelConfig, build_model
from models.tokenizer import train_tokenizers
from models.training import device
from models.training.batching import encode_pairs
from models.training.control import TrainingControl
from models.training.distributed import SINGLE_PROCESS, Distributed
from models.training.events import Phase, TrainingEvent
from models.training.history import RunState
from models.training.persistence import RunFolder
from models.training.schedules import make_lr_scheduler
from models.translator import MAX_SOURCE_PIECES, check_source_text

TRAINING_ALIGNMENT_SIZE = 100  # gold-aligned pairs scored at each evaluation (on the training thread: kept small)
# Settings a resumed run may change without a word: its budget (the reason to resume).
BUDGET_FIELDS = ("max_minutes", "max_epochs", "max_steps")


class CancelledBeforeTraining(Exception):
    pass


@dataclass
class RunSetup:
    """What a run is asked to do (the Trainer's arguments); on resume the model's settings and
    corpus come from the run's last.s2s."""

    corpus_spec: str
    corpus: Corpus | None
    dev_corpus: str | None
    model_config: ModelConfig
    tokenizer_config: TokenizerConfig
    train_config: TrainConfig
    resume: bool


@dataclass
class Prepared:
    """What preparation made, ready for the loop and the evaluations."""

    corpus: Corpus
    tokenizers: Any  # models.tokenizer.TokenizerPair
    model: Any  # a model of the configured family
    train_examples: list
    dev_pairs: list[tuple[str, str]]
    dev_examples: list
    probe: str  # the sentence whose attention each evaluation records (unless the control has one)
    aligned: list  # gold-aligned pairs scored at each evaluation (built-in corpora)
    optimizer: torch.optim.Optimizer
    scheduler: Any  # a learning-rate scheduler, or None
    rng: random.Random
    generator: torch.Generator
    state: RunState = field(default_factory=RunState)
    scaler_state: dict | None = None  # fp16's gradient scaler as a resumed run saved it


class Preparation:
    """Prepares a run in stages, checking the cancel flag between them."""

    def __init__(self, setup: RunSetup, folder: RunFolder, callback: Callable[[TrainingEvent], None],
                 control: TrainingControl, skipped: SkipReport, note: Callable[[str], None],
                 processes: Distributed = SINGLE_PROCESS):  # fmt: skip
        self.setup = setup
        self.processes = processes
        self.folder = folder
        self.callback = callback
        self.control = control
        self.skipped = skipped
        self.note = note
        self.warning = ""  # a corpus too small to hold sentences out
        self.resumed_changes: dict[str, list] = {}  # setting: [stored value, value now], on resume
        self.model: Any = None  # once loaded or built (a summary counts its parameters)

    def run(self) -> Prepared:
        setup, cfg = self.setup, self.setup.train_config
        cfg.validate()
        device.check_available(cfg.device)
        if setup.model_config.teacher_forcing_only and (
            cfg.teacher_forcing < 1.0 or cfg.teacher_forcing_schedule != "constant"
        ):
            family = choices.FAMILY.label(setup.model_config.family)
            raise TrainingError(f"the {family} trains with teacher forcing only: set teacher forcing to 1, constant")
        if cfg.threads:
            torch.set_num_threads(cfg.threads)
        torch.manual_seed(cfg.seed)
        rng = random.Random(cfg.seed)
        generator = torch.Generator().manual_seed(cfg.seed)
        trainer_state, stored_config, tokenizers, model = None, None, None, None
        if setup.resume:
            self.callback(Phase(f"loading {self.folder.last_path}"))
            bundle, trainer_state = load_checkpoint(self.folder.last_path, device=cfg.device, with_trainer_state=True)
            setup.model_config, setup.tokenizer_config = bundle.model_config, bundle.tokenizer_config
            # A corpus given now wins over the one stored in the model, which may be a path
            # relative to wherever the run was started (or a bare file name, from the app).
            if not setup.corpus_spec and setup.corpus is None:
                setup.corpus_spec = bundle.corpus
                if _missing_file(setup.corpus_spec):
                    raise TrainingError(
                        f"the corpus this run was trained on ({setup.corpus_spec}) is not found from here; "
                        "give it again (--corpus FILE)"
                    )
            tokenizers, model = bundle.tokenizers, bundle.model
            self.model = model
            if trainer_state is None:
                raise TrainingError(f"{self.folder.last_path} holds no training state to resume from")
            stored_config = bundle.train_config or TrainConfig()
        corpus, dev_pairs = self._read_corpus()
        self._stop_if_cancelled()
        if not setup.resume:
            self.callback(Phase("training sentencepiece vocabularies"))
            tokenizers = self.processes.from_main(lambda: train_tokenizers(corpus.train, setup.tokenizer_config))
            setup.model_config.src_vocab_size = tokenizers.source.vocab_size
            setup.model_config.tgt_vocab_size = tokenizers.target.vocab_size
            model = self.model = build_model(setup.model_config).to(cfg.device)
        self._stop_if_cancelled()
        self.callback(Phase("encoding the training pairs"))
        train_examples = encode_pairs(corpus.train, tokenizers, cfg.max_src_len, cfg.max_tgt_len, self.skipped)
        if not train_examples:
            raise TrainingError("no training pairs are left after tokenisation; check the corpus")
        # Dev sentences beyond what the translator accepts are left out of scoring (and counted).
        within = [pair for pair in dev_pairs if _translatable(tokenizers, pair[0])]
        if len(within) < len(dev_pairs):
            self.skipped.add("dev sentences too long to translate", n=len(dev_pairs) - len(within))
        kept_dev = within[: cfg.eval_sentences]
        dev_examples = encode_pairs(kept_dev, tokenizers, 10_000, 10_000)
        probe = cfg.probe_sentence or (dev_pairs[0][0] if dev_pairs else corpus.train[0][0])
        # A built-in corpus knows its gold word alignments: each evaluation scores the attention (AER).
        lang = builtin_language(setup.corpus_spec)
        aligned = [] if lang is None else alignment_set(
            lang, TRAINING_ALIGNMENT_SIZE, exclude={s for s, _ in corpus.train})  # fmt: skip
        self.processes.from_main(lambda: (self.folder.check_space(model, cfg), self.folder.open(cfg, setup.resume)))
        # fused: one kernel per parameter group instead of ~10 elementwise passes per tensor
        optimizer = torch.optim.Adam(model.parameters(), lr=cfg.learning_rate, betas=(0.9, cfg.adam_beta2), fused=True)
        state = RunState()
        if trainer_state is None:
            scheduler = make_lr_scheduler(optimizer, cfg)
        else:
            scheduler = self._resume_optimizer(optimizer, trainer_state, stored_config)
            try:
                state = RunState.resumed(trainer_state)
            except (KeyError, TypeError, ValueError) as err:
                raise TrainingError(f"{self.folder.last_path}: its training state is damaged ({err})") from None
            self.folder.resumed_at(state.step)
            self.processes.from_main(lambda: self.folder.repair_best(state, cfg.device, self.note))
        return Prepared(corpus, tokenizers, model, train_examples, kept_dev, dev_examples, probe, aligned, optimizer,
                        scheduler, rng, generator, state, (trainer_state or {}).get("scaler"))  # fmt: skip

    def _read_corpus(self) -> tuple[Corpus, list[tuple[str, str]]]:
        """The corpus and the dev pairs (held out of it, or read from --dev-corpus)."""
        setup = self.setup
        corpus = setup.corpus
        if corpus is None:
            self.callback(Phase(f"reading {setup.corpus_spec}"))
            corpus = load_corpus(setup.corpus_spec, progress=self._corpus_progress)
        self.skipped.counts.update(corpus.skipped.counts)
        if not setup.dev_corpus and corpus.dev and set(corpus.dev) & set(corpus.train):
            self.warning = (f"{corpus.name} has fewer than {MIN_HELD_OUT_SOURCES} distinct source sentences, so "
                            "nothing is held out: dev scores are measured on training pairs")  # fmt: skip
            self.callback(Phase("note: " + self.warning))
        dev_pairs = corpus.dev
        if setup.dev_corpus:
            from models.corpus.dataset import load_pairs_for_evaluation

            dev_pairs = load_pairs_for_evaluation(setup.dev_corpus)
        return corpus, dev_pairs

    def _resume_optimizer(self, optimizer: torch.optim.Optimizer, trainer_state: dict, stored: TrainConfig):
        """The optimizer and learning-rate schedule as the run left them, with the settings given
        now applied (and said): a changed learning rate scales the schedule's rates, a changed
        schedule starts afresh from the learning rate at this step, a changed beta2 applies to
        Adam's next steps. Returns the scheduler."""
        cfg = self.setup.train_config
        changed = {
            name: [getattr(stored, name), getattr(cfg, name)]
            for name in to_dict(cfg)
            if name not in BUDGET_FIELDS and getattr(stored, name) != getattr(cfg, name)
        }
        same_schedule = cfg.lr_schedule == stored.lr_schedule and (
            cfg.lr_schedule != "inverse_sqrt" or cfg.warmup_steps == stored.warmup_steps
        )
        # The scheduler is made before the optimizer's state is loaded, as when the run began: the
        # state then restores the rate the schedule had reached.
        scheduler = make_lr_scheduler(optimizer, cfg) if same_schedule else None
        optimizer.load_state_dict(trainer_state["optimizer"])
        for group in optimizer.param_groups:
            group["betas"] = (group["betas"][0], cfg.adam_beta2)
        if same_schedule:
            if scheduler is not None and trainer_state.get("scheduler"):
                scheduler.load_state_dict(trainer_state["scheduler"])
            if cfg.learning_rate != stored.learning_rate and stored.learning_rate > 0:
                _scale_learning_rate(optimizer, scheduler, cfg.learning_rate / stored.learning_rate)
        else:
            for group in optimizer.param_groups:
                group["lr"] = cfg.learning_rate
                group.pop("initial_lr", None)
            scheduler = make_lr_scheduler(optimizer, cfg)
        self.resumed_changes = changed
        if changed:
            said = ", ".join(f"{name} {old!r} → {new!r}" for name, (old, new) in changed.items())
            rate = optimizer.param_groups[0]["lr"]
            how = "" if same_schedule else f"; the {cfg.lr_schedule} schedule starts afresh at this step"
            self.note(f"resuming with changed settings: {said} (learning rate now {rate:.3g}{how})")
        return scheduler

    def _corpus_progress(self, done: int, total: int) -> None:
        self._stop_if_cancelled()
        self.callback(Phase("generating the built-in corpus", done / total))

    def _stop_if_cancelled(self) -> None:
        """Preparation checks the cancel flag between its stages (training, between batches)."""
        if self.control.cancelled:
            raise CancelledBeforeTraining


def _scale_learning_rate(optimizer: torch.optim.Optimizer, scheduler, factor: float) -> None:
    """Multiply every rate the optimizer and its schedule hold by `factor`."""
    for group in optimizer.param_groups:
        group["lr"] *= factor
        if "initial_lr" in group:
            group["initial_lr"] *= factor
    for name in ("base_lrs", "_last_lr"):
        if scheduler is not None and isinstance(getattr(scheduler, name, None), list):
            setattr(scheduler, name, [rate * factor for rate in getattr(scheduler, name)])


def _missing_file(spec: str) -> bool:
    if spec.startswith("builtin:"):
        return False
    return not all(Path(part).exists() for part in spec.split(",")) and not Path(spec).exists()


def _translatable(tokenizers, text: str) -> bool:
    try:
        check_source_text(text)
    except InputError:
        return False
    return len(tokenizers.source.encode(text)) <= MAX_SOURCE_PIECES
