"""RNN against Transformer: the attention RNN of the other experiments and a small Transformer,
the same data and steps; their dev BLEU curves over training time, their test BLEU, then both on
one sentence through Compare (models/compare.py)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from models.compare import compare
from models.config import TrainConfig
from models.experiments import scoring
from models.experiments.base import (
    QT_TR_NOOP,
    Budget,
    CurvePoint,
    Experiment,
    ExperimentRun,
    Measurement,
    Verdict,
    register,
)
from models.experiments.bottleneck import TRAIN, _model
from models.presets import PRESETS

SENTENCE = "March 14 – April 2, 1987"  # a date range, the kind of phrase the built-in corpus holds

# The tiny preset's Transformer, grown to about the RNN's size.
TRANSFORMER = dataclasses.replace(PRESETS["transformer-tiny"].model, layers=2, decoder_layers=2, heads=4,
                                  hidden_size=128, ff_size=256, dropout=0.1)  # fmt: skip
TRANSFORMER_TRAIN = TrainConfig(batch_size=64, learning_rate=2e-3, lr_schedule="inverse_sqrt", warmup_steps=100,
                                adam_beta2=0.98, precision="fp32", threads=1)  # fmt: skip

# The same steps for both (equal work; the curves, drawn against time, show what each step costs),
# bounded in minutes so that both runs and the measurement fit in three minutes.
STEPS, MINUTES = 600, 1.4

EXPECTATION = QT_TR_NOOP(
    "Vaswani et al. (2017): the Transformer beat recurrent models' BLEU at a fraction of their training cost, "
    "on 8 GPUs, with large batches and hours of training. On a CPU for a minute it is not a given: a "
    "Transformer needs a learning-rate warm-up and many steps, and small ones are known to start slowly "
    "(Popel and Bojar 2018); the RNN's recurrence is a useful prior on short sentences."
)


@dataclass
class SentenceComparison:
    """Both models on one sentence (from models.compare.Comparison)."""

    source: str
    outputs: list[str]
    mean_log_probs: list[float]  # per output piece, of each model's own output
    other_log_probs: list[float]  # each model's log-probability of the other's output


@dataclass
class RnnVsTransformerResult:
    data: str  # what the runs trained on and were measured on
    train_pairs: int
    labels: list[str]
    steps: list[int]
    parameters: list[int]
    curves: list[list[CurvePoint]]  # dev BLEU over training time, per run
    test_bleu: list[float]
    sentence: SentenceComparison
    expectation: str
    verdict: Verdict


def measure(m: Measurement) -> RnnVsTransformerResult:
    pairs = m.data.test
    models, bleus = [], []
    for index, run in enumerate(m.trained):
        models.append(scoring.translator(run))
        hypotheses = scoring.translate(m, models[-1], [s for s, _ in pairs], what=QT_TR_NOOP("translating the test sentences"),
                                       done=index / len(m.trained), share=1 / len(m.trained))  # fmt: skip
        bleus.append(scoring.bleu(hypotheses, pairs))
    m.check()
    m.progress(QT_TR_NOOP("comparing the two models on one sentence"), 1.0)
    both = compare(models[0], models[1], SENTENCE, names=(m.trained[0].label, m.trained[1].label))
    sentence = SentenceComparison(both.source, [both.a.translation.text, both.b.translation.text],
                                  [both.a.mean_log_prob, both.b.mean_log_prob],
                                  [both.a.other_log_prob, both.b.other_log_prob])  # fmt: skip
    return RnnVsTransformerResult(
        data=m.data.name, train_pairs=len(m.data.train), labels=[r.label for r in m.trained],
        steps=[r.summary.steps if r.summary else 0 for r in m.trained],
        parameters=[(r.summary.parameters or 0) if r.summary else 0 for r in m.trained],
        curves=[r.curve for r in m.trained], test_bleu=bleus, sentence=sentence, expectation=EXPECTATION,
        verdict=verdict(bleus, [r.summary.steps if r.summary else 0 for r in m.trained],
                        [r.curve[-1].bleu if r.curve else 0.0 for r in m.trained],
                        [r.summary.seconds if r.summary else 0.0 for r in m.trained]),
    )  # fmt: skip


# Test BLEU closer than this is called level: a few phrases more or less right, on a few hundred.
CLOSE_BLEU = 3.0


def verdict(bleu: list[float], steps: list[int], dev: list[float], seconds: list[float]) -> Verdict:
    """The literature's expectation, the Transformer ahead, read from the test BLEU (level when close)."""
    values = {"rnn_bleu": bleu[0], "transformer_bleu": bleu[1], "rnn_steps": steps[0], "transformer_steps": steps[1],
              "rnn_dev": dev[0], "transformer_dev": dev[1], "close": CLOSE_BLEU, "rnn_seconds": seconds[0],
              "transformer_seconds": seconds[1]}  # fmt: skip
    if abs(bleu[1] - bleu[0]) < CLOSE_BLEU:
        return Verdict(None, QT_TR_NOOP(
            "On the same budget the two end level: test BLEU {rnn_bleu:.1f} for the RNN ({rnn_steps} steps in "
            "{rnn_seconds:.0f} s) and {transformer_bleu:.1f} for the Transformer ({transformer_steps} steps in "
            "{transformer_seconds:.0f} s), less than {close:.0f} apart; on the dev phrases at the end, {rnn_dev:.1f} "
            "and {transformer_dev:.1f}. The curves show who led on the way."), values)  # fmt: skip
    if bleu[1] > bleu[0]:
        return Verdict(True, QT_TR_NOOP(
            "On the same budget the Transformer is ahead: test BLEU {transformer_bleu:.1f} against the RNN's "
            "{rnn_bleu:.1f}, after {transformer_steps} steps in {transformer_seconds:.0f} s against {rnn_steps} steps "
            "in {rnn_seconds:.0f} s."), values)  # fmt: skip
    return Verdict(False, QT_TR_NOOP(
        "On the same budget the RNN is ahead: test BLEU {rnn_bleu:.1f} against the Transformer's {transformer_bleu:.1f}, "
        "after {rnn_steps} steps in {rnn_seconds:.0f} s against {transformer_steps} steps in {transformer_seconds:.0f} s. "
        "The Transformer's advantage needs more steps and a larger machine than this budget gives it."), values)  # fmt: skip


RNN_VS_TRANSFORMER = register(Experiment(
    name="rnn-vs-transformer", lesson="10-rnn-vs-transformer", title=QT_TR_NOOP("RNN against Transformer"),
    expectation=EXPECTATION,
    runs=(ExperimentRun(QT_TR_NOOP("RNN with additive attention"), _model("additive"), TRAIN),
          ExperimentRun(QT_TR_NOOP("Transformer"), TRANSFORMER, TRANSFORMER_TRAIN)),
    budget=Budget(steps=STEPS, minutes=MINUTES, eval_every=100), measure=measure,
))  # fmt: skip
