"""Beam size: one model (the bundled en→fr where installed, else one trained for the budget)
decodes the same held-out sentences with beams of 1, 2, 5 and 10, with and without the GNMT length
penalty: BLEU and the output's length for each."""

from __future__ import annotations

import random
from dataclasses import dataclass

from models.config import DecodeConfig
from models.experiments import scoring
from models.experiments.base import QT_TR_NOOP, Budget, Experiment, ExperimentRun, Measurement, Verdict, register
from models.experiments.bottleneck import TRAIN, _model
from models.experiments.data import SEED

BEAMS = (1, 2, 5, 10)
PENALTIES = (0.0, 1.0)  # GNMT alpha: none, and the app's default
SENTENCES = 400

EXPECTATION = QT_TR_NOOP(
    "Koehn and Knowles (2017), figure 10: BLEU rises from greedy search to a beam of about 4 or 5, then falls as "
    "the beam grows, because a wider search finds shorter translations (every extra word lowers the "
    "probability). A length penalty (Wu et al. 2016) keeps the output's length, and most of the fall goes away."
)


@dataclass
class BeamPoint:
    beam: int
    length_penalty: float  # GNMT alpha; 0: none
    bleu: float
    mean_length: float  # output words per sentence
    length_ratio: float  # output words / reference words, over all the sentences


@dataclass
class BeamSizeResult:
    data: str  # whose test split was decoded
    model: str
    sentences: int
    reference_length: float  # reference words per sentence
    points: list[BeamPoint]
    expectation: str
    verdict: Verdict

    def point(self, beam: int, length_penalty: float) -> BeamPoint:
        return next(p for p in self.points if p.beam == beam and p.length_penalty == length_penalty)


def _words(text: str) -> int:
    return len(text.split())


def measure(m: Measurement) -> BeamSizeResult:
    held_out = m.data.held_out
    pairs = random.Random(SEED).sample(held_out, min(m.scale.sentences or SENTENCES, len(held_out)))
    sources = [s for s, _ in pairs]
    reference_words = sum(_words(t) for _, t in pairs)
    model = scoring.translator(m.trained[0])
    settings = [(beam, alpha) for alpha in PENALTIES for beam in BEAMS]
    points, greedy = [], None
    for n, (beam, alpha) in enumerate(settings):
        if beam == 1 and greedy is not None:  # the penalty changes nothing for one hypothesis
            hypotheses = greedy
        else:
            config = DecodeConfig(method="beam" if beam > 1 else "greedy", beam_size=beam, length_penalty=alpha)
            hypotheses = scoring.translate(m, model, sources, config, QT_TR_NOOP("decoding with each beam size"),
                                           n / len(settings), 1 / len(settings))  # fmt: skip
            greedy = hypotheses if beam == 1 else greedy
        words = sum(_words(h) for h in hypotheses)
        points.append(BeamPoint(beam, alpha, scoring.bleu(hypotheses, pairs), words / max(1, len(pairs)),
                                words / max(1, reference_words)))  # fmt: skip
    result = BeamSizeResult(m.data.name, m.trained[0].label, len(pairs), reference_words / max(1, len(pairs)),
                            points, EXPECTATION, Verdict(None, ""))  # fmt: skip
    result.verdict = verdict(result)
    return result


def verdict(result: BeamSizeResult) -> Verdict:
    """The expected shape: without a penalty the widest beam writes shorter than greedy search,
    and the penalty gives back length (and BLEU) at that beam."""
    wide = BEAMS[-1]
    plain = [result.point(b, 0.0) for b in BEAMS]
    best = max(plain, key=lambda p: p.bleu)
    greedy, bare, penalised = result.point(1, 0.0), result.point(wide, 0.0), result.point(wide, PENALTIES[-1])
    values = {
        "best_beam": best.beam, "best_bleu": best.bleu, "greedy_bleu": greedy.bleu, "wide": wide,
        "wide_bleu": bare.bleu, "wide_penalised_bleu": penalised.bleu, "greedy_length": greedy.mean_length,
        "wide_length": bare.mean_length, "penalised_length": penalised.mean_length,
        "reference_length": result.reference_length,
    }  # fmt: skip
    if bare.mean_length < greedy.mean_length and penalised.mean_length > bare.mean_length:
        return Verdict(True, QT_TR_NOOP(
            "As the literature says: without a length penalty the outputs shorten as the beam grows ({greedy_length:.2f} "
            "words a sentence greedy, {wide_length:.2f} at beam {wide}; the references have {reference_length:.2f}), "
            "and BLEU peaks at beam {best_beam} ({best_bleu:.1f}, greedy {greedy_bleu:.1f}, beam {wide} "
            "{wide_bleu:.1f}). With the penalty, beam {wide} writes {penalised_length:.2f} words and scores "
            "{wide_penalised_bleu:.1f}."), values)  # fmt: skip
    return Verdict(False, QT_TR_NOOP(
        "The outputs do not shorten here as the beam grows ({greedy_length:.2f} words a sentence greedy, "
        "{wide_length:.2f} at beam {wide} without a penalty, {penalised_length:.2f} with it; the references have "
        "{reference_length:.2f}): these sentences are short, and a beam of {wide} finds little that greedy search "
        "missed. BLEU: greedy {greedy_bleu:.1f}, best beam {best_beam} ({best_bleu:.1f}), beam {wide} "
        "{wide_bleu:.1f} without the penalty and {wide_penalised_bleu:.1f} with it."), values)  # fmt: skip


BEAM_SIZE = register(Experiment(
    name="beam-size", lesson="07-greedy-beam-sampling", title=QT_TR_NOOP("Beam size"), expectation=EXPECTATION,
    runs=(ExperimentRun(QT_TR_NOOP("additive attention"), _model("additive"), TRAIN),),
    budget=Budget(minutes=2.0, eval_every=200), measure=measure, corpus="tatoeba:en-fr", bundled="default-en-fr",
))  # fmt: skip
