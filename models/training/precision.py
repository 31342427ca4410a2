"""Which precision a training runs in: fp32, or bfloat16 autocast where the hardware has it and a
short calibration measures it faster.

`auto` never guesses from the processor's name. bf16 is considered only where the device computes
it natively (a CPU with AVX-512 BF16 or AMX, a GPU that supports it); there, a few forward and
backward passes of the run's own first batch are timed both ways and the faster is kept, so a
machine where bf16 loses stays in fp32. Whatever runs, the weights and checkpoints stay fp32.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import torch

from models import choices

PRECISIONS = choices.PRECISION.values()
CALIBRATION_PASSES = 3  # timed passes each way, after one untimed pass each (allocations, kernels)
# bf16 must beat fp32 by this factor to be chosen: a near-tie is not worth its rounding.
BF16_MIN_GAIN = 1.1


@dataclass(frozen=True)
class PrecisionChoice:
    """What ran and why; stored in the run's summary and shown in the Model tab."""

    requested: str  # one of PRECISIONS
    used: str  # "fp32" or "bf16"
    reason: str
    fp32_seconds: float | None = None  # a calibration pass's best time, where one ran
    bf16_seconds: float | None = None

    @property
    def bf16(self) -> bool:
        return self.used == "bf16"


def native_bf16(device: str) -> tuple[bool, str]:
    """Whether `device` computes bfloat16 natively, with the evidence in words."""
    kind = device.split(":")[0]
    if kind == "cuda":
        ok = torch.cuda.is_available() and torch.cuda.is_bf16_supported()
        return ok, "the GPU supports bf16" if ok else "the GPU has no bf16"
    if kind == "cpu":
        amx, avx512 = torch.cpu._is_amx_tile_supported(), torch.cpu._is_avx512_bf16_supported()
        if amx or avx512:
            return True, "the CPU has " + " and ".join(n for n, has in (("AMX", amx), ("AVX-512 BF16", avx512)) if has)
        return False, "the CPU has no bf16 instructions (no AVX-512 BF16, no AMX)"
    return False, f"bf16 autocast is not offered on {kind}"


def choose_precision(requested: str, device: str, forward_backward: Callable[[bool], None]) -> PrecisionChoice:
    """The precision to train in. `forward_backward(bf16)` runs one forward and backward pass of
    a real batch (its gradients are thrown away by the next step's zero_grad); it is called only
    for `auto` on hardware with native bf16."""
    if requested not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, not {requested!r}")
    if requested != "auto":
        return PrecisionChoice(requested, requested, "asked for")
    native, why = native_bf16(device)
    if not native:
        return PrecisionChoice(requested, "fp32", why)
    fp32, bf16 = _best_time(forward_backward, False), _best_time(forward_backward, True)
    if fp32 / bf16 >= BF16_MIN_GAIN:
        reason = f"{why}, and bf16 measured {fp32 / bf16:.2f}× faster on the first batch"
        return PrecisionChoice(requested, "bf16", reason, fp32, bf16)
    reason = f"{why}, but bf16 measured {fp32 / bf16:.2f}× the speed of fp32 on the first batch"
    return PrecisionChoice(requested, "fp32", reason, fp32, bf16)


def _best_time(forward_backward: Callable[[bool], None], bf16: bool) -> float:
    best = float("inf")
    for attempt in range(CALIBRATION_PASSES + 1):
        start = time.perf_counter()
        forward_backward(bf16)
        if attempt:  # the first pass only warms up
            best = min(best, time.perf_counter() - start)
    return best
