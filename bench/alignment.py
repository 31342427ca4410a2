#!/usr/bin/env python3
"""Is the attention right? Alignment error rate (AER) of the bundled models' attention against
the built-in corpora's gold word alignments (models/alignment.py), and optionally over a run's
snapshots, to see alignment emerge during training.

    python bench/alignment.py [--pairs 200] [--run RUN_FOLDER]

The gold-aligned pairs are generated (dates, relative times, amounts, quantities), none of them
among the built-in corpus's training pairs; the model is made to write the reference and each
target word is linked to the source word its attention weighs most.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import write_json  # noqa: E402
from models.alignment import builtin_alignment_set, score_alignment  # noqa: E402
from models.bundled import bundled_models, language_pair  # noqa: E402
from models.checkpoint import load_checkpoint  # noqa: E402
from models.snapshots import list_snapshots, load_model  # noqa: E402
from models.translator import Translator  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--run", help="a run folder trained on a built-in corpus: AER at each of its snapshots")
    args = parser.parse_args()
    figures: dict = {"bundled": {}, "run": []}
    for name, path in bundled_models().items():
        pair = language_pair(name)
        aligned = builtin_alignment_set(f"builtin:{pair}", args.pairs)
        start = time.perf_counter()
        score = score_alignment(Translator(load_checkpoint(path)), aligned)
        seconds = time.perf_counter() - start
        figures["bundled"][name] = {**score.to_json(), "seconds": round(seconds, 2)}
        print(f"{name} on builtin:{pair}: AER {score.aer:.1%} (precision {score.precision:.1%}, recall "
              f"{score.recall:.1%}; {score.sentences} pairs, {score.scored_words} scored words, {seconds:.1f} s)")  # fmt: skip
    if args.run:
        bundle = load_checkpoint(Path(args.run) / "last.s2s")
        aligned = builtin_alignment_set(bundle.corpus, args.pairs)
        if aligned is None:
            print(f"{args.run} was not trained on a built-in corpus: no gold alignments", file=sys.stderr)
            return 2
        print(f"{args.run} ({bundle.corpus}), by snapshot:")
        for info in list_snapshots(args.run):
            score = score_alignment(Translator(load_model(args.run, info.step)), aligned)
            figures["run"].append({"step": info.step, "bleu": info.bleu, **score.to_json()})
            print(f"  step {info.step:>6,}: dev BLEU {info.bleu:5.1f}  AER {score.aer:6.1%}")
    print(f"wrote {write_json('alignment', figures)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
