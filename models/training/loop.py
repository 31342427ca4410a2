"""The step loop: batches in order, micro-batches, forward and backward in the chosen precision,
the optimizer's step, the Step events and the history's step records. Under torchrun each process
runs it on its share of every batch (distributed.py)."""

from __future__ import annotations

import dataclasses
import functools
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
from models.training import device
from models.training.batching import batch_order, collate
from models.training.control import TrainingControl
from models.training.distributed import SINGLE_PROCESS, Distributed, accumulating
from models.training.events import Phase, Step, TrainingEvent
from models.training.history import StepRecord
from models.training.precision import PrecisionChoice, choose_precision, reduced_precision
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

    def __init__(self, prepared: Prepared, cfg: TrainConfig, callback: Callable[[TrainingEvent], None],
                 processes: Distributed = SINGLE_PROCESS):  # fmt: skip
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
        # autocast's dtype in the forward passes (the chosen precision's, or a calibration's); None: fp32
        self.autocast_dtype: torch.dtype | None = None
        self.scaler: torch.amp.GradScaler | None = None  # fp16's gradient scaler
        self.scaler_state = prepared.scaler_state  # a resumed run's scaler, as it was saved
        self.processes = processes
        self.ddp: torch.nn.Module | None = None  # the model in DDP, while several processes train
        self.cancel_agreed = False  # several processes: a stop agreed at the last step
        self.step_seconds = 0.0  # time inside training steps this session (evaluations left out)

    @property
    def bf16(self) -> bool:
        return self.autocast_dtype == torch.bfloat16

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
        self.ddp = self.processes.wrap(self.model)
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
                if self.cancel_agreed if self.processes.active else control.cancelled:
                    cancelled, stop_reason = True, "cancelled"
                    break
                batch_start = time.monotonic()
                batch_tokens = self.target_tokens(indices)
                share, divisor = self.processes.share(indices, batch_tokens)
                parts = [device.to_device(collate([self.examples[i] for i in part]), cfg.device)
                         for part in self.micro_batches(share)]  # fmt: skip
                tf = teacher_forcing_ratio(cfg, st.step)
                loss, grad_norm = self.train_step(parts, tf, divisor)
                st.step += 1
                st.epoch += 1.0 / batches_per_epoch
                st.target_tokens += batch_tokens
                st.seconds = start_seconds + (time.monotonic() - started)
                batch_seconds = time.monotonic() - batch_start
                self.step_seconds += batch_seconds
                tokens_window.append((batch_tokens, batch_seconds))
                tokens_window = tokens_window[-50:]
                progress = self.progress(st.seconds - start_seconds, st.step - start_step, st.epoch - start_epoch)
                loss, budget_spent, self.cancel_agreed = self.processes.agree(loss, progress >= 1.0, control.cancelled)
                self.check(loss, agreed=True)
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
                if budget_spent:
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

    def target_tokens(self, indices: list[int]) -> int:
        """The batch's real target tokens, EOS included (what its loss is averaged over)."""
        return sum(len(self.examples[i][1]) + 1 for i in indices)

    def train_step(self, batches: list, teacher_forcing: float, tokens: float) -> tuple[float, float]:
        """One optimizer step over a batch given as micro-batches (usually one); returns (mean
        token loss, gradient norm before clipping). Each micro-batch's loss is divided by
        `tokens`, the whole batch's (over the processes, under DDP: `Distributed.share`), so the
        gradients add up to the full batch's."""
        cfg = self.cfg
        self.optimizer.zero_grad(set_to_none=True)
        value = 0.0
        for number, batch in enumerate(batches, start=1):
            with accumulating(self.ddp, last=number == len(batches)):
                value += self.forward_backward(batch, teacher_forcing, tokens)
        if self.scaler is not None:
            self.scaler.unscale_(self.optimizer)  # clip the true gradients
        grad_norm = float(torch.nn.utils.clip_grad_norm_(self.model.parameters(), cfg.clip_norm or float("inf")))
        if self.scaler is not None:  # an overflow is fp16's: the scaler skips the step and scales down
            self.scaler.step(self.optimizer)
            self.scaler.update()
        elif not math.isfinite(grad_norm):
            raise TrainingError(
                f"the gradient became {grad_norm} at step {self.state.step + 1}; try a lower learning rate."
            )
        else:
            self.optimizer.step()
        if self.scheduler is not None and cfg.lr_schedule != "plateau":
            self.scheduler.step()
        return value, grad_norm

    def choose_precision(self) -> None:
        """fp32 or autocast in bf16 (fp16 on a GPU without) for this session
        (models/training/precision.py), recorded in the history so the Model tab says which ran
        and why. A calibration runs passes of the first batch without an optimizer step; the
        random generators are put back, so a run's draws (dropout, scheduled sampling) are the
        same whichever precision it chose. Under DDP rank 0 chooses, for every process."""
        cfg = self.cfg

        def choose() -> PrecisionChoice:
            first = list(range(min(cfg.batch_size, len(self.examples))))
            batches = [device.to_device(collate([self.examples[i] for i in part]), cfg.device)
                       for part in self.micro_batches(first)]  # fmt: skip
            tokens = self.target_tokens(first)
            half = device.AUTOCAST_DTYPES.get(reduced_precision(cfg.device)[0] or "")

            def forward_backward(reduced: bool) -> None:
                self.autocast_dtype = half if reduced else None
                for batch in batches:
                    self.forward_backward(batch, teacher_forcing_ratio(cfg, self.state.step), tokens)
                self.model.zero_grad(set_to_none=True)
                device.synchronize(cfg.device)

            generator_state = self.generator.get_state()
            with torch.random.fork_rng(devices=[]):
                choice = choose_precision(cfg.precision, cfg.device, forward_backward)
            self.generator.set_state(generator_state)
            return choice

        self.precision = self.processes.from_main(choose)
        self.autocast_dtype = device.AUTOCAST_DTYPES.get(self.precision.used)
        self.scaler = device.gradient_scaler(self.precision.used, cfg.device, self.scaler_state)
        self.state.history.precision = dataclasses.asdict(self.precision)
        self.callback(Phase(f"precision: {self.precision.used} ({self.precision.reason})"))

    def forward_backward(self, batch, teacher_forcing: float, tokens: float) -> float:
        """Forward and backward of one (micro-)batch, its loss divided by `tokens`; returns that loss.

        With teacher forcing the output layer and loss run over chunks of time steps, each with
        its own backward into the attentional vectors: the (batch, steps, vocabulary) logits of a
        long batch never exist all at once, which keeps peak memory down at the same result.
        Under DDP the logits are made whole: DDP all-reduces a parameter's gradient once per
        backward, and the chunks' backward passes would reach the output layer's several times.
        """
        autocast = device.autocast(self.cfg.device, self.autocast_dtype)
        chunked = teacher_forcing >= 1.0 and self.ddp is None
        forward = self.ddp if self.ddp is not None else functools.partial(training_forward, self.model)
        with autocast:
            out = forward(batch.src, batch.src_lengths, batch.tgt_in, teacher_forcing, self.generator,
                          project=not chunked)  # fmt: skip
        if not chunked:
            loss = self.loss(out.logits, batch.tgt_out, tokens)
            value = self.check(float(loss.detach()))
            self.scaled(loss).backward()
            return value
        features = out.features.detach().requires_grad_()
        value = 0.0
        for start in range(0, features.size(1), LOSS_CHUNK_STEPS):
            with autocast:
                logits = self.model.project(features[:, start : start + LOSS_CHUNK_STEPS])
            loss = self.loss(logits, batch.tgt_out[:, start : start + LOSS_CHUNK_STEPS], tokens)
            value += float(loss.detach())
            self.check(value)
            self.scaled(loss).backward()
        out.features.backward(features.grad)
        return value

    def scaled(self, loss: torch.Tensor) -> torch.Tensor:
        """The loss as backward takes it: times the gradient scaler's scale under fp16."""
        return loss if self.scaler is None else self.scaler.scale(loss)

    def loss(self, logits: torch.Tensor, targets: torch.Tensor, tokens: int) -> torch.Tensor:
        """Token cross-entropy summed over real tokens (padding ignored), divided by the batch's tokens."""
        logits = logits.float()
        return F.cross_entropy(
            logits.reshape(-1, logits.size(-1)), targets.reshape(-1), ignore_index=PAD_ID,
            label_smoothing=self.cfg.label_smoothing, reduction="sum",
        ) / max(1, tokens)  # fmt: skip

    def check(self, value: float, agreed: bool = False) -> float:
        # Under DDP a process's own loss goes unchecked (stopping alone, it would leave the others
        # waiting in the all-reduce); the agreed loss is checked, by every process at once.
        if not math.isfinite(value) and (agreed or self.ddp is None):
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
