#!/usr/bin/env python3
"""Time to project piece embeddings for the Embeddings view: 8,000 pieces of 512 values (the bar:
≤ 10 s), and both tables of each bundled model, as the app computes them (PCA, then the 3-D
points), plus one nearest-neighbour search.

    python bench/embedding_projection.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import write_json  # noqa: E402
from models.bundled import bundled_models  # noqa: E402
from models.checkpoint import load_checkpoint  # noqa: E402
from models.inspection.embeddings import EmbeddingMap, embedding_map, project_3d  # noqa: E402
from models.translator import Translator  # noqa: E402


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def main() -> int:
    figures = {}
    vectors = np.random.default_rng(0).normal(size=(8000, 512)).astype(np.float32)
    (points, explained), seconds = timed(lambda: project_3d(vectors))
    figures["random_8000x512_s"] = round(seconds, 3)
    table = EmbeddingMap("source", [f"p{i}" for i in range(8000)], vectors, points, explained)
    _, seconds = timed(lambda: table.nearest(0, 10))
    figures["nearest_10_of_8000_ms"] = round(seconds * 1000, 2)
    for name, path in bundled_models().items():
        translator = Translator(load_checkpoint(path))
        for side in ("source", "target"):
            result, seconds = timed(lambda s=side, t=translator: embedding_map(t, s))
            figures[f"{name}_{side}_{len(result.pieces)}x{result.vectors.shape[1]}_s"] = round(seconds, 3)
    figures["bar_s"] = 10
    for key, value in figures.items():
        print(f"{key}: {value}")
    write_json("embedding_projection", figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
