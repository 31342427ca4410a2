"""Gold word alignments over an attention heatmap, and the sentence's alignment error rate.

Where a gold alignment comes from:
- a built-in corpus: when the model's corpus names one (builtin:en-fr, …) and the sentence is one
  its generators produce with parts (models/corpus/builtin/kinds.py) — a date is recognised and
  made again by the date generator's own recipe; other kinds are found among the pairs the
  training's AER probe draws (models/alignment.alignment_set, same seed and size);
- a Pharaoh file (models/alignment_io.py) the person opens beside its pair file: the pair whose
  source is the sentence.

The links are between words (models/compare.text_units); a heatmap's rows and columns are pieces,
so each link is drawn over the block of pieces its two words span. The AER is models.alignment's
for this one sentence: the shown attention regrouped into words, each gold target word linked to
the source word it weighs most. It is given only when the output is the gold target (the same
words): the attention of a model made to write that target is then the attention shown.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from models.alignment import AlignedPair, AlignmentScore, alignment_set, builtin_language, gold_links, score_links
from models.compare import regroup, text_units
from models.corpus.text import normalize
from models.errors import CorpusError

SPACE_MARK = "▁"
END = "</s>"
# The date generator's forms and the fields it aligns, as kinds.date writes them.
DATE_FORMS = (("full", "%A, %B %d, %Y", ("EEEE", "MMMM", "d", "y")), ("long", "%B %d, %Y", ("MMMM", "d", "y")),
              ("medium", "%b %d, %Y", ("MMM", "d", "y")))  # fmt: skip
FIRST_YEAR, LAST_YEAR = 1900, 2099

Block = tuple[int, int, int, int]  # rows [top, bottom) × columns [left, right), in pieces


@dataclass(frozen=True)
class GoldOverlay:
    pair: AlignedPair
    origin: str  # "builtin" or the Pharaoh file's path
    matches: bool  # the output is the gold target (its words): links are drawn and the AER given
    sure: tuple[Block, ...] = ()
    possible: tuple[Block, ...] = ()  # possible links that are not sure
    score: AlignmentScore | None = None
    word_attention: np.ndarray | None = None  # (target words [+ </s>], source words)


def recognised_dates(source: str, lang: str) -> list[AlignedPair]:
    """The built-in date pairs `source` is, made again as the date generator makes them: one, or
    two where two forms write the same English ("May 8, 2049" is long and medium) but another
    target or other links (the first is the one shown: `choose`)."""
    from babel.dates import format_date

    text = normalize(source)
    found: list[AlignedPair] = []
    for form, pattern, fields in DATE_FORMS:
        try:
            day = dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if not FIRST_YEAR <= day.year <= LAST_YEAR or (lang == "fr" and day.day == 1):
            return []  # a date the generator never writes
        if normalize(format_date(day, form, locale="en")) != text:
            continue
        target = normalize(format_date(day, form, locale=lang))
        parts = tuple((format_date(day, f, locale="en"), format_date(day, f, locale=lang)) for f in fields)
        sure, possible = gold_links(text, target, parts)
        pair = AlignedPair(text, target, "date", sure, possible)
        if possible and pair not in found:
            found.append(pair)
    return found


@functools.lru_cache(maxsize=8)
def _probe_pairs(lang: str) -> dict[str, AlignedPair]:
    return {pair.source: pair for pair in alignment_set(lang)}


def builtin_gold(corpus_spec: str | None, source: str) -> list[AlignedPair]:
    """The gold alignments of `source` when the corpus names a built-in one that makes it (more
    than one where the sentence has several targets: `choose` takes the output's)."""
    lang = builtin_language(corpus_spec)
    if lang is None or not source.strip():
        return []
    probed = _probe_pairs(lang).get(normalize(source))
    return recognised_dates(source, lang) or ([probed] if probed else [])


def choose(candidates: list[AlignedPair], target_pieces: list[str]) -> AlignedPair | None:
    """The candidate whose target the output spells, else the first."""
    body = [p for p in target_pieces if p != END]
    for pair in candidates:
        if _unit_spans(body, text_units(pair.target)) is not None:
            return pair
    return candidates[0] if candidates else None


def pharaoh_gold(gold_path: str | Path, pairs_path: str | Path | None = None) -> list[AlignedPair]:
    """Every pair of a pair file (TSV, `source<TAB>target`) with its line of a Pharaoh file. The
    pair file is the Pharaoh file's name less `.align`/`.pharaoh` unless given. Errors name the
    file and the line (CorpusError)."""
    from models.alignment_io import SUFFIXES, read_pharaoh
    from models.corpus.readers import SkipReport, read_tsv

    gold_path = Path(gold_path)
    if pairs_path is None:
        if gold_path.suffix not in SUFFIXES or not gold_path.with_suffix("").is_file():
            raise CorpusError("no pair file beside it: name it as the alignment file without .align "
                              "(corpus.tsv for corpus.tsv.align)", str(gold_path))  # fmt: skip
        pairs_path = gold_path.with_suffix("")
    skipped = SkipReport()
    pairs = read_tsv(pairs_path, skipped)
    if skipped.total:
        raise CorpusError(f"{skipped.describe()}: each line must be a pair, or the alignment lines no longer "
                          "match the pairs", str(pairs_path))  # fmt: skip
    return read_pharaoh(gold_path, pairs, kind=str(gold_path))


def find_in(pairs: list[AlignedPair], source: str) -> list[AlignedPair]:
    """The pairs of a gold file whose source is `source` (normalised as the corpus reader does)."""
    text = normalize(source)
    return [pair for pair in pairs if normalize(pair.source) == text]


def _unit_spans(pieces: list[str], units: list[str]) -> list[list[int]] | None:
    """For each unit, the pieces holding any of its characters; None when the pieces do not
    spell the units (another sentence, or text the tokenizer changed)."""
    clean = [p.replace(SPACE_MARK, "") for p in pieces]
    if "".join(clean) != "".join(units):
        return None
    owner = [u for u, unit in enumerate(units) for _ in unit]  # the unit of each character
    spans: list[list[int]] = [[] for _ in units]
    at = 0
    for index, piece in enumerate(clean):
        for u in sorted(set(owner[at : at + len(piece)])):
            spans[u].append(index)
        at += len(piece)
    return spans


def overlay(pair: AlignedPair, attention: np.ndarray | None, source_pieces: list[str], target_pieces: list[str],
            origin: str = "builtin") -> GoldOverlay | None:  # fmt: skip
    """The gold links of `pair` as blocks over a (target pieces × source pieces) heatmap, and its
    AER; None when the source pieces are not the pair's source."""
    src_units, tgt_units = text_units(pair.source), text_units(pair.target)
    columns = _unit_spans(list(source_pieces), src_units)
    if columns is None:
        return None
    body = list(target_pieces[:-1] if target_pieces and target_pieces[-1] == END else target_pieces)
    rows = _unit_spans(body, tgt_units)
    if rows is None or attention is None:
        return GoldOverlay(pair, origin, matches=False)

    def block(link) -> Block:
        source, target = link
        return (min(rows[target]), max(rows[target]) + 1, min(columns[source]), max(columns[source]) + 1)

    words = regroup(np.asarray(attention), list(target_pieces), list(source_pieces), tgt_units, src_units)
    return GoldOverlay(pair, origin, True, tuple(block(link) for link in sorted(pair.sure)),
                       tuple(block(link) for link in sorted(pair.possible - pair.sure)),
                       score_links([pair], [words]), words)  # fmt: skip
