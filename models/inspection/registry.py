"""The analyses the app's views show, each registered once with a typed request and a typed result.

An analysis looks into one translation of one sentence: it is a plain function

    compute(translator, translation, request, steps) -> result

where `request` is a frozen dataclass (what the view asks: a reference, a side, a layer …), the
result is a dataclass of plain data (numpy arrays, lists, numbers), and `steps` (base.Steps) reports
progress and raises `AnalysisCancelled` when the caller gave up. Registering it,

    @analysis(MyRequest)
    def my_analysis(translator, translation, request, steps) -> MyResult: ...

is all the engine needs: the app's one translation worker runs any registered request
(`run_analysis`), and a panel says which request it follows. Nothing here imports Qt.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from dataclasses import dataclass

from models.inspection.base import Cancelled, Progress, Steps

Compute = Callable[..., object]  # (translator, translation, request, steps) -> result


@dataclass(frozen=True)
class Analysis:
    name: str  # the function's name: how errors and docs refer to it
    request_type: type
    result_type: type
    compute: Compute
    decode_trace: bool  # whether it reads the translation's decoding trace (candidates per step)


_REGISTRY: dict[type, Analysis] = {}


def analysis(request_type: type, *, decode_trace: bool = False) -> Callable[[Compute], Compute]:
    """Register `compute` as the analysis answering `request_type`. Its result type is read from
    its return annotation, so the registration states the typed seam once."""

    def register(compute: Compute) -> Compute:
        result_type = typing.get_type_hints(compute).get("return")
        if not isinstance(result_type, type):
            raise TypeError(f"{compute.__name__}: annotate the result type it returns")
        if request_type in _REGISTRY and _REGISTRY[request_type].compute is not compute:
            raise ValueError(f"{request_type.__name__} already has an analysis: {_REGISTRY[request_type].name}")
        _REGISTRY[request_type] = Analysis(compute.__name__, request_type, result_type, compute, decode_trace)
        return compute

    return register


def unregister(request_type: type) -> None:
    """Take an analysis out again (tests that register one of their own)."""
    _REGISTRY.pop(request_type, None)


def registered() -> list[Analysis]:
    _load_builtin()
    return list(_REGISTRY.values())


def analysis_for(request: object) -> Analysis:
    _load_builtin()
    found = _REGISTRY.get(type(request))
    if found is None:
        raise LookupError(f"no analysis is registered for {type(request).__name__}")
    return found


def run_analysis(
    translator, translation, request: object, progress: Progress | None = None, cancelled: Cancelled | None = None
) -> object:
    """The registered analysis of `request`, on `translation` (made by `translator`)."""
    found = analysis_for(request)
    steps = Steps(total=1, progress=progress, cancelled=cancelled)
    steps.check()
    result = found.compute(translator, translation, request, steps)
    if not isinstance(result, found.result_type):
        raise TypeError(f"{found.name} returned {type(result).__name__}, not {found.result_type.__name__}")
    return result


def _load_builtin() -> None:
    """The analyses this package ships register themselves when their modules are imported: every
    module of the package is imported once, so adding an analysis edits no list."""
    import importlib
    import pkgutil

    import models.inspection as package

    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")
