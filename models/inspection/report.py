"""What `evaluate --signals` adds: every signal's alignment against gold (where gold is known)
and its faithfulness curve, and the model's alignments written in Pharaoh format."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from models.alignment import AlignedPair
from models.alignment_io import gold_beside, read_pharaoh, write_pharaoh
from models.inspection.attribution import parse_signals
from models.inspection.faithfulness import FaithfulnessTable, faithfulness
from models.inspection.scoreboard import SignalTable, alignment_by_signal, model_links
from models.translator import Translator

SIGNAL_PAIRS = 50  # sentences the signals are scored on (integrated gradients cost most)
SIGNAL_IG_STEPS = 16


def gold_for(corpus: str, pairs: list[tuple[str, str]], gold: str | None = None) -> list[AlignedPair] | None:
    """Gold links for a corpus file's pairs: from `gold` (a Pharaoh file), else the one beside
    the corpus (models/alignment_io.gold_beside), else None."""
    path = Path(gold) if gold else (gold_beside(corpus) if Path(corpus).is_file() else None)
    return None if path is None else read_pharaoh(path, pairs)


@dataclass
class SignalReport:
    signals: list[str]
    alignment: SignalTable | None  # None without gold links
    faithfulness: FaithfulnessTable

    def to_json(self) -> dict:
        data = {"signals": self.signals, "faithfulness": self.faithfulness.to_json()}
        if self.alignment is not None:
            data["alignment_by_signal"] = self.alignment.to_json()
        return data

    def lines(self) -> list[str]:
        out = []
        if self.alignment is not None:
            out.append(
                f"alignment by signal over {self.alignment.sentences} gold-aligned pairs (AER, precision, recall):"
            )
            out += [f"  {row.signal:34s} {row.score.aer:6.1%}  {row.score.precision:6.1%}  {row.score.recall:6.1%}"
                    for row in self.alignment.rows]  # fmt: skip
        table = self.faithfulness
        out.append(f"faithfulness over {table.sentences} sentences: fall of log P with the top k words "
                   f"left out, k = {', '.join(map(str, table.ks))} (area: their mean)")  # fmt: skip
        out += [f"  {c.signal:22s} {'  '.join(f'{d:6.2f}' for d in c.drops)}   area {c.area:.3f}" for c in table.curves]
        return out


def evaluate_signals(translator: Translator, spec: str, pairs: list[tuple[str, str]],
                     gold: list[AlignedPair] | None, limit: int = SIGNAL_PAIRS,
                     ig_steps: int = SIGNAL_IG_STEPS) -> SignalReport:  # fmt: skip
    """`spec` ("all" or names) scored on the first `limit` gold pairs (else corpus pairs): AER by
    signal where gold is known, faithfulness on the model's own outputs."""
    signals = parse_signals(spec, translator.model)
    if not signals:
        raise ValueError(f"none of {spec!r} applies to this model")
    gold = gold[:limit] if gold else None
    table = alignment_by_signal(translator, gold, signals, ig_steps=ig_steps) if gold else None
    sources = [p.source for p in gold] if gold else [s for s, _ in pairs[:limit]]
    return SignalReport(signals, table, faithfulness(translator, sources, signals, ig_steps=ig_steps))


def write_alignments(translator: Translator, pairs: list[tuple[str, str]], path: str | Path,
                     signal: str = "attention") -> Path:  # fmt: skip
    """The model's word alignment of each (source, reference) pair by `signal`, in Pharaoh format."""
    return write_pharaoh(path, model_links(translator, pairs, signal))
