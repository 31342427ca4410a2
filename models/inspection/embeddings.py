"""A model's piece embeddings: projected to 3-D for drawing, and searched by cosine similarity.

The projection is PCA (an SVD of the centred embedding table): exact, deterministic, and fast
enough for every vocabulary here (8,000 pieces of 512 values in well under a second), so no
iterative method (t-SNE, UMAP) is needed to draw them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from models.inspection.registry import analysis
from models.translator import Translation, Translator

SIDES = ("source", "target")


@dataclass
class EmbeddingMap:
    side: str  # source | target
    pieces: list[str]
    vectors: np.ndarray  # (V, E) the embedding table
    points: np.ndarray  # (V, 3) coordinates on the first three principal components
    explained: tuple[float, ...]  # share of the variance each component keeps

    def index_of(self, text: str) -> int | None:
        """The piece for a typed word: the piece itself, or the word-start piece ▁word."""
        text = text.strip()
        for candidate in (text, "▁" + text, text.lower(), "▁" + text.lower()):
            if candidate in self._lookup:
                return self._lookup[candidate]
        return None

    def nearest(self, index: int, count: int = 10) -> list[tuple[int, float]]:
        """The `count` pieces closest to piece `index` by cosine similarity in the full space."""
        similarity = self._unit @ self._unit[index]  # (V,)
        similarity[index] = -np.inf
        order = np.argpartition(-similarity, min(count, len(similarity) - 1))[:count]
        order = order[np.argsort(-similarity[order])]
        return [(int(i), float(similarity[i])) for i in order]

    def __post_init__(self) -> None:
        self._lookup = {piece: i for i, piece in enumerate(self.pieces)}
        norms = np.linalg.norm(self.vectors, axis=1, keepdims=True)
        self._unit = self.vectors / np.maximum(norms, 1e-12)


def project_3d(vectors: np.ndarray) -> tuple[np.ndarray, tuple[float, ...]]:
    """(V, E) → (V, 3) on the first three principal components, and their shares of the variance."""
    vectors = np.asarray(vectors, dtype=np.float64)
    centred = vectors - vectors.mean(axis=0)
    _, singular, components = np.linalg.svd(centred, full_matrices=False)
    points = centred @ components[:3].T
    if points.shape[1] < 3:
        points = np.pad(points, ((0, 0), (0, 3 - points.shape[1])))
    variance = singular**2
    share = variance / max(float(variance.sum()), 1e-12)
    return points.astype(np.float32), tuple(float(s) for s in share[:3])


def embedding_map(translator: Translator, side: str) -> EmbeddingMap:
    if side not in SIDES:
        raise ValueError(f"side must be one of {SIDES}, not {side!r}")
    model = translator.model
    embedding = model.embedding_table(side)
    tokenizer = translator.source_tokenizer if side == "source" else translator.target_tokenizer
    vectors = embedding.weight.detach().float().numpy().copy()  # (V, E)
    pieces = tokenizer.ids_to_pieces(range(vectors.shape[0]))
    points, explained = project_3d(vectors)
    return EmbeddingMap(side, pieces, vectors, points, explained)


@dataclass(frozen=True)
class EmbeddingsRequest:
    """One side's piece embeddings, projected (the translation marks its own pieces among them)."""

    side: str  # one of SIDES

    def __post_init__(self):
        if self.side not in SIDES:
            raise ValueError(f"side must be one of {SIDES}, not {self.side!r}")


@analysis(EmbeddingsRequest)
def embeddings_of(translator: Translator, translation: Translation, request: EmbeddingsRequest, steps) -> EmbeddingMap:
    return embedding_map(translator, request.side)
