"""Training in several processes on PyTorch's own engine: torch.distributed and
DistributedDataParallel (DDP), in processes that `torchrun` starts (one per GPU with nccl, or
several CPU processes with gloo). No pool or parameter server of our own.

How the processes share a run (docs/distributed.md says it for users):
- Every process reads the corpus and draws the same batch order (same seed). Each takes its share
  of every batch: the sentences at its rank, rank + world size, … `--batch-size` stays the global
  batch, so a run learns the same whatever number of processes trains it.
- A share's summed loss is divided by the whole batch's target tokens over the world size: DDP
  averages the processes' gradients, and that average is then one process's gradient of the
  whole batch.
- Rank 0 alone trains the vocabularies, chooses the precision, evaluates, and writes the run
  folder; the others receive what it decided (`from_main`), waiting in the broadcast while it works.
- After every step one all-reduce gives every process the batch's loss and whether to stop (a
  cancel seen by any process, rank 0's budget): the processes always stop at the same step.

The model goes into DDP through a thin module whose forward is the trainer's own
(models/fast/step_training.py), so the step-wise fast path runs under DDP too: its deferred weight
gradients reach each parameter once per backward, where DDP's hooks all-reduce them.
"""

from __future__ import annotations

import contextlib
import datetime
import inspect
import math
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel

from models.errors import StudioError, TrainingError
from models.fast.step_training import training_forward

T = TypeVar("T")
# torchrun's variables for each process it starts
ENVIRONMENT = ("RANK", "WORLD_SIZE", "LOCAL_RANK")
# Ranks other than 0 wait in a collective while rank 0 evaluates and saves; nccl's default
# timeout (10 minutes) would end a run whose dev set takes longer to translate.
COLLECTIVE_TIMEOUT = datetime.timedelta(hours=1)


@dataclass(frozen=True)
class Distributed:
    """This process's place among the processes training one run (one process: rank 0 of 1)."""

    rank: int = 0
    world_size: int = 1
    local_rank: int = 0
    device_type: str = "cpu"  # where the collectives' tensors live: "cuda" under nccl

    @property
    def active(self) -> bool:
        return self.world_size > 1

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    def share(self, indices: list[int], tokens: int) -> tuple[list[int], float]:
        """This process's sentences of a batch, and the divisor of their summed loss.

        One process: the whole batch, divided by its target tokens. Several: every world_size-th
        sentence from this rank, divided by tokens / world_size. A process left without a sentence
        (a batch smaller than the world) runs the batch's first with an infinite divisor: zero
        loss and gradients, but its part in the gradients' all-reduce.
        """
        if not self.active:
            return indices, tokens
        mine = indices[self.rank :: self.world_size]
        if not mine:
            return indices[:1], math.inf
        return mine, tokens / self.world_size

    def from_main(self, make: Callable[[], T]) -> T:
        """`make()` run on rank 0 alone; every process returns its result, or raises its error
        (a TrainingError with the same sentence), so that no process waits for one that failed."""
        if not self.active:
            return make()
        payload: list[Any] = [None]
        error: Exception | None = None
        if self.is_main:
            try:
                payload = [("ok", make())]
            except Exception as err:  # noqa: BLE001 - said to the others, then raised here as it was
                error, payload = err, [("error", str(err) if isinstance(err, StudioError) else
                                        f"process 0 failed: {type(err).__name__}: {err}")]  # fmt: skip
        dist.broadcast_object_list(payload, src=0)
        if error is not None:
            raise error
        kind, value = payload[0]
        if kind == "error":
            raise TrainingError(value)
        return value

    def agree(self, loss: float, budget_spent: bool, cancelled: bool) -> tuple[float, bool, bool]:
        """After a step: the batch's mean loss over the processes' shares, whether rank 0's budget
        is spent, whether any process was asked to stop; the same on every process."""
        if not self.active:
            return loss, budget_spent, cancelled
        votes = torch.tensor([loss, float(budget_spent and self.is_main), float(cancelled)],
                             dtype=torch.float64, device=self.device_type)  # fmt: skip
        dist.all_reduce(votes)
        total, budget, cancels = votes.tolist()
        return total / self.world_size, budget > 0, cancels > 0

    def wrap(self, model: nn.Module) -> nn.Module | None:
        """The model in DistributedDataParallel, its forward the trainer's; None for one process.
        Wrapping broadcasts rank 0's weights, so every process starts from the same."""
        if not self.active:
            return None
        ids = [self.local_rank] if self.device_type == "cuda" else None
        # The models' buffers (positional tables) never change in training: no broadcast each
        # step. Newer PyTorch names the option forward_sync_buffers (and warns on the old name).
        option = "forward_sync_buffers" if "forward_sync_buffers" in _DDP_OPTIONS else "broadcast_buffers"
        return DistributedDataParallel(_TrainingForward(model), device_ids=ids, **{option: False})


