"""Two models on the same sentence: their outputs and scores, and their attention on common
ground so the two can be subtracted.

Both heatmaps of a comparison share rows and columns. The rows are model A's output; model B is
made to produce that same output (forced decoding), so its row t is where B looks when it
writes A's t-th piece. When both models cut text into the same pieces, columns are source pieces
and rows target pieces. Otherwise both are regrouped by the characters they cover, into words
(each CJK character a unit of its own): a column's weight is the sum over the pieces in that
word, a row is the mean over the pieces of that output word.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from models.config import DecodeConfig
from models.corpus.text import normalize
from models.tokenizer import EOS_ID
from models.translator import Translation, Translator

SPACE_MARK = "▁"


@dataclass
class AttentionSummary:
    mean_entropy_bits: float  # mean over output pieces; 0 = each piece looks at one source piece
    alignments: list[tuple[str, str, float]]  # (output piece, source piece it looked at most, weight)

    def to_json(self) -> dict:
        return {"mean_entropy_bits": round(self.mean_entropy_bits, 4),
                "alignments": [[t, s, round(w, 4)] for t, s, w in self.alignments]}  # fmt: skip


@dataclass
class ComparedModel:
    name: str
    translation: Translation
    mean_log_prob: float  # per output piece, </s> included
    other_log_prob: float  # the other model's log-probability of this model's output
    summary: AttentionSummary | None


@dataclass
class Comparison:
    source: str
    a: ComparedModel
    b: ComparedModel
    same_pieces: bool  # both models cut source and target text the same way
    columns: list[str]  # source pieces, or source words when the pieces differ
    rows: list[str]  # A's output pieces (or words), </s> last when it finished
    a_attention: np.ndarray | None  # (rows, columns)
    b_attention: np.ndarray | None  # B made to write A's output, (rows, columns)
    warning: str = ""  # set when the two models do not write the same language

    @property
    def difference(self) -> np.ndarray | None:
        if self.a_attention is None or self.b_attention is None:
            return None
        return self.a_attention - self.b_attention

    @property
    def same_output(self) -> bool:
        return self.a.translation.text == self.b.translation.text

    def to_json(self) -> dict:
        def side(m: ComparedModel) -> dict:
            best = m.translation.best
            return {"model": m.name, "translation": best.text, "pieces": best.pieces, "log_prob": round(best.log_prob, 4),
                    "mean_log_prob": round(m.mean_log_prob, 4), "other_model_log_prob": round(m.other_log_prob, 4),
                    "attention": None if m.summary is None else m.summary.to_json()}  # fmt: skip

        difference = self.difference
        return {
            "source": self.source, "a": side(self.a), "b": side(self.b), "same_output": self.same_output,
            "same_pieces": self.same_pieces, "columns": self.columns, "rows": self.rows,
            "mean_absolute_difference": None if difference is None else round(float(np.abs(difference).mean()), 4),
            "warning": self.warning or None,
        }  # fmt: skip


def compare(a: Translator, b: Translator, text: str, config: DecodeConfig | None = None,
            names: tuple[str, str] = ("A", "B")) -> Comparison:  # fmt: skip
    """Translate `text` with both models under the same decoding settings and line them up."""
    config = config or DecodeConfig()
    text = normalize(text)
    ta, tb = a.translate(text, config), b.translate(text, config)
    a_on_b, b_on_a = _forced(a, tb), _forced(b, ta)  # each model made to write the other's output
    same = _same_pieces(a, b)
    rows, columns, a_att, b_att = [], [], None, None
    if ta.best.attention is not None and b_on_a.best.attention is not None:
        a_att, b_att = ta.best.attention, b_on_a.best.attention
        if same:  # B wrote the same pieces as A
            rows, columns = list(ta.best.pieces), list(ta.source_pieces)
        else:
            src_units = text_units(text)
            out_units = text_units(ta.text)
            columns = src_units
            a_att = regroup(a_att, ta.best.pieces, ta.source_pieces, out_units, src_units)
            b_att = regroup(b_att, b_on_a.best.pieces, tb.source_pieces, out_units, src_units)
            rows = out_units + (["</s>"] if ta.best.finished else [])
    return Comparison(
        source=text,
        a=ComparedModel(names[0], ta, ta.best.mean_log_prob, b_on_a.best.log_prob, summarize(ta)),
        b=ComparedModel(names[1], tb, tb.best.mean_log_prob, a_on_b.best.log_prob, summarize(tb)),
        same_pieces=same, columns=columns, rows=rows, a_attention=a_att, b_attention=b_att,
        warning=different_targets(a, b),
    )  # fmt: skip


# Two models writing one language share most of their target pieces, even with vocabularies
# trained apart; below this share they are taken to write different languages.
SAME_TARGET_MIN_OVERLAP = 0.1


def different_targets(a: Translator, b: Translator) -> str:
    """A warning when the two models' target vocabularies share so few pieces that they cannot
    write the same language (then each one's score of the other's output means little); else ''."""
    pieces = []
    for model in (a, b):
        target = model.bundle.tokenizers.target
        pieces.append({target.id_to_piece(i) for i in range(target.vocab_size)})
    overlap = len(pieces[0] & pieces[1]) / max(1, len(pieces[0] | pieces[1]))
    if overlap >= SAME_TARGET_MIN_OVERLAP:
        return ""
    return (f"the two models share only {overlap:.0%} of their output pieces: they write different languages, "
            "so each one's score of the other's output and their attention differences mean little")  # fmt: skip


def _forced(model: Translator, other: Translation) -> Translation:
    """`model` made to write `other`'s output (and its </s> when it finished)."""
    best = other.best
    ids = model.target_tokenizer.encode(best.text) if best.text else []
    if best.finished:
        ids = ids + [EOS_ID]
    return model.translate(other.source, DecodeConfig(), prefix=ids)


