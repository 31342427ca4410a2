"""Typed configuration dataclasses, one per concern, saved inside every checkpoint."""

from __future__ import annotations

import dataclasses
import math
import numbers
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from models import choices

# Bounds far above anything that trains on a laptop; a stored config outside them is refused
# before any memory is spent on it.
MAX_LAYER_SIZE = 4096
MAX_VOCABULARY = 256_000

# The most hypotheses a beam search keeps (and so the largest n-best list).
MAX_BEAM = 64

# The values each choice may take: declared once, with labels and help, in models/choices.py.
CELLS = choices.CELL.values()
ATTENTIONS = choices.ATTENTION.values()
DECODER_STYLES = choices.DECODER_STYLE.values()
TOKENIZER_TYPES = choices.TOKENIZER.values()


@dataclass(frozen=True)
class Bound:
    """The values a number option may take, declared once with its field (as the field's
    metadata): configurations check it in `validate`, the command line before it prepares
    anything, and the app's form sets its spin boxes' ranges from it."""

    label: str  # the option's name in a sentence
    low: float | None = None
    high: float | None = None
    low_open: bool = False  # `low` itself is not allowed
    high_open: bool = False
    integer: bool = False
    optional: bool = False  # None (no value, no limit) is allowed

    def describe(self) -> str:
        """ "a whole number from 1 to 64", "a finite number above 0", "a finite number at least 0 and below 1"."""
        kind = "a whole number" if self.integer else "a finite number"
        if self.low is not None and self.high is not None and not (self.low_open or self.high_open):
            return f"{kind} from {_number(self.low)} to {_number(self.high)}"
        parts = []
        if self.low is not None:
            parts.append(f"{'above' if self.low_open else 'at least'} {_number(self.low)}")
        if self.high is not None:
            parts.append(f"{'below' if self.high_open else 'at most'} {_number(self.high)}")
        return " ".join([kind, " and ".join(parts)]).strip()

    def problem(self, value: Any) -> str | None:
        """Why `value` is not allowed ("must be ..., not ..."), or None when it is."""
        if value is None and self.optional:
            return None
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            ok = False
        elif self.integer:
            ok = isinstance(value, numbers.Integral)
        else:
            ok = math.isfinite(value)
        if ok and self.low is not None:
            ok = value > self.low if self.low_open else value >= self.low
        if ok and self.high is not None:
            ok = value < self.high if self.high_open else value <= self.high
        return None if ok else f"must be {self.describe()}, not {value!r}"

    def check(self, value: Any, name: str | None = None) -> None:
        """ValueError with one sentence naming the option and its range when `value` is outside it."""
        problem = self.problem(value)
        if problem:
            raise ValueError(f"{name or self.label} {problem}")


def _number(value: float) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


def bounded(
    default: Any,
    label: str,
    low: float | None = None,
    high: float | None = None,
    *,
    low_open: bool = False,
    high_open: bool = False,
    integer: bool = False,
    optional: bool = False,
) -> Any:
    """A dataclass field whose values are bounded (see Bound)."""
    bound = Bound(label, low, high, low_open, high_open, integer, optional)
    return field(default=default, metadata={"bound": bound})  # fmt: skip


def bound_of(config: Any, name: str) -> Bound:
    """The declared bound of a config class's (or instance's) field."""
    for f in dataclasses.fields(config):
        if f.name == name and "bound" in f.metadata:
            return f.metadata["bound"]
    raise KeyError(f"{name} has no declared bound")


def check_bounds(config: Any) -> None:
    """Every bounded field of `config` within its declared bound (ValueError otherwise)."""
    for f in dataclasses.fields(config):
        if "bound" in f.metadata:
            f.metadata["bound"].check(getattr(config, f.name))


