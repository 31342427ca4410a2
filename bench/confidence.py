#!/usr/bin/env python3
"""Where a bundled model's outputs fall against the low-confidence mark of the Translate tab
(models/translator.py: LOW_CONFIDENCE_LOG_PROB, average log-probability per output piece).

    python bench/confidence.py [--model default-en-fr]

Prints, for the model's Tatoeba test split (greedy) the share of outputs below the mark and the
5th percentile, and for ten inputs from other domains (biology, physics, software, law,
economics, gibberish) each one's score: the mark should pass the first and catch the second.
Needs ../shared/data; exits 2 without it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from bench.common import write_json  # noqa: E402
from models.bundled import bundled_models, language_pair  # noqa: E402
from models.checkpoint import load_checkpoint  # noqa: E402
from models.corpus.tatoeba import tatoeba_path, tatoeba_split  # noqa: E402
from models.translator import LOW_CONFIDENCE_LOG_PROB, Translator  # noqa: E402

OTHER_DOMAINS = [
    "Mitochondrial DNA is inherited through the maternal germline.",
    "The eigenvalues of a Hermitian operator are real.",
    "Refactor the dependency injection container before the release branch is cut.",
    "The lessee shall indemnify the lessor against all third-party claims.",
    "Quantitative easing lowered long-term sovereign bond yields.",
    "Photosynthesis converts photons into chemical potential in chloroplasts.",
    "The kernel panicked after a null pointer dereference in the driver.",
    "Heteroskedasticity invalidates the ordinary least squares standard errors.",
    "Blorf snazzle quibbit wuzzle frampton glix.",
    "Superconducting qubits decohere within microseconds.",
]


def measure(name: str, path: Path) -> dict:
    translator = Translator(load_checkpoint(path))
    test = [s for s, _ in tatoeba_split(language_pair(name)).test]
    in_domain = np.array([translator.translate(s).best.mean_log_prob for s in test])
    other = {s: round(translator.translate(s).best.mean_log_prob, 3) for s in OTHER_DOMAINS}
    return {
        "model": name,
        "mark": LOW_CONFIDENCE_LOG_PROB,
        "tatoeba_test_sentences": len(test),
        "tatoeba_below_mark_percent": round(100 * float((in_domain < LOW_CONFIDENCE_LOG_PROB).mean()), 1),
        "tatoeba_5th_percentile": round(float(np.percentile(in_domain, 5)), 3),
        "other_domains": other,
        "other_domains_below_mark": sum(v < LOW_CONFIDENCE_LOG_PROB for v in other.values()),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", action="append", help="a bundled model's name (default: all)")
    args = parser.parse_args()
    torch.set_num_threads(2)
    models = bundled_models()
    names = args.model or list(models)
    if any(not tatoeba_path(language_pair(n)).exists() for n in names):
        print("cannot run: a Tatoeba corpus is absent from ../shared/data", file=sys.stderr)
        return 2
    for name in names:
        figures = measure(name, models[name])
        write_json(f"confidence-{name}", figures)
        scores = figures["other_domains"].values()
        print(f"{name}: mark {figures['mark']}; Tatoeba test ({figures['tatoeba_test_sentences']}): "
              f"{figures['tatoeba_below_mark_percent']}% below, 5th percentile {figures['tatoeba_5th_percentile']}; "
              f"other domains {min(scores)} to {max(scores)}, "
              f"{figures['other_domains_below_mark']} of {len(scores)} below")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
