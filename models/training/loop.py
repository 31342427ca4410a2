"""The step loop: batches in order, micro-batches, forward and backward in the chosen precision,
the optimizer's step, the Step events and the history's step records."""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from models.config import TrainConfig
from models.errors import TrainingError
from models.fast.step_training import training_forward
from models.tokenizer import PAD_ID
from models.training.batching import batch_order, collate
from models.training.control import TrainingControl
from models.training.events import Phase, Step, TrainingEvent
from models.training.history import StepRecord
from models.training.precision import PrecisionChoice, choose_precision
from models.training.preparation import Prepared
from models.training.schedules import teacher_forcing_ratio

STEP_HISTORY_EVERY = 5  # keep every 5th step's figures in the checkpoint's history
LOSS_CHUNK_STEPS = 16  # target steps projected to the vocabulary at a time
# Additive and concat attention keep a (sentences, target steps, source positions, width) tensor
# of energies for the backward pass: for 64 sentences of 60 pieces that is ~240 MB, several
# times over in the Luong decoder; a Transformer keeps several vectors per layer and position.
# Batches above this many cells (the model's `training_cells`) run as micro-batches.
MICRO_BATCH_CELLS = 2**24


@dataclass(frozen=True)
class LoopEnd:
    """How a session's loop ended."""

    stop_reason: str
    cancelled: bool
    last_eval_step: int  # the step of the session's last evaluation (its first step, before any)
    start_seconds: float  # the run's training time when the session began
    start_step: int  # the run's step when the session began


