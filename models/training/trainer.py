"""The training loop. Knows nothing about user interfaces: it reports plain events through a
callback and honours a TrainingControl (pause/resume/cancel) once per batch."""

from __future__ import annotations

import copy
import dataclasses
import gc
import math
import random
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from models.alignment import alignment_set, builtin_language, score_alignment
from models.checkpoint import SUFFIX, ModelBundle, load_checkpoint, read_meta, save_checkpoint
from models.config import DecodeConfig, ModelConfig, TokenizerConfig, TrainConfig, to_dict
from models.corpus import Corpus, load_corpus
from models.corpus.dataset import MIN_HELD_OUT_SOURCES
from models.corpus.readers import SkipReport
from models.errors import CheckpointError, InputError, TrainingError
from models.fast.step_training import training_forward
from models.metrics import bleu_tokenizer, score_translations
from models.nn.family import build_model
from models.runs import RunLock, check_writable, holds_run, remove_orphan_temporaries, why_not_written
from models.snapshots import RunReplay, SnapshotStore, list_snapshots
from models.tokenizer import PAD_ID, train_tokenizers
from models.training.batching import batch_order, collate, encode_pairs
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
)  # fmt: skip
from models.training.precision import PrecisionChoice, choose_precision
from models.training.schedules import make_lr_scheduler, teacher_forcing_ratio
from models.translator import MAX_SOURCE_PIECES, Translator, check_source_text

Callback = Callable[[TrainingEvent], None]
STEP_HISTORY_EVERY = 5  # keep every 5th step's figures in the checkpoint's history
TRAINING_ALIGNMENT_SIZE = 100  # gold-aligned pairs scored at each evaluation (on the training thread: kept small)
LOSS_CHUNK_STEPS = 16  # target steps projected to the vocabulary at a time
# Additive and concat attention keep a (sentences, target steps, source positions, width) tensor
# of energies for the backward pass: for 64 sentences of 60 pieces that is ~240 MB, several
# times over in the Luong decoder; a Transformer keeps several vectors per layer and position.
# Batches above this many cells (the model's `training_cells`) run as micro-batches.
MICRO_BATCH_CELLS = 2**24
# Settings a resumed run may change without a word: its budget (the reason to resume).
BUDGET_FIELDS = ("max_minutes", "max_epochs", "max_steps")


@dataclass
class TrainResult:
    summary: dict
    best_path: str | None
    last_path: str | None
    cancelled: bool = False
    failed: str | None = None


@dataclass
class _RunState:
    step: int = 0
    epoch: float = 0.0
    seconds: float = 0.0  # training time so far, across resumes
    target_tokens: int = 0
    best_bleu: float = -1.0
    bad_evaluations: int = 0
    history: dict = field(default_factory=lambda: {"steps": [], "evaluations": []})


class _CancelledBeforeTraining(Exception):
    pass