def _same_pieces(a: Translator, b: Translator) -> bool:
    return (a.source_tokenizer.model_proto == b.source_tokenizer.model_proto
            and a.target_tokenizer.model_proto == b.target_tokenizer.model_proto)  # fmt: skip


def summarize(translation: Translation) -> AttentionSummary | None:
    attention = translation.best.attention
    if attention is None or attention.size == 0:
        return None
    weights = np.clip(attention.astype(np.float64), 1e-12, 1.0)
    entropy = float(np.mean(-(weights * np.log2(weights)).sum(axis=1)))
    alignments = []
    for piece, row in zip(translation.best.pieces, attention):
        col = int(np.argmax(row))
        alignments.append((piece, translation.source_pieces[col], float(row[col])))
    return AttentionSummary(entropy, alignments)


# --------------------------------------------------------------------------- regrouping by characters
def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF or 0x3000 <= code <= 0x303F


def text_units(text: str) -> list[str]:
    """Words split at spaces; each CJK character (written without spaces) a unit of its own."""
    units: list[str] = []
    for word in text.split():
        current = ""
        for ch in word:
            if _is_cjk(ch):
                if current:
                    units.append(current)
                    current = ""
                units.append(ch)
            else:
                current += ch
        if current:
            units.append(current)
    return units


def unit_of_pieces(pieces: list[str], units: list[str]) -> list[int]:
    """For each piece, the unit holding its first character. The pieces' characters are matched
    to the units' characters in order; where normalisation changed the text and they no longer
    match, pieces are spread over the units in proportion to their lengths."""
    clean = [p.replace(SPACE_MARK, "") for p in pieces]
    unit_end, total = [], 0
    for unit in units:
        total += len(unit)
        unit_end.append(total)
    if not units:
        return [0] * len(pieces)
    matched = "".join(clean) == "".join(units)
    piece_total = max(1, sum(len(c) for c in clean))
    result, position = [], 0
    for piece in clean:
        at = position if matched else math.floor(position * total / piece_total)
        index = next((i for i, end in enumerate(unit_end) if at < end), len(units) - 1)
        result.append(index)
        position += len(piece)
    return result


def regroup(attention: np.ndarray, target_pieces: list[str], source_pieces: list[str],
            target_units: list[str], source_units: list[str]) -> np.ndarray:  # fmt: skip
    """(target pieces, source pieces) attention → (target units [+ </s>], source units)."""
    ends_with_eos = bool(target_pieces) and target_pieces[-1] == "</s>"
    body = target_pieces[:-1] if ends_with_eos else target_pieces
    columns = np.zeros((len(source_pieces), len(source_units)), dtype=np.float64)
    for piece, unit in enumerate(unit_of_pieces(source_pieces, source_units)):
        columns[piece, unit] = 1.0
    by_column = attention[: len(target_pieces), : len(source_pieces)] @ columns  # (target pieces, source units)
    rows = np.zeros((len(target_units) + int(ends_with_eos), len(target_pieces)), dtype=np.float64)
    for piece, unit in enumerate(unit_of_pieces(body, target_units)):
        rows[unit, piece] = 1.0
    if ends_with_eos:
        rows[-1, len(target_pieces) - 1] = 1.0
    counts = rows.sum(axis=1, keepdims=True)
    rows = np.divide(rows, counts, out=np.zeros_like(rows), where=counts > 0)
    return (rows @ by_column).astype(np.float32)
