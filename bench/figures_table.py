#!/usr/bin/env python3
"""Print the README's figures table from the JSON the benchmarks wrote to bench/out/."""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
JOEY = {"target_tokens_per_s": 2412, "test_bleu_greedy": 15.51, "test_chrf_greedy": 35.8, "steps": 1864,
        "epochs": 0.73, "peak_rss_training_mb": 941, "greedy_ms": 10.8, "beam5_ms": 20.7, "beam5_p95_ms": 111}  # fmt: skip
COLUMNS = [
    ("tatoeba-ref", "ref (input feeding)"),
    ("tatoeba-ref-luong", "ref-luong"),
    ("tatoeba-ref-bf16", "ref, bf16 autocast"),
]


def main() -> int:
    runs = {key: json.loads((OUT / f"{key}.json").read_text()) for key, _ in COLUMNS if (OUT / f"{key}.json").exists()}
    if not runs:
        print("no benchmark results in bench/out/")
        return 1
    names = [label for key, label in COLUMNS if key in runs]
    rows = [
        ("training target tokens/s, wall clock (evaluations included)", lambda r: f"{r['target_tokens_per_s']:,.0f}", "", ""),
        ("training target tokens/s, training steps (as JoeyNMT logs it)", lambda r: f"{r['step_tokens_per_s']:,.0f}" if "step_tokens_per_s" in r else "–", f"{JOEY['target_tokens_per_s']:,}", "≥ 4,824 (2×)"),
        ("steps / epochs in 10 min", lambda r: f"{r['steps']:,} / {r['epochs']:.2f}", "1,864 / 0.73", ""),
        ("greedy test BLEU", lambda r: f"{r['test_bleu_greedy']:.2f}", "15.51", "≥ 23.27 (1.5×)"),
        ("greedy test chrF", lambda r: f"{r['test_chrf_greedy']:.1f}", "35.8", ""),
        ("batched greedy, 2000 test sentences", lambda r: f"{r['batched_greedy_test_s']:.2f} s", "", "≤ 5 s"),
        ("batch-1 greedy, median / p95", lambda r: f"{r['latency_greedy']['median_ms']:.1f} / {r['latency_greedy']['p95_ms']:.1f} ms", "10.8 ms median", "≤ 6 ms, p95 ≤ 2×"),
        ("batch-1 beam 5, median / p95", lambda r: f"{r['latency_beam5']['median_ms']:.1f} / {r['latency_beam5']['p95_ms']:.1f} ms", "20.7 / 111 ms", "≤ 12 ms, p95 ≤ 2×"),
        ("peak RSS of training", lambda r: f"{r['peak_rss_training_mb']:,} MB", "941 MB", "≤ 1 GB"),
        ("saved model (no optimizer state)", lambda r: f"{r['model_file_mb']:.1f} MB", "", "≤ 25 MB"),
        ("training GFLOP/s (counted) / fp32 matmul peak", lambda r: f"{r['train_gflop_per_s']:.1f} / {r['matmul_peak_fp32_gflop_per_s']:.0f} ({100 * r['fraction_of_fp32_peak']:.0f}%)", "", "print both"),
    ]  # fmt: skip
    print("| measure | " + " | ".join(names) + " | JoeyNMT 2.3 | bar |")
    print("|---|" + "---|" * (len(names) + 2))
    for label, fmt, joey, bar in rows:
        print(f"| {label} | " + " | ".join(fmt(runs[k]) for k, _ in COLUMNS if k in runs) + f" | {joey} | {bar} |")
    gui = OUT / "gui.json"
    if gui.exists():
        g = json.loads(gui.read_text())
        print(f"\nGUI ({g['platform']}): first paint {g['first_paint_s']} s, first translation shown {g['first_translation_s']} s; "
              f"during {g['training_seconds_probed']:.0f} s of training ({g['training_steps']} steps) the longest "
              f"event-loop stall was {g['longest_stall_ms']} ms (p99 {g['p99_stall_ms']} ms).")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
