"""Every attention type of the recurrent family, declared once.

An `AttentionType` holds all that the project needs to know about one way of scoring source
positions, and every reader reads it from here:

- its `name` and `label`: the choice in configurations, on the command line (`--attention`) and in
  the app's train form (models/choices.py `ATTENTION` is built from the declarations);
- its `module` class, which `models.nn.attention.make_attention` builds, and its memory contract,
  `energy_width`, which the trainer's micro-batching counts on (`Attention.energy_width`);
- its `formula`, `note` and `parameters`: the attention-math view (models/inspection/attention_math.py and
  app/panels/attention_math_panel.py);
- optionally `numpy_scores`, the builder of its fast stand-in for decoding
  (models/fast/numpy_rnn.py `ATTENTION_SCORES`); without one, decoding runs the module;
- the tests' lists of attention types, generated from `attention_types()`.

This module imports neither PyTorch nor Qt (the window and its forms are drawn before the engine
loads): a built-in declaration names its module class and numpy builder as "module:name",
imported on first use; a type registered at run time may pass the objects themselves.

Labels and notes are in English, marked with `QT_TR_NOOP` for the app's translation catalogue
(scripts/update_translations.py reads this file).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib import import_module
from typing import Any


def QT_TR_NOOP(text: str) -> str:  # noqa: N802 (the name pyside6-lupdate looks for)
    return text


@dataclass(frozen=True)
class AttentionType:
    name: str  # in configurations, checkpoints and on the command line
    label: str  # in the app's form and the attention-math view
    formula: str  # the scoring function, as the attention-math view writes it (q the query, hⱼ the values)
    # The scoring module, a subclass of models.nn.attention.Attention taking (query_size, value_size),
    # or "package.module:Class"; None: no attention (the fixed context vector).
    module: type | str | None
    # The module -> its weights with their shapes, e.g. ["W_k 24×48"], for the attention-math view.
    parameters: Callable[[Any], list[str]]
    # (query_size, value_size) -> the values per (target step, source position) pair the module
    # keeps for backward (0: only the scores). The trainer's micro-batching sizes batches by it.
    energy_width: Callable[[int, int], int]
    # A builder of the module's numpy scores (models/fast/numpy_rnn.py), or "package.module:function";
    # None: decoding runs the module itself.
    numpy_scores: Callable | str | None = None
    note: str = ""  # a remark after the formula in the attention-math view (marked QT_TR_NOOP)

    def module_class(self) -> type | None:
        return _resolve(self.module)

    def scores_builder(self) -> Callable | None:
        return _resolve(self.numpy_scores)


def _resolve(reference):
    if not isinstance(reference, str):
        return reference
    module, _, name = reference.partition(":")
    return getattr(import_module(module), name)


_TYPES: dict[str, AttentionType] = {}


def register(declaration: AttentionType) -> AttentionType:
    """Declare an attention type: from now on it is offered, built, trained, explained and tested."""
    if declaration.name in _TYPES:
        raise ValueError(f"attention type {declaration.name!r} is already declared")
    _TYPES[declaration.name] = declaration
    return declaration


def unregister(name: str) -> None:
    _TYPES.pop(name, None)


def attention_types() -> tuple[AttentionType, ...]:
    """Every declared type, in the order declared, "no attention" last."""
    return tuple(sorted(_TYPES.values(), key=lambda declared: declared.module is None))


def attention_type(name: str) -> AttentionType:
    """The declaration of `name` (KeyError when none)."""
    return _TYPES[name]


def find(name: str) -> AttentionType | None:
    return _TYPES.get(name)


def declared_for(cls: type) -> AttentionType | None:
    """The declaration whose module is exactly `cls` (a subclass is not its parent)."""
    return next((declared for declared in _TYPES.values() if declared.module is not None
                 and declared.module_class() is cls), None)  # fmt: skip


class Live(Sequence):
    """A tuple computed afresh at every use, so that a type declared at run time is in it (the
    choices that configurations, the command line and the form read, kept at import)."""

    def __init__(self, compute: Callable[[], tuple]):
        self._compute = compute

    def __getitem__(self, index):
        return self._compute()[index]

    def __len__(self) -> int:
        return len(self._compute())

    def __iter__(self) -> Iterator:
        return iter(self._compute())

    def __contains__(self, item) -> bool:
        return item in self._compute()

    def __eq__(self, other) -> bool:
        return tuple(self) == (tuple(other) if isinstance(other, (tuple, Live)) else other)

    def __hash__(self) -> int:
        return hash(self._compute())

    def __repr__(self) -> str:
        return repr(self._compute())


# --------------------------------------------------------------------------- the built-in types
def _shape(layer) -> str:
    return "×".join(str(n) for n in layer.weight.shape)


def _dot_parameters(attention) -> list[str]:
    if attention.key_projection is None:
        return ["no weights: the scores are plain dot products"]
    return [f"W_k {_shape(attention.key_projection)}"]


NUMPY = "models.fast.numpy_rnn"

register(AttentionType(
    "additive", QT_TR_NOOP("additive (Bahdanau)"), "score(q, hⱼ) = vᵀ · tanh(W_q·q + W_k·hⱼ)",
    "models.nn.attention:AdditiveAttention",
    lambda a: [f"W_q {_shape(a.query_layer)}", f"W_k {_shape(a.key_layer)}", f"v {_shape(a.v)}"],
    lambda query_size, value_size: query_size,  # tanh(W_q q + W_k k)
    f"{NUMPY}:additive_scores",
))  # fmt: skip
register(AttentionType(
    "dot", QT_TR_NOOP("dot (Luong)"), "score(q, hⱼ) = q · kⱼ",
    "models.nn.attention:DotAttention", _dot_parameters, lambda query_size, value_size: 0, f"{NUMPY}:dot_scores",
    note=QT_TR_NOOP("(kⱼ = hⱼ, or W_k·hⱼ when the encoder is wider than the decoder)"),
))  # fmt: skip
register(AttentionType(
    "general", QT_TR_NOOP("general (Luong)"), "score(q, hⱼ) = q · (W_k·hⱼ)",
    "models.nn.attention:GeneralAttention", _dot_parameters, lambda query_size, value_size: 0, f"{NUMPY}:dot_scores",
))  # fmt: skip
register(AttentionType(
    "concat", QT_TR_NOOP("concat (Luong)"), "score(q, hⱼ) = vᵀ · tanh(W · [q; hⱼ])",
    "models.nn.attention:ConcatAttention",
    lambda a: [f"W {_shape(a.combine)}", f"v {_shape(a.v)}"],
    lambda query_size, value_size: 2 * query_size + value_size,  # [q; k] and tanh(W [q; k])
    f"{NUMPY}:concat_scores",
))  # fmt: skip
register(AttentionType(
    "none", QT_TR_NOOP("none: fixed context vector"), "c = h_S", None,
    lambda _attention: [], lambda query_size, value_size: 0,
))  # fmt: skip
