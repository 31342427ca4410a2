"""Which precision a training runs in: fp32, or bfloat16 autocast where the hardware has it and a
short calibration measures it faster (on a CUDA GPU without bf16, fp16 autocast with a gradient
scaler in its place).

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
    used: str  # "fp32" or "bf16"; "fp16" only where `auto` chose it on a GPU without bf16
    reason: str
    fp32_seconds: float | None = None  # a calibration pass's best time, where one ran
    bf16_seconds: float | None = None  # the reduced precision's (fp16's where that was the candidate)

    @property
    def bf16(self) -> bool:
        return self.used == "bf16"


def native_bf16(device: str) -> tuple[bool, str]:
    """Whether `device` computes bfloat16 natively, with the evidence in words."""
    kind = device.split(":")[0]
    if kind == "cuda":  # emulated bf16 (older GPUs) is slower than fp32: native only
        ok = torch.cuda.is_available() and torch.cuda.is_bf16_supported(including_emulation=False)
        return ok, "the GPU supports bf16" if ok else "the GPU has no bf16"
    if kind == "cpu":
        amx, avx512 = torch.cpu._is_amx_tile_supported(), torch.cpu._is_avx512_bf16_supported()
        if amx or avx512:
            return True, "the CPU has " + " and ".join(n for n, has in (("AMX", amx), ("AVX-512 BF16", avx512)) if has)
        return False, "the CPU has no bf16 instructions (no AVX-512 BF16, no AMX)"
    return False, f"bf16 autocast is not offered on {kind}"


def reduced_precision(device: str) -> tuple[str | None, str]:
    """The reduced precision `auto` may try on `device`, with the evidence in words: "bf16" where
    the device computes it natively, "fp16" on a CUDA GPU without (with a gradient scaler), else None."""
    native, why = native_bf16(device)
    if native:
        return "bf16", why
    if device.split(":")[0] == "cuda" and torch.cuda.is_available():
        return "fp16", why + " (fp16 with a gradient scaler instead)"
    return None, why


def choose_precision(requested: str, device: str, forward_backward: Callable[[bool], None]) -> PrecisionChoice:
    """The precision to train in. `forward_backward(reduced)` runs one forward and backward pass
    of a real batch, in fp32 or in the reduced precision (its gradients are thrown away by the next
    step's zero_grad); it is called only for `auto` where a reduced precision is offered."""
    if requested not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, not {requested!r}")
    if requested != "auto":
        return PrecisionChoice(requested, requested, "asked for")
    half, why = reduced_precision(device)
    if half is None:
        return PrecisionChoice(requested, "fp32", why)
    fp32, reduced = _best_time(forward_backward, False), _best_time(forward_backward, True)
    if fp32 / reduced >= BF16_MIN_GAIN:
        reason = f"{why}, and {half} measured {fp32 / reduced:.2f}× faster on the first batch"
        return PrecisionChoice(requested, half, reason, fp32, reduced)
    reason = f"{why}, but {half} measured {fp32 / reduced:.2f}× the speed of fp32 on the first batch"
    return PrecisionChoice(requested, "fp32", reason, fp32, reduced)


def _best_time(forward_backward: Callable[[bool], None], bf16: bool) -> float:
    best = float("inf")
    for attempt in range(CALIBRATION_PASSES + 1):
        start = time.perf_counter()
        forward_backward(bf16)
        if attempt:  # the first pass only warms up
            best = min(best, time.perf_counter() - start)
    return best
