"""The bottleneck: one fixed context vector (attention "none") against additive attention, the
same data and budget, BLEU by source length (the shape of Bahdanau et al. 2015, figure 2)."""

from __future__ import annotations

from dataclasses import dataclass

from models.config import TrainConfig
from models.experiments import scoring
from models.experiments.base import QT_TR_NOOP, Budget, Experiment, ExperimentRun, Measurement, Verdict, register
from models.metrics import LengthBucket
from models.nn.family import model_config

# A bucket is read only with this many sentences in it (fewer say little about a length).
MIN_SENTENCES = 5
# BLEU counts matches of up to four words: phrases shorter than that score low whatever the model,
# and their bucket is drawn but not read (unless no other bucket has sentences).
BLEU_ORDER = 4
# Below this overall BLEU a model has learnt too little for its curve to have a shape.
LEARNT_BLEU = 1.0

EXPECTATION = QT_TR_NOOP(
    "Bahdanau et al. (2015), figure 2: without attention (RNNencdec) BLEU falls steadily as sentences "
    "get longer, since the whole source must pass through one fixed-size vector; with attention "
    "(RNNsearch) it holds up to much longer sentences. The gap between the two widens with length."
)


@dataclass
class BottleneckResult:
    data: str  # what was trained and measured on
    train_pairs: int
    labels: list[str]  # the runs: without attention, with attention
    steps: list[int]  # training steps each run made in the budget
    bleu: list[float]  # over all the measured sentences
    by_length: list[list[LengthBucket]]  # per run, per source-length bucket
    expectation: str
    verdict: Verdict


def _model(attention: str):
    return model_config("rnn", cell="gru", bidirectional=True, embedding_size=64, hidden_size=128,
                        attention=attention, decoder_style="luong", dropout=0.1)  # fmt: skip


# The same steps for both runs (equal work), bounded in minutes so that two runs and the
# measurement fit in three minutes on a 2-core laptop even when it is busy. fp32 for every run:
# `auto` measures bf16 against fp32 on the first batch, and a busy machine may choose differently
# for two runs that are meant to differ in one thing only. One thread: these small models train as
# fast on one as on two, the other core stays with the window, and a run gives the same numbers on
# any machine (the thread count changes the order of sums); the runner restores the count after.
STEPS, MINUTES = 800, 1.2
TRAIN = TrainConfig(batch_size=64, learning_rate=3e-3, lr_schedule="constant", precision="fp32", threads=1)


def measure(m: Measurement) -> BottleneckResult:
    pairs = m.data.test
    sources = [s for s, _ in pairs]
    bleus, buckets = [], []
    for index, run in enumerate(m.trained):
        hypotheses = scoring.translate(m, scoring.translator(run), sources, what=QT_TR_NOOP("translating the test sentences"),
                                       done=index / len(m.trained), share=1 / len(m.trained))  # fmt: skip
        bleus.append(scoring.bleu(hypotheses, pairs))
        buckets.append(scoring.by_length(hypotheses, pairs))
    return BottleneckResult(
        data=m.data.name, train_pairs=len(m.data.train), labels=[r.label for r in m.trained],
        steps=[r.summary.steps if r.summary else 0 for r in m.trained], bleu=bleus, by_length=buckets,
        expectation=EXPECTATION, verdict=verdict(bleus, buckets),
    )  # fmt: skip


def verdict(bleu: list[float], by_length: list[list[LengthBucket]]) -> Verdict:
    """Whether the gap widens with length: the ratio of BLEU without attention to BLEU with it,
    read at the shortest and the longest bucket both runs have enough sentences in (buckets of
    phrases shorter than BLEU's four words left out)."""
    plain, attended = by_length
    usable = [i for i, (a, b) in enumerate(zip(plain, attended, strict=True))
              if a.sentences >= MIN_SENTENCES and a.bleu is not None and b.bleu]  # fmt: skip
    usable = [i for i in usable if plain[i].high is None or plain[i].high >= BLEU_ORDER] or usable
    if bleu[0] < LEARNT_BLEU:
        return Verdict(None, QT_TR_NOOP(
            "Without attention the model learnt too little in this budget (BLEU {plain:.1f}, against {attended:.1f} "
            "with attention) for its curve to have a shape: attention's first gift here is learning faster."),
            {"plain": bleu[0], "attended": bleu[1]})  # fmt: skip
    if len(usable) < 2:
        return Verdict(None, QT_TR_NOOP(
            "Too few sentence lengths have enough test sentences to draw a trend (at least {least} in a bucket)."),
            {"least": MIN_SENTENCES})  # fmt: skip
    short, long = usable[0], usable[-1]
    ratio_short = plain[short].bleu / attended[short].bleu
    ratio_long = plain[long].bleu / attended[long].bleu
    values = {
        "short": plain[short].label, "long": plain[long].label,
        "plain_short": plain[short].bleu, "plain_long": plain[long].bleu,
        "attended_short": attended[short].bleu, "attended_long": attended[long].bleu,
        "ratio_short": 100 * ratio_short, "ratio_long": 100 * ratio_long,
    }  # fmt: skip
    if ratio_long < 0.8 * ratio_short:
        return Verdict(True, QT_TR_NOOP(
            "The bottleneck shows: without attention BLEU goes from {plain_short:.1f} ({short} words) to "
            "{plain_long:.1f} ({long} words), with attention from {attended_short:.1f} to {attended_long:.1f}. "
            "The model without attention keeps {ratio_short:.0f}% of the attentive model's BLEU on short sentences "
            "but only {ratio_long:.0f}% on long ones."), values)  # fmt: skip
    return Verdict(False, QT_TR_NOOP(
        "The bottleneck does not show at this budget: without attention BLEU goes from {plain_short:.1f} ({short} "
        "words) to {plain_long:.1f} ({long} words), with attention from {attended_short:.1f} to {attended_long:.1f}; "
        "the model without attention keeps {ratio_short:.0f}% of the attentive model's BLEU on short sentences and "
        "{ratio_long:.0f}% on long ones, so the gap does not widen with length."), values)  # fmt: skip


BOTTLENECK = register(Experiment(
    name="bottleneck", lesson="02-context-vector", title=QT_TR_NOOP("The bottleneck"), expectation=EXPECTATION,
    runs=(ExperimentRun(QT_TR_NOOP("no attention (one context vector)"), _model("none"), TRAIN),
          ExperimentRun(QT_TR_NOOP("additive attention"), _model("additive"), TRAIN)),
    budget=Budget(steps=STEPS, minutes=MINUTES, eval_every=100), measure=measure,
))  # fmt: skip
