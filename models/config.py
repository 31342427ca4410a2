"""Typed configuration dataclasses, one per concern, saved inside every checkpoint."""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from models import choices

# Bounds far above anything that trains on a laptop; a stored config outside them is refused
# before any memory is spent on it.
MAX_LAYER_SIZE = 4096
MAX_VOCABULARY = 256_000

# The values each choice may take: declared once, with labels and help, in models/choices.py.
CELLS = choices.CELL.values()
ATTENTIONS = choices.ATTENTION.values()
DECODER_STYLES = choices.DECODER_STYLE.values()
TOKENIZER_TYPES = choices.TOKENIZER.values()


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
    dropout: float = 0.1
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
        if not 0.0 <= self.dropout < 1.0:
            raise ValueError(f"dropout must be in [0, 1), not {self.dropout}")

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

    batch_size: int = 64  # sentences per batch
    learning_rate: float = 1e-3
    lr_schedule: str = "plateau"  # choices.LR_SCHEDULE
    warmup_steps: int = 0
    adam_beta2: float = 0.999  # 0.98 for Transformers
    clip_norm: float = 1.0
    label_smoothing: float = 0.0
    teacher_forcing: float = 1.0  # probability of feeding the reference token
    teacher_forcing_schedule: str = "constant"  # choices.TEACHER_FORCING_SCHEDULE
    teacher_forcing_min: float = 0.0
    teacher_forcing_decay_steps: int = 10000
    max_minutes: float | None = 5.0
    max_epochs: float | None = None
    max_steps: int | None = None
    eval_every: int = 500  # steps
    eval_sentences: int = 500  # dev sentences scored at each evaluation
    early_stopping_patience: int | None = None  # evaluations without dev BLEU improving
    max_src_len: int = 60  # in pieces; longer training pairs are skipped (and counted)
    max_tgt_len: int = 60
    bucket_batches: bool = True
    seed: int = 1
    device: str = "cpu"
    bf16: bool = False  # autocast matmuls to bfloat16 on CPU/CUDA
    threads: int | None = None
    probe_sentence: str = ""
    # Half-precision copies of the weights at each evaluation, for replaying a sentence through
    # the run's history; 0 keeps none. Thinned evenly to stay within both bounds.
    snapshots: int = 24
    snapshot_megabytes: float = 80.0

    def validate(self) -> None:
        if self.batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if self.learning_rate <= 0:
            raise ValueError("learning_rate must be positive")
        if not 0.0 <= self.teacher_forcing <= 1.0:
            raise ValueError("teacher_forcing must be between 0 and 1")
        if self.max_minutes is None and self.max_epochs is None and self.max_steps is None:
            raise ValueError("give a budget: minutes, epochs or steps")
        if self.snapshots < 0 or self.snapshot_megabytes < 0:
            raise ValueError("snapshots and snapshot_megabytes cannot be negative")
        _check_choice("lr_schedule", self.lr_schedule, choices.LR_SCHEDULE.values())
        _check_choice(
            "teacher_forcing_schedule", self.teacher_forcing_schedule, choices.TEACHER_FORCING_SCHEDULE.values()
        )


@dataclass
class DecodeConfig:
    """How a translation is searched for."""

    method: Literal["greedy", "beam", "sample"] = "greedy"
    beam_size: int = 5
    length_penalty: float = 1.0  # GNMT alpha; 0 disables
    nbest: int = 1
    max_len_ratio: float = 2.0
    max_len_extra: int = 10
    temperature: float = 1.0
    top_k: int = 0  # 0 = whole vocabulary
    trace_top_k: int = 5  # candidates kept per step in traces
    seed: int | None = None

    def validate(self) -> None:
        _check_choice("method", self.method, ("greedy", "beam", "sample"))
        if self.beam_size < 1:
            raise ValueError("beam size must be at least 1")
        if self.nbest < 1 or (self.method == "beam" and self.nbest > self.beam_size):
            raise ValueError("n-best must be between 1 and the beam size")
        if self.temperature <= 0:
            raise ValueError("temperature must be positive")

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
    "ModelConfig",
    "TokenizerConfig",
    "TrainConfig",
    "DecodeConfig",
    "to_dict",
    "from_dict",
    "field",
]
