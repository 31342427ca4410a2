#!/usr/bin/env python3
"""Training throughput of this build against another commit, side by side: the two take turns,
in fresh processes, so that both see the same hour of a machine whose speed drifts.

    python bench/training_ab.py --base COMMIT [--preset ref] [--steps 300] [--rounds 3]

Each round trains the same preset for the same steps with the same seed on the Tatoeba en→fr
split, first with the other commit's tree (a temporary git worktree), then with this one, through
each tree's own `train` command, and reads the target tokens per second of the training steps
(`step_tokens_per_s` of `--json`: evaluations and saving left out). At the end: each side's median
over the rounds and this build's change. Both train in fp32.
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

from bench.common import write_json  # noqa: E402
from models.corpus.tatoeba import tatoeba_path  # noqa: E402


def train(tree: Path, corpus: Path, preset: str, steps: int, out: Path) -> dict:
    command = [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(tree)!r}); from models.cli import main; "
               "sys.exit(main())", "train", "--corpus", str(corpus), "--preset", preset, "--steps", str(steps),
               "--eval-every", str(10 * steps), "--seed", "1", "--threads", "2", "--out", str(out), "--json"]  # fmt: skip
    if "--precision" in (tree / "models" / "cli.py").read_text(encoding="utf-8"):
        command += ["--precision", "fp32"]  # both sides in fp32: `auto` may pick bf16 where the base had no choice
    done = subprocess.run(command, cwd=tree, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"training in {tree} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, help="the commit to compare with (any git revision)")
    parser.add_argument("--preset", default="ref")
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    corpus = tatoeba_path("en-fr")
    if not corpus.exists():
        print(f"cannot run: {corpus} is absent", file=sys.stderr)
        return 2
    runs: dict[str, list[dict]] = {"base": [], "this": []}
    with tempfile.TemporaryDirectory(prefix="training-ab-") as scratch:
        base_tree = Path(scratch) / "base"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(base_tree), args.base],
                       check=True, capture_output=True)  # fmt: skip
        try:
            for round_ in range(1, args.rounds + 1):
                for side, tree in (("base", base_tree), ("this", ROOT)):
                    summary = train(tree, corpus, args.preset, args.steps, Path(scratch) / f"{side}-{round_}")
                    runs[side].append(summary)
                    print(f"round {round_} {side:>4}: {summary['step_tokens_per_s']:,.0f} target tokens/s",
                          flush=True)  # fmt: skip
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base_tree)], check=False)
    base = statistics.median(r["step_tokens_per_s"] for r in runs["base"])
    this = statistics.median(r["step_tokens_per_s"] for r in runs["this"])
    change = (this / base - 1) * 100
    print(
        f"{args.preset}, {args.steps} steps: {args.base} {base:,.0f} tokens/s, this build {this:,.0f} ({change:+.1f}%)"
    )
    figures = {"base": args.base, "preset": args.preset, "steps": args.steps, "rounds": args.rounds,
               "base_tokens_per_s": base, "this_tokens_per_s": this, "change_percent": round(change, 1),
               "rounds_base": [r["step_tokens_per_s"] for r in runs["base"]],
               "rounds_this": [r["step_tokens_per_s"] for r in runs["this"]]}  # fmt: skip
    print(f"wrote {write_json(f'training-ab-{args.preset}', figures)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
