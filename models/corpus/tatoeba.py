"""The Tatoeba held-out splits the bundled models are trained and scored on.

The corpora live outside the project (../shared/data, CC-BY 2.0 FR: Tatoeba Project, tatoeba.org,
and www.manythings.org/anki); the split is made here, grouped by English sentence with seed 1, so
the training script and the benchmark agree on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from models.corpus.dataset import Corpus, load_corpus

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
SEED = 1
CREDIT = "Tatoeba Project (tatoeba.org) and www.manythings.org/anki, CC-BY 2.0 FR"


@dataclass(frozen=True)
class TatoebaSplit:
    file: str  # relative to ../shared/data
    pairs: int  # lines in the file
    test: int  # held-out English sentences
    dev: int
    sacrebleu_tokenize: str  # how BLEU splits the target language


SPLITS = {
    "en-fr": TatoebaSplit("tatoeba-eng-fra/eng-fra.tsv", 167_130, 2000, 500, "13a"),
    "en-zh": TatoebaSplit("tatoeba-eng-cmn/eng-cmn.tsv", 21_116, 1000, 300, "zh"),
}


def tatoeba_path(pair: str, shared: Path = SHARED_DATA) -> Path:
    return shared / SPLITS[pair].file


def tatoeba_split(pair: str, shared: Path = SHARED_DATA) -> Corpus:
    """Train/dev/test of the Tatoeba pairs of `pair`, split by English sentence (seed 1)."""
    split = SPLITS[pair]
    return load_corpus(str(tatoeba_path(pair, shared)), seed=SEED, test_size=split.test, dev_size=split.dev)
