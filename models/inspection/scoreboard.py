"""Which signal aligns best? Every signal scored against gold word alignments (AER, precision,
recall; models/alignment.py), the model made to write each reference.

Signals are the declared methods (models/inspection/attribution.METHODS) and what they carry
beside their one map: the attention of every layer and head, each layer's heads averaged and all
of them averaged (`attention.layer2.head1`, `attention.layer2`, `attention.mean`), the norm-based
contributions of each layer (`norm.layer1`). Each is scored as it is, aligned at the output step,
and shifted by one (`….shifted`: the piece written at step t is linked by step t+1's map, which
in Transformers often aligns better), a target word linked to the source word its row ranks first.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from models.alignment import AlignedPair, AlignmentScore, Link, predicted_links, score_links
from models.inspection.attribution import METHODS, attribute
from models.inspection.base import AttributionRequest, AttributionResult, Cancelled, Progress, Steps, prepare
from models.inspection.registry import analysis
from models.translator import Translator

SHIFTED = ".shifted"


@dataclass(frozen=True)
class SignalScore:
    signal: str  # "attention", "attention.layer2.head1", "saliency.shifted", …
    method: str  # the declared method it comes from
    shifted: bool
    score: AlignmentScore


@dataclass
class SignalTable:
    """One row per signal, in declaration order (a method's own map first, then its parts)."""

    rows: list[SignalScore]
    sentences: int
    seconds: float  # per method, summed over the sentences
    seconds_by_method: dict[str, float]

    def best(self) -> SignalScore | None:
        return min(self.rows, key=lambda row: row.score.aer, default=None)

    def to_json(self) -> dict:
        """{signal: {aer, precision, recall, sentences, scored_words}}: `alignment_by_signal`."""
        return {row.signal: row.score.to_json() for row in self.rows}


def shifted(matrix: np.ndarray) -> np.ndarray:
    """(steps, …): the piece of step t takes step t+1's row (the last keeps its own)."""
    if len(matrix) < 2:
        return matrix
    return np.concatenate([matrix[1:], matrix[-1:]])


def signal_maps(result: AttributionResult) -> dict[str, np.ndarray]:
    """A result's (steps, source words) maps by signal name: its own, then its `extra` ones."""
    maps = {result.method: result.source}
    for name, matrix in (result.extra or {}).items():
        maps[f"{result.method}.{name}"] = matrix
    return maps


def alignment_by_signal(translator: Translator, pairs: list[AlignedPair], methods: list[str] | None = None, *,
                        ig_steps: int = 16, progress: Progress | None = None,
                        cancelled: Cancelled | None = None) -> SignalTable:  # fmt: skip
    """AER, precision and recall of every signal of `methods` (default: all that apply to the
    model) over `pairs`, each aligned at the output step and shifted by one."""
    methods = [m for m in (methods or list(METHODS)) if METHODS[m].applies_to(translator.model)]
    if not translator.has_attention:
        methods = [m for m in methods if m != "attention"]
    steps = Steps(len(pairs) * len(methods), progress, cancelled)
    word_maps: dict[str, list[np.ndarray]] = {}
    seconds = dict.fromkeys(methods, 0.0)
    for pair in pairs:
        sentence = prepare(translator, pair.source, pair.target)
        for method in methods:
            steps.check()
            request = AttributionRequest(pair.source, method, ig_steps=ig_steps)
            result = attribute(translator, request, sentence=sentence, cancelled=cancelled)
            seconds[method] += result.seconds
            for name, matrix in signal_maps(result).items():
                word_maps.setdefault(name, []).append(result.word_rows(matrix))
                word_maps.setdefault(name + SHIFTED, []).append(result.word_rows(shifted(matrix)))
            steps.tick()
    rows = []
    for name, matrices in word_maps.items():
        score = score_links(pairs, matrices)
        if score is not None:
            base = name.removesuffix(SHIFTED)
            rows.append(SignalScore(name, base.split(".")[0], name.endswith(SHIFTED), score))
    return SignalTable(rows, len(pairs), sum(seconds.values()), seconds)


def model_links(translator: Translator, pairs: list[tuple[str, str]], signal: str = "attention", *,
                ig_steps: int = 16, cancelled: Cancelled | None = None) -> list[set[Link]]:  # fmt: skip
    """The model's word alignment of each (source, reference) pair by one signal (a method's
    name, or one of its parts such as "attention.layer2" or "norm.layer1.shifted"): every target
    word linked to the source word its row ranks first. Write them with alignment_io.write_pharaoh."""
    name = signal.removesuffix(SHIFTED)
    method = name.split(".")[0]
    if method not in METHODS:
        raise ValueError(f"unknown signal {signal!r}: a method ({', '.join(METHODS)}) or one of its parts")
    links = []
    for source, target in pairs:
        sentence = prepare(translator, source, target)
        result = attribute(translator, AttributionRequest(source, method, ig_steps=ig_steps), sentence=sentence,
                           cancelled=cancelled)  # fmt: skip
        maps = signal_maps(result)
        if name not in maps:
            raise ValueError(f"{method} has no part {name!r} for this model: {', '.join(maps)}")
        matrix = shifted(maps[name]) if signal.endswith(SHIFTED) else maps[name]
        words = result.word_rows(matrix)
        links.append(predicted_links(words, set(range(len(sentence.target_units)))))
    return links


@dataclass(frozen=True)
class ScoreboardRequest:
    """The scoreboard of the loaded model: every signal against gold alignments, on the built-in
    corpus its corpus spec names, or on a corpus file with a Pharaoh file (`gold`, else the one
    beside it). The translation it comes with is not read."""

    corpus: str  # the model's corpus spec, or a corpus file
    gold: str = ""  # a Pharaoh file for the corpus file's pairs
    sentences: int = 30
    ig_steps: int = 16


@analysis(ScoreboardRequest)
def scoreboard_of(translator: Translator, translation, request: ScoreboardRequest, steps: Steps) -> SignalTable:
    from pathlib import Path

    from models.alignment import builtin_alignment_set
    from models.alignment_io import gold_beside, read_pharaoh
    from models.corpus.dataset import load_pairs_for_evaluation

    pairs = None if request.gold else builtin_alignment_set(request.corpus, request.sentences)
    if pairs is None:
        path = (
            Path(request.gold)
            if request.gold
            else gold_beside(request.corpus)
            if Path(request.corpus).is_file()
            else None
        )
        pairs = read_pharaoh(path, load_pairs_for_evaluation(request.corpus)) if path else None
    if not pairs:
        raise ValueError("no gold alignments: the model's corpus is not a built-in one; choose a corpus file "
                         "and its Pharaoh file (i-j sure, i?j possible)")  # fmt: skip
    return alignment_by_signal(translator, pairs[: request.sentences], ig_steps=request.ig_steps,
                               progress=steps.progress, cancelled=steps.cancelled)  # fmt: skip
