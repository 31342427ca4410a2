#!/usr/bin/env python3
"""Disk taken by a run's snapshots: trains the `ref` preset for --minutes (10 by default) on the
Tatoeba eng-fra split (builtin:en-fr when the shared data is absent) and prints how many
snapshots the run kept, their size and the bound. The bar: ≤ 100 MB for a 10-minute ref run.

    python bench/snapshot_disk.py [--minutes 10]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import write_json  # noqa: E402

TATOEBA = ROOT.parent / "shared" / "data" / "tatoeba-eng-fra" / "eng-fra.tsv"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=10.0)
    args = parser.parse_args()
    from models.presets import PRESETS
    from models.snapshots import list_snapshots, snapshot_folder
    from models.training import Trainer

    preset = PRESETS["ref"]
    corpus = "builtin:en-fr"
    if TATOEBA.exists():
        from models.corpus.tatoeba import tatoeba_split

        corpus = tatoeba_split("en-fr")
    train = replace(preset.train, max_minutes=args.minutes)
    out = Path(tempfile.mkdtemp(prefix="s2s-snapshots-")) / "ref"
    result = Trainer(out, corpus, replace(preset.model), replace(preset.tokenizer), train).run()
    files = list(snapshot_folder(out).glob("step-*.safetensors"))
    total = sum(p.stat().st_size for p in files)
    figures = {
        "corpus": corpus if isinstance(corpus, str) else corpus.name,
        "minutes": args.minutes,
        "steps": result.summary.steps,
        "snapshots": len(files),
        "snapshot_steps": [s.step for s in list_snapshots(out)],
        "snapshot_mb": round(total / max(1, len(files)) / 2**20, 2),
        "total_mb": round(total / 2**20, 1),
        "bound_mb": train.snapshot_megabytes,
        "bar_mb": 100,
    }
    print(json.dumps(figures))
    write_json("snapshot_disk", figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
