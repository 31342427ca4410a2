#!/usr/bin/env python3
"""Batch-1 latency of this build against another commit, side by side: the two take turns, in
fresh processes, so that both see the same hour of a machine whose speed drifts.

    python bench/latency_ab.py --base COMMIT [--model default-en-fr|PATH] [--rounds 4] [--sentences 200]

Each round runs the other commit's tree (a temporary git worktree) and then this one, each
translating the same ~10-word Tatoeba test sentences one at a time (tokenisation included),
greedy and beam 5, and prints their medians; at the end, the median of each side over the
rounds and this build's change. The model is loaded by each tree's own code.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.corpus.tatoeba import SHARED_DATA, tatoeba_path  # noqa: E402

# Runs inside a tree (its root first on sys.path): one process, one measurement of both methods.
MEASURE = """
import json, sys
import torch
from bench.common import latency_ms
from models.checkpoint import load_checkpoint
from models.config import DecodeConfig
from models.corpus.tatoeba import tatoeba_split
from models.translator import Translator
from pathlib import Path
model, pair, count, shared = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
torch.set_num_threads(2)
translator = Translator(load_checkpoint(model))
texts = [s for s, _ in tatoeba_split(pair, shared).test if 8 <= len(s.split()) <= 12][:count]
greedy = latency_ms(lambda s: translator.translate(s, DecodeConfig()), texts)["median_ms"]
beam = latency_ms(lambda s: translator.translate(s, DecodeConfig(method="beam", beam_size=5)), texts)["median_ms"]
print(json.dumps({"greedy_ms": greedy, "beam5_ms": beam}))
"""


def measure(tree: Path, model: str, pair: str, sentences: int) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(tree)!r})\n{MEASURE}", model, pair, str(sentences), str(SHARED_DATA)],
        cwd=tree, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, help="the commit to compare with (any git revision)")
    parser.add_argument("--model", default="default-en-fr", help="a bundled model's name or a model file")
    parser.add_argument("--pair", default="en-fr", help="the Tatoeba pair whose test sentences are translated")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--sentences", type=int, default=200)
    args = parser.parse_args()
    if not tatoeba_path(args.pair).exists():
        print(f"cannot run: {tatoeba_path(args.pair)} is absent", file=sys.stderr)
        return 2
    model = str(Path(args.model).resolve()) if Path(args.model).exists() else args.model
    with tempfile.TemporaryDirectory(prefix="latency-ab-") as scratch:
        base_tree = Path(scratch) / "base"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(base_tree), args.base],
                       check=True, capture_output=True)  # fmt: skip
        try:
            runs: dict[str, list[dict]] = {"base": [], "this": []}
            for round_ in range(1, args.rounds + 1):
                for side, tree in (("base", base_tree), ("this", ROOT)):
                    figures = measure(tree, model, args.pair, args.sentences)
                    runs[side].append(figures)
                    print(f"round {round_} {side:>4}: greedy {figures['greedy_ms']:.2f} ms, "
                          f"beam 5 {figures['beam5_ms']:.2f} ms", flush=True)  # fmt: skip
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base_tree)], check=False)
    for key, label in (("greedy_ms", "greedy"), ("beam5_ms", "beam 5")):
        base = statistics.median(r[key] for r in runs["base"])
        this = statistics.median(r[key] for r in runs["this"])
        print(f"{label}: {args.base} {base:.2f} ms, this build {this:.2f} ms ({(this / base - 1) * 100:+.1f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