class Trainer:
    """Train a model on a corpus into `out_dir` (best.s2s and last.s2s)."""

    def __init__(
        self,
        out_dir: str | Path,
        corpus: str | Corpus,
        model_config: ModelConfig | None = None,
        tokenizer_config: TokenizerConfig | None = None,
        train_config: TrainConfig | None = None,
        callback: Callback | None = None,
        control: TrainingControl | None = None,
        dev_corpus: str | None = None,
        resume: bool = False,
        overwrite: bool = True,
    ):
        """`overwrite=False` refuses a folder that already holds a run (unless resuming it): the
        command line and the app pass False; True keeps the library's old behaviour, where a new
        run replaces the one in its folder."""
        self.out_dir = Path(out_dir)
        self.corpus_spec = corpus if isinstance(corpus, str) else corpus.name
        self._corpus = corpus if isinstance(corpus, Corpus) else None
        self.dev_corpus = dev_corpus
        self.model_config = model_config or ModelConfig()
        self.tokenizer_config = tokenizer_config or TokenizerConfig()
        self.train_config = train_config or TrainConfig()
        self.callback = callback or (lambda event: None)
        self.control = control or TrainingControl()
        self.resume = resume
        self.overwrite = overwrite
        self.state = _RunState()
        self.skipped = SkipReport()
        self.best_path = self.out_dir / f"best{SUFFIX}"
        self.last_path = self.out_dir / f"last{SUFFIX}"
        self._saved_last = False
        self._saved_step = 0  # the step last.s2s holds
        self._step_seconds = 0.0  # time inside training steps this session (evaluations left out)
        self.precision: PrecisionChoice | None = None  # chosen when the loop starts
        self._bf16 = False  # autocast in the forward passes (the chosen precision, or a calibration's)
        self.resumed_changes: dict[str, list] = {}  # setting: [stored value, value now], on resume
        self.notes: list[str] = []  # what the user must know about this session (shown once)
        self._lock: RunLock | None = None

    # ----------------------------------------------------------------- the run folder
    def _claim_folder(self) -> None:
        """Before any preparation: lock the folder (refused, naming the holder, when another
        training writes it), write a test file (a read-only folder or a full disk is found now),
        refuse a folder that holds another run unless told to replace it, and remove temporary
        files that killed saves left."""
        self._lock = RunLock(self.out_dir).acquire()
        check_writable(self.out_dir)
        existing = holds_run(self.out_dir)
        if existing and not self.resume and not self.overwrite:
            raise TrainingError(
                f"{self.out_dir} already holds a training run ({existing}); continue it with --resume "
                f"{self.out_dir}, or give a new folder (--out), or replace it on purpose with --overwrite"
            )
        remove_orphan_temporaries(self.out_dir)

    def _release_folder(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def _note(self, text: str) -> None:
        self.notes.append(text)
        self.callback(Phase("note: " + text))

    # ----------------------------------------------------------------- preparation
    def _prepare(self) -> None:
        cfg = self.train_config
        cfg.validate()
        if self.model_config.family == "transformer" and (
            cfg.teacher_forcing < 1.0 or cfg.teacher_forcing_schedule != "constant"
        ):
            raise TrainingError("the Transformer trains with teacher forcing only: set teacher forcing to 1, constant")
        if cfg.threads:
            torch.set_num_threads(cfg.threads)
        torch.manual_seed(cfg.seed)
        self._rng = random.Random(cfg.seed)
        self._generator = torch.Generator().manual_seed(cfg.seed)
        trainer_state = None
        if self.resume:
            self.callback(Phase(f"loading {self.last_path}"))
            bundle, trainer_state = load_checkpoint(self.last_path, device=cfg.device, with_trainer_state=True)
            self.model_config, self.tokenizer_config = bundle.model_config, bundle.tokenizer_config
            # A corpus given now wins over the one stored in the model, which may be a path
            # relative to wherever the run was started (or a bare file name, from the app).
            if not self.corpus_spec and self._corpus is None:
                self.corpus_spec = bundle.corpus
                if self._missing_file(self.corpus_spec):
                    raise TrainingError(
                        f"the corpus this run was trained on ({self.corpus_spec}) is not found from here; "
                        "give it again (--corpus FILE)"
                    )
            self.tokenizers = bundle.tokenizers
            self.model = bundle.model
            if trainer_state is None:
                raise TrainingError(f"{self.last_path} holds no training state to resume from")
            self._stored_train_config = bundle.train_config or TrainConfig()
        corpus = self._corpus
        if corpus is None:
            self.callback(Phase(f"reading {self.corpus_spec}"))
            corpus = load_corpus(self.corpus_spec, progress=self._corpus_progress)
        self.corpus = corpus
        self.skipped.counts.update(corpus.skipped.counts)
        self.warning = ""
        if not self.dev_corpus and corpus.dev and set(corpus.dev) & set(corpus.train):
            self.warning = (f"{corpus.name} has fewer than {MIN_HELD_OUT_SOURCES} distinct source sentences, so "
                            "nothing is held out: dev scores are measured on training pairs")  # fmt: skip
            self.callback(Phase("note: " + self.warning))
        dev_pairs = corpus.dev
        if self.dev_corpus:
            from models.corpus.dataset import load_pairs_for_evaluation

            dev_pairs = load_pairs_for_evaluation(self.dev_corpus)
        self._stop_if_cancelled()
        if not self.resume:
            self.callback(Phase("training sentencepiece vocabularies"))
            self.tokenizers = train_tokenizers(corpus.train, self.tokenizer_config)
            self.model_config.src_vocab_size = self.tokenizers.source.vocab_size
            self.model_config.tgt_vocab_size = self.tokenizers.target.vocab_size
            self.model = build_model(self.model_config).to(cfg.device)
        self._stop_if_cancelled()
        self.callback(Phase("encoding the training pairs"))
        self.train_examples = encode_pairs(
            corpus.train, self.tokenizers, cfg.max_src_len, cfg.max_tgt_len, self.skipped
        )
        if not self.train_examples:
            raise TrainingError("no training pairs are left after tokenisation; check the corpus")
        # Dev sentences beyond what the translator accepts are left out of scoring (and counted).
        within = [pair for pair in dev_pairs if self._translatable(pair[0])]
        if len(within) < len(dev_pairs):
            self.skipped.add("dev sentences too long to translate", n=len(dev_pairs) - len(within))
        self.dev_pairs = within[: cfg.eval_sentences]
        self.dev_examples = encode_pairs(self.dev_pairs, self.tokenizers, 10_000, 10_000)
        self.probe = cfg.probe_sentence or (dev_pairs[0][0] if dev_pairs else corpus.train[0][0])
        # A built-in corpus knows its gold word alignments: each evaluation scores the attention (AER).
        lang = builtin_language(self.corpus_spec)
        self.aligned = [] if lang is None else alignment_set(
            lang, TRAINING_ALIGNMENT_SIZE, exclude={s for s, _ in corpus.train})  # fmt: skip
        self._check_space()
        self.snapshots = None
        if cfg.snapshots:
            self.snapshots = SnapshotStore(self.out_dir, cfg.snapshots, cfg.snapshot_megabytes)
        if not self.resume:
            # A new run in a used folder (only with overwrite): the old run's models and history go.
            for path in (self.best_path, self.last_path):
                path.unlink(missing_ok=True)
            if self.snapshots is not None:
                self.snapshots.clear()
        # fused: one kernel per parameter group instead of ~10 elementwise passes per tensor
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=cfg.learning_rate, betas=(0.9, cfg.adam_beta2),
                                          fused=True)  # fmt: skip
        if trainer_state is None:
            self.scheduler = make_lr_scheduler(self.optimizer, cfg)
        else:
            self.scheduler = self._resume_optimizer(trainer_state)
            run = trainer_state["run"]
            self.state = _RunState(
                step=run["step"], epoch=run["epoch"], seconds=run["seconds"], target_tokens=run["target_tokens"],
                best_bleu=run["best_bleu"], history=trainer_state.get("history") or self.state.history,
            )  # fmt: skip
            self._saved_last = True
            self._saved_step = self.state.step
            self._check_best_model()

    def _check_space(self) -> None:
        """Refuse before training when the folder's disk cannot hold what the run writes: best.s2s
        (weights), last.s2s (weights and Adam's two moments), a temporary copy while either is
        replaced, and the snapshots' budget."""
        cfg = self.train_config
        weights = 4 * sum(p.numel() for p in self.model.parameters())
        existing = sum(p.stat().st_size for p in (self.best_path, self.last_path) if p.exists())
        need = weights * (1 + 3 + 3) + (cfg.snapshot_megabytes * 2**20 if cfg.snapshots else 0) - existing
        try:
            free = shutil.disk_usage(self.out_dir).free
        except OSError:
            return
        if free < need:
            raise TrainingError(
                f"{self.out_dir} has {free / 2**20:,.0f} MB free, and this run needs about {need / 2**20:,.0f} MB "
                "(best.s2s, last.s2s and its snapshots); free some space or train into another folder"
            )

    def _resume_optimizer(self, trainer_state: dict):
        """The optimizer and learning-rate schedule as the run left them, with the settings given
        now applied (and said): a changed learning rate scales the schedule's rates, a changed
        schedule starts afresh from the learning rate at this step, a changed beta2 applies to
        Adam's next steps. Returns the scheduler."""
        cfg, stored = self.train_config, self._stored_train_config
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
        scheduler = make_lr_scheduler(self.optimizer, cfg) if same_schedule else None
        self.optimizer.load_state_dict(trainer_state["optimizer"])
        for group in self.optimizer.param_groups:
            group["betas"] = (group["betas"][0], cfg.adam_beta2)
        if same_schedule:
            if scheduler is not None and trainer_state.get("scheduler"):
                scheduler.load_state_dict(trainer_state["scheduler"])
            if cfg.learning_rate != stored.learning_rate and stored.learning_rate > 0:
                self._scale_learning_rate(scheduler, cfg.learning_rate / stored.learning_rate)
        else:
            for group in self.optimizer.param_groups:
                group["lr"] = cfg.learning_rate
                group.pop("initial_lr", None)
            scheduler = make_lr_scheduler(self.optimizer, cfg)
        self.resumed_changes = changed
        if changed:
            said = ", ".join(f"{name} {old!r} → {new!r}" for name, (old, new) in changed.items())
            rate = self.optimizer.param_groups[0]["lr"]
            how = "" if same_schedule else f"; the {cfg.lr_schedule} schedule starts afresh at this step"
            self._note(f"resuming with changed settings: {said} (learning rate now {rate:.3g}{how})")
        return scheduler

    def _scale_learning_rate(self, scheduler, factor: float) -> None:
        """Multiply every rate the optimizer and its schedule hold by `factor`."""
        for group in self.optimizer.param_groups:
            group["lr"] *= factor
            if "initial_lr" in group:
                group["initial_lr"] *= factor
        for name in ("base_lrs", "_last_lr"):
            if scheduler is not None and isinstance(getattr(scheduler, name, None), list):
                setattr(scheduler, name, [rate * factor for rate in getattr(scheduler, name)])

    def _check_best_model(self) -> None:
        """best.s2s must hold the best score the run records. A record ahead of the file (the
        file missing, or older) is repaired from the snapshot of that evaluation, or reported and
        the record set back to the file's; a file ahead of the record (a kill between writing
        best.s2s and last.s2s) is taken as the record."""
        st = self.state
        evaluations = [e for e in st.history.get("evaluations", []) if isinstance(e, dict) and "bleu" in e]
        if not evaluations:
            return
        recorded = max(evaluations, key=lambda e: e["bleu"])  # the first of the best
        held = self._best_file_evaluation()
        tolerance = 0.006  # histories keep BLEU to two decimals
        if held is not None and held["bleu"] >= recorded["bleu"] - tolerance:
            if held["bleu"] > st.best_bleu + tolerance:
                st.best_bleu = held["bleu"]
                self._note(f"best.s2s (BLEU {held['bleu']:.2f}, step {held['step']}) is newer than the run's record "
                           "(the run was stopped between its two saves); it is kept as the best")  # fmt: skip
            return
        if self._restore_best(recorded["step"]):
            self._note(f"best.s2s did not hold the best score recorded (BLEU {recorded['bleu']:.2f} at step "
                       f"{recorded['step']}); it was restored from that step's snapshot (half precision)")  # fmt: skip
            return
        st.best_bleu = held["bleu"] if held is not None else -1.0
        what = "is missing" if held is None else f"holds step {held['step']} (BLEU {held['bleu']:.2f})"
        self._note(f"best.s2s {what}, not the best score recorded (BLEU {recorded['bleu']:.2f} at step "
                   f"{recorded['step']}), whose weights were not kept; the next evaluation that does better "
                   "replaces it")  # fmt: skip

    def _best_file_evaluation(self) -> dict | None:
        """The evaluation best.s2s was saved at (the last of its history), or None."""
        try:
            meta = read_meta(self.best_path)
        except (CheckpointError, OSError):
            return None
        history = meta.get("history") if isinstance(meta.get("history"), dict) else {}
        evaluations = [e for e in history.get("evaluations", []) if isinstance(e, dict) and "bleu" in e]
        return evaluations[-1] if evaluations else None

    def _restore_best(self, step: int) -> bool:
        if not any(info.step == step for info in list_snapshots(self.out_dir)):
            return False
        try:
            bundle = RunReplay(self.out_dir, self.train_config.device).load(step)
        except CheckpointError:
            return False
        history = copy.deepcopy(self.state.history)
        history["steps"] = [row for row in history.get("steps", []) if row and row[0] <= step]
        history["evaluations"] = [e for e in history.get("evaluations", []) if e.get("step", 0) <= step]
        bundle.history, bundle.name = history, self.out_dir.name or "model"
        self._write(self.best_path, lambda: save_checkpoint(self.best_path, bundle))
        return True

    @staticmethod
    def _missing_file(spec: str) -> bool:
        if spec.startswith("builtin:"):
            return False
        return not all(Path(part).exists() for part in spec.split(",")) and not Path(spec).exists()

    def _corpus_progress(self, done: int, total: int) -> None:
        self._stop_if_cancelled()
        self.callback(Phase("generating the built-in corpus", done / total))

    def _stop_if_cancelled(self) -> None:
        """Preparation checks the cancel flag between its stages (training, between batches)."""
        if self.control.cancelled:
            raise _CancelledBeforeTraining

    def _translatable(self, text: str) -> bool:
        try:
            check_source_text(text)
        except InputError:
            return False
        return len(self.tokenizers.source.encode(text)) <= MAX_SOURCE_PIECES

    # ----------------------------------------------------------------- the loop
    def run(self) -> TrainResult:
        try:
            self._claim_folder()
            self._prepare()
            # The corpus, its encoded pairs and the libraries make a full cyclic garbage
            # collection long, and no thread runs during it (the app's window froze then).
            # Objects alive now stay for the whole run: keep them out of collections until it ends.
            gc.freeze()
            return self._train()
        except _CancelledBeforeTraining:
            summary = self._summary("cancelled before training began", 0, self.state.seconds)
            self.callback(Finished(summary, cancelled=True))
            return TrainResult(summary, self._existing(self.best_path), self._existing(self.last_path), True)
        except (TrainingError, CheckpointError) as err:  # a model that cannot be saved (NaN weights, say)
            return self._fail(str(err))
        except MemoryError:
            return self._fail("ran out of memory; try a smaller batch size or model")
        except RuntimeError as err:
            if "out of memory" in str(err).lower():
                return self._fail("ran out of memory; try a smaller batch size or model")
            raise
        finally:
            gc.unfreeze()
            self._release_folder()

    def _fail(self, message: str) -> TrainResult:
        """Stop with one sentence, saying what was kept and which of the session's work was not."""
        good = str(self.last_path) if self._saved_last and self.last_path.exists() else None
        if good:
            message = message.rstrip(".") + f". The last good checkpoint is kept: {good} (step {self._saved_step})"
            lost = self.state.step - self._saved_step
            if lost > 0:
                message += f"; the {lost} step{'s' if lost > 1 else ''} trained after it {'are' if lost > 1 else 'is'} not saved"
            message += "."
        self.callback(Failed(message, good))
        return TrainResult(self._summary(), self._existing(self.best_path), good, failed=message)

    def _train(self) -> TrainResult:
        cfg, st = self.train_config, self.state
        model, tokens_window = self.model, []
        start_seconds, start_step, start_epoch = st.seconds, st.step, st.epoch
        self._step_seconds = 0.0
        started = time.monotonic()
        last_eval_step = st.step
        batches_per_epoch = math.ceil(len(self.train_examples) / cfg.batch_size)
        model.train()
        self._choose_precision()
        self.callback(Phase("training", 0.0))
        stop_reason = "budget reached"
        cancelled = False
        # A resumed run starts part-way into an epoch; later epochs start at their beginning.
        skip = round((st.epoch % 1) * batches_per_epoch) % batches_per_epoch
        while True:
            order = batch_order(self.train_examples, cfg.batch_size, self._rng, cfg.bucket_batches)
            batches, skip = order[skip:], 0
            for indices in batches:
                started += self.control.wait_if_paused()
                if self.control.cancelled:
                    cancelled, stop_reason = True, "cancelled"
                    break
                batch_start = time.monotonic()
                batches = [
                    collate([self.train_examples[i] for i in part]).to(cfg.device)
                    for part in self._micro_batches(indices)
                ]
                batch_tokens = sum(b.target_tokens for b in batches)
                tf = teacher_forcing_ratio(cfg, st.step)
                loss, grad_norm = self._train_step(batches, tf)
                st.step += 1
                st.epoch += 1.0 / batches_per_epoch
                st.target_tokens += batch_tokens
                st.seconds = start_seconds + (time.monotonic() - started)
                batch_seconds = time.monotonic() - batch_start
                self._step_seconds += batch_seconds
                tokens_window.append((batch_tokens, batch_seconds))
                tokens_window = tokens_window[-50:]
                progress = self._progress(st.seconds - start_seconds, st.step - start_step, st.epoch - start_epoch)
                elapsed = st.seconds - start_seconds
                rate = sum(n for n, _ in tokens_window) / max(1e-9, sum(s for _, s in tokens_window))
                event = Step(
                    step=st.step, epoch=st.epoch, loss=loss, perplexity=math.exp(min(loss, 50)),
                    learning_rate=self.optimizer.param_groups[0]["lr"], grad_norm=grad_norm,
                    tokens_per_s=rate, teacher_forcing=tf, elapsed_s=st.seconds, progress=min(1.0, progress),
                    eta_s=elapsed * (1 - progress) / progress if 0 < progress < 1 else None,
                )  # fmt: skip
                if st.step % STEP_HISTORY_EVERY == 0:
                    st.history["steps"].append(
                        [st.step, round(loss, 4), event.learning_rate, round(rate, 1), round(st.seconds, 2)]
                    )
                self.callback(event)
                if st.step - last_eval_step >= cfg.eval_every:
                    last_eval_step = st.step
                    if self._evaluate_and_save():
                        stop_reason = "early stopping: dev BLEU stopped improving"
                        break
                if progress >= 1.0:
                    break
            else:
                continue  # epoch done, budget left
            break
        st.seconds = start_seconds + (time.monotonic() - started)
        if cancelled and st.step > start_step:  # stop fast: keep the weights as they are, without scoring them
            self._save(self.bundle(), is_best=not self.best_path.exists())
        elif cancelled:
            pass  # stopped before its first step: nothing new to keep, and no untrained model is saved
        elif st.step != last_eval_step or not self.best_path.exists():
            self._evaluate_and_save()
        summary = self._summary(stop_reason, st.target_tokens, start_seconds)
        self.callback(Finished(summary, cancelled=cancelled))
        return TrainResult(summary, self._existing(self.best_path), self._existing(self.last_path), cancelled)

    def _micro_batches(self, indices: list[int]) -> list[list[int]]:
        """The batch's sentences in as many equal parts as keep each part's peak values (the
        model's `training_cells`) under MICRO_BATCH_CELLS; one optimizer step still covers them all."""
        src_len = max(len(self.train_examples[i][0]) for i in indices)
        tgt_len = max(len(self.train_examples[i][1]) for i in indices) + 1
        parts = math.ceil(self.model.training_cells(len(indices), src_len, tgt_len) / MICRO_BATCH_CELLS)
        size = math.ceil(len(indices) / max(1, parts))
        return [indices[start : start + size] for start in range(0, len(indices), size)]

    def _train_step(self, batches: list, teacher_forcing: float) -> tuple[float, float]:
        """One optimizer step over a batch given as micro-batches (usually one); returns (mean
        token loss, gradient norm before clipping). Each micro-batch's loss is divided by the
        whole batch's tokens, so the gradients add up to the full batch's."""
        cfg = self.train_config
        self.optimizer.zero_grad(set_to_none=True)
        tokens = sum(int((batch.tgt_out != PAD_ID).sum()) for batch in batches)
        value = sum(self._forward_backward(batch, teacher_forcing, tokens) for batch in batches)
        grad_norm = float(torch.nn.utils.clip_grad_norm_(self.model.parameters(), cfg.clip_norm or float("inf")))
        if not math.isfinite(grad_norm):
            raise TrainingError(
                f"the gradient became {grad_norm} at step {self.state.step + 1}; try a lower learning rate."
            )
        self.optimizer.step()
        if self.scheduler is not None and cfg.lr_schedule != "plateau":
            self.scheduler.step()
        return value, grad_norm

    def _choose_precision(self) -> None:
        """fp32 or bf16 autocast for this session (models/training/precision.py), recorded in the
        history so the Model tab says which ran and why. A calibration runs passes of the first
        batch without an optimizer step; the random generators are put back, so a run's draws
        (dropout, scheduled sampling) are the same whichever precision it chose."""
        cfg = self.train_config
        first = list(range(min(cfg.batch_size, len(self.train_examples))))
        batches = [
            collate([self.train_examples[i] for i in part]).to(cfg.device) for part in self._micro_batches(first)
        ]
        tokens = sum(int((batch.tgt_out != PAD_ID).sum()) for batch in batches)

        def forward_backward(bf16: bool) -> None:
            self._bf16 = bf16
            for batch in batches:
                self._forward_backward(batch, teacher_forcing_ratio(cfg, self.state.step), tokens)
            self.model.zero_grad(set_to_none=True)

        generator_state = self._generator.get_state()
        with torch.random.fork_rng(devices=[]):
            self.precision = choose_precision(cfg.precision, cfg.device, forward_backward)
        self._generator.set_state(generator_state)
        self._bf16 = self.precision.bf16
        self.state.history["precision"] = dataclasses.asdict(self.precision)
        self.callback(Phase(f"precision: {self.precision.used} ({self.precision.reason})"))

    def _forward_backward(self, batch, teacher_forcing: float, tokens: int) -> float:
        """Forward and backward of one (micro-)batch, its loss divided by `tokens`; returns that loss.

        With teacher forcing the output layer and loss run over chunks of time steps, each with
        its own backward into the attentional vectors: the (batch, steps, vocabulary) logits of a
        long batch never exist all at once, which keeps peak memory down at the same result.
        """
        cfg = self.train_config
        autocast = torch.autocast(device_type=cfg.device.split(":")[0], dtype=torch.bfloat16, enabled=self._bf16)
        chunked = teacher_forcing >= 1.0
        with autocast:
            out = training_forward(
                self.model,
                batch.src,
                batch.src_lengths,
                batch.tgt_in,
                teacher_forcing,
                self._generator,
                project=not chunked,
            )
        if not chunked:
            loss = self._loss(out.logits, batch.tgt_out, tokens)
            value = self._check(float(loss.detach()))
            loss.backward()
            return value
        features = out.features.detach().requires_grad_()
        value = 0.0
        for start in range(0, features.size(1), LOSS_CHUNK_STEPS):
            with autocast:
                logits = self.model.project(features[:, start : start + LOSS_CHUNK_STEPS])
            loss = self._loss(logits, batch.tgt_out[:, start : start + LOSS_CHUNK_STEPS], tokens)
            value += float(loss.detach())
            self._check(value)
            loss.backward()
        out.features.backward(features.grad)
        return value

    def _loss(self, logits: torch.Tensor, targets: torch.Tensor, tokens: int) -> torch.Tensor:
        """Token cross-entropy summed over real tokens (padding ignored), divided by the batch's tokens."""
        logits = logits.float()
        return F.cross_entropy(
            logits.reshape(-1, logits.size(-1)), targets.reshape(-1), ignore_index=PAD_ID,
            label_smoothing=self.train_config.label_smoothing, reduction="sum",
        ) / max(1, tokens)  # fmt: skip

    def _check(self, value: float) -> float:
        if not math.isfinite(value):
            raise TrainingError(
                f"the loss became {value} at step {self.state.step + 1}, so training stopped; "
                "try a lower learning rate or stronger gradient clipping."
            )
        return value

    def _progress(self, seconds: float, steps: int, epochs: float) -> float:
        cfg = self.train_config
        parts = []
        if cfg.max_minutes is not None:
            parts.append(seconds / max(1e-9, cfg.max_minutes * 60))
        if cfg.max_epochs is not None:
            parts.append(epochs / cfg.max_epochs)
        if cfg.max_steps is not None:
            parts.append(steps / cfg.max_steps)
        return max(parts) if parts else 0.0

    # ----------------------------------------------------------------- evaluation
    @torch.no_grad()
    def _evaluate_and_save(self) -> bool:
        """Score the dev set, save last (and best); True when early stopping says stop."""
        cfg, st = self.train_config, self.state
        model = self.model
        model.eval()
        try:
            dev_loss = self._dev_loss()
            bundle = self.bundle()
            translator = Translator(bundle, cfg.device)
            sources = [s for s, _ in self.dev_pairs]
            references = [t for _, t in self.dev_pairs]
            # Batches of 64: a Transformer's key and value caches for 256 sentences run to ~0.3 GB
            # while the model still writes to the length limit.
            hypotheses = translator.translate_batch(sources, DecodeConfig(), batch_size=64) if sources else []
            scores = score_translations(hypotheses, references, tokenize=bleu_tokenizer(references))
            try:
                probe = translator.translate(self.control.probe_sentence or self.probe)
                probe_attention = ProbeAttention(
                    probe.source_pieces, probe.best.pieces,
                    None if probe.best.attention is None else probe.best.attention.astype(np.float32),
                    probe.text,
                )  # fmt: skip
            except InputError:  # a probe typed too long: training goes on without it
                probe_attention = None
            alignment = score_alignment(translator, self.aligned) if self.aligned else None
        finally:
            model.train()
        if self.scheduler is not None and cfg.lr_schedule == "plateau":
            self.scheduler.step(dev_loss)
        is_best = scores["bleu"] > st.best_bleu or not self.best_path.exists()
        if scores["bleu"] > st.best_bleu:
            st.best_bleu, st.bad_evaluations = scores["bleu"], 0
        else:
            st.bad_evaluations += 1
        st.history["evaluations"].append({
            "step": st.step, "epoch": round(st.epoch, 4), "seconds": round(st.seconds, 2), "dev_loss": round(dev_loss, 4),
            "bleu": round(scores["bleu"], 2), "chrf": round(scores["chrf"], 2), "exact_match": round(scores["exact_match"], 2),
            **({"aer": round(alignment.aer, 4)} if alignment else {}),
        })  # fmt: skip
        self.callback(Evaluation(
            step=st.step, epoch=st.epoch, dev_loss=dev_loss, dev_perplexity=math.exp(min(dev_loss, 50)),
            bleu=scores["bleu"], chrf=scores["chrf"], exact_match=scores["exact_match"],
            samples=list(zip(sources[:3], references[:3], hypotheses[:3])), probe=probe_attention,
            is_best=is_best, elapsed_s=st.seconds, alignment=alignment,
        ))  # fmt: skip
        self._save(bundle, is_best)
        if self.snapshots is not None:
            info = self._write(self.snapshots.folder, lambda: self.snapshots.add(
                model, len(st.history["evaluations"]) - 1, st.step, st.seconds, st.epoch, dev_loss,
                scores["bleu"], scores["chrf"],
            ))  # fmt: skip
            self.callback(CheckpointSaved(st.step, str(self.snapshots.folder / info.file), "snapshot"))
        patience = cfg.early_stopping_patience
        return patience is not None and st.bad_evaluations >= patience

    def _dev_loss(self) -> float:
        total, count = 0.0, 0
        for start in range(0, len(self.dev_examples), 128):
            batch = collate(self.dev_examples[start : start + 128]).to(self.train_config.device)
            # Projected a few steps at a time, as in training: 128 long sentences' logits over the
            # vocabulary at once would be the run's largest allocation (~400 MB with the softmax).
            features = self.model(batch.src, batch.src_lengths, batch.tgt_in, project=False).features
            for start in range(0, features.size(1), LOSS_CHUNK_STEPS):
                logits = self.model.project(features[:, start : start + LOSS_CHUNK_STEPS]).float()
                total += float(F.cross_entropy(
                    logits.reshape(-1, logits.size(-1)), batch.tgt_out[:, start : start + LOSS_CHUNK_STEPS].reshape(-1),
                    ignore_index=PAD_ID, reduction="sum",
                ))  # fmt: skip
            count += batch.target_tokens
        return total / max(1, count)

    def bundle(self) -> ModelBundle:
        """The model as it is now, with its tokenizers, configs and history (not copied)."""
        return ModelBundle(
            model=self.model, tokenizers=self.tokenizers, model_config=self.model_config,
            tokenizer_config=self.tokenizer_config, train_config=self.train_config,
            corpus=self.corpus_spec, history=self.state.history, name=self.out_dir.name or "model",
        )  # fmt: skip

    def _save(self, bundle: ModelBundle, is_best: bool) -> None:
        st = self.state
        trainer_state = {
            "optimizer": self.optimizer.state_dict(),
            "scheduler": self.scheduler.state_dict() if self.scheduler is not None else None,
            "run": {"step": st.step, "epoch": st.epoch, "seconds": st.seconds, "target_tokens": st.target_tokens,
                    "best_bleu": st.best_bleu},
            "history": st.history,
        }  # fmt: skip
        # The best model first, then the record of its score (in last.s2s): a kill between the two
        # leaves a best.s2s ahead of the record, which resuming takes as the best (never behind it).
        if is_best:
            self._write(self.best_path, lambda: save_checkpoint(self.best_path, bundle))
        self._write(self.last_path, lambda: save_checkpoint(self.last_path, bundle, trainer_state))
        self._saved_last = True
        self._saved_step = st.step
        self.callback(CheckpointSaved(st.step, str(self.last_path), "last"))
        if is_best:
            self.callback(CheckpointSaved(st.step, str(self.best_path), "best"))

    def _write(self, path: Path, save: Callable):
        """Run `save`; a full disk or an unwritable folder becomes a sentence with the path."""
        try:
            return save()
        except OSError as err:
            raise TrainingError(f"cannot write {path}: {why_not_written(err)}") from None

    def _summary(self, stop_reason: str = "", session_tokens: int = 0, start_seconds: float = 0.0) -> dict:
        st = self.state
        evaluations = st.history["evaluations"]
        best = max(evaluations, key=lambda e: e["bleu"]) if evaluations else {}
        session_seconds = st.seconds - start_seconds
        step_seconds = self._step_seconds
        return {
            "steps": st.step,
            "epochs": round(st.epoch, 4),
            "seconds": round(st.seconds, 1),
            "target_tokens_per_s": round(session_tokens / session_seconds, 1) if session_seconds > 0 else 0.0,
            # over the training steps alone, evaluations and checkpoint saves left out (as JoeyNMT logs it)
            "step_tokens_per_s": round(session_tokens / step_seconds, 1) if step_seconds > 0 else 0.0,
            "dev_bleu": best.get("bleu"),
            "dev_chrf": best.get("chrf"),
            "dev_exact_match": best.get("exact_match"),
            "model": str(self.best_path) if self.best_path.exists() else None,
            "last": str(self.last_path) if self.last_path.exists() else None,
            "stopped": stop_reason,
            "warning": "; ".join(filter(None, [getattr(self, "warning", ""), *self.notes])),
            "resumed_changes": self.resumed_changes,
            "skipped": dict(self.skipped.counts),
            "parameters": self.model.num_parameters() if hasattr(self, "model") else None,
            "model_config": to_dict(self.model_config),
            "precision": None if self.precision is None else dataclasses.asdict(self.precision),
        }

    @staticmethod
    def _existing(path: Path) -> str | None:
        return str(path) if path.exists() else None
