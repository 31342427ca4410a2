"""The Tatoeba held-out splits the bundled models are trained and scored on.

The corpora live outside the project (../shared/data, CC-BY 2.0 FR: Tatoeba Project, tatoeba.org,
and www.manythings.org/anki); the split is made here, grouped by English sentence with seed 1, so
the training script and the benchmark agree on it. The Chinese side of eng-cmn mixes Simplified and
Traditional characters; it is converted to Simplified (OpenCC) in every split, so a model learns
one script and is scored in it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from models.corpus.dataset import Corpus, load_corpus
from models.corpus.text import chinese_script

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
    simplified_target: bool = False  # Chinese targets converted to Simplified


SPLITS = {
    "en-fr": TatoebaSplit("tatoeba-eng-fra/eng-fra.tsv", 167_130, 2000, 500, "13a"),
    "en-zh": TatoebaSplit("tatoeba-eng-cmn/eng-cmn.tsv", 21_116, 1000, 300, "zh", simplified_target=True),
}


def tatoeba_path(pair: str, shared: Path = SHARED_DATA) -> Path:
    return shared / SPLITS[pair].file


def tatoeba_split(pair: str, shared: Path = SHARED_DATA) -> Corpus:
    """Train/dev/test of the Tatoeba pairs of `pair`, split by English sentence (seed 1)."""
    split = SPLITS[pair]
    corpus = load_corpus(str(tatoeba_path(pair, shared)), seed=SEED, test_size=split.test, dev_size=split.dev)
    if split.simplified_target:
        # Pairs that differed only by script become one.
        simplified = lambda pairs: list(dict.fromkeys((s, chinese_script(t)) for s, t in pairs))  # noqa: E731
        corpus = replace(
            corpus, train=simplified(corpus.train), dev=simplified(corpus.dev), test=simplified(corpus.test)
        )
    return corpus
