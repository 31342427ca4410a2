"""Teacher forcing: ratio 1.0 (always fed the reference) against 0.5 (fed its own guess half the
time), the same data and budget: dev BLEU, and the first step where free running parts from the
reference (models/inspection/exposure.py) over the test sentences."""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass

from models.experiments import scoring
from models.experiments.base import QT_TR_NOOP, Budget, Experiment, ExperimentRun, Measurement, Verdict, register
from models.experiments.bottleneck import MINUTES, STEPS, TRAIN, _model
from models.experiments.data import SEED
from models.inspection.exposure import compare_exposure

SENTENCES = 120  # sentences whose free running is compared with the reference
RATIOS = (1.0, 0.5)

EXPECTATION = QT_TR_NOOP(
    "Bengio et al. (2015), scheduled sampling: a model trained only on reference prefixes (ratio 1.0) meets "
    "its own mistakes first when it translates (exposure bias). Feeding it its own guesses during training "
    "made its output stay with the reference longer and raised BLEU a little, after long training and with the "
    "ratio lowered slowly. Early in training a fixed ratio of 0.5 feeds it guesses that are still mostly wrong."
)


@dataclass
class TeacherForcingResult:
    data: str  # what the runs trained on and were measured on
    train_pairs: int
    labels: list[str]
    ratios: list[float]
    steps: list[int]
    dev_bleu: list[float]  # each run's best dev BLEU in training
    test_bleu: list[float]  # greedy, on the measured sentences
    first_parting: list[float]  # mean step (from 1) where free running first leaves the reference
    kept_whole: list[float]  # % of sentences whose free running writes the reference exactly
    sentences: int
    curves: list[list]  # per run, list[CurvePoint]
    expectation: str
    verdict: Verdict


def measure(m: Measurement) -> TeacherForcingResult:
    pairs = m.data.test
    sample = random.Random(SEED).sample(pairs, min(m.scale.sentences or SENTENCES, len(pairs)))
    count = len(m.trained)
    test_bleu, first, whole = [], [], []
    for index, run in enumerate(m.trained):
        model = scoring.translator(run)
        share = 1 / count
        hypotheses = scoring.translate(m, model, [s for s, _ in pairs], what=QT_TR_NOOP("translating the test sentences"),
                                       done=index * share, share=share / 2)  # fmt: skip
        test_bleu.append(scoring.bleu(hypotheses, pairs))
        parted, kept = [], 0
        for n, (source, reference) in enumerate(sample):
            if n % 10 == 0:
                m.check()
                m.progress(QT_TR_NOOP("comparing free running with the reference"),
                           index * share + share / 2 + share / 2 * n / len(sample))  # fmt: skip
            exposure = compare_exposure(model, source, reference)
            if exposure.first_difference is None:
                kept += 1
                parted.append(len(exposure.reference_pieces) + 1)
            else:
                parted.append(exposure.first_difference + 1)
        first.append(sum(parted) / max(1, len(parted)))
        whole.append(100 * kept / max(1, len(sample)))
    dev = [max((p.bleu for p in r.curve), default=0.0) for r in m.trained]
    return TeacherForcingResult(
        data=m.data.name, train_pairs=len(m.data.train), labels=[r.label for r in m.trained], ratios=list(RATIOS),
        steps=[r.summary.steps if r.summary else 0 for r in m.trained], dev_bleu=dev, test_bleu=test_bleu,
        first_parting=first, kept_whole=whole, sentences=len(sample), curves=[r.curve for r in m.trained],
        expectation=EXPECTATION, verdict=verdict(test_bleu, first),
    )  # fmt: skip


def verdict(bleu: list[float], first: list[float]) -> Verdict:
    """The expected effect: the model trained at 0.5 stays with the reference longer when free running."""
    values = {"bleu_full": bleu[0], "bleu_half": bleu[1], "first_full": first[0], "first_half": first[1]}
    if first[1] > first[0]:
        return Verdict(True, QT_TR_NOOP(
            "Trained at 0.5, free running stays with the reference longer: it parts at step {first_half:.1f} on "
            "average, against {first_full:.1f} for the model always fed the reference (BLEU {bleu_half:.1f} "
            "against {bleu_full:.1f})."), values)  # fmt: skip
    if bleu[1] < bleu[0]:
        return Verdict(False, QT_TR_NOOP(
            "At this budget the model trained at 0.5 does not stay with the reference longer: it parts at step "
            "{first_half:.1f} on average, against {first_full:.1f} for the model always fed the reference (BLEU "
            "{bleu_half:.1f} against {bleu_full:.1f}). Fed its own wrong guesses half the time, it learnt less in the "
            "same steps, and that outweighs exposure bias this early."), values)  # fmt: skip
    return Verdict(False, QT_TR_NOOP(
        "At this budget the model trained at 0.5 does not stay with the reference longer: it parts at step "
        "{first_half:.1f} on average, against {first_full:.1f} for the model always fed the reference, though its "
        "BLEU is {bleu_half:.1f} against {bleu_full:.1f}: its mistakes are not fewer, only different."), values)  # fmt: skip


TEACHER_FORCING = register(Experiment(
    name="teacher-forcing", lesson="05-teacher-forcing", title=QT_TR_NOOP("Teacher forcing"),
    expectation=EXPECTATION,
    runs=(ExperimentRun(QT_TR_NOOP("teacher forcing 1.0"), _model("additive"), TRAIN),
          ExperimentRun(QT_TR_NOOP("teacher forcing 0.5"), _model("additive"),
                        dataclasses.replace(TRAIN, teacher_forcing=0.5))),
    budget=Budget(steps=STEPS, minutes=MINUTES, eval_every=100), measure=measure,
))  # fmt: skip
