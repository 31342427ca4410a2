"""Attribution methods, declared once: the view, the command line's `--signals`, the alignment
scoreboard and the faithfulness curves are all built from `METHODS`.

    result = attribute(translator, AttributionRequest("the red car", method="integrated_gradients"))
    result.source        # (steps, source words): how much each word counted for each step's piece
    result.prefix        # (steps, <s> + output words): the same for the target prefix

Every method runs on either the greedy output, a reference (`target`) or pieces given exactly
(`target_ids`), one row per output step; `alternatives` (step -> rival piece) explains
log P(chosen) − log P(rival) at those steps where a method can (`contrastive`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from models.inspection import attention_flow, gradients
from models.inspection.base import (
    AttributionRequest,
    AttributionResult,
    Cancelled,
    Progress,
    Sentence,
    Steps,
    prepare,
)
from models.inspection.registry import analysis
from models.tokenizer import EOS_ID
from models.translator import Translator

Compute = Callable[[Translator, Sentence, AttributionRequest, Steps], AttributionResult]


@dataclass(frozen=True)
class Method:
    name: str  # the key in --signals and in alignment_by_signal
    label: str  # what a view or a table shows
    compute: Compute
    contrastive: bool  # can explain log P(chosen) − log P(rival)
    signed: bool  # values may be negative (against the chosen piece)
    cost: str  # in forward/backward passes, for the guide and the view's tooltip
    through_layers: bool = False  # reads multi-head attention layers (Model.attention_sites), which not every model has

    def applies_to(self, model) -> bool:
        """Whether it explains `model` (a Model, or anything saying `has_self_attention`, as the
        families with multi-head attention layers do)."""
        return not self.through_layers or bool(model.has_self_attention)


METHODS: dict[str, Method] = {
    m.name: m
    for m in (
        Method("attention", "attention weights", attention_flow.attention, False, False, "1 forward"),
        Method("saliency", "gradient saliency ‖∇‖", gradients.saliency, True, False,
               "1 forward + backward of one row per step"),
        Method("input_x_gradient", "input × gradient", gradients.input_x_gradient, True, True,
               "1 forward + backward of one row per step"),
        Method("integrated_gradients", "integrated gradients", gradients.integrated_gradients, True, True,
               "forward + backward of (IG steps × output steps) rows"),
        Method("occlusion", "occlusion (word left out)", gradients.occlusion, True, True,
               "1 forward of one row per source and prefix word"),
        Method("rollout", "attention rollout", attention_flow.rollout, False, False, "1 forward", through_layers=True),
        Method("norm", "norm-based ‖α·f(x)‖", attention_flow.norm, False, False, "1 forward", through_layers=True),
    )
}  # fmt: skip


def methods_for(model) -> list[Method]:
    """The methods that apply to `model` (see Method.applies_to), in declaration order."""
    return [m for m in METHODS.values() if m.applies_to(model)]


def parse_signals(spec: str, model) -> list[str]:
    """`all` or comma-separated method names -> the names that apply to `model`, in order;
    an unknown name is an error naming the known ones."""
    if spec.strip() == "all":
        return [m.name for m in methods_for(model)]
    names = [name.strip() for name in spec.split(",") if name.strip()]
    unknown = [name for name in names if name not in METHODS]
    if unknown or not names:
        raise ValueError(f"unknown signal {', '.join(unknown) or repr(spec)}: choose all, or some of "
                         f"{', '.join(METHODS)}")  # fmt: skip
    return [name for name in METHODS if name in names and METHODS[name].applies_to(model)]


def attribute(translator: Translator, request: AttributionRequest, *, sentence: Sentence | None = None,
              progress: Progress | None = None, cancelled: Cancelled | None = None) -> AttributionResult:  # fmt: skip
    """Run one method on one sentence (prepared once with `prepare` when several methods share
    it). Raises AnalysisCancelled when `cancelled()` says so, ValueError for a method that does
    not apply to the model."""
    request.validate()
    method = METHODS.get(request.method)
    if method is None:
        raise ValueError(f"unknown attribution method {request.method!r}: one of {', '.join(METHODS)}")
    if not method.applies_to(translator.model):
        raise ValueError(f"{method.label} reads multi-head attention layers, which this model does not have")
    if request.alternatives and not method.contrastive:
        raise ValueError(f"{method.label} cannot answer a contrastive question")
    if sentence is None:
        sentence = prepare(translator, request.source, request.target, request.target_ids)
    if request.alternatives and any(not 0 <= s < sentence.steps for s in request.alternatives):
        raise ValueError(f"an alternative names a step outside 0…{sentence.steps - 1}")
    steps = Steps(gradients.work_units(method.name, sentence, request), progress, cancelled)
    start = time.perf_counter()
    result = method.compute(translator, sentence, request, steps)
    result.seconds = time.perf_counter() - start
    return result


@dataclass(frozen=True)
class AttributionMapsRequest:
    """The attribution view's question: one method's maps of the translation's best output (or of
    `target_ids` exactly), with the attention beside them to compare. `alternatives` ((step, rival
    piece), …) asks "why this piece rather than that one" at those steps."""

    method: str = "saliency"
    target_ids: tuple[int, ...] = ()  # the chosen pieces (EOS last when finished); default: the best output
    alternatives: tuple[tuple[int, int], ...] = ()
    ig_steps: int = 32
    occlusion: str = "pad"
    with_attention: bool = True  # also the attention's maps, to draw beside


@dataclass
class AttributionMaps:
    signal: AttributionResult
    attention: AttributionResult | None  # None where not asked for or the model has no attention


def best_ids(translation) -> list[int]:
    """A translation's best output as pieces to explain: its ids, EOS last when it finished."""
    best = translation.best
    return list(best.token_ids) + ([EOS_ID] if best.finished else [])


@analysis(AttributionMapsRequest)
def attribution_maps(translator: Translator, translation, request: AttributionMapsRequest,
                     steps: Steps) -> AttributionMaps:  # fmt: skip
    ids = list(request.target_ids) or best_ids(translation)
    sentence = prepare(translator, translation.source, target_ids=ids)
    ask = AttributionRequest(translation.source, request.method, target_ids=ids,
                             alternatives=dict(request.alternatives) or None, ig_steps=request.ig_steps,
                             occlusion=request.occlusion)  # fmt: skip
    signal = attribute(translator, ask, sentence=sentence, progress=steps.progress, cancelled=steps.cancelled)
    attention = None
    if request.with_attention and translator.has_attention:
        attention = signal if request.method == "attention" and not request.alternatives else attribute(
            translator, AttributionRequest(translation.source, "attention", target_ids=ids), sentence=sentence,
            cancelled=steps.cancelled)  # fmt: skip
    return AttributionMaps(signal, attention)
