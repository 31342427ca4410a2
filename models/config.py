"""Typed configuration dataclasses, one per concern, saved inside every checkpoint."""

from __future__ import annotations

import dataclasses
import math
import numbers
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal

from models import choices

# Bounds far above anything that trains on a laptop; a stored config outside them is refused
# before any memory is spent on it. The model's configurations (one per family) are declared with
# their family, in models/nn/<family>/config.py; models/nn/family.py holds their union, ModelConfig.
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
    # The part of the range the app's form offers where the whole of it is not useful to offer
    # (a spin box of sizes from 8 to 2048 rather than 1 to 4096); None: the bound itself.
    offered: tuple[float, float] | None = None
    step: float | None = None  # the form's spin-box step, where not 1 (or 0.01)

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
        shown = _number(value) if isinstance(value, int) and not isinstance(value, bool) else repr(value)
        return None if ok else f"must be {self.describe()}, not {shown}"

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
    offered: tuple[float, float] | None = None,
    step: float | None = None,
) -> Any:
    """A dataclass field whose values are bounded (see Bound)."""
    bound = Bound(label, low, high, low_open, high_open, integer, optional, offered, step)
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
class TokenizerConfig:
    """How sentencepiece vocabularies are trained on the training split."""

    model_type: str = "unigram"  # choices.TOKENIZER
    src_vocab_size: int = bounded(4000, "the source vocabulary size", 8, MAX_VOCABULARY, integer=True,
                                  offered=(16, 64000), step=100)  # fmt: skip
    tgt_vocab_size: int = bounded(4000, "the target vocabulary size", 8, MAX_VOCABULARY, integer=True,
                                  offered=(16, 64000), step=100)  # fmt: skip
    shared: bool = False
    character_coverage: float = 1.0

    def validate(self) -> None:
        check_choice("tokenizer", self.model_type, TOKENIZER_TYPES)
        check_bounds(self)


@dataclass
class TrainConfig:
    """Optimisation, schedule, budget and evaluation of one training run."""

    batch_size: int = bounded(64, "batch size", 1, integer=True, offered=(1, 1024), step=8)  # sentences per batch
    learning_rate: float = bounded(1e-3, "learning rate", 0, low_open=True, offered=(1e-5, 1.0), step=1e-4)
    lr_schedule: str = "plateau"  # choices.LR_SCHEDULE
    warmup_steps: int = bounded(0, "warm-up steps", 0, integer=True)
    adam_beta2: float = bounded(0.999, "Adam beta2", 0, 1, high_open=True)  # 0.98 for Transformers
    clip_norm: float = bounded(1.0, "gradient clipping", 0, offered=(0, 100), step=0.5)  # 0: none
    label_smoothing: float = bounded(0.0, "label smoothing", 0, 1, high_open=True)
    # probability of feeding the reference token
    teacher_forcing: float = bounded(1.0, "teacher forcing", 0, 1, step=0.05)
    teacher_forcing_schedule: str = "constant"  # choices.TEACHER_FORCING_SCHEDULE
    teacher_forcing_min: float = bounded(0.0, "the lowest teacher forcing", 0, 1)
    teacher_forcing_decay_steps: int = bounded(10000, "teacher-forcing decay steps", 1, integer=True)
    max_minutes: float | None = bounded(5.0, "the minutes budget", 0, low_open=True, optional=True,
                                        offered=(0.05, 10_000), step=0.5)  # fmt: skip
    max_epochs: float | None = bounded(None, "the epochs budget", 0, low_open=True, optional=True,
                                       offered=(0.05, 10_000), step=0.5)  # fmt: skip
    max_steps: int | None = bounded(None, "the steps budget", 1, integer=True, optional=True)
    eval_every: int = bounded(500, "steps between evaluations", 1, integer=True, offered=(10, 100_000), step=50)
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
        check_choice("lr_schedule", self.lr_schedule, choices.LR_SCHEDULE.values())
        check_choice("precision", self.precision, choices.PRECISION.values())
        check_choice(
            "teacher_forcing_schedule", self.teacher_forcing_schedule, choices.TEACHER_FORCING_SCHEDULE.values()
        )


@dataclass
class DecodeConfig:
    """How a translation is searched for."""

    method: str = "greedy"  # choices.DECODE_METHOD
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
        check_choice("method", self.method, choices.DECODE_METHOD.values())
        check_bounds(self)
        if self.method == "beam" and self.nbest > self.beam_size:
            raise ValueError(f"n-best ({self.nbest}) must be at most the beam size ({self.beam_size})")

    def max_len(self, src_len: int) -> int:
        return int(src_len * self.max_len_ratio) + self.max_len_extra


def check_choice(name: str, value: str, allowed: tuple[str, ...]) -> None:
    """ValueError naming the option and its values when `value` is not one of them."""
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}; got {value!r}")


def to_dict(config: Any) -> dict[str, Any]:
    return dataclasses.asdict(config)


def from_dict(cls: Any, data: dict[str, Any], name: str | None = None) -> Any:
    """Build a config from stored data, ignoring unknown keys so older/newer checkpoints still
    load. Values of the wrong type (a number stored as a string, say) are refused with a
    ValueError naming the field, rather than failing later somewhere deep.

    `cls` may be a discriminated union of config classes (the model configuration: one class per
    family), each with a `family` field whose default names it: the stored "family" (the first
    member's when absent, as in the oldest files) picks the class, and the fields of the others
    that older files store side by side are ignored."""
    name = name or getattr(cls, "__name__", None) or "ModelConfig"
    if not isinstance(data, dict):
        raise ValueError(f"{name} must be an object, not {type(data).__name__}")
    if typing.get_origin(cls) in (typing.Union, types.UnionType):
        members = {member.__dataclass_fields__["family"].default: member for member in typing.get_args(cls)}
        family = data.get("family", next(iter(members)))
        if family not in members:
            raise ValueError(f"{name}.family must be one of {', '.join(members)}, not {family!r}")
        cls = members[family]
    hints = typing.get_type_hints(cls)
    values = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name in data and f.init:
            values[f.name] = _checked(f"{name}.{f.name}", data[f.name], hints[f.name])
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
    "check_choice",
    "TokenizerConfig",
    "TrainConfig",
    "DecodeConfig",
    "to_dict",
    "from_dict",
    "field",
]
