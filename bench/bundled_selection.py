#!/usr/bin/env python3
"""Was each bundled model chosen by the right dev score?

    python bench/bundled_selection.py

For each bundled model: the dev BLEU its training recorded at each evaluation (stored in the
file), the evaluation it was packaged from, and the dev BLEU a fresh translator gives the shipped
file on the same Tatoeba dev split. The shipped weights are float16, so a small difference is
rounding; a large one means the run's evaluations scored other weights than it saved, and the
best checkpoint was picked by a wrong number. Needs the shared Tatoeba corpora.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import write_json  # noqa: E402
from models.bundled import bundled_models, language_pair  # noqa: E402
from models.checkpoint import load_checkpoint  # noqa: E402
from models.corpus.tatoeba import tatoeba_path, tatoeba_split  # noqa: E402
from models.metrics import bleu_tokenizer, score_translations  # noqa: E402
from models.training.history import RunHistory  # noqa: E402
from models.translator import Translator  # noqa: E402


def check(name: str) -> dict:
    """One bundled model; its language pair ends its name (default-transformer-en-fr: en-fr)."""
    pair = language_pair(name)
    bundle = load_checkpoint(bundled_models()[name])
    evaluations = RunHistory.from_json(bundle.history).evaluations
    dev = tatoeba_split(pair).dev[: bundle.train_config.eval_sentences]
    references = [t for _, t in dev]
    hypotheses = Translator(bundle).translate_batch([s for s, _ in dev])
    fresh = score_translations(hypotheses, references, tokenize=bleu_tokenizer(references))
    best = max(evaluations, key=lambda e: e.bleu)
    return {
        "model": name,
        "recorded_dev_bleu": [[e.step, e.bleu] for e in evaluations],
        "packaged_from_step": evaluations[-1].step,
        "best_recorded": [best.step, best.bleu],
        "recorded_at_packaged_step": evaluations[-1].bleu,
        "fresh_dev_bleu_of_shipped_file": round(fresh["bleu"], 2),
        "recorded_chrf_at_packaged_step": evaluations[-1].chrf,
        "fresh_dev_chrf_of_shipped_file": round(fresh["chrf"], 2),
        "dev_sentences": len(dev),
    }


def main() -> int:
    results = []
    for name in bundled_models():
        pair = language_pair(name)
        if not tatoeba_path(pair).exists():
            print(f"skipped {name}: {tatoeba_path(pair)} is absent", file=sys.stderr)
            continue
        result = check(name)
        results.append(result)
        print(json.dumps(result))
    if results:
        print(f"written to {write_json('bundled-selection', {'models': results})}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
