"""The data an experiment trains and measures on: a slice of a built-in corpus (always there, and
learnt quickly: dates, amounts, numbers written out), or of the Tatoeba split of the language pair
where ../shared/data holds it (else the built-in corpus of the pair stands in).

The training slice is small so a run learns something in a minute; the measured sentences
are drawn evenly from each source-length bucket (models.metrics.LENGTH_BUCKETS), so the long
buckets are not left with a handful of sentences. They come from the held-out test split and
from the training pairs left out of the slice whose source sentence the slice does not hold.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from models.corpus.dataset import Corpus, length_unit, load_corpus, sentence_length
from models.corpus.readers import SkipReport
from models.corpus.tatoeba import tatoeba_path, tatoeba_split
from models.metrics import LENGTH_BUCKETS, length_bucket

Pair = tuple[str, str]
SEED = 1
TRAIN_PAIRS = 40_000
DEV_PAIRS = 200
TEST_PER_BUCKET = 60


@dataclass
class ExperimentData:
    name: str  # where the pairs come from, e.g. "Tatoeba eng-fra (40,000 training pairs)"
    source: str  # "tatoeba" or "builtin"
    train: list[Pair]
    dev: list[Pair]
    test: list[Pair]  # length-stratified, none of their sources trained on
    held_out: list[Pair]  # the corpus's own test split (held out of every model trained on it)

    def corpus(self) -> Corpus:
        """The training corpus the trainer reads (dev for its evaluations; test is the experiment's)."""
        return Corpus(self.name, self.train, self.dev, self.test, SkipReport())


def experiment_data(
    spec: str = "builtin:en-fr", train_pairs: int | None = None, test_per_bucket: int | None = None
) -> ExperimentData:
    """`builtin:PAIR`, `tatoeba:PAIR` (its built-in corpus where the shared data is absent), or a
    corpus file (models.corpus.load_corpus)."""
    train_pairs = train_pairs or TRAIN_PAIRS
    test_per_bucket = test_per_bucket or TEST_PER_BUCKET
    kind, _, pair = spec.partition(":")
    if kind == "tatoeba" and tatoeba_path(pair).is_file():
        corpus, source = tatoeba_split(pair), "tatoeba"
        name = f"Tatoeba {pair}"
    elif kind in ("tatoeba", "builtin"):
        corpus, source = load_corpus(f"builtin:{pair}"), "builtin"
        name = f"builtin:{pair}"
    else:
        corpus, source = load_corpus(spec), "file"
        name = corpus.name
    rng = random.Random(SEED)
    train = rng.sample(corpus.train, min(train_pairs, len(corpus.train)))
    seen = {s for s, _ in train}
    spare = [(s, t) for s, t in corpus.train if s not in seen]
    tested = {s for s, _ in corpus.test}
    pool = corpus.test + [p for p in spare if p[0] not in tested]
    test = stratified(pool, test_per_bucket, rng)
    return ExperimentData(name, source, train, corpus.dev[:DEV_PAIRS], test, corpus.test)


def stratified(pairs: list[Pair], per_bucket: int, rng: random.Random) -> list[Pair]:
    """At most `per_bucket` pairs of each source-length bucket (one pair per source sentence)."""
    unit = length_unit([s for s, _ in pairs])
    by_bucket: list[list[Pair]] = [[] for _ in LENGTH_BUCKETS]
    taken: set[str] = set()
    for source, target in pairs:
        if source not in taken:
            taken.add(source)
            by_bucket[length_bucket(sentence_length(source, unit))].append((source, target))
    chosen: list[Pair] = []
    for members in by_bucket:
        chosen += rng.sample(members, min(per_bucket, len(members)))
    return chosen
