"""Piece embeddings: the projection is a PCA, neighbours are by cosine in the full space."""

import numpy as np
import pytest

from models.checkpoint import load_checkpoint
from models.inspection.embeddings import embedding_map, project_3d
from models.translator import Translator


def test_map_of_a_model_finds_words_and_their_neighbours(toy_model_path):
    translator = Translator(load_checkpoint(toy_model_path))
    source = embedding_map(translator, "source")
    table = translator.model.encoder.embedding.weight.detach().numpy()
    assert source.vectors.shape == table.shape and np.allclose(source.vectors, table)
    assert source.points.shape == (table.shape[0], 3) and sum(source.explained) <= 1.0 + 1e-6
    red = source.index_of("red")
    assert red is not None and source.pieces[red] == "▁red"
    neighbours = source.nearest(red, 5)
    unit = table / np.maximum(np.linalg.norm(table, axis=1, keepdims=True), 1e-12)  # the padding row is 0
    best = np.argsort(-(unit @ unit[red]))[1:6]  # itself first, then the five closest
    assert [i for i, _ in neighbours] == list(best)
    assert all(a >= b for (_, a), (_, b) in zip(neighbours, neighbours[1:]))
    assert embedding_map(translator, "target").index_of("voiture") is not None
    assert source.index_of("zebra") is None
    with pytest.raises(ValueError):
        embedding_map(translator, "middle")


def test_projection_of_points_in_a_plane_keeps_the_plane():
    rng = np.random.default_rng(1)
    plane = rng.normal(size=(500, 2)) @ rng.normal(size=(2, 64))
    points, explained = project_3d(plane)
    assert explained[0] + explained[1] > 0.999 and np.allclose(points[:, 2], 0, atol=1e-3)
