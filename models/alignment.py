"""Is the attention right? Its alignment error rate (AER) against the built-in corpora's gold
word alignments.

The built-in generators know which source words produced which target words: a date's weekday,
month, day and year are formatted one by one in both languages (models/corpus/builtin/kinds.py,
`Generated.parts`). A part of one word on each side gives a *sure* link; a part of several words
(a number written in words, the words of "in … days" / "dans … jours") links every word of one
side with every word of the other as *possible* links. Words no part claims (punctuation) are
not scored.

The model is made to write the reference (forced decoding, as in teacher forcing), its attention
is regrouped from pieces into words (a word's column sums its pieces, a row averages them:
models/compare.regroup), and each scored target word is linked to the source word it attended
to most. Och & Ney's AER over all scored words of the set:

    AER = 1 − (|A ∩ S| + |A ∩ P|) / (|A| + |S|)

0 when every link falls where it should; near 1 when attention ignores the source.
Words are split at spaces, and Chinese characters are words of their own (compare.text_units).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

import numpy as np

from models.compare import regroup, text_units
from models.config import DecodeConfig
from models.corpus.builtin import LANGUAGES, kinds
from models.corpus.text import normalize
from models.tokenizer import EOS_ID

ALIGNED_KINDS = ("date", "relative time", "currency", "quantity")  # the generators that give parts
ALIGNMENT_SEED = 7
ALIGNMENT_SIZE = 200
MAX_MISSES = 300
EDGE_PUNCTUATION = ",.;:()!?¿¡«»\"'"

Link = tuple[int, int]  # (source word, target word)


@dataclass(frozen=True)
class AlignedPair:
    source: str
    target: str
    kind: str
    sure: frozenset[Link]
    possible: frozenset[Link]  # includes the sure links


@dataclass(frozen=True)
class AlignmentScore:
    aer: float  # 0–1, lower is better
    precision: float  # |A ∩ P| / |A|
    recall: float  # |A ∩ S| / |S|
    sentences: int
    scored_words: int  # target words with a gold link

    def to_json(self) -> dict:
        return {"aer": round(self.aer, 4), "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "sentences": self.sentences, "scored_words": self.scored_words}  # fmt: skip


def builtin_language(corpus_spec: str | None) -> str | None:
    """The target language of the built-in corpus in a corpus spec ("builtin:en-fr", or a mix
    naming it), or None."""
    match = re.search(r"builtin:(en-[a-z]{2})", corpus_spec or "")
    return LANGUAGES.get(match.group(1)) if match else None


def _find(unit: str, units: list[str], taken: set[int]) -> int | None:
    """The first free unit equal to `unit`, else equal once edge punctuation is stripped, else
    holding it (a symbol glued to an amount: "¥754")."""
    free = [i for i in range(len(units)) if i not in taken]
    bare = unit.strip(EDGE_PUNCTUATION)
    for test in (lambda u: u == unit, lambda u: u.strip(EDGE_PUNCTUATION) == bare, lambda u: bare and bare in u):
        found = next((i for i in free if test(units[i])), None)
        if found is not None:
            return found
    return None


def _place(phrase: str, units: list[str], taken: set[int]) -> list[int] | None:
    placed: list[int] = []
    for unit in text_units(normalize(phrase)):
        index = _find(unit, units, taken | set(placed))
        if index is None:
            return None
        placed.append(index)
    return placed or None


def _is_word(unit: str) -> bool:
    return any(ch.isalnum() for ch in unit)


def gold_links(source: str, target: str, parts) -> tuple[frozenset[Link], frozenset[Link]]:
    """(sure, possible) links between the words of `source` and `target` from a generator's parts.
    A part whose words cannot all be found on both sides is left out."""
    src_units, tgt_units = text_units(source), text_units(target)
    taken_src: set[int] = set()
    taken_tgt: set[int] = set()
    sure: set[Link] = set()
    possible: set[Link] = set()

    def link(src: list[int], tgt: list[int]) -> None:
        taken_src.update(src)
        taken_tgt.update(tgt)
        pairs = {(s, t) for s in src for t in tgt}
        possible.update(pairs)
        if len(src) == 1 and len(tgt) == 1:
            sure.update(pairs)

    for src_phrase, tgt_phrase in parts:
        if src_phrase == kinds.REST:
            continue
        src = _place(src_phrase, src_units, taken_src)
        tgt = _place(tgt_phrase, tgt_units, taken_tgt)
        if src and tgt:
            link(src, tgt)
    if any(src_phrase == kinds.REST for src_phrase, _ in parts):
        src = [i for i, u in enumerate(src_units) if i not in taken_src and _is_word(u)]
        tgt = [i for i, u in enumerate(tgt_units) if i not in taken_tgt and _is_word(u)]
        if src and tgt:
            link(src, tgt)
    return frozenset(sure), frozenset(possible)


def alignment_set(lang: str, size: int = ALIGNMENT_SIZE, seed: int = ALIGNMENT_SEED,
                  exclude: set[str] | frozenset[str] = frozenset()) -> list[AlignedPair]:  # fmt: skip
    """`size` generated English→`lang` pairs with gold links, the aligned kinds in turn, none of
    whose sources is in `exclude` (a model's training sources)."""
    rng = random.Random(seed)
    pairs: list[AlignedPair] = []
    seen = set(exclude)
    misses = dict.fromkeys(ALIGNED_KINDS, 0)  # in a row; a kind all of whose pairs are excluded drops out
    turn = 0
    while len(pairs) < size and any(m < MAX_MISSES for m in misses.values()):
        kind = ALIGNED_KINDS[turn % len(ALIGNED_KINDS)]
        turn += 1
        if misses[kind] >= MAX_MISSES:
            continue
        generated = kinds.RANDOM_KINDS[kind](rng, lang)
        cleaned = kinds.clean(generated)
        links = gold_links(*cleaned, generated.parts) if cleaned and cleaned[0] not in seen else None
        if not links or not links[1]:
            misses[kind] += 1
            continue
        misses[kind] = 0
        seen.add(cleaned[0])
        pairs.append(AlignedPair(cleaned[0], cleaned[1], kind, *links))
    return pairs


def builtin_alignment_set(corpus_spec: str | None, size: int = ALIGNMENT_SIZE) -> list[AlignedPair] | None:
    """The aligned pairs for the built-in corpus a spec names, none of them in that corpus's
    training split; None when the spec names no built-in corpus."""
    from models.corpus import load_corpus

    lang = builtin_language(corpus_spec)
    if lang is None:
        return None
    name = next(pair for pair, code in LANGUAGES.items() if code == lang)
    return alignment_set(lang, size, exclude={s for s, _ in load_corpus(f"builtin:{name}").train})


def word_attention(translator, pair: AlignedPair) -> np.ndarray | None:
    """The model's attention while it is made to write the reference, regrouped into
    (target words [+ </s>], source words); None for a model without attention."""
    ids = translator.target_tokenizer.encode(pair.target) + [EOS_ID]
    forced = translator.translate(pair.source, DecodeConfig(), prefix=ids)
    if forced.best.attention is None:
        return None
    return regroup(forced.best.attention, forced.best.pieces, forced.source_pieces,
                   text_units(pair.target), text_units(pair.source))  # fmt: skip


def predicted_links(attention: np.ndarray, targets: set[int]) -> set[Link]:
    """Each scored target word linked to the source word it attended to most."""
    return {(int(np.argmax(attention[t])), t) for t in targets if t < attention.shape[0]}


def score_alignment(translator, pairs: list[AlignedPair]) -> AlignmentScore | None:
    """AER of the translator's attention over `pairs`; None for a model without attention."""
    attentions = []
    for pair in pairs:
        attention = word_attention(translator, pair)
        if attention is None:
            return None
        attentions.append(attention)
    return score_links(pairs, attentions)


def score_links(pairs: list[AlignedPair], attentions: list[np.ndarray]) -> AlignmentScore | None:
    """AER of word-level attention matrices (target words × source words), one per pair."""
    hits_sure = hits_possible = predicted = sure_total = scored = 0
    for pair, attention in zip(pairs, attentions):
        targets = {t for _, t in pair.possible}
        links = predicted_links(attention, targets)
        hits_sure += len(links & pair.sure)
        hits_possible += len(links & pair.possible)
        predicted += len(links)
        sure_total += len(pair.sure)
        scored += len(targets)
    if not predicted:
        return None
    aer = 1.0 - (hits_sure + hits_possible) / (predicted + sure_total)
    recall = hits_sure / sure_total if sure_total else 1.0
    return AlignmentScore(aer, hits_possible / predicted, recall, len(pairs), scored)
