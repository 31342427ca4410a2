"""Readers for corpus files: a TSV of pairs, or two aligned plain-text files (Moses layout).

Every problem either stops with a CorpusError naming file and line, or, where skipping a line is
reasonable, is counted in a SkipReport so that nothing is dropped silently.
"""

from __future__ import annotations

import itertools
import re
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
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


# What a corpus file or a text input may hold, declared once. A line longer than a line cap is
# not a sentence: it is skipped (counted, or reported by line) and read past in bounded memory.
MAX_CORPUS_BYTES = 2 << 30  # a corpus file (Tatoeba's English-French pairs are 14 MB)
MAX_CORPUS_LINES = 20_000_000
MAX_LINE_BYTES = 64 << 10  # one line of a corpus file: pairs are kept up to 50 words
MAX_INPUT_BYTES = 1 << 30  # standard input to translate, line by line
MAX_INPUT_LINES = 1_000_000
CHUNK = 1 << 16


def regular_file(path: Path, limit: int = MAX_CORPUS_BYTES) -> int:
    """The size of a file that may be read: a regular file (a symlink to one is fine) within
    `limit`. FIFOs, devices and sockets, and symlinks to them, are refused before opening."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise CorpusError("no such file", str(path)) from None
    except OSError as err:
        raise CorpusError(f"cannot be read ({err.strerror or err})", str(path)) from None
    if stat.S_ISDIR(info.st_mode):
        raise CorpusError("is a folder, not a corpus file", str(path))
    if not stat.S_ISREG(info.st_mode):
        raise CorpusError("is not a regular file (a pipe, a device or a socket?); give a file", str(path))
    if info.st_size > limit:
        raise CorpusError(f"is {info.st_size / 2**20:,.0f} MB, more than the {limit >> 20:,} MB a corpus file may hold",
                          str(path))  # fmt: skip
    return info.st_size


def split_lines(chunks: Iterable[bytes], max_line_bytes: int) -> Iterator[bytes | None]:
    """The lines of a byte stream, without their ends (\n, \r\n or \r, as file_lines splits),
    holding at most one line of `max_line_bytes` and one chunk in memory: a longer line gives
    None, its bytes read past and dropped."""
    pending, skipping = b"", False
    for chunk in chunks:
        pending += chunk
        lines = pending.splitlines(keepends=True)  # bytes split at \n, \r\n and \r only
        pending = b""
        if lines and (not lines[-1].endswith((b"\n", b"\r")) or lines[-1].endswith(b"\r")):
            pending = lines.pop()  # unfinished, or a \r whose \n may come in the next chunk
        for line in lines:
            text = line.rstrip(b"\r\n")
            yield None if skipping or len(text) > max_line_bytes else text
            skipping = False
        if len(pending) > max_line_bytes + 1:
            skipping, pending = True, pending[-1:] if pending.endswith(b"\r") else b""
    if pending or skipping:
        text = pending.rstrip(b"\r\n")
        yield None if skipping or len(text) > max_line_bytes else text


def read_chunks(handle, size: int = CHUNK) -> Iterator[bytes]:
    """A binary or text stream (a file, sys.stdin) as chunks of bytes."""
    while chunk := handle.read(size):
        yield chunk.encode("utf-8", "surrogateescape") if isinstance(chunk, str) else chunk


def numbered_lines(path: Path, skipped: SkipReport) -> Iterator[tuple[int, str | None]]:
    """(line number, text) for each line of a UTF-8 text file, streamed: a line over
    MAX_LINE_BYTES gives None and is counted in `skipped`. Stops with a CorpusError naming the
    line for a file that is empty, binary or not UTF-8, or holds more than MAX_CORPUS_LINES."""
    regular_file(path)
    with open(path, "rb") as handle:
        head = handle.read(CHUNK)
        if b"\x00" in head:
            raise CorpusError("looks like a binary file, not UTF-8 text", str(path))
        if head.startswith(b"\xef\xbb\xbf"):
            head = head[3:]
        chunks = itertools.chain([head], read_chunks(handle))
        content, too_long = False, 0
        for number, line in enumerate(split_lines(chunks, MAX_LINE_BYTES), start=1):
            if number > MAX_CORPUS_LINES:
                raise CorpusError(f"has more than {MAX_CORPUS_LINES:,} lines, more than a corpus file may hold",
                                  str(path))  # fmt: skip
            if line is None:
                skipped.add(f"line longer than {MAX_LINE_BYTES:,} bytes", f"line {number}")
                too_long += 1
                yield number, None
                continue
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError:
                raise CorpusError("is not valid UTF-8 text", str(path), number) from None
            content = content or bool(text.strip())
            yield number, text
    if not content and not too_long:
        raise CorpusError("the file is empty", str(path))


def file_lines(text: str) -> list[str]:
    """Lines as a file has them: split at \\n (and \\r\\n, \\r), never at the other characters
    that str.splitlines() also breaks at (U+2028, U+0085, form feed…), which would misalign
    aligned files and misnumber lines."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line
    return lines


