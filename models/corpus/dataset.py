"""A corpus as the engine uses it: de-duplicated pairs split into train/dev/test by source."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from models.corpus.readers import SkipReport, moses_partner, read_moses, read_tsv
from models.errors import CorpusError

# Corpora made rather than read, by the prefix of their spec ("builtin:"): each source module
# registers its loader here (models/corpus/builtin), so this module never imports them.
CORPUS_SOURCES: dict[str, Callable[..., Corpus]] = {}

Pair = tuple[str, str]
MIN_HELD_OUT_SOURCES = 10  # below this, dev and test reuse the training pairs (and say so)


@dataclass
class CorpusStats:
    """What a person wants to know about a corpus before training on it."""

    pairs: int
    train: int
    dev: int
    test: int
    distinct_sources: int
    src_length_mean: float
    tgt_length_mean: float
    src_length_histogram: list[int]  # counts of pairs by source length (in src_length_unit), 1..N
    tgt_length_histogram: list[int]
    skipped: dict[str, int]
    kinds: dict[str, int] = field(default_factory=dict)  # built-in corpora: pairs per kind
    src_length_unit: str = "words"  # "characters" for scripts written without spaces (Chinese…)
    tgt_length_unit: str = "words"
    held_out: bool = True  # False: too few sentences, dev and test are training pairs

    @property
    def warning(self) -> str:
        if self.held_out:
            return ""
        return (f"only {self.distinct_sources} distinct source sentences (fewer than {MIN_HELD_OUT_SOURCES}): "
                "nothing can be held out, so dev and test scores are measured on training pairs")  # fmt: skip

    def describe(self) -> str:
        lines = [
            f"pairs: {self.pairs} (train {self.train}, dev {self.dev}, test {self.test})",
            f"distinct source sentences: {self.distinct_sources}",
            f"mean length: source {self.src_length_mean:.1f} {self.src_length_unit}, "
            f"target {self.tgt_length_mean:.1f} {self.tgt_length_unit}",
        ]
        if self.warning:
            lines.append("warning: " + self.warning)
        if self.kinds:
            lines.append("kinds: " + ", ".join(f"{k} {n}" for k, n in self.kinds.items()))
        skipped = ", ".join(f"{n} {reason}" for reason, n in self.skipped.items()) or "nothing"
        lines.append(f"skipped: {skipped}")
        return "\n".join(lines)


@dataclass
class Corpus:
    name: str
    train: list[Pair]
    dev: list[Pair]
    test: list[Pair]
    skipped: SkipReport
    kinds: dict[str, int] = field(default_factory=dict)

    @property
    def all_pairs(self) -> list[Pair]:
        return self.train + self.dev + self.test

    def stats(self) -> CorpusStats:
        pairs = self.all_pairs
        src_unit = length_unit([s for s, _ in pairs])
        tgt_unit = length_unit([t for _, t in pairs])
        src_len = np.array([sentence_length(s, src_unit) for s, _ in pairs])
        tgt_len = np.array([sentence_length(t, tgt_unit) for _, t in pairs])
        return CorpusStats(
            pairs=len(pairs),
            train=len(self.train),
            dev=len(self.dev),
            test=len(self.test),
            distinct_sources=len({s for s, _ in pairs}),
            src_length_mean=float(src_len.mean()),
            tgt_length_mean=float(tgt_len.mean()),
            src_length_histogram=np.bincount(src_len).tolist()[1:],
            tgt_length_histogram=np.bincount(tgt_len).tolist()[1:],
            skipped=dict(self.skipped.counts),
            kinds=dict(self.kinds),
            src_length_unit=src_unit,
            tgt_length_unit=tgt_unit,
            held_out=not set(self.train) & set(self.dev),
        )


def _unspaced_script(ch: str) -> bool:
    """CJK ideographs, kana, Thai, Lao, Khmer, Myanmar, Tibetan: written without spaces between words."""
    o = ord(ch)
    return (
        0x3040 <= o <= 0x30FF or 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF
        or 0x0E00 <= o <= 0x0EFF or 0x1000 <= o <= 0x109F or 0x1780 <= o <= 0x17FF or 0x0F00 <= o <= 0x0FFF
    )  # fmt: skip


def length_unit(sentences: list[str], sample: int = 2000) -> str:
    """'characters' when most letters of a side are of a script without spaces, else 'words'."""
    letters = unspaced = 0
    for sentence in sentences[:sample]:
        for ch in sentence:
            if ch.isalpha():
                letters += 1
                unspaced += _unspaced_script(ch)
    return "characters" if letters and unspaced / letters > 0.5 else "words"


def sentence_length(sentence: str, unit: str) -> int:
    if unit == "characters":
        return sum(1 for ch in sentence if not ch.isspace())
    return len(sentence.split())


def clean_pairs(pairs: list[Pair], skipped: SkipReport, max_words: int) -> list[Pair]:
    """Drop exact duplicates and over-long pairs, counting both."""
    seen: set[Pair] = set()
    kept = []
    for pair in pairs:
        if pair in seen:
            skipped.add("duplicate pair")
            continue
        seen.add(pair)
        if len(pair[0].split()) > max_words or len(pair[1].split()) > max_words:
            skipped.add(f"longer than {max_words} words")
            continue
        kept.append(pair)
    return kept


def split_by_source(
    pairs: list[Pair], dev_size: int, test_size: int, seed: int
) -> tuple[list[Pair], list[Pair], list[Pair]]:
    """Split so that a source sentence never appears in two splits.

    dev and test keep one (the first) translation per source, as references; train keeps all.
    Sizes count source sentences. With fewer than 10 sources there is nothing to hold out, so
    dev and test reuse the training pairs (useful for toy corpora; the stats say so).
    """
    groups: dict[str, list[str]] = defaultdict(list)
    for src, tgt in pairs:
        groups[src].append(tgt)
    keys = sorted(groups)
    if len(keys) < MIN_HELD_OUT_SOURCES:
        first = [(k, groups[k][0]) for k in keys]
        return list(pairs), first, first
    random.Random(seed).shuffle(keys)
    test_size = min(test_size, max(1, len(keys) // 10))
    dev_size = min(dev_size, max(1, len(keys) // 10))
    test_keys, dev_keys = keys[:test_size], keys[test_size : test_size + dev_size]
    train_keys = set(keys[test_size + dev_size :])
    train = [(s, t) for s, t in pairs if s in train_keys]
    dev = [(k, groups[k][0]) for k in dev_keys]
    test = [(k, groups[k][0]) for k in test_keys]
    return train, dev, test


def read_file_spec(spec: str, skipped: SkipReport) -> list[Pair]:
    """Pairs of a TSV file, or of two aligned files given as `A.src,B.tgt` (or `x.src` beside `x.tgt`)."""
    if "," in spec and not Path(spec).exists():
        src_path, tgt_path = spec.split(",", 1)
        return read_moses(src_path, tgt_path, skipped)
    path = Path(spec)
    partner = moses_partner(path) if path.suffix else None
    if partner is not None:
        return read_moses(path, partner, skipped)
    return read_tsv(path, skipped)


def load_corpus(
    spec: str,
    *,
    max_words: int = 50,
    dev_size: int = 500,
    test_size: int = 2000,
    seed: int = 1,
    progress=None,
) -> Corpus:
    """Load `builtin:<pair>` (or another registered source), a TSV file, or two aligned files
    given as `A.src,B.tgt`."""
    for prefix, load in CORPUS_SOURCES.items():
        if spec.startswith(prefix):
            return load(spec.removeprefix(prefix), progress=progress)
    skipped = SkipReport()
    pairs = read_file_spec(spec, skipped)
    pairs = clean_pairs(pairs, skipped, max_words)
    if not pairs:
        raise CorpusError(f"no pairs are left after filtering ({skipped.describe()})", spec)
    train, dev, test = split_by_source(pairs, dev_size, test_size, seed)
    return Corpus(name=Path(spec.split(",")[0]).name, train=train, dev=dev, test=test, skipped=skipped)


def load_pairs_for_evaluation(spec: str, max_words: int = 1000) -> list[Pair]:
    """Pairs to score: a built-in corpus's held-out test split, or the whole of a file."""
    if spec.startswith(tuple(CORPUS_SOURCES)):
        return load_corpus(spec).test
    skipped = SkipReport()
    return clean_pairs(read_file_spec(spec, skipped), skipped, max_words)