SINGLE_PROCESS = Distributed()
_DDP_OPTIONS = inspect.signature(DistributedDataParallel).parameters
_BINDS_DEVICE = "device_id" in inspect.signature(dist.init_process_group).parameters


def accumulating(ddp: nn.Module | None, last: bool) -> contextlib.AbstractContextManager:
    """Around a micro-batch's forward and backward: DDP all-reduces the gradients in the last
    one's backward only, the earlier ones accumulate locally (DDP's `no_sync`)."""
    if ddp is None or last:
        return contextlib.nullcontext()
    return ddp.no_sync()


class _TrainingForward(nn.Module):
    """The model with the trainer's forward (the step-wise path where it applies), for DDP."""

    def __init__(self, model: nn.Module):
        super().__init__()
        self.model = model

    def forward(self, *args, **kwargs):
        return training_forward(self.model, *args, **kwargs)


def from_environment(environ: Mapping[str, str] | None = None) -> Distributed:
    """The place torchrun gave this process (RANK, WORLD_SIZE, LOCAL_RANK), or a single process
    where they are not set."""
    env = os.environ if environ is None else environ
    if not any(name in env for name in ENVIRONMENT):
        return SINGLE_PROCESS
    try:
        rank, world, local = (int(env.get(name, "0")) for name in ENVIRONMENT)
    except ValueError:
        raise StudioError(f"torchrun's {', '.join(ENVIRONMENT)} must be whole numbers") from None
    if world < 1 or not 0 <= rank < world or local < 0:
        raise StudioError(f"RANK {rank} and WORLD_SIZE {world} do not describe a process of a distributed run")
    return Distributed(rank, world, local)


@contextlib.contextmanager
def session(device: str, environ: Mapping[str, str] | None = None) -> Iterator[Distributed]:
    """The process group for a training under torchrun (gloo on CPU, nccl on CUDA, each process on
    its own GPU), destroyed at the end; a single process needs none."""
    place = from_environment(environ)
    if not place.active:
        yield SINGLE_PROCESS
        return
    kind = device.split(":")[0]
    if kind not in ("cpu", "cuda"):
        raise StudioError(f"several processes train on cpu or cuda, not {device}")
    if kind == "cuda":
        if not torch.cuda.is_available() or place.local_rank >= torch.cuda.device_count():
            raise StudioError(f"process {place.rank} wants GPU {place.local_rank}, and this machine has "
                              f"{torch.cuda.device_count()}; start at most one process per GPU")  # fmt: skip
        torch.cuda.set_device(place.local_rank)  # "cuda" is this process's GPU from here on
    # nccl bound to this process's GPU from the start (PyTorch's advice), where the option exists
    bound = {"device_id": torch.device("cuda", place.local_rank)} if kind == "cuda" and _BINDS_DEVICE else {}
    dist.init_process_group("nccl" if kind == "cuda" else "gloo", timeout=COLLECTIVE_TIMEOUT, **bound)
    try:
        yield Distributed(place.rank, place.world_size, place.local_rank, kind)
    finally:
        dist.destroy_process_group()
