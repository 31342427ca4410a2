#!/usr/bin/env python3
"""fp32 against bf16 autocast on this machine (#28 item 1; docs/benchmarks.md, by bench/figures_table.py).

    python bench/precision.py [--minutes 10] [--presets ref,transformer-ref] [--precisions fp32,bf16]

Trains each preset for the budget in each precision (`train --precision fp32|bf16`,
models/training/precision.py), one run after the other on the same machine, on the Tatoeba en→fr
split of ../shared/data/tatoeba-eng-fra (made as bench/tatoeba_reference.py makes it: 2,000 test,
500 dev, grouped by English sentence). Each run is a process of its own, so that its peak memory
is its own: the resident-set high-water mark the kernel keeps for the process
(`resource.getrusage(RUSAGE_SELF).ru_maxrss`, read when training has ended: Python, torch, the
corpus, the model, the optimizer and autocast's copies together), not tracemalloc's (which sees
Python's allocations only, not torch's). Prints JSON with, for each run, target tokens/s (training
steps alone, and wall clock with the evaluations), dev BLEU (the last evaluation's and the best),
peak RSS and the precision that ran with why; with the CPU's model and flags. Writes
bench/out/precision-CPU-Nc.json, one file per machine (--machine-name names it), so that files from
several machines sit side by side in bench/out/ and each becomes rows of the table, whichever
precision won there.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import OUT, SHARED_TATOEBA, machine, peak_rss_mb, write_json  # noqa: E402

PRESETS = ("ref", "transformer-ref")
PRECISIONS = ("fp32", "bf16")
MEMORY_METHOD = "resource.getrusage(RUSAGE_SELF).ru_maxrss of the run's own process, after training"


def one_run(preset_name: str, precision: str, minutes: float, eval_sentences: int, threads: int) -> dict:
    """Train one preset in one precision (in this process) and return its figures."""
    import torch

    from bench.tatoeba_reference import make_split
    from models.presets import PRESETS as ALL
    from models.training import Evaluation, Trainer
    from models.training.precision import native_bf16

    torch.set_num_threads(threads)
    split = make_split()
    preset = ALL[preset_name]
    cfg = replace(preset.train, max_minutes=minutes, max_epochs=None, max_steps=None, precision=precision,
                  threads=threads, eval_sentences=eval_sentences)  # fmt: skip
    evaluations: list[Evaluation] = []

    def report(event) -> None:
        if isinstance(event, Evaluation):
            evaluations.append(event)
            print(f"  {preset_name} {precision}: step {event.step} ({event.elapsed_s:.0f} s), dev BLEU "
                  f"{event.bleu:.2f}", file=sys.stderr, flush=True)  # fmt: skip

    out_dir = OUT / f"run-precision-{preset_name}-{precision}"
    trainer = Trainer(out_dir, str(split / "train.tsv"), replace(preset.model), replace(preset.tokenizer), cfg,
                      report, dev_corpus=str(split / "dev.tsv"), overwrite=True)  # fmt: skip
    result = trainer.run()
    peak = peak_rss_mb()
    if result.failed:
        raise SystemExit(f"{preset_name} {precision}: {result.failed}")
    summary = result.summary
    native, why = native_bf16("cpu")
    return {
        "preset": preset_name,
        "precision": precision,
        "precision_ran": summary.to_json()["precision"],
        "native_bf16": native,
        "native_bf16_evidence": why,
        "minutes": minutes,
        "steps": summary.steps,
        "epochs": round(summary.epochs, 3),
        "step_tokens_per_s": round(summary.step_tokens_per_s),
        "target_tokens_per_s": round(summary.target_tokens_per_s),
        "dev_bleu_last": round(evaluations[-1].bleu, 2) if evaluations else None,
        "dev_bleu_best": round(max(e.bleu for e in evaluations), 2) if evaluations else None,
        "dev_sentences": eval_sentences,
        "peak_rss_mb": round(peak),
        "parameters": summary.parameters,
    }


def file_name(stamp: dict, label: str) -> str:
    """precision-CPU-Nc (or precision-LABEL): a rerun on the same machine replaces its file."""
    name = label or f"{stamp['cpu']}-{stamp['cores']}c"
    return "precision-" + (re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "cpu")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0, help="training budget of each run (10: the issue's)")
    parser.add_argument("--presets", default=",".join(PRESETS))
    parser.add_argument("--precisions", default=",".join(PRECISIONS))
    parser.add_argument("--eval-sentences", type=int, default=500, help="dev sentences scored at each evaluation")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--machine-name", default="", help="the result file's name (default: the CPU's model and cores), "
                        "for two machines whose CPUs report the same model")  # fmt: skip
    parser.add_argument("--one", nargs=2, metavar=("PRESET", "PRECISION"), help=argparse.SUPPRESS)  # a child run
    args = parser.parse_args()
    if not (SHARED_TATOEBA / "eng-fra.tsv").exists():
        print(f"cannot run: {SHARED_TATOEBA} is absent (this benchmark needs the shared Tatoeba corpus)",
              file=sys.stderr)  # fmt: skip
        return 2
    if args.one:
        print(json.dumps(one_run(*args.one, args.minutes, args.eval_sentences, args.threads)))
        return 0
    runs = []
    for preset in args.presets.split(","):
        for precision in args.precisions.split(","):
            command = [sys.executable, __file__, "--one", preset, precision, "--minutes", str(args.minutes),
                       "--eval-sentences", str(args.eval_sentences), "--threads", str(args.threads)]  # fmt: skip
            print(f"training {preset} in {precision} for {args.minutes:g} min", file=sys.stderr, flush=True)
            done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
            if done.returncode != 0:
                print(f"{preset} {precision} failed (exit {done.returncode})", file=sys.stderr)
                return 1
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    figures = {"minutes": args.minutes, "peak_memory": MEMORY_METHOD, "runs": runs, "bf16_over_fp32": {}}
    for preset in args.presets.split(","):
        by = {r["precision"]: r for r in runs if r["preset"] == preset}
        if "fp32" in by and "bf16" in by and by["fp32"]["step_tokens_per_s"]:
            figures["bf16_over_fp32"][preset] = round(
                by["bf16"]["step_tokens_per_s"] / by["fp32"]["step_tokens_per_s"], 3
            )
    path = write_json(file_name(machine(), args.machine_name), figures)
    print(json.dumps({**figures, "machine": machine()}))
    print(f"written to {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
