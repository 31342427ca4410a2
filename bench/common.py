"""Helpers shared by the benchmarks: peak memory, matmul peak, FLOPs of a training step, and the
machine stamp every result file carries (bench/figures_table.py prints it beside the figures)."""

from __future__ import annotations

import datetime
import json
import os
import platform
import resource
import statistics
import time
from pathlib import Path

import torch

OUT = Path(__file__).resolve().parent / "out"
SHARED_TATOEBA = Path(__file__).resolve().parents[2] / "shared" / "data" / "tatoeba-eng-fra"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def matmul_peak_gflops(dtype=torch.float32, size: int = 2048, repeats: int = 10) -> float:
    a, b = torch.randn(size, size, dtype=dtype), torch.randn(size, size, dtype=dtype)
    for _ in range(2):
        a @ b
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - start)
    return 2 * size**3 / best / 1e9


def training_flops_per_target_token(model, batches, bf16: bool = False) -> float:
    """Counted (not estimated) FLOPs of forward + backward over sample batches, per target token."""
    import torch.nn.functional as F
    from torch.utils.flop_counter import FlopCounterMode

    flops, tokens = 0, 0
    model.train()
    for batch in batches:
        with FlopCounterMode(display=False) as counter:
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                out = model(batch.src, batch.src_lengths, batch.tgt_in)
            loss = F.cross_entropy(out.logits.float().flatten(0, 1), batch.tgt_out.flatten(), ignore_index=0)
            loss.backward()
        model.zero_grad(set_to_none=True)
        flops += counter.get_total_flops()
        tokens += batch.target_tokens
    return flops / tokens


def latency_ms(fn, inputs, warmup: int = 5) -> dict:
    for x in inputs[:warmup]:
        fn(x)
    times = []
    for x in inputs:
        start = time.perf_counter()
        fn(x)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
        "n": len(times),
    }


# The CPU features that decide the figures: vector width (AVX2/FMA, AVX-512) and native bf16
# (AVX-512 BF16, AMX), which bf16 autocast and oneDNN's kernels use when present.
CPU_FLAGS = ("avx2", "fma", "avx512f", "avx512_bf16", "amx_bf16", "amx_tile")


def machine() -> dict:
    """When and where a figure was measured: date, CPU model, its relevant flags, cores, torch."""
    model, flags = platform.processor() or platform.machine(), set()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name":
                model = value.strip()
            elif key.strip() == "flags":
                flags = set(value.split())
                break
    except OSError:
        pass
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": model,
        "cpu_flags": [flag for flag in CPU_FLAGS if flag in flags],
        "cores": os.cpu_count(),
        "torch": torch.__version__,
        "gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
        # Timings taken while other work ran say little: the load when the figures were written.
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


def write_json(name: str, data: dict) -> Path:
    """bench/out/NAME.json with the figures and the machine they were measured on."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.json"
    path.write_text(json.dumps({**data, "machine": machine()}, ensure_ascii=False, indent=1), encoding="utf-8")
    return path