ID = re.compile(r"[#\w.:/-]*\d[#\w.:/-]*", re.ASCII)  # an identifier: ASCII, no spaces, a digit (1276, "s-0042")
SAMPLE = 1000  # lines looked at to tell the layout of a TSV file


def read_tsv(path: str | Path, skipped: SkipReport) -> list[tuple[str, str]]:
    """Read `source<TAB>target[<TAB>ignored...]` lines, or `id<TAB>source<TAB>target[...]`.

    The second layout is told by its first column: an identifier (no spaces, a digit) on every
    one of the first lines, each of which has three columns or more. A file whose first column
    is an identifier on some of those lines but not others is refused, never read with the ids
    as sources. A line without a tab is an error (the file is probably not a pair file); a pair
    with an empty side is skipped and counted.
    """
    path = Path(path)
    rows: list[tuple[int, list[str]]] = []
    for number, line in numbered_lines(path, skipped):
        if line is None:
            continue
        if not line.strip():
            skipped.add("blank line", f"line {number}")
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            raise CorpusError("has no tab: expected 'source<TAB>target' on every line", str(path), number)
        rows.append((number, parts))
    first = _tsv_columns(path, rows)
    numbered = []
    for number, parts in rows:
        if len(parts) < first + 2:
            raise CorpusError(
                "has two columns where the lines before have 'id<TAB>source<TAB>target'", str(path), number
            )
        numbered.append((number, parts[first], parts[first + 1]))
    return _normalised_pairs(numbered, skipped, path)


def _tsv_columns(path: Path, rows: list[tuple[int, list[str]]]) -> int:
    """The column the source is in: 1 for `id<TAB>source<TAB>target`, else 0."""
    sample = rows[:SAMPLE]
    ids = [len(parts) >= 3 and ID.fullmatch(parts[0].strip()) is not None for _, parts in sample]
    if sample and all(ids):
        return 1
    if sum(ids) >= max(2, len(sample) // 2):
        number = sample[ids.index(False)][0]
        raise CorpusError(
            f"the first column looks like an id on {sum(ids):,} of the first {len(sample):,} lines but not on this "
            "one: give 'source<TAB>target' or 'id<TAB>source<TAB>target' on every line", str(path), number
        )  # fmt: skip
    return 0


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
        left_out = f" ({skipped.describe()})" if skipped.total else ""
        raise CorpusError(f"holds no usable sentence pairs{left_out}", str(path))
    return pairs


def read_moses(src_path: str | Path, tgt_path: str | Path, skipped: SkipReport) -> list[tuple[str, str]]:
    """Read two aligned files, one sentence a line; their line counts must match. A line too
    long in either file leaves out its pair (counted), keeping the files aligned."""
    src_lines = [line for _, line in numbered_lines(Path(src_path), skipped)]
    tgt_lines = [line for _, line in numbered_lines(Path(tgt_path), skipped)]
    if len(src_lines) != len(tgt_lines):
        raise CorpusError(
            f"has {len(src_lines)} lines but {tgt_path} has {len(tgt_lines)}: aligned files "
            "must have one line per sentence pair",
            str(src_path),
        )
    numbered = [(number, s, t) for number, (s, t) in enumerate(zip(src_lines, tgt_lines), start=1)
                if s is not None and t is not None]  # fmt: skip
    return _normalised_pairs(numbered, skipped, src_path)


def moses_partner(path: Path) -> Path | None:
    """For `x.src`/`x.en`-style files, the aligned target file beside it, if there is one."""
    pairs = {".src": (".tgt", ".ref", ".trg", ".target"), ".source": (".target",)}
    for candidate in pairs.get(path.suffix, ()):
        other = path.with_suffix(candidate)
        if other.exists():
            return other
    return None
