#!/usr/bin/env python3
"""Train the bundled default model reproducibly and write resources/default-en-fr.s2s.

    python scripts/make_default_model.py [--minutes 5] [--out runs/default]

Uses the `default` preset on builtin:en-fr with a fixed seed, keeps the best checkpoint,
stores its weights as float16 (half the size; translations checked below) and prints the
test-split scores of the shipped file.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models.checkpoint import DEFAULT_MODEL, load_checkpoint, save_checkpoint  # noqa: E402
from models.cli import main as cli_main  # noqa: E402
from models.presets import PRESETS  # noqa: E402
from models.training import Evaluation, Trainer  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--out", default="runs/default")
    args = parser.parse_args()
    preset = PRESETS["default"]
    train = replace(preset.train, max_minutes=args.minutes, seed=1, threads=2,
                    probe_sentence="Friday, February 15, 2019")  # fmt: skip

    def report(event):
        if isinstance(event, Evaluation):
            print(f"step {event.step} ({event.elapsed_s:.0f} s): BLEU {event.bleu:.2f}, exact {event.exact_match:.1f}%",
                  flush=True)  # fmt: skip

    result = Trainer(args.out, "builtin:en-fr", replace(preset.model), replace(preset.tokenizer), train, report).run()
    if result.failed:
        print(result.failed, file=sys.stderr)
        return 1
    bundle = load_checkpoint(result.best_path)
    bundle.name = "default en→fr"
    DEFAULT_MODEL.parent.mkdir(parents=True, exist_ok=True)
    save_checkpoint(DEFAULT_MODEL, bundle, half=True)
    print(json.dumps(result.summary))
    print(f"wrote {DEFAULT_MODEL} ({DEFAULT_MODEL.stat().st_size / 1e6:.1f} MB)")
    return cli_main(["evaluate", "--model", str(DEFAULT_MODEL), "--corpus", "builtin:en-fr", "--json"])


if __name__ == "__main__":
    sys.exit(main())
