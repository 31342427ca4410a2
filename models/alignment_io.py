"""Word alignments in Pharaoh format, the one the common gold sets and aligners use: one line
per sentence pair, links separated by spaces, `i-j` a sure link and `i?j` a possible one, from
source word i to target word j, counted from 0 (words as models/compare.text_units splits them:
at spaces, each Chinese character one word). An empty line is a pair with no link.

    read_pharaoh(path, pairs)     gold links for a user's own corpus -> AlignedPair list
    write_pharaoh(path, links)    a model's links, for other tools
    gold_beside(corpus)           `corpus.align` (or `corpus.tsv.align`) when there is one
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from models.alignment import AlignedPair, Link
from models.compare import text_units
from models.errors import CorpusError

LINK = re.compile(r"^(\d+)([-?])(\d+)$")
SUFFIXES = (".align", ".pharaoh")


def parse_line(line: str, path: str | Path = "<text>", number: int = 1) -> tuple[frozenset[Link], frozenset[Link]]:
    """One Pharaoh line -> (sure, possible) links (possible includes sure); a token that is not
    a link is an error naming the file, the line and the token."""
    sure: set[Link] = set()
    possible: set[Link] = set()
    for token in line.split():
        match = LINK.match(token)
        if match is None:
            raise CorpusError(f"{token!r} is not a link: write i-j (sure) or i?j (possible), source word i and "
                              "target word j counted from 0, separated by spaces", str(path), number)  # fmt: skip
        link = (int(match.group(1)), int(match.group(3)))
        possible.add(link)
        if match.group(2) == "-":
            sure.add(link)
    return frozenset(sure), frozenset(possible)


def read_pharaoh(path: str | Path, pairs: list[tuple[str, str]], kind: str = "gold") -> list[AlignedPair]:
    """Gold links for `pairs` (line n for pair n): the counts must agree, and every link must
    fall inside its pair's words."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise CorpusError(f"cannot read the alignment file: {err}", str(path)) from None
    while lines and not lines[-1].strip() and len(lines) > len(pairs):
        lines.pop()  # trailing blank lines
    links = [parse_line(line, path, number) for number, line in enumerate(lines, 1)]  # syntax first
    if len(lines) != len(pairs):
        raise CorpusError(f"{len(lines):,} alignment lines for {len(pairs):,} sentence pairs: "
                          "one line per pair, in the corpus's order", str(path))  # fmt: skip
    aligned = []
    for number, ((sure, possible), (source, target)) in enumerate(zip(links, pairs), 1):
        src_words, tgt_words = len(text_units(source)), len(text_units(target))
        outside = sorted((i, j) for i, j in possible if i >= src_words or j >= tgt_words)
        if outside:
            i, j = outside[0]
            raise CorpusError(f"link {i}-{j} is outside the pair's words ({src_words} source, {tgt_words} target, "
                              "counted from 0)", str(path), number)  # fmt: skip
        aligned.append(AlignedPair(source, target, kind, sure, possible))
    return aligned


def format_line(sure: Iterable[Link], possible: Iterable[Link] = ()) -> str:
    """Links -> one Pharaoh line, sorted by source then target word; a link in both is sure."""
    sure = set(sure)
    links = sorted(sure | set(possible))
    return " ".join(f"{i}{'-' if (i, j) in sure else '?'}{j}" for i, j in links)


def write_pharaoh(path: str | Path, sentences: Iterable[Iterable[Link]]) -> Path:
    """One line of sure links per sentence (a model's alignments are all sure)."""
    path = Path(path)
    path.write_text("".join(format_line(links) + "\n" for links in sentences), encoding="utf-8")
    return path


def gold_beside(corpus: str | Path) -> Path | None:
    """The Pharaoh file beside a corpus file: `name.align` or `name.tsv.align` (or .pharaoh)."""
    corpus = Path(corpus)
    for suffix in SUFFIXES:
        for candidate in (corpus.with_suffix(suffix), corpus.with_name(corpus.name + suffix)):
            if candidate.is_file():
                return candidate
    return None
