#!/usr/bin/env python3
"""Is attention the explanation? Every signal (attention of each layer and head, at the output
step and shifted by one; each attribution method) scored against gold word alignments, and its
faithfulness (the fall of the chosen pieces' log P when its top-k source words are left out),
for the bundled models on the built-in corpus of their language pair — what
`evaluate --json --signals all` reports, with its cost.

    python bench/signal_scoreboard.py [--pairs 50] [--ig-steps 16] [--models NAME|PATH,...] [--pair en-fr]

A model is a bundled model's name, a model file or a run folder (its best.s2s); a model that is
not bundled is scored on the built-in corpus of `--pair`.

Whichever signal wins is reported as it is.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import write_json  # noqa: E402
from models.alignment import builtin_alignment_set  # noqa: E402
from models.bundled import bundled_models, language_pair  # noqa: E402
from models.checkpoint import load_checkpoint  # noqa: E402
from models.inspection.report import evaluate_signals  # noqa: E402
from models.translator import Translator  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=50, help="gold-aligned pairs per model")
    parser.add_argument("--ig-steps", type=int, default=16)
    parser.add_argument("--models", default="default-en-fr,default-transformer-en-fr")
    parser.add_argument("--pair", default="en-fr", help="the built-in corpus of a model that is not bundled")
    parser.add_argument("--result", default="signal-scoreboard", help="the result file's name in bench/out/")
    args = parser.parse_args()
    available = bundled_models()
    figures: dict = {"pairs": args.pairs, "ig_steps": args.ig_steps, "load_before": os.getloadavg()[0], "models": {}}
    for name in [n.strip() for n in args.models.split(",") if n.strip()]:
        bundled = name in available
        path = available[name] if bundled else (Path(name) / "best.s2s" if Path(name).is_dir() else Path(name))
        corpus = f"builtin:{language_pair(name) if bundled else args.pair}"
        gold = builtin_alignment_set(corpus, args.pairs)
        translator = Translator(load_checkpoint(path))
        if not bundled:
            folder, model_name = Path(name).name, translator.bundle.name
            name = folder if model_name in (folder, "best") else f"{folder} ({model_name})"
        start = time.perf_counter()
        report = evaluate_signals(translator, "all", [(p.source, p.target) for p in gold], gold, limit=args.pairs,
                                  ig_steps=args.ig_steps)  # fmt: skip
        seconds = time.perf_counter() - start
        figures["models"][name] = {"corpus": corpus, "seconds": round(seconds, 1), **report.to_json()}
        print(f"{name} on {corpus} ({seconds:.0f} s):")
        for line in report.lines():
            print("  " + line)
    figures["load_after"] = os.getloadavg()[0]
    print(f"wrote {write_json(args.result, figures)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