@dataclass
class ModelConfig:
    """Architecture of an attention encoder–decoder: a recurrent one, or a Transformer."""

    family: str = "rnn"  # choices.FAMILY
    cell: str = "gru"  # choices.CELL
    layers: int = 1
    bidirectional: bool = True
    embedding_size: int = 256
    hidden_size: int = 256
    attention: str = "additive"  # choices.ATTENTION
    # "luong": attention after the RNN, no input feeding, so teacher forcing runs as one fused RNN
    # call. "input_feeding": the previous attentional vector is fed with each input (JoeyNMT's
    # recurrent decoder), which needs a Python loop over target steps.
    decoder_style: str = "luong"  # choices.DECODER_STYLE
    dropout: float = bounded(0.1, "dropout", 0, 1, high_open=True)
    src_vocab_size: int = 0  # filled in from the tokenizer
    tgt_vocab_size: int = 0
    # The Transformer: `layers` encoder layers, `decoder_layers` (0: as many) decoder layers,
    # d_model = hidden_size (the embeddings are as wide), `heads` attention heads, `ff_size` wide.
    heads: int = 4
    ff_size: int = 1024
    decoder_layers: int = 0
    positions: str = "sinusoidal"  # choices.POSITIONS
    norm: str = "pre"  # choices.NORM
    shared_embeddings: bool = False

    @property
    def target_layers(self) -> int:
        """The decoder's layers."""
        return self.decoder_layers or self.layers

    def validate(self) -> None:
        _check_choice("family", self.family, choices.FAMILY.values())
        if self.family == "transformer":
            self._validate_transformer()
        _check_choice("cell", self.cell, CELLS)
        _check_choice("attention", self.attention, ATTENTIONS)
        _check_choice("decoder_style", self.decoder_style, DECODER_STYLES)
        if self.family == "rnn" and not 1 <= self.layers <= 4:
            raise ValueError(f"layers must be between 1 and 4, not {self.layers}")
        if not (1 <= self.embedding_size <= MAX_LAYER_SIZE and 1 <= self.hidden_size <= MAX_LAYER_SIZE):
            raise ValueError(f"embedding_size and hidden_size must be between 1 and {MAX_LAYER_SIZE}")
        for side, size in (("source", self.src_vocab_size), ("target", self.tgt_vocab_size)):
            if not 0 <= size <= MAX_VOCABULARY:
                raise ValueError(f"the {side} vocabulary size must be at most {MAX_VOCABULARY:,}, not {size:,}")
        check_bounds(self)

    def _validate_transformer(self) -> None:
        _check_choice("positions", self.positions, choices.POSITIONS.values())
        _check_choice("norm", self.norm, choices.NORM.values())
        if not (1 <= self.layers <= 6 and 0 <= self.decoder_layers <= 6):
            raise ValueError("a Transformer has 1 to 6 layers on each side")
        if not 1 <= self.heads <= 64 or self.hidden_size % self.heads:
            raise ValueError(f"hidden_size (d_model, {self.hidden_size}) must be a multiple of heads ({self.heads})")
        if not 1 <= self.ff_size <= 4 * MAX_LAYER_SIZE:
            raise ValueError(f"ff_size must be between 1 and {4 * MAX_LAYER_SIZE}")
        if self.shared_embeddings and self.src_vocab_size != self.tgt_vocab_size:
            raise ValueError("shared embeddings need one vocabulary for both languages (a shared vocabulary)")


@dataclass
class TokenizerConfig:
    """How sentencepiece vocabularies are trained on the training split."""

    model_type: str = "unigram"  # choices.TOKENIZER
    src_vocab_size: int = 4000
    tgt_vocab_size: int = 4000
    shared: bool = False
    character_coverage: float = 1.0

    def validate(self) -> None:
        _check_choice("tokenizer", self.model_type, TOKENIZER_TYPES)
        if self.src_vocab_size < 8 or self.tgt_vocab_size < 8:
            raise ValueError("vocabulary sizes must be at least 8")


@dataclass
class TrainConfig:
    """Optimisation, schedule, budget and evaluation of one training run."""

    batch_size: int = bounded(64, "batch size", 1, integer=True)  # sentences per batch
    learning_rate: float = bounded(1e-3, "learning rate", 0, low_open=True)
    lr_schedule: str = "plateau"  # choices.LR_SCHEDULE
    warmup_steps: int = bounded(0, "warm-up steps", 0, integer=True)
    adam_beta2: float = bounded(0.999, "Adam beta2", 0, 1, high_open=True)  # 0.98 for Transformers
    clip_norm: float = bounded(1.0, "gradient clipping", 0)  # 0: none
    label_smoothing: float = bounded(0.0, "label smoothing", 0, 1, high_open=True)
    # probability of feeding the reference token
    teacher_forcing: float = bounded(1.0, "teacher forcing", 0, 1)
    teacher_forcing_schedule: str = "constant"  # choices.TEACHER_FORCING_SCHEDULE
    teacher_forcing_min: float = bounded(0.0, "the lowest teacher forcing", 0, 1)
    teacher_forcing_decay_steps: int = bounded(10000, "teacher-forcing decay steps", 1, integer=True)
    max_minutes: float | None = bounded(5.0, "the minutes budget", 0, low_open=True, optional=True)
    max_epochs: float | None = bounded(None, "the epochs budget", 0, low_open=True, optional=True)
    max_steps: int | None = bounded(None, "the steps budget", 1, integer=True, optional=True)
    eval_every: int = bounded(500, "steps between evaluations", 1, integer=True)
    # dev sentences scored at each evaluation
    eval_sentences: int = bounded(500, "dev sentences per evaluation", 0, integer=True)
    # evaluations without dev BLEU improving
    early_stopping_patience: int | None = bounded(None, "patience", 1, integer=True, optional=True)
    # in pieces; longer training pairs are skipped (and counted)
    max_src_len: int = bounded(60, "the longest source", 1, integer=True)
    max_tgt_len: int = bounded(60, "the longest target", 1, integer=True)
    bucket_batches: bool = True
    seed: int = 1
    device: str = "cpu"
    precision: str = "auto"  # choices.PRECISION: fp32, bf16 autocast, or auto (models/training/precision.py)
    threads: int | None = bounded(None, "threads", 1, integer=True, optional=True)
    probe_sentence: str = ""
    # Half-precision copies of the weights at each evaluation, for replaying a sentence through
    # the run's history; 0 keeps none. Thinned evenly to stay within both bounds.
    snapshots: int = bounded(24, "snapshots", 0, integer=True)
    snapshot_megabytes: float = bounded(80.0, "snapshot megabytes", 0)

    def validate(self) -> None:
        check_bounds(self)
        if self.max_minutes is None and self.max_epochs is None and self.max_steps is None:
            raise ValueError("give a budget: minutes, epochs or steps")
        _check_choice("lr_schedule", self.lr_schedule, choices.LR_SCHEDULE.values())
        _check_choice("precision", self.precision, choices.PRECISION.values())
        _check_choice(
            "teacher_forcing_schedule", self.teacher_forcing_schedule, choices.TEACHER_FORCING_SCHEDULE.values()
        )


