"""Readers for corpus files: a TSV of pairs, or two aligned plain-text files (Moses layout).

Every problem either stops with a CorpusError naming file and line, or, where skipping a line is
reasonable, is counted in a SkipReport so that nothing is dropped silently.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from models.corpus.text import normalize
from models.errors import CorpusError


@dataclass
class SkipReport:
    """How many pairs were left out, by reason ("empty side", "duplicate", "too long", ...)."""

    counts: Counter = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)  # reason -> first location seen

    def add(self, reason: str, where: str = "", n: int = 1) -> None:
        self.counts[reason] += n
        if where and reason not in self.examples:
            self.examples[reason] = where

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def describe(self) -> str:
        if not self.counts:
            return "nothing skipped"
        return "; ".join(
            f"{n} {reason}" + (f" (first at {self.examples[reason]})" if reason in self.examples else "")
            for reason, n in self.counts.most_common()
        )


def _read_text(path: Path) -> str:
    if not path.exists():
        raise CorpusError("no such file", str(path))
    if path.is_dir():
        raise CorpusError("is a folder, not a corpus file", str(path))
    data = path.read_bytes()
    if not data.strip():
        raise CorpusError("the file is empty", str(path))
    if b"\x00" in data[:65536]:
        raise CorpusError("looks like a binary file, not UTF-8 text", str(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise CorpusError("is not valid UTF-8 text", str(path), line) from None
    return text


def file_lines(text: str) -> list[str]:
    """Lines as a file has them: split at \\n (and \\r\\n, \\r), never at the other characters
    that str.splitlines() also breaks at (U+2028, U+0085, form feed…), which would misalign
    aligned files and misnumber lines."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line
    return lines


def read_tsv(path: str | Path, skipped: SkipReport) -> list[tuple[str, str]]:
    """Read `source<TAB>target[<TAB>ignored...]` lines.

    A line without a tab is an error (the file is probably not a pair file); a pair with an
    empty side is skipped and counted.
    """
    path = Path(path)
    numbered: list[tuple[int, str, str]] = []
    for number, line in enumerate(file_lines(_read_text(path)), start=1):
        if not line.strip():
            skipped.add("blank line", f"line {number}")
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            raise CorpusError("has no tab: expected 'source<TAB>target' on every line", str(path), number)
        numbered.append((number, parts[0], parts[1]))
    return _normalised_pairs(numbered, skipped, path)


def _normalised_pairs(numbered, skipped: SkipReport, path) -> list[tuple[str, str]]:
    """Normalise (line, source, target) triples; a pair with an empty side is skipped and counted."""
    pairs = []
    for number, raw_src, raw_tgt in numbered:
        src, tgt = normalize(raw_src), normalize(raw_tgt)
        if not src or not tgt:
            skipped.add("empty side", f"line {number}")
            continue
        pairs.append((src, tgt))
    if not pairs:
        raise CorpusError("holds no usable sentence pairs", str(path))
    return pairs


def read_moses(src_path: str | Path, tgt_path: str | Path, skipped: SkipReport) -> list[tuple[str, str]]:
    """Read two aligned files, one sentence a line; their line counts must match."""
    src_lines = file_lines(_read_text(Path(src_path)))
    tgt_lines = file_lines(_read_text(Path(tgt_path)))
    if len(src_lines) != len(tgt_lines):
        raise CorpusError(
            f"has {len(src_lines)} lines but {tgt_path} has {len(tgt_lines)}: aligned files "
            "must have one line per sentence pair",
            str(src_path),
        )
    numbered = [(number, s, t) for number, (s, t) in enumerate(zip(src_lines, tgt_lines), start=1)]
    return _normalised_pairs(numbered, skipped, src_path)


def moses_partner(path: Path) -> Path | None:
    """For `x.src`/`x.en`-style files, the aligned target file beside it, if there is one."""
    pairs = {".src": (".tgt", ".ref", ".trg", ".target"), ".source": (".target",)}
    for candidate in pairs.get(path.suffix, ()):
        other = path.with_suffix(candidate)
        if other.exists():
            return other
    return None
