"""Does a signal pick the words that matter? Deletion curves (the "comprehensiveness" of
DeYoung et al. 2020, by word): at each output step, leave out the k source words the signal
ranks highest for that step (their pieces become padding, the prefix stays), and measure how far
log P of the chosen piece falls. A random ranking is the floor; a faithful signal's curve lies
above it.

    drop(k) = mean over steps of [log P(y_t) − log P(y_t | top-k words of row t left out)]
    area    = mean of drop(k) over k = 1 … K (nats; the area under the curve divided by K)

k beyond a sentence's word count leaves out every word. Over a set, steps of all sentences are
averaged together.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np

from models.inspection.attribution import METHODS, attribute
from models.inspection.base import (
    AttributionRequest,
    Cancelled,
    Progress,
    Sentence,
    Steps,
    prepare,
    teacher_forced_log_probs,
)
from models.inspection.gradients import left_out
from models.translator import Translator

RANDOM = "random"
MAX_K = 5
RANDOM_SEED = 11


@dataclass(frozen=True)
class FaithfulnessCurve:
    signal: str  # a method's name, or "random"
    drops: tuple[float, ...]  # mean fall of log P with k = 1 … K words left out
    steps: int  # output steps averaged

    @property
    def area(self) -> float:
        return float(np.mean(self.drops)) if self.drops else 0.0

    def to_json(self) -> dict:
        return {"drops": [round(d, 4) for d in self.drops], "area": round(self.area, 4), "steps": self.steps}


@dataclass
class FaithfulnessTable:
    curves: list[FaithfulnessCurve]  # random last
    sentences: int
    ks: tuple[int, ...]

    def curve(self, signal: str) -> FaithfulnessCurve | None:
        return next((c for c in self.curves if c.signal == signal), None)

    def to_json(self) -> dict:
        """{signal: {drops, area, steps}}, "random" the floor, and the k's."""
        return {"k": list(self.ks), "sentences": self.sentences, **{c.signal: c.to_json() for c in self.curves}}


def _drops(translator: Translator, sentence: Sentence, rankings: np.ndarray, ks: tuple[int, ...],
           chunk_rows: int) -> np.ndarray:  # fmt: skip
    """rankings (steps, source words) word order per step, best first -> drops (steps, len(ks))."""
    sources, picks = [sentence.source_ids], []
    words = len(sentence.source_units)
    for t in range(sentence.steps):
        for k in ks:
            gone = set(int(w) for w in rankings[t, : min(k, words)])
            positions = {p for p, u in enumerate(sentence.source_unit_of_piece) if u in gone}
            picks.append((t, len(sources)))
            sources.append(left_out(sentence.source_ids, positions, "pad"))
    values = np.concatenate([
        teacher_forced_log_probs(translator, sentence, sources[start : start + chunk_rows])
        for start in range(0, len(sources), chunk_rows)
    ])  # fmt: skip
    full = values[0]
    drops = np.array([full[t] - values[row, t] for t, row in picks])
    return drops.reshape(sentence.steps, len(ks))


def sentence_drops(translator: Translator, sentence: Sentence, methods: list[str], ks: tuple[int, ...],
                   rng: random.Random, ig_steps: int = 16, chunk_rows: int = 256,
                   cancelled: Cancelled | None = None) -> dict[str, np.ndarray]:  # fmt: skip
    """{signal: drops (steps, len(ks))} for one sentence, "random" included."""
    result = {}
    for method in methods:
        attribution = attribute(translator, AttributionRequest(sentence.source, method, ig_steps=ig_steps),
                                sentence=sentence, cancelled=cancelled)  # fmt: skip
        # rank by value, highest first; ties (and words no step looked at) in word order
        rankings = np.argsort(-attribution.source, axis=1, kind="stable")
        result[method] = _drops(translator, sentence, rankings, ks, chunk_rows)
    words = len(sentence.source_units)
    rankings = np.array([rng.sample(range(words), words) for _ in range(sentence.steps)])
    result[RANDOM] = _drops(translator, sentence, rankings, ks, chunk_rows)
    return result


def faithfulness(translator: Translator, sources: list[str], methods: list[str] | None = None, *,
                 targets: list[str] | None = None, max_k: int = MAX_K, ig_steps: int = 16,
                 seed: int = RANDOM_SEED, progress: Progress | None = None,
                 cancelled: Cancelled | None = None) -> FaithfulnessTable:  # fmt: skip
    """Deletion curves of each signal over `sources` (each explained on its greedy output, or on
    `targets` when given), with the random floor. One sentence is a set of one."""
    methods = [m for m in (methods or list(METHODS)) if METHODS[m].applies_to(translator.model)]
    if not translator.has_attention:
        methods = [m for m in methods if m != "attention"]
    ks = tuple(range(1, max_k + 1))
    rng = random.Random(seed)
    steps = Steps(len(sources), progress, cancelled)
    collected: dict[str, list[np.ndarray]] = {m: [] for m in [*methods, RANDOM]}
    for n, source in enumerate(sources):
        steps.check()
        sentence = prepare(translator, source, None if targets is None else targets[n])
        for signal, drops in sentence_drops(translator, sentence, methods, ks, rng, ig_steps,
                                            cancelled=cancelled).items():  # fmt: skip
            collected[signal].append(drops)
        steps.tick()
    curves = []
    for signal, parts in collected.items():
        rows = np.concatenate(parts) if parts else np.zeros((0, len(ks)))
        drops = tuple(float(v) for v in rows.mean(axis=0)) if len(rows) else tuple(0.0 for _ in ks)
        curves.append(FaithfulnessCurve(signal, drops, len(rows)))
    return FaithfulnessTable(curves, len(sources), ks)
