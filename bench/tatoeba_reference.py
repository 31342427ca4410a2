#!/usr/bin/env python3
"""The reference comparison on Tatoeba en→fr (docs/benchmarks.md, written by bench/figures_table.py).

    python bench/tatoeba_reference.py [--preset ref|ref-luong|transformer-ref] [--minutes 10] [--precision auto|fp32|bf16]

Makes the split with the corpus's own make_splits.py (2000 test, 500 dev, rest train; grouped
by English sentence), trains the preset for the budget, then measures: training target tokens/s,
greedy test BLEU/chrF (sacrebleu 13a) of both best.s2s (chosen by the run's dev BLEU) and last.s2s,
the run's last reported dev BLEU beside a fresh translator's on the saved last.s2s (they must
agree: an evaluation scores the weights it has), batched greedy decoding time for the test set, batch-1
latency (greedy and beam 5, ~10-word sentences, tokenisation included), peak RSS, saved model
size, counted training FLOP/s against this machine's measured matmul peak. Prints a JSON line
and writes bench/out/tatoeba-<preset>.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import torch  # noqa: E402

from bench.common import (  # noqa: E402
    OUT,
    SHARED_TATOEBA,
    latency_ms,
    matmul_peak_gflops,
    peak_rss_mb,
    training_flops_per_target_token,
    write_json,
)  # fmt: skip
from models.checkpoint import load_checkpoint, save_checkpoint  # noqa: E402
from models.config import DecodeConfig  # noqa: E402
from models.metrics import bleu_tokenizer, score_translations  # noqa: E402
from models.presets import PRESETS  # noqa: E402
from models.training import Evaluation, Trainer  # noqa: E402
from models.training.batching import collate  # noqa: E402
from models.translator import Translator  # noqa: E402


def make_split() -> Path:
    split = OUT / "tatoeba-split"
    if not (split / "test.ref").exists():
        subprocess.run(
            [sys.executable, str(SHARED_TATOEBA / "make_splits.py"), str(SHARED_TATOEBA / "eng-fra.tsv"), str(split)],
            check=True,
        )
    return split


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--preset", default="ref", choices=("ref", "ref-luong", "transformer-ref"))
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--precision", default="fp32", choices=("auto", "fp32", "bf16"))
    parser.add_argument("--latency-sentences", type=int, default=200)
    args = parser.parse_args()
    if not (SHARED_TATOEBA / "eng-fra.tsv").exists():
        print(f"cannot run: {SHARED_TATOEBA} is absent (this benchmark needs the shared Tatoeba corpus)",
              file=sys.stderr)  # fmt: skip
        return 2
    torch.set_num_threads(2)
    split = make_split()
    preset = PRESETS[args.preset]
    name = args.preset + ("" if args.precision == "fp32" else f"-{args.precision}")
    train_cfg = replace(preset.train, max_minutes=args.minutes, precision=args.precision, threads=2, eval_sentences=500)
    out_dir = OUT / f"run-{name}"

    reported: list[Evaluation] = []

    def report(event):
        if isinstance(event, Evaluation):
            reported.append(event)
            print(f"  step {event.step} ({event.elapsed_s:.0f} s): dev BLEU {event.bleu:.2f}", flush=True)

    peak_gflops = matmul_peak_gflops()
    peak_bf16 = (
        matmul_peak_gflops(torch.bfloat16) if args.precision != "fp32" else None
    )  # minutes where the CPU lacks bf16
    trainer = Trainer(out_dir, str(split / "train.tsv"), replace(preset.model), replace(preset.tokenizer), train_cfg,
                      report, dev_corpus=str(split / "dev.tsv"))  # fmt: skip
    result = trainer.run()
    if result.failed:
        print(result.failed)
        return 1
    train_rss = peak_rss_mb()
    summary = result.summary

    # FLOPs counted on 20 real batches, times the measured token rate.
    sample = [collate(trainer.train_examples[i : i + 64]) for i in range(0, 64 * 400, 64 * 20)][:20]
    flops_per_token = training_flops_per_target_token(trainer.model, sample, trainer.precision.bf16)

    sources = (split / "test.src").read_text(encoding="utf-8").splitlines()
    references = (split / "test.ref").read_text(encoding="utf-8").splitlines()
    best_scores = score_translations(Translator(load_checkpoint(result.best_path)).translate_batch(sources), references)
    bundle = load_checkpoint(result.last_path)  # the weights at the end of the budget
    slim = save_checkpoint(out_dir / "model-only.s2s", bundle)
    translator = Translator(bundle)
    # The last evaluation scored the weights last.s2s holds; a fresh translator must agree with it
    # when it translates in batches of 64 as the trainer does (padding moves the sums' last bits).
    dev_references = [t for _, t in trainer.dev_pairs]
    dev_fresh = score_translations(translator.translate_batch([s for s, _ in trainer.dev_pairs], batch_size=64), dev_references,
                                   tokenize=bleu_tokenizer(dev_references))  # fmt: skip
    start = time.perf_counter()
    hypotheses = translator.translate_batch(sources, DecodeConfig())
    batch_seconds = time.perf_counter() - start
    scores = score_translations(hypotheses, references)

    ten_words = [s for s in sources if 8 <= len(s.split()) <= 12][: args.latency_sentences]
    greedy = latency_ms(lambda s: translator.translate(s, DecodeConfig()), ten_words)
    beam = latency_ms(lambda s: translator.translate(s, DecodeConfig(method="beam", beam_size=5)), ten_words)
    figures = {
        "preset": name,
        "minutes": args.minutes,
        "steps": summary.steps,
        "precision": summary.to_json()["precision"],
        "epochs": summary.epochs,
        "target_tokens_per_s": summary.target_tokens_per_s,
        "step_tokens_per_s": summary.step_tokens_per_s,
        "test_bleu_greedy": round(scores["bleu"], 2),
        "test_chrf_greedy": round(scores["chrf"], 2),
        "best_test_bleu_greedy": round(best_scores["bleu"], 2),
        "best_test_chrf_greedy": round(best_scores["chrf"], 2),
        "best_step": max(reported, key=lambda e: e.bleu).step if reported else None,
        "reported_dev_bleu": [[e.step, round(e.bleu, 2)] for e in reported],
        "last_dev_bleu_fresh": round(dev_fresh["bleu"], 2),
        "test_sentences": scores["sentences"],
        "batched_greedy_test_s": round(batch_seconds, 2),
        "latency_greedy": greedy,
        "latency_beam5": beam,
        "latency_sentence_words": "8-12",
        "peak_rss_training_mb": round(train_rss),
        "model_file_mb": round(slim.stat().st_size / 1e6, 1),
        "parameters": summary.parameters,
        "train_gflop_per_s": round(flops_per_token * summary.target_tokens_per_s / 1e9, 1),
        "matmul_peak_fp32_gflop_per_s": round(peak_gflops, 1),
        "matmul_peak_bf16_gflop_per_s": None if peak_bf16 is None else round(peak_bf16, 1),
    }
    figures["fraction_of_fp32_peak"] = round(figures["train_gflop_per_s"] / peak_gflops, 3)
    path = write_json(f"tatoeba-{name}", figures)
    print(json.dumps(figures))
    print(f"written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
