"""Built-in corpora: English→French/German/Spanish/Chinese phrase pairs generated offline.

Generation is deterministic (seeded), takes a few seconds, and is cached in the user's cache
folder; nothing generated is shipped with the project.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

from models.corpus.builtin import kinds
from models.corpus.dataset import CORPUS_SOURCES, Corpus, split_by_source
from models.corpus.readers import SkipReport, file_lines
from models.errors import CorpusError

LANGUAGES = {"en-fr": "fr", "en-de": "de", "en-es": "es", "en-zh": "zh"}
GENERATOR_VERSION = 1
DEFAULT_SIZE = 120_000
SEED = 2019
DEV_SIZE, TEST_SIZE = 500, 2000


def cache_dir() -> Path:
    base = os.environ.get("SEQ2SEQ_STUDIO_CACHE") or os.environ.get("XDG_CACHE_HOME")
    root = Path(base) if base else Path.home() / ".cache"
    return root / "seq2seq-studio" if not os.environ.get("SEQ2SEQ_STUDIO_CACHE") else root


def generate(lang: str, size: int = DEFAULT_SIZE, seed: int = SEED, progress=None) -> list[tuple[str, str, str]]:
    """`size` distinct (source, target, kind) triples, balanced across the kinds the language has.

    Each source sentence appears once. A kind whose space is smaller than its share (relative
    times, names) gives all it has and the others share the remainder.
    """
    rng = random.Random(seed)
    seen: set[str] = set()
    rows: list[tuple[str, str, str]] = []

    def take(kind: str, pair) -> bool:
        pair = kinds.clean(pair)
        if pair is None or pair[0] in seen:
            return False
        seen.add(pair[0])
        rows.append((pair[0], pair[1], kind))
        return True

    for pair in kinds.names(lang)[: size // 10]:
        take("names", pair)
    available = [k for k, gen in kinds.RANDOM_KINDS.items() if _produces(gen, lang)]
    remaining = list(available)
    while remaining and len(rows) < size:
        quota = (size - len(rows)) // len(remaining) + 1
        exhausted = []
        for kind in remaining:
            generator, made, misses = kinds.RANDOM_KINDS[kind], 0, 0
            while made < quota and len(rows) < size and misses < 2000:
                if take(kind, generator(rng, lang)):
                    made, misses = made + 1, 0
                    if progress and len(rows) % 2000 == 0:
                        progress(len(rows), size)
                else:
                    misses += 1
            if misses >= 2000:
                exhausted.append(kind)
        remaining = [k for k in remaining if k not in exhausted]
    if progress:
        progress(len(rows), size)
    return rows


def _produces(generator, lang: str) -> bool:
    probe = random.Random(0)
    return any(generator(probe, lang) is not None for _ in range(50))


def load_builtin(name: str, progress=None) -> Corpus:
    if name not in LANGUAGES:
        raise CorpusError(
            f"unknown built-in corpus 'builtin:{name}'; choose one of: " + ", ".join(f"builtin:{k}" for k in LANGUAGES)
        )
    cached = cache_dir() / f"builtin-{name}-v{GENERATOR_VERSION}.tsv"
    rows = _read_cache(cached)
    if rows is None:
        rows = generate(LANGUAGES[name], progress=progress)
        _write_cache(cached, rows)
    kind_of = {src: kind for src, _, kind in rows}
    pairs = [(src, tgt) for src, tgt, _ in rows]
    train, dev, test = split_by_source(pairs, DEV_SIZE, TEST_SIZE, SEED)
    counts: dict[str, int] = {}
    for src, _, _ in rows:
        counts[kind_of[src]] = counts.get(kind_of[src], 0) + 1
    return Corpus(name=f"builtin:{name}", train=train, dev=dev, test=test, skipped=SkipReport(), kinds=counts)


def _read_cache(path: Path) -> list[tuple[str, str, str]] | None:
    try:
        lines = file_lines(path.read_text(encoding="utf-8"))
        rows = [tuple(line.split("\t")) for line in lines]
        if rows and all(len(r) == 3 for r in rows):
            return rows  # type: ignore[return-value]
    except OSError:
        pass
    return None


def _write_cache(path: Path, rows: list[tuple[str, str, str]]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text("".join(f"{s}\t{t}\t{k}\n" for s, t, k in rows), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home only costs regeneration next time


CORPUS_SOURCES["builtin:"] = load_builtin