class StepLoop:
    """Trains the prepared model step by step until the budget, early stopping or a cancel."""

    def __init__(self, prepared: Prepared, cfg: TrainConfig, callback: Callable[[TrainingEvent], None]):
        self.model = prepared.model
        self.optimizer = prepared.optimizer
        self.scheduler = prepared.scheduler
        self.examples = prepared.train_examples
        self.state = prepared.state
        self.rng = prepared.rng
        self.generator = prepared.generator
        self.cfg = cfg
        self.callback = callback
        self.precision: PrecisionChoice | None = None  # chosen when the loop starts
        self.bf16 = False  # autocast in the forward passes (the chosen precision, or a calibration's)
        self.step_seconds = 0.0  # time inside training steps this session (evaluations left out)

    def run(self, control: TrainingControl, evaluate: Callable[[], bool]) -> LoopEnd:
        """`evaluate` scores and saves; it returns True when early stopping says stop."""
        cfg, st = self.cfg, self.state
        tokens_window: list[tuple[int, float]] = []
        start_seconds, start_step, start_epoch = st.seconds, st.step, st.epoch
        self.step_seconds = 0.0
        started = time.monotonic()
        last_eval_step = st.step
        batches_per_epoch = math.ceil(len(self.examples) / cfg.batch_size)
        self.model.train()
        self.choose_precision()
        self.callback(Phase("training", 0.0))
        stop_reason = "budget reached"
        cancelled = False
        # A resumed run starts part-way into an epoch; later epochs start at their beginning.
        skip = round((st.epoch % 1) * batches_per_epoch) % batches_per_epoch
        while True:
            order = batch_order(self.examples, cfg.batch_size, self.rng, cfg.bucket_batches)
            batches, skip = order[skip:], 0
            for indices in batches:
                started += control.wait_if_paused()
                if control.cancelled:
                    cancelled, stop_reason = True, "cancelled"
                    break
                batch_start = time.monotonic()
                parts = [
                    collate([self.examples[i] for i in part]).to(cfg.device) for part in self.micro_batches(indices)
                ]
                batch_tokens = sum(b.target_tokens for b in parts)
                tf = teacher_forcing_ratio(cfg, st.step)
                loss, grad_norm = self.train_step(parts, tf)
                st.step += 1
                st.epoch += 1.0 / batches_per_epoch
                st.target_tokens += batch_tokens
                st.seconds = start_seconds + (time.monotonic() - started)
                batch_seconds = time.monotonic() - batch_start
                self.step_seconds += batch_seconds
                tokens_window.append((batch_tokens, batch_seconds))
                tokens_window = tokens_window[-50:]
                progress = self.progress(st.seconds - start_seconds, st.step - start_step, st.epoch - start_epoch)
                elapsed = st.seconds - start_seconds
                rate = sum(n for n, _ in tokens_window) / max(1e-9, sum(s for _, s in tokens_window))
                event = Step(
                    step=st.step, epoch=st.epoch, loss=loss, perplexity=math.exp(min(loss, 50)),
                    learning_rate=self.optimizer.param_groups[0]["lr"], grad_norm=grad_norm,
                    tokens_per_s=rate, teacher_forcing=tf, elapsed_s=st.seconds, progress=min(1.0, progress),
                    eta_s=elapsed * (1 - progress) / progress if 0 < progress < 1 else None,
                )  # fmt: skip
                if st.step % STEP_HISTORY_EVERY == 0:
                    st.history.steps.append(StepRecord(st.step, round(loss, 4), event.learning_rate, round(rate, 1),
                                                       round(st.seconds, 2)))  # fmt: skip
                self.callback(event)
                if st.step - last_eval_step >= cfg.eval_every:
                    last_eval_step = st.step
                    if evaluate():
                        stop_reason = "early stopping: dev BLEU stopped improving"
                        break
                if progress >= 1.0:
                    break
            else:
                continue  # epoch done, budget left
            break
        st.seconds = start_seconds + (time.monotonic() - started)
        return LoopEnd(stop_reason, cancelled, last_eval_step, start_seconds, start_step)

    def micro_batches(self, indices: list[int]) -> list[list[int]]:
        """The batch's sentences in as many equal parts as keep each part's peak values (the
        model's `training_cells`) under MICRO_BATCH_CELLS; one optimizer step still covers them all."""
        src_len = max(len(self.examples[i][0]) for i in indices)
        tgt_len = max(len(self.examples[i][1]) for i in indices) + 1
        parts = math.ceil(self.model.training_cells(len(indices), src_len, tgt_len) / MICRO_BATCH_CELLS)
        size = math.ceil(len(indices) / max(1, parts))
        return [indices[start : start + size] for start in range(0, len(indices), size)]

    def train_step(self, batches: list, teacher_forcing: float) -> tuple[float, float]:
        """One optimizer step over a batch given as micro-batches (usually one); returns (mean
        token loss, gradient norm before clipping). Each micro-batch's loss is divided by the
        whole batch's tokens, so the gradients add up to the full batch's."""
        cfg = self.cfg
        self.optimizer.zero_grad(set_to_none=True)
        tokens = sum(int((batch.tgt_out != PAD_ID).sum()) for batch in batches)
        value = sum(self.forward_backward(batch, teacher_forcing, tokens) for batch in batches)
        grad_norm = float(torch.nn.utils.clip_grad_norm_(self.model.parameters(), cfg.clip_norm or float("inf")))
        if not math.isfinite(grad_norm):
            raise TrainingError(
                f"the gradient became {grad_norm} at step {self.state.step + 1}; try a lower learning rate."
            )
        self.optimizer.step()
        if self.scheduler is not None and cfg.lr_schedule != "plateau":
            self.scheduler.step()
        return value, grad_norm

    def choose_precision(self) -> None:
        """fp32 or bf16 autocast for this session (models/training/precision.py), recorded in the
        history so the Model tab says which ran and why. A calibration runs passes of the first
        batch without an optimizer step; the random generators are put back, so a run's draws
        (dropout, scheduled sampling) are the same whichever precision it chose."""
        cfg = self.cfg
        first = list(range(min(cfg.batch_size, len(self.examples))))
        batches = [collate([self.examples[i] for i in part]).to(cfg.device) for part in self.micro_batches(first)]
        tokens = sum(int((batch.tgt_out != PAD_ID).sum()) for batch in batches)

        def forward_backward(bf16: bool) -> None:
            self.bf16 = bf16
            for batch in batches:
                self.forward_backward(batch, teacher_forcing_ratio(cfg, self.state.step), tokens)
            self.model.zero_grad(set_to_none=True)

        generator_state = self.generator.get_state()
        with torch.random.fork_rng(devices=[]):
            self.precision = choose_precision(cfg.precision, cfg.device, forward_backward)
        self.generator.set_state(generator_state)
        self.bf16 = self.precision.bf16
        self.state.history.precision = dataclasses.asdict(self.precision)
        self.callback(Phase(f"precision: {self.precision.used} ({self.precision.reason})"))

    def forward_backward(self, batch, teacher_forcing: float, tokens: int) -> float:
        """Forward and backward of one (micro-)batch, its loss divided by `tokens`; returns that loss.

        With teacher forcing the output layer and loss run over chunks of time steps, each with
        its own backward into the attentional vectors: the (batch, steps, vocabulary) logits of a
        long batch never exist all at once, which keeps peak memory down at the same result.
        """
        autocast = torch.autocast(device_type=self.cfg.device.split(":")[0], dtype=torch.bfloat16, enabled=self.bf16)
        chunked = teacher_forcing >= 1.0
        with autocast:
            out = training_forward(self.model, batch.src, batch.src_lengths, batch.tgt_in, teacher_forcing,
                                   self.generator, project=not chunked)  # fmt: skip
        if not chunked:
            loss = self.loss(out.logits, batch.tgt_out, tokens)
            value = self.check(float(loss.detach()))
            loss.backward()
            return value
        features = out.features.detach().requires_grad_()
        value = 0.0
        for start in range(0, features.size(1), LOSS_CHUNK_STEPS):
            with autocast:
                logits = self.model.project(features[:, start : start + LOSS_CHUNK_STEPS])
            loss = self.loss(logits, batch.tgt_out[:, start : start + LOSS_CHUNK_STEPS], tokens)
            value += float(loss.detach())
            self.check(value)
            loss.backward()
        out.features.backward(features.grad)
        return value

    def loss(self, logits: torch.Tensor, targets: torch.Tensor, tokens: int) -> torch.Tensor:
        """Token cross-entropy summed over real tokens (padding ignored), divided by the batch's tokens."""
        logits = logits.float()
        return F.cross_entropy(
            logits.reshape(-1, logits.size(-1)), targets.reshape(-1), ignore_index=PAD_ID,
            label_smoothing=self.cfg.label_smoothing, reduction="sum",
        ) / max(1, tokens)  # fmt: skip

    def check(self, value: float) -> float:
        if not math.isfinite(value):
            raise TrainingError(
                f"the loss became {value} at step {self.state.step + 1}, so training stopped; "
                "try a lower learning rate or stronger gradient clipping."
            )
        return value

    def progress(self, seconds: float, steps: int, epochs: float) -> float:
        """How much of the budget this session has used (0..1, more once it is spent)."""
        cfg = self.cfg
        parts = []
        if cfg.max_minutes is not None:
            parts.append(seconds / max(1e-9, cfg.max_minutes * 60))
        if cfg.max_epochs is not None:
            parts.append(epochs / cfg.max_epochs)
        if cfg.max_steps is not None:
            parts.append(steps / cfg.max_steps)
        return max(parts) if parts else 0.0
