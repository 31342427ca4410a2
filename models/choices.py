"""Every choice of the model and its training, declared once.

A choice has the value that configurations, checkpoints and the command line use, a label for
the app's forms and one line of help. models/config.py validates against these declarations, the
command line builds its options from them (models/cli.py), and the app builds its form's rows and
tooltips from them (app/panels/train_form.py). The modules that implement the values are keyed by
the same values (encoder.RNN_CLASSES, attention.ATTENTION_CLASSES); a test checks they agree.

Labels and help are in English; `QT_TR_NOOP` marks them for the app's translation catalogue
(pyside6-lupdate reads this file too). It is a plain function: the engine never imports Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from models import attention_types


def QT_TR_NOOP(text: str) -> str:  # noqa: N802 (the name pyside6-lupdate looks for)
    return text


Translate = Callable[[str], str]  # the app passes its tr(); the engine's own lines stay in English


def untranslated(text: str) -> str:
    return text


@dataclass(frozen=True)
class Choice:
    value: str  # in configurations, checkpoints and on the command line
    label: str  # in the app's form


@dataclass(frozen=True)
class Option:
    field: str  # the configuration's field
    flag: str  # the command line's option
    title: str  # the form row's label
    help: str  # the command line's help and the form's tooltip
    choices: tuple[Choice, ...]

    def values(self) -> tuple[str, ...]:
        return tuple(choice.value for choice in self.choices)

    def label(self, value: str) -> str:
        return next((choice.label for choice in self.choices if choice.value == value), value)


FAMILY = Option(
    "family", "--family", QT_TR_NOOP("Family"),
    QT_TR_NOOP("RNN: a recurrent encoder and decoder with one attention between them. Transformer: layers of "
               "multi-head self-attention and cross-attention, no recurrence (Vaswani et al., 2017)."),
    (Choice("rnn", QT_TR_NOOP("RNN with attention")), Choice("transformer", "Transformer")),
)  # fmt: skip
POSITIONS = Option(
    "positions", "--positions", QT_TR_NOOP("Positions"),
    QT_TR_NOOP("How a Transformer knows word order: fixed sinusoids added to the embeddings, or learned vectors."),
    (Choice("sinusoidal", QT_TR_NOOP("sinusoidal")), Choice("learned", QT_TR_NOOP("learned"))),
)  # fmt: skip
NORM = Option(
    "norm", "--norm", QT_TR_NOOP("Normalisation"),
    QT_TR_NOOP("Pre-norm: layer normalisation before each sub-layer (stable without warm-up tricks). "
               "Post-norm: after the residual sum, as in the original Transformer."),
    (Choice("pre", QT_TR_NOOP("pre-norm")), Choice("post", QT_TR_NOOP("post-norm"))),
)  # fmt: skip
CELL = Option(
    "cell", "--arch", QT_TR_NOOP("Cell"),
    QT_TR_NOOP("The recurrent unit. RNN: a plain tanh cell (forgets quickly). GRU: gated, a good default. "
               "LSTM: gated with a separate memory cell."),
    (Choice("gru", "GRU"), Choice("lstm", "LSTM"), Choice("rnn", "RNN (tanh)")),
)  # fmt: skip


class _DeclaredOption(Option):
    """An option whose choices, values included, are read afresh at each use: the attention types
    declared in models/attention_types.py (their names and labels), a type declared at run time too."""

    def values(self) -> attention_types.Live:
        return attention_types.Live(lambda: tuple(choice.value for choice in self.choices))


ATTENTION = _DeclaredOption(
    "attention", "--attention", QT_TR_NOOP("Attention"),
    QT_TR_NOOP("How the decoder scores source positions: none (one fixed context vector, the encoder's final "
               "state), dot (q·k), general (q·Wk), concat (v·tanh(W[q;k])), additive (Bahdanau: v·tanh(Wq+Uk))."),
    attention_types.Live(lambda: tuple(Choice(t.name, t.label) for t in attention_types.attention_types())),
)  # fmt: skip
DECODER_STYLE = Option(
    "decoder_style", "--decoder-style", QT_TR_NOOP("Decoder"),
    QT_TR_NOOP("Luong: attention after the RNN; training runs all steps at once (fast). Input feeding: the "
               "last attentional vector is fed back as input (needs a step loop)."),
    (Choice("luong", QT_TR_NOOP("Luong")), Choice("input_feeding", QT_TR_NOOP("input feeding"))),
)  # fmt: skip
TOKENIZER = Option(
    "model_type", "--tokenizer", QT_TR_NOOP("Tokenizer"),
    QT_TR_NOOP("sentencepiece model: unigram or BPE split words into frequent pieces; char and word are the extremes."),
    (Choice("unigram", "unigram"), Choice("bpe", "bpe"), Choice("char", "char"), Choice("word", "word")),
)  # fmt: skip
LR_SCHEDULE = Option(
    "lr_schedule", "--lr-schedule", QT_TR_NOOP("Learning-rate schedule"),
    QT_TR_NOOP("constant; plateau: halve it when the dev loss stops improving; inverse_sqrt: warm up, then decay."),
    (Choice("constant", "constant"), Choice("plateau", "plateau"), Choice("inverse_sqrt", "inverse_sqrt")),
)  # fmt: skip
TEACHER_FORCING_SCHEDULE = Option(
    "teacher_forcing_schedule", "--teacher-forcing-schedule", QT_TR_NOOP("Teacher-forcing schedule"),
    QT_TR_NOOP("How the teacher-forcing probability changes over training (scheduled sampling)."),
    (Choice("constant", "constant"), Choice("linear", "linear"), Choice("exponential", "exponential")),
)  # fmt: skip
PRECISION = Option(
    "precision", "--precision", QT_TR_NOOP("Precision"),
    QT_TR_NOOP("auto: bfloat16 autocast where this machine computes it natively (AMX, AVX-512 BF16, a GPU) and "
               "a calibration on the first batch measures it faster, else fp32. The weights stay fp32 either way."),
    (Choice("auto", QT_TR_NOOP("auto (this machine's fastest)")), Choice("fp32", "fp32"),
     Choice("bf16", QT_TR_NOOP("bf16 autocast"))),
)  # fmt: skip

DECODE_METHOD = Option(
    "method", "--method", QT_TR_NOOP("Method"),
    QT_TR_NOOP("Greedy takes the most probable piece at each step. Beam search keeps the K best partial "
               "translations. Sampling draws each piece at random from the model's distribution."),
    (Choice("greedy", QT_TR_NOOP("Greedy")), Choice("beam", QT_TR_NOOP("Beam search")),
     Choice("sample", QT_TR_NOOP("Sampling"))),
)  # fmt: skip

MODEL_OPTIONS = (FAMILY, CELL, ATTENTION, DECODER_STYLE, POSITIONS, NORM)
