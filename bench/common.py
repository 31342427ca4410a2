"""Helpers shared by the benchmarks: peak memory, matmul peak, FLOPs of a training step."""

from __future__ import annotations

import json
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


def write_json(name: str, data: dict) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.json"
    path.write_text(json.dumps(data, indent=1))
    return path
