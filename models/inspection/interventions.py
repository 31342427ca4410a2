"""Interventions: change the attention at one step and decode again from there.

    result = intervene(translator, translation, InterventionRequest(step=2, kind="zero", position=1))
    result.original      # the decoding as it was: pieces, log P of each, attention of each step
    result.changed       # the same prefix up to `step`, then greedy decoding with the edit

Three edits (models/nn/interface.AttentionEdit, applied by each family's own hook):
    zero    one source piece gets weight 0, the others are renormalised
    force   all the weight goes to one source piece
    head    a Transformer's decoder head (layer, head) is switched off
from step `step` on (or only at that step). The original is decoded by the same loop (the model's
own modules, one step at a time), so an intervention that changes nothing ("none") reproduces it
exactly, and any difference is the edit's. This is the "what if?" of Decoding steps asked of the
attention instead of the output.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from models.config import DecodeConfig
from models.inspection.base import Steps
from models.inspection.registry import analysis
from models.nn.interface import AttentionEdit
from models.tokenizer import BOS_ID, EOS_ID
from models.translator import Translation, Translator

KINDS = ("none", "zero", "force", "head")


@dataclass(frozen=True)
class InterventionRequest:
    step: int  # the first step decoded with the edit (0-based)
    kind: str = "zero"  # one of KINDS
    position: int = 0  # the source piece (zero, force)
    layer: int | None = None  # head: its decoder layer; zero/force: None for every layer
    head: int = 0
    only_this_step: bool = False  # the edit at `step` alone, the steps after decoded as usual
    target_ids: tuple[int, ...] = ()  # the original pieces (EOS last when finished); default: the best output

    def edit(self) -> AttentionEdit | None:
        return None if self.kind == "none" else AttentionEdit(self.kind, self.position, self.layer, self.head)


@dataclass
class DecodingRun:
    """One decoding, step by step."""

    token_ids: list[int]  # the chosen piece of each step, EOS last when it finished
    pieces: list[str]  # "</s>" for EOS
    text: str
    log_probs: np.ndarray  # (steps,) log P of each chosen piece
    attention: np.ndarray | None  # (steps, source pieces): the map the views draw
    finished: bool

    @property
    def log_prob(self) -> float:
        return float(self.log_probs.sum())


@dataclass
class InterventionResult:
    request: InterventionRequest
    source_pieces: list[str]
    original: DecodingRun
    changed: DecodingRun
    # log P of the original's piece at `step` with the edit (same prefix): how much the edit
    # alone moved that choice, whatever was chosen after
    original_piece_log_prob: float

    @property
    def first_difference(self) -> int | None:
        """The first step whose piece changed (None: the same output)."""
        a, b = self.original.token_ids, self.changed.token_ids
        for step, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return step
        return None if len(a) == len(b) else min(len(a), len(b))

    @property
    def log_prob_change(self) -> float:
        return self.changed.log_prob - self.original.log_prob


def _decode(translator: Translator, source_ids: list[int], forced: list[int], edit: AttentionEdit | None,
            start: int, only_start: bool, max_len: int, steps: Steps,
            watch: int | None = None) -> tuple[DecodingRun, float]:  # fmt: skip
    """Greedy decoding with the model's own modules: `forced` pieces first, then the model's choice;
    the edit applies at steps ≥ `start` (only at `start` with `only_start`). Returns the run and the
    log P of `watch` (a piece id) at step `start`."""
    model = translator.model
    device = next(model.parameters()).device
    src = torch.tensor([source_ids], device=device)
    enc, state = model.encode(src, torch.tensor([len(source_ids)]))
    token = torch.tensor([BOS_ID], device=device)
    ids, log_probs, rows = [], [], []
    watched = float("nan")
    for t in range(max(max_len, len(forced) + 1)):
        steps.check()
        if edit is not None and t >= start and (t == start or not only_start):
            with model.edited_attention(edit):
                out = model.decode_step(token, enc, state)
        else:
            out = model.decode_step(token, enc, state)
        state = out.state
        step_log_probs = torch.log_softmax(out.logits[0].float(), dim=-1)  # (V,)
        choice = forced[t] if t < len(forced) else int(step_log_probs.argmax())
        if t == start and watch is not None:
            watched = float(step_log_probs[watch])
        ids.append(choice)
        log_probs.append(float(step_log_probs[choice]))
        rows.append(None if out.attention is None else _shown_attention(out, edit if t >= start else None))
        if choice == EOS_ID:
            break
        token = torch.tensor([choice], device=device)
    finished = ids[-1] == EOS_ID
    body = ids[:-1] if finished else ids
    tok = translator.target_tokenizer
    pieces = tok.ids_to_pieces(body) + (["</s>"] if finished else [])
    attention = None if rows[0] is None else np.stack(rows)
    return DecodingRun(ids, pieces, tok.decode(body), np.array(log_probs), attention, finished), watched


def _shown_attention(out, edit: AttentionEdit | None) -> np.ndarray:
    """The step's map as the views draw it; with a head switched off in the last layer, the mean
    of the heads still on (the switched-off head's zeros are not attention)."""
    if edit is not None and edit.kind == "head" and out.heads is not None:
        last = out.heads.size(1) - 1
        if edit.layer in (last, -1):
            on = [h for h in range(out.heads.size(2)) if h != edit.head]
            return out.heads[0, last, on].mean(0).float().cpu().numpy()
    return out.attention[0].float().cpu().numpy()


@torch.no_grad()
def intervene(translator: Translator, translation: Translation, request: InterventionRequest,
              steps: Steps | None = None) -> InterventionResult:  # fmt: skip
    """Decode `translation`'s sentence again with `request`'s edit from its step on (see the module)."""
    if request.kind not in KINDS:
        raise ValueError(f"an intervention is one of {', '.join(KINDS)}, not {request.kind!r}")
    if not translator.has_attention:
        raise ValueError("this model has no attention to change: its decoder reads one fixed context")
    steps = steps or Steps(total=1)
    source_ids = translator._source_ids(translation.source)
    if request.kind in ("zero", "force") and not 0 <= request.position < len(source_ids):
        raise ValueError(f"the source has pieces 0…{len(source_ids) - 1}, not {request.position}")
    if request.kind == "zero" and len(source_ids) < 2:
        raise ValueError("a one-piece sentence has no other piece to look at")
    best = translation.best
    original_ids = list(request.target_ids) or list(best.token_ids) + ([EOS_ID] if best.finished else [])
    if not 0 <= request.step < len(original_ids):
        raise ValueError(f"the output has steps 0…{len(original_ids) - 1}, not {request.step}")
    max_len = DecodeConfig().max_len(len(source_ids))
    model = translator.model
    if model.training:
        model.eval()
    original, _ = _decode(translator, source_ids, original_ids, None, 0, False, max_len, steps)
    changed, watched = _decode(translator, source_ids, original_ids[: request.step], request.edit(), request.step,
                               request.only_this_step, max_len, steps, watch=original_ids[request.step])  # fmt: skip
    steps.tick()
    return InterventionResult(request, translator.source_tokenizer.ids_to_pieces(source_ids), original, changed,
                              watched)  # fmt: skip


@analysis(InterventionRequest)
def intervention_of(translator: Translator, translation: Translation, request: InterventionRequest,
                    steps) -> InterventionResult:  # fmt: skip
    return intervene(translator, translation, request, steps)
