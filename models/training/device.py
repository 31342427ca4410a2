"""The device a training runs on: whether this machine has it, batches copied to it (pinned and
without blocking on CUDA, as PyTorch recommends), and mixed precision there (autocast in bf16, or
fp16 with a gradient scaler on a GPU without bf16). Checkpoints leave the device: models/checkpoint.py
saves every tensor from the CPU, so a model trained on a GPU opens on a machine without one."""

from __future__ import annotations

import contextlib

import torch

from models.errors import TrainingError
from models.training.batching import Batch

AUTOCAST_DTYPES = {"bf16": torch.bfloat16, "fp16": torch.float16}


def check_available(device: str) -> None:
    """One sentence when `device` is not on this machine (a run trained on a GPU resumed without)."""
    kind = device.split(":")[0]
    if kind == "cuda" and not torch.cuda.is_available():
        raise TrainingError(f"{device} is not available on this machine (no CUDA GPU or no CUDA build of "
                            "PyTorch); train with --device cpu")  # fmt: skip
    if kind == "mps" and not torch.backends.mps.is_available():
        raise TrainingError("mps is not available on this machine (Apple GPUs only); train with --device cpu")


def to_device(batch: Batch, device: str) -> Batch:
    """The batch on `device`. On CUDA from pinned memory without blocking: the copy overlaps the
    host's work, and the kernels that read it wait for it on the same stream. Lengths stay on
    the CPU (packing reads them there)."""
    if device == "cpu":
        return batch
    pin = device.startswith("cuda")

    def put(tensor: torch.Tensor) -> torch.Tensor:
        return (tensor.pin_memory() if pin else tensor).to(device, non_blocking=True)

    return Batch(put(batch.src), batch.src_lengths, put(batch.tgt_in), put(batch.tgt_out), batch.target_tokens)


def autocast(device: str, dtype: torch.dtype | None) -> contextlib.AbstractContextManager:
    """Autocast in `dtype` on the device's kind, or nothing for fp32."""
    if dtype is None:
        return contextlib.nullcontext()
    return torch.autocast(device_type=device.split(":")[0], dtype=dtype)


def gradient_scaler(used: str, device: str, state: dict | None = None) -> torch.amp.GradScaler | None:
    """fp16's gradient scaler (its small gradients would underflow unscaled), restored from a
    checkpoint's state where one was saved; None for fp32 and bf16, which need none."""
    if used != "fp16":
        return None
    scaler = torch.amp.GradScaler(device.split(":")[0])
    if state:
        scaler.load_state_dict(state)
    return scaler


def synchronize(device: str) -> None:
    """Wait for the device's queued work (a timing must not stop at the kernels' launch)."""
    if device.startswith("cuda"):
        torch.cuda.synchronize()
    elif device.startswith("mps"):
        torch.mps.synchronize()
