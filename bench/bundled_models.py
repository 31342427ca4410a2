#!/usr/bin/env python3
"""Scores, speed and size of the bundled models, measured from the shipped files.

    python bench/bundled_models.py [--model default-en-fr] [--sentences 200]

For each bundled model: greedy BLEU and chrF (sacrebleu; the `zh` tokenizer for Chinese) on its
Tatoeba test split (models/corpus/tatoeba.py: grouped by English sentence, seed 1), exact match
on its built-in corpus's test split, batch-1 latency of ~10-word Tatoeba test sentences (greedy
and beam 5, tokenisation included) and the file's size. Bars of the everyday English→French model:
BLEU ≥ 40, chrF ≥ 58, built-in exact match ≥ 90%, greedy ≤ 6 ms, beam 5 ≤ 12 ms, ≤ 25 MB.
Needs ../shared/data; exits 2 without it.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import torch  # noqa: E402

from bench.common import latency_ms, write_json  # noqa: E402
from models.bundled import bundled_models, language_pair  # noqa: E402
from models.checkpoint import load_checkpoint  # noqa: E402
from models.config import DecodeConfig  # noqa: E402
from models.corpus import load_corpus  # noqa: E402
from models.corpus.tatoeba import SPLITS, tatoeba_path, tatoeba_split  # noqa: E402
from models.metrics import score_translations  # noqa: E402
from models.translator import Translator  # noqa: E402


def measure(name: str, path: Path, sentences: int) -> dict:
    pair = language_pair(name)
    translator = Translator(load_checkpoint(path))
    test = tatoeba_split(pair).test
    start = time.perf_counter()
    hypotheses = translator.translate_batch([s for s, _ in test])
    seconds = time.perf_counter() - start
    tatoeba = score_translations(hypotheses, [t for _, t in test], tokenize=SPLITS[pair].sacrebleu_tokenize)
    builtin_test = load_corpus(f"builtin:{pair}").test
    builtin = score_translations(translator.translate_batch([s for s, _ in builtin_test]), [t for _, t in builtin_test],
                                 tokenize=SPLITS[pair].sacrebleu_tokenize)  # fmt: skip
    texts = [s for s, _ in test if 8 <= len(s.split()) <= 12][:sentences]
    return {
        "model": name,
        "file_mb": round(path.stat().st_size / 1e6, 1),
        "tatoeba_test_sentences": len(test),
        "tatoeba_bleu_greedy": round(tatoeba["bleu"], 2),
        "tatoeba_chrf_greedy": round(tatoeba["chrf"], 2),
        "tatoeba_batched_greedy_s": round(seconds, 2),
        "builtin_exact_match": round(builtin["exact_match"], 2),
        "builtin_bleu": round(builtin["bleu"], 2),
        "latency_greedy": latency_ms(lambda s: translator.translate(s, DecodeConfig()), texts),
        "latency_beam5": latency_ms(lambda s: translator.translate(s, DecodeConfig(method="beam", beam_size=5)), texts),
        "examples": {s: translator.translate(s).text for s in EXAMPLES},
    }


EXAMPLES = ["How are you?", "I like cats.", "I have 25 euros.", "Where is the station?", "Friday, February 15, 2019"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", action="append", help="a bundled model's name (default: all)")
    parser.add_argument("--sentences", type=int, default=200)
    args = parser.parse_args()
    torch.set_num_threads(2)
    models = bundled_models()
    names = args.model or list(models)
    missing = [n for n in names if not tatoeba_path(language_pair(n)).exists()]
    if missing:
        print(
            f"cannot run: the Tatoeba corpora of {', '.join(missing)} are absent from ../shared/data", file=sys.stderr
        )
        return 2
    for name in names:
        figures = measure(name, models[name], args.sentences)
        write_json(f"bundled-{name}", figures)
        g, b = figures["latency_greedy"], figures["latency_beam5"]
        print(f"{name}: Tatoeba test ({figures['tatoeba_test_sentences']}) BLEU {figures['tatoeba_bleu_greedy']}, "
              f"chrF {figures['tatoeba_chrf_greedy']}; built-in exact match {figures['builtin_exact_match']}%; "
              f"greedy {g['median_ms']} ms (p95 {g['p95_ms']}), beam 5 {b['median_ms']} ms (p95 {b['p95_ms']}); "
              f"{figures['file_mb']} MB", flush=True)  # fmt: skip
        for source, output in figures["examples"].items():
            print(f"    {source} → {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