@dataclass
class DecodeConfig:
    """How a translation is searched for."""

    method: Literal["greedy", "beam", "sample"] = "greedy"
    beam_size: int = bounded(5, "beam size", 1, MAX_BEAM, integer=True)
    length_penalty: float = bounded(1.0, "length penalty")  # GNMT alpha; 0 disables
    nbest: int = bounded(1, "n-best", 1, MAX_BEAM, integer=True)
    max_len_ratio: float = bounded(2.0, "max-length ratio", 0, low_open=True)
    max_len_extra: int = bounded(10, "extra output length", 0, integer=True)
    temperature: float = bounded(1.0, "temperature", 0, low_open=True)
    top_k: int = bounded(0, "top-k", 0, integer=True)  # 0 = whole vocabulary
    trace_top_k: int = bounded(5, "candidates traced per step", 0, integer=True)  # kept per step in traces
    seed: int | None = None

    def validate(self) -> None:
        _check_choice("method", self.method, ("greedy", "beam", "sample"))
        check_bounds(self)
        if self.method == "beam" and self.nbest > self.beam_size:
            raise ValueError(f"n-best ({self.nbest}) must be at most the beam size ({self.beam_size})")

    def max_len(self, src_len: int) -> int:
        return int(src_len * self.max_len_ratio) + self.max_len_extra


def _check_choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}; got {value!r}")


T = TypeVar("T")


def to_dict(config: Any) -> dict[str, Any]:
    return dataclasses.asdict(config)


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Build a config from stored data, ignoring unknown keys so older/newer checkpoints still
    load. Values of the wrong type (a number stored as a string, say) are refused with a
    ValueError naming the field, rather than failing later somewhere deep."""
    if not isinstance(data, dict):
        raise ValueError(f"{cls.__name__} must be an object, not {type(data).__name__}")
    hints = typing.get_type_hints(cls)
    values = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name in data:
            values[f.name] = _checked(f"{cls.__name__}.{f.name}", data[f.name], hints[f.name])
    return cls(**values)


def _checked(name: str, value: Any, hint: Any) -> Any:
    """`value` if it fits the annotation `hint` (int, float, bool, str, Literal, X | None)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is Literal:
        if value not in args:
            raise ValueError(f"{name} must be one of {', '.join(map(repr, args))}, not {value!r}")
        return value
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        options = [a for a in args if a is not type(None)]
        for option in options:
            try:
                return _checked(name, value, option)
            except ValueError:
                continue
        raise ValueError(f"{name} has a value of the wrong type: {value!r}")
    if hint is bool:
        ok = isinstance(value, bool)
    elif hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif hint is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        value = float(value) if ok else value
    elif hint is str:
        ok = isinstance(value, str)
    else:
        return value
    if not ok:
        raise ValueError(f"{name} must be {hint.__name__}, not {type(value).__name__} {value!r}")
    return value


__all__ = [
    "Bound",
    "MAX_BEAM",
    "bound_of",
    "bounded",
    "check_bounds",
    "ModelConfig",
    "TokenizerConfig",
    "TrainConfig",
    "DecodeConfig",
    "to_dict",
    "from_dict",
    "field",
]
