"""Checks against the real development corpus; skipped where ../shared is absent."""

import pytest

from models.corpus.readers import SkipReport, read_tsv
from tests.conftest import SHARED_TATOEBA

pytestmark = pytest.mark.skipif(not SHARED_TATOEBA.exists(), reason="../shared/data/tatoeba-eng-fra is absent")


def test_real_pairs_read_and_normalised(tmp_path):
    head = SHARED_TATOEBA.read_text(encoding="utf-8").splitlines()[:20_000]
    sample = tmp_path / "head.tsv"
    sample.write_text("\n".join(head) + "\n", encoding="utf-8")
    pairs = read_tsv(sample, SkipReport())
    assert len(pairs) == 20_000
    assert not any("\u202f" in t or "\u00a0" in t for _, t in pairs)
