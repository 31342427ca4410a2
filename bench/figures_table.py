#!/usr/bin/env python3
"""Print the README's figures table from the JSON the benchmarks wrote to bench/out/."""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
# The peer's figures, with where they come from (printed under the table).
PEER = Path(__file__).resolve().parent / "peers" / "joeynmt-2.3-rnn.json"
COLUMNS = [
    ("tatoeba-ref", "ref (input feeding)"),
    ("tatoeba-ref-luong", "ref-luong"),
    ("tatoeba-ref-bf16", "ref, bf16 autocast"),
]


def main() -> int:
    runs = {key: json.loads((OUT / f"{key}.json").read_text()) for key, _ in COLUMNS if (OUT / f"{key}.json").exists()}
    if runs:
        rnn_table(runs)
    elif not (OUT / "tatoeba-transformer-ref.json").exists():
        print("no benchmark results in bench/out/")
        return 1
    transformer_table()
    gui = OUT / "gui.json"
    if gui.exists():
        g = json.loads(gui.read_text())
        print(f"\nGUI ({g['platform']}): first paint {g['first_paint_s']} s, first translation shown {g['first_translation_s']} s; "
              f"during {g['training_seconds_probed']:.0f} s of training ({g['training_steps']} steps) the longest "
              f"event-loop stall was {g['longest_stall_ms']} ms (p99 {g['p99_stall_ms']} ms).")  # fmt: skip
    return 0


def rnn_table(runs: dict) -> None:
    names = [label for key, label in COLUMNS if key in runs]
    joey = json.loads(PEER.read_text(encoding="utf-8"))
    rows = [
        ("training target tokens/s, wall clock (evaluations included)", lambda r: f"{r['target_tokens_per_s']:,.0f}", "", ""),
        ("training target tokens/s, training steps (as JoeyNMT logs it)", lambda r: f"{r['step_tokens_per_s']:,.0f}" if "step_tokens_per_s" in r else "–", f"{joey['target_tokens_per_s']:,}", f"≥ {2 * joey['target_tokens_per_s']:,} (2×)"),
        ("steps / epochs in 10 min", lambda r: f"{r['steps']:,} / {r['epochs']:.2f}", f"{joey['steps']:,} / {joey['epochs']:.2f}", ""),
        ("greedy test BLEU", lambda r: f"{r['test_bleu_greedy']:.2f}", f"{joey['test_bleu_greedy']:.2f}", f"≥ {1.5 * joey['test_bleu_greedy']:.2f} (1.5×)"),
        ("greedy test chrF", lambda r: f"{r['test_chrf_greedy']:.1f}", f"{joey['test_chrf_greedy']:.1f}", ""),
        ("batched greedy, 2000 test sentences", lambda r: f"{r['batched_greedy_test_s']:.2f} s", "", "≤ 5 s"),
        ("batch-1 greedy, median / p95", lambda r: f"{r['latency_greedy']['median_ms']:.1f} / {r['latency_greedy']['p95_ms']:.1f} ms", f"{joey['greedy_ms']} ms median", "≤ 6 ms, p95 ≤ 2×"),
        ("batch-1 beam 5, median / p95", lambda r: f"{r['latency_beam5']['median_ms']:.1f} / {r['latency_beam5']['p95_ms']:.1f} ms", f"{joey['beam5_ms']} / {joey['beam5_p95_ms']} ms", "≤ 12 ms, p95 ≤ 2×"),
        ("peak RSS of training", lambda r: f"{r['peak_rss_training_mb']:,} MB", f"{joey['peak_rss_training_mb']:,} MB", "≤ 1 GB"),
        ("saved model (no optimizer state)", lambda r: f"{r['model_file_mb']:.1f} MB", "", "≤ 25 MB"),
        ("training GFLOP/s (counted) / fp32 matmul peak", lambda r: f"{r['train_gflop_per_s']:.1f} / {r['matmul_peak_fp32_gflop_per_s']:.0f} ({100 * r['fraction_of_fp32_peak']:.0f}%)", "", "print both"),
    ]  # fmt: skip
    print("| measure | " + " | ".join(names) + " | JoeyNMT 2.3 | bar |")
    print("|---|" + "---|" * (len(names) + 2))
    for label, fmt, peer, bar in rows:
        print(f"| {label} | " + " | ".join(fmt(runs[k]) for k, _ in COLUMNS if k in runs) + f" | {peer} | {bar} |")
    print(f"\n{joey['name']}: {joey['source']} ({PEER.relative_to(PEER.parents[2])}).")


def transformer_table() -> None:
    """transformer-ref against JoeyNMT 2.3's Transformer, both measured here (bench/joeynmt_transformer.py)."""
    ours_path, joey_path = OUT / "tatoeba-transformer-ref.json", OUT / "joeynmt-transformer.json"
    if not (ours_path.exists() and joey_path.exists()):
        return
    ours, joey = json.loads(ours_path.read_text()), json.loads(joey_path.read_text())
    rate, bleu = (
        ours["step_tokens_per_s"] / joey["target_tokens_per_s"],
        ours["test_bleu_greedy"] / joey["test_bleu_greedy"],
    )
    rows = [
        ("training target tokens/s, training steps (as JoeyNMT logs it)", f"{ours['step_tokens_per_s']:,.0f}", f"{joey['target_tokens_per_s']:,}", f"≥ {3 * joey['target_tokens_per_s']:,} (3×): {rate:.1f}×"),
        ("training target tokens/s, wall clock (evaluations included)", f"{ours['target_tokens_per_s']:,.0f}", "", ""),
        ("steps in 10 min", f"{ours['steps']:,} ({ours['epochs']:.1f} epochs)", f"{joey['steps']:,}", ""),
        ("greedy test BLEU / chrF", f"{ours['test_bleu_greedy']:.2f} / {ours['test_chrf_greedy']:.1f}", f"{joey['test_bleu_greedy']:.2f} / {joey['test_chrf_greedy']:.1f}", f"≥ {1.5 * joey['test_bleu_greedy']:.2f} (1.5×): {bleu:.1f}×"),
        ("the 2,000 test sentences, batched greedy", f"{ours['batched_greedy_test_s']:.1f} s", f"{joey['test_decoding_s']:.1f} s", ""),
        ("batch-1 greedy, median / p95", f"{ours['latency_greedy']['median_ms']:.1f} / {ours['latency_greedy']['p95_ms']:.1f} ms", "", "≤ 8 ms"),
        ("batch-1 beam 5, median / p95", f"{ours['latency_beam5']['median_ms']:.1f} / {ours['latency_beam5']['p95_ms']:.1f} ms", "", "≤ 16 ms"),
        ("peak RSS of training", f"{ours['peak_rss_training_mb']:,} MB", f"{joey['peak_rss_training_mb']:,} MB", "≤ 1 GB"),
        ("training GFLOP/s (counted) / fp32 matmul peak", f"{ours['train_gflop_per_s']:.1f} / {ours['matmul_peak_fp32_gflop_per_s']:.1f} ({100 * ours['fraction_of_fp32_peak']:.0f}%)", "", ""),
    ]  # fmt: skip
    print("\n| measure | transformer-ref (this build) | JoeyNMT 2.3 Transformer | bar |\n|---|---|---|---|")
    for label, mine, theirs, bar in rows:
        print(f"| {label} | {mine} | {theirs} | {bar} |")


if __name__ == "__main__":
    sys.exit(main())
