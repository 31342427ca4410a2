#!/usr/bin/env python3
"""Batch-1 translation latency of a saved model, and where the time goes.

    python bench/decoding_latency.py [--model PATH] [--explain]

Translates ~10-word sentences one at a time (tokenisation included), greedy and beam 5, and
prints median and p95. The model defaults to the reference run's (bench/tatoeba_reference.py);
sentences come from the Tatoeba test split, or the built-in corpus when that is absent.
--explain adds the parts of one translation (tokenise, encode, one decoder step) and the matrix
products of the decoder's shapes on each kernel the numpy path chooses between
(models/fast/numpy_kernels.py), for this machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from bench.common import OUT, latency_ms  # noqa: E402
from models.checkpoint import DEFAULT_MODEL, load_checkpoint  # noqa: E402
from models.config import DecodeConfig  # noqa: E402
from models.fast.numpy_kernels import _pack  # noqa: E402
from models.translator import Translator  # noqa: E402


def median_us(fn, repeats: int = 500) -> float:
    for _ in range(20):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return round(statistics.median(times) * 1e6, 1)


def sentences(limit: int) -> list[str]:
    test = OUT / "tatoeba-split" / "test.src"
    if test.exists():
        lines = test.read_text(encoding="utf-8").splitlines()
    else:
        from models.corpus.builtin import load_builtin

        lines = [src for src, _ in load_builtin("en-fr").test]
    return [s for s in lines if 8 <= len(s.split()) <= 12][:limit]


def time_products(weight: torch.Tensor, rows: int) -> dict:
    """x (rows, in) times an (out, in) weight on each kernel models/fast chooses between."""
    packed, weight_t = _pack(weight), np.ascontiguousarray(weight.numpy().T)
    x = torch.randn(rows, weight.size(1))
    x_np = x.numpy()
    row = {"torch_us": median_us(lambda: x @ weight.t()), "numpy_openblas_us": median_us(lambda: x_np @ weight_t)}
    if packed is not None:
        row["onednn_packed_us"] = median_us(lambda: torch.ops.mkldnn._linear_pointwise(x, packed, None, "none", [], ""))
    return row


def explain(translator: Translator, text: str) -> dict:
    model = translator.model
    src, lengths, _ = translator._encode(text)
    parts = {"tokenise_us": median_us(lambda: translator._encode(text))}
    with torch.no_grad():
        parts["encode_us"] = median_us(lambda: model.encode(src, lengths))
        enc, state = model.encode(src, lengths)
        token = torch.tensor([5])
        parts["decoder_step_us"] = median_us(lambda: model.decode_step(token, enc, state))
    products = {}
    decoder = model.decoder
    for name, weight in (("output", decoder.output.weight), ("recurrent", decoder.rnn.weight_hh_l0)):
        for rows in (1, 5):
            products[f"{name} {tuple(weight.shape[::-1])} x{rows}"] = time_products(weight.detach(), rows)
    return {"parts": parts, "products": products}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=str(OUT / "run-ref" / "model-only.s2s"))
    parser.add_argument("--sentences", type=int, default=200)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(2)
    path = Path(args.model) if Path(args.model).exists() else DEFAULT_MODEL
    translator = Translator(load_checkpoint(path))
    texts = sentences(args.sentences)
    figures = {
        "model": str(path),
        "latency_greedy": latency_ms(lambda s: translator.translate(s, DecodeConfig()), texts),
        "latency_beam5": latency_ms(lambda s: translator.translate(s, DecodeConfig(method="beam", beam_size=5)), texts),
    }
    if args.explain:
        figures.update(explain(translator, texts[0]))
    print(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
