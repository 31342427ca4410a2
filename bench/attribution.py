#!/usr/bin/env python3
"""What does explaining a translation cost? Each attribution method (models/inspection) on the
bundled en→fr model, for every output step of a 10-word sentence, against issue 27's targets:
saliency ≤ 150 ms, integrated gradients with 32 steps ≤ 1.5 s, occlusion ≤ 1 s. Then, with
--pairs N, the alignment scoreboard and the faithfulness curves on N gold-aligned pairs of
builtin:en-fr (their AER, precision, recall and areas, and what they cost).

    python bench/attribution.py [--repeats 5] [--ig-steps 32] [--pairs 20]

Writes bench/out/attribution.json (with the machine it ran on).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import write_json  # noqa: E402
from models.alignment import builtin_alignment_set  # noqa: E402
from models.checkpoint import load_checkpoint  # noqa: E402
from models.inspection import AttributionRequest, attribute, methods_for, prepare  # noqa: E402
from models.inspection.faithfulness import faithfulness  # noqa: E402
from models.inspection.scoreboard import alignment_by_signal  # noqa: E402
from models.translator import Translator  # noqa: E402

SENTENCE = "My sister would like to buy a red car tomorrow."  # 10 words
TARGETS_MS = {"saliency": 150, "integrated_gradients": 1500, "occlusion": 1000}


def timed(translator, sentence, request, repeats: int) -> dict:
    attribute(translator, request, sentence=sentence)  # warm-up
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = attribute(translator, request, sentence=sentence)
        times.append((time.perf_counter() - start) * 1000)
    entry = {"median_ms": round(statistics.median(times), 1), "min_ms": round(min(times), 1), "repeats": repeats}
    if result.completeness_error is not None:
        entry["completeness_error_max"] = round(float(result.completeness_error.max()), 4)
        entry["log_p_change_max"] = round(float(abs(result.log_probs - result.baseline_log_probs).max()), 4)
    target = TARGETS_MS.get(request.method)
    if target is not None:
        entry["target_ms"] = target
        entry["meets_target"] = entry["median_ms"] <= target
    return entry


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--ig-steps", type=int, default=32)
    parser.add_argument("--pairs", type=int, default=20, help="gold-aligned pairs for the scoreboard (0: none)")
    args = parser.parse_args()
    translator = Translator(load_checkpoint("default-en-fr"))
    sentence = prepare(translator, SENTENCE)
    figures: dict = {
        "model": "default-en-fr", "sentence": SENTENCE, "words": len(sentence.source_units),
        "source_pieces": len(sentence.source_pieces), "output": " ".join(sentence.target_units),
        "output_steps": sentence.steps, "ig_steps": args.ig_steps, "methods": {},
    }  # fmt: skip
    for method in methods_for(translator.model):
        request = AttributionRequest(SENTENCE, method.name, ig_steps=args.ig_steps)
        figures["methods"][method.name] = entry = timed(translator, sentence, request, args.repeats)
        print(f"{method.name:22s} {entry['median_ms']:8.1f} ms (min {entry['min_ms']:.1f})"
              + (f"  target {entry['target_ms']} ms: {'met' if entry['meets_target'] else 'MISSED'}"
                 if "target_ms" in entry else ""))  # fmt: skip
    for rows in (64, 128, 512):  # how integrated gradients' batch size weighs
        request = AttributionRequest(SENTENCE, "integrated_gradients", ig_steps=args.ig_steps, chunk_rows=rows)
        figures["methods"][f"integrated_gradients.chunk{rows}"] = entry = timed(translator, sentence, request, 3)
        print(f"integrated_gradients, {rows} rows a batch: {entry['median_ms']:.1f} ms")
    if args.pairs:
        pairs = builtin_alignment_set("builtin:en-fr", args.pairs)
        start = time.perf_counter()
        table = alignment_by_signal(translator, pairs, ig_steps=16)
        figures["alignment_by_signal"] = {"pairs": len(pairs), "ig_steps": 16,
                                          "seconds": round(time.perf_counter() - start, 2),
                                          "seconds_by_method": {k: round(v, 2) for k, v in table.seconds_by_method.items()},
                                          "scores": table.to_json()}  # fmt: skip
        for row in table.rows:
            print(
                f"  {row.signal:32s} AER {row.score.aer:6.1%}  P {row.score.precision:6.1%}  R {row.score.recall:6.1%}"
            )
        start = time.perf_counter()
        curves = faithfulness(translator, [p.source for p in pairs], ig_steps=16)
        figures["faithfulness"] = {**curves.to_json(), "seconds": round(time.perf_counter() - start, 2)}
        for curve in curves.curves:
            print(f"  {curve.signal:22s} drops {[round(d, 2) for d in curve.drops]}  area {curve.area:.3f}")
    path = write_json("attribution", figures)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
