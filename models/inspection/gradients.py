"""Gradient and perturbation attributions, for every family: saliency, input × gradient,
integrated gradients and occlusion, over the source pieces and over the target prefix.

The gradients are taken at the embeddings: a forward hook on each embedding table (the model's
`embedding_table("source" | "target")`) hands the modules a leaf tensor that requires grad in
place of the table's output, so nothing in the modules changes. For the Transformer that is the
table's output before scaling and positions; positions are not attributed. The model stays in
eval mode (no dropout); gradients need the modules, not the numpy fast path.

One teacher-forced batch explains every step at once: row b repeats the sentence and only step
t_b's value is differentiated, so the rows' gradients are each step's own.

    saliency            ‖∂ log P(y_t) / ∂ e_i‖₂
    input × gradient    e_i · ∂ log P(y_t) / ∂ e_i
    integrated grads    (e_i − e'_i) · mean_k ∂ log P(y_t)/∂e_i at e' + α_k (e − e'), α_k = (k + ½)/m,
                        e' the PAD embedding (every source piece and every prefix position); the sum
                        over i approaches log P(y_t | e) − log P(y_t | e'): the completeness error
                        is how far it is
    occlusion           log P(y_t) − log P(y_t | word w left out): its pieces become padding, or
                        are removed
A piece's score is summed into its word's (models/compare.text_units).
"""

from __future__ import annotations

import contextlib

import numpy as np
import torch

from models.inspection.base import (
    AttributionRequest,
    AttributionResult,
    Sentence,
    Steps,
    step_objective,
    teacher_forced_log_probs,
)
from models.tokenizer import PAD_ID
from models.translator import Translator


class EmbeddingTap:
    """Forward hooks that replace the embedding tables' outputs with leaves that require grad,
    optionally moved along the straight path from the PAD embedding (`alphas`, one per row).

    With one table for both languages the first call of a forward is the source (encoding comes
    first); a recurrent decoder with input feeding embeds its inputs one step at a time, so the
    target side may be several calls, which `target()` stacks."""

    def __init__(self, model, alphas: torch.Tensor | None = None):
        self.model = model
        self.alphas = alphas
        self.tables = {side: model.embedding_table(side) for side in ("source", "target")}
        self.leaves: dict[str, list[torch.Tensor]] = {"source": [], "target": []}
        self.values: dict[str, list[torch.Tensor]] = {"source": [], "target": []}
        self.baselines: dict[str, torch.Tensor] = {
            side: table.weight[PAD_ID].detach() for side, table in self.tables.items()
        }
        self._handles = []

    def __enter__(self) -> EmbeddingTap:
        shared = self.tables["source"] is self.tables["target"]
        if shared:
            self._handles.append(self.tables["source"].register_forward_hook(self._shared_hook))
        else:
            for side, table in self.tables.items():
                self._handles.append(table.register_forward_hook(lambda m, a, out, side=side: self._leaf(side, out)))
        return self

    def __exit__(self, *exc) -> None:
        for handle in self._handles:
            handle.remove()

    def _shared_hook(self, module, args, output):
        return self._leaf("target" if self.leaves["source"] else "source", output)

    def _leaf(self, side: str, output: torch.Tensor) -> torch.Tensor:
        value = output.detach()
        if self.alphas is None:
            leaf = value.clone()
        else:
            base = self.baselines[side]
            alphas = self.alphas.to(value.device, value.dtype).view(-1, *([1] * (value.dim() - 1)))
            leaf = base + alphas * (value - base)
        leaf.requires_grad_(True)
        self.values[side].append(value)
        self.leaves[side].append(leaf)
        return leaf

    def stacked(self, tensors: list[torch.Tensor]) -> torch.Tensor:
        """(B, L, E) from one call, or from one (B, E) call per step."""
        return tensors[0] if len(tensors) == 1 and tensors[0].dim() == 3 else torch.stack(tensors, 1)


def _no_cudnn():
    """cuDNN's recurrent backward runs only in training mode; attribution keeps eval mode."""
    return torch.backends.cudnn.flags(enabled=False) if torch.cuda.is_available() else contextlib.nullcontext()


def gradient_rows(translator: Translator, sentence: Sentence, steps_of_rows: list[int],
                  alphas: list[float] | None = None, alternatives: dict[int, int] | None = None):  # fmt: skip
    """One forward and backward of len(steps_of_rows) copies of the sentence; row b's value is
    step steps_of_rows[b]'s. Returns (those values (B,), source gradients (B, S, E), prefix gradients
    (B, T, E), source embeddings (S, E), prefix embeddings (T, E), their PAD baselines (E,) × 2)."""
    model = translator.model
    device = next(model.parameters()).device
    rows = len(steps_of_rows)
    src, lengths = sentence.source_tensor(rows)
    read = max(steps_of_rows) + 1  # later target positions cannot change these steps: not run
    tgt_in = torch.tensor([sentence.target_in[:read]] * rows, device=device)
    alpha = None if alphas is None else torch.tensor(alphas, dtype=torch.float32)
    with torch.enable_grad(), _no_cudnn(), EmbeddingTap(model, alpha) as tap:
        out = model(src.to(device), lengths, tgt_in, project=False)  # project only each row's step
        index = torch.tensor(steps_of_rows, device=device)
        features = out.features[torch.arange(rows, device=device), index]  # (B, H)
        picked = step_objective(model, model.project(features), sentence, index, alternatives)  # (B,)
        src_leaf = tap.stacked(tap.leaves["source"])
        tgt_leaves = tap.leaves["target"]
        grads = torch.autograd.grad(picked.sum(), [src_leaf, *tgt_leaves], allow_unused=True)
    src_grad = grads[0] if grads[0] is not None else torch.zeros_like(src_leaf)
    tgt_grads = [g if g is not None else torch.zeros_like(leaf) for g, leaf in zip(grads[1:], tgt_leaves)]
    return (
        picked.detach(), src_grad, _full(tap.stacked(tgt_grads), sentence.steps),
        tap.stacked(tap.values["source"])[0], _full(tap.stacked(tap.values["target"]), sentence.steps)[0],
        tap.baselines["source"], tap.baselines["target"],
    )  # fmt: skip


def _full(prefix: torch.Tensor, steps: int) -> torch.Tensor:
    """(B, read, E) -> (B, steps, E), zeros at the positions not read."""
    if prefix.size(1) == steps:
        return prefix
    return torch.cat([prefix, prefix.new_zeros(prefix.size(0), steps - prefix.size(1), prefix.size(2))], 1)


def _chunks(total: int, size: int):
    for start in range(0, total, size):
        yield range(start, min(total, start + size))


def _plain_gradients(translator, sentence: Sentence, request: AttributionRequest, steps: Steps):
    """Each step's gradients at the input (one row per step): (values (T,), source gradients
    (T, S, E), prefix gradients (T, T, E), source embeddings (S, E), prefix embeddings (T, E))."""
    parts = []
    for chunk in _chunks(sentence.steps, request.chunk_rows):
        steps.check()
        parts.append(gradient_rows(translator, sentence, list(chunk), alternatives=request.alternatives))
        steps.tick(len(chunk))
    joined = [torch.cat([p[i] for p in parts]) for i in range(3)]
    return (*joined, parts[-1][3], parts[-1][4])  # the last chunk reads the whole prefix


def _words(result_pieces: torch.Tensor | np.ndarray, columns: np.ndarray) -> np.ndarray:
    return np.asarray(result_pieces, dtype=np.float64) @ columns


def _result(method: str, sentence: Sentence, request: AttributionRequest, source: torch.Tensor,
            prefix: torch.Tensor, values, **extra) -> AttributionResult:  # fmt: skip
    """Piece-level (T, S) and (T, T) maps -> a result by words."""
    return AttributionResult(
        method, sentence, _words(source.detach().cpu().numpy(), sentence.source_columns()),
        _words(prefix.detach().cpu().numpy(), sentence.prefix_columns()),
        np.asarray(values.detach().cpu().numpy() if torch.is_tensor(values) else values, dtype=np.float64),
        contrastive=bool(request.alternatives), **extra,
    )  # fmt: skip


def saliency(translator: Translator, sentence: Sentence, request: AttributionRequest, steps: Steps):
    values, src_grad, tgt_grad, _, _ = _plain_gradients(translator, sentence, request, steps)
    return _result("saliency", sentence, request, src_grad.norm(dim=-1), tgt_grad.norm(dim=-1), values)


def input_x_gradient(translator: Translator, sentence: Sentence, request: AttributionRequest, steps: Steps):
    values, src_grad, tgt_grad, src_x, tgt_x = _plain_gradients(translator, sentence, request, steps)
    return _result("input_x_gradient", sentence, request, (src_grad * src_x).sum(-1), (tgt_grad * tgt_x).sum(-1),
                   values)  # fmt: skip


def integrated_gradients(translator: Translator, sentence: Sentence, request: AttributionRequest, steps: Steps):
    m, T = request.ig_steps, sentence.steps
    alphas = [(k + 0.5) / m for k in range(m)]  # the midpoint rule
    rows = [(alpha, t) for t in range(T) for alpha in alphas]  # by step: a chunk reads only the prefix it needs
    src_sum = tgt_sum = None
    for chunk in _chunks(len(rows), max(1, request.chunk_rows)):
        steps.check()
        part = [rows[i] for i in chunk]
        _, src_grad, tgt_grad, src_x, tgt_x, src_base, tgt_base = gradient_rows(
            translator, sentence, [t for _, t in part], [a for a, _ in part], request.alternatives
        )
        index = torch.tensor([t for _, t in part], device=src_grad.device)
        if src_sum is None:
            src_sum = src_grad.new_zeros((T, *src_grad.shape[1:]))
            tgt_sum = tgt_grad.new_zeros((T, *tgt_grad.shape[1:]))
        src_sum.index_add_(0, index, src_grad)
        tgt_sum.index_add_(0, index, tgt_grad)
        steps.tick(len(part))
    src_attr = ((src_x - src_base) * src_sum / m).sum(-1)  # (T, S)
    tgt_attr = ((tgt_x - tgt_base) * tgt_sum / m).sum(-1)  # (T, T)
    # the value of every step at the input and at the baseline
    steps_twice = [t for _ in range(2) for t in range(T)]
    ends = gradient_rows(translator, sentence, steps_twice, [1.0] * T + [0.0] * T, request.alternatives)[0]
    value, baseline = (ends[:T].cpu().numpy().astype(np.float64), ends[T:].cpu().numpy().astype(np.float64))
    total = src_attr.sum(-1).detach().cpu().numpy() + tgt_attr.sum(-1).detach().cpu().numpy()
    return _result("integrated_gradients", sentence, request, src_attr, tgt_attr, value,
                   baseline_log_probs=baseline, completeness_error=np.abs(total - (value - baseline)))  # fmt: skip


def left_out(ids: list[int], positions: set[int], mode: str) -> list[int]:
    """`ids` with the pieces at `positions` replaced by padding ("pad") or removed ("drop")."""
    if mode == "drop":
        return [i for p, i in enumerate(ids) if p not in positions]
    return [PAD_ID if p in positions else i for p, i in enumerate(ids)]


def occlusion(translator: Translator, sentence: Sentence, request: AttributionRequest, steps: Steps):
    """Each source word left out, and each prefix word (its pieces read as padding): the fall of
    each step's value. One batch of teacher-forced rows, no gradients."""
    src_words = len(sentence.source_units)
    sources = [sentence.source_ids]
    for word in range(src_words):
        positions = {p for p, u in enumerate(sentence.source_unit_of_piece) if u == word}
        sources.append(left_out(sentence.source_ids, positions, request.occlusion))
    targets = [sentence.target_in] * len(sources)
    prefix_units = len(sentence.prefix_units)
    for unit in range(1, prefix_units):  # <s> stays: the decoder cannot start without it
        positions = {p for p, u in enumerate(sentence.prefix_unit_of_position) if u == unit}
        sources.append(sentence.source_ids)
        targets.append(left_out(sentence.target_in, positions, "pad"))
    values = []
    for chunk in _chunks(len(sources), request.chunk_rows):
        steps.check()
        values.append(teacher_forced_log_probs(translator, sentence, [sources[i] for i in chunk],
                                               [targets[i] for i in chunk], request.alternatives))  # fmt: skip
        steps.tick(len(chunk))
    table = np.concatenate(values)  # (rows, T)
    full = table[0]
    source = (full[None, :] - table[1 : 1 + src_words]).T  # (T, source units)
    prefix = np.zeros((sentence.steps, prefix_units))
    prefix[:, 1:] = (full[None, :] - table[1 + src_words :]).T
    return AttributionResult("occlusion", sentence, source, prefix, full, contrastive=bool(request.alternatives))


def work_units(method: str, sentence: Sentence, request: AttributionRequest) -> int:
    """The progress total of a method on a sentence: rows of forward (and backward) passes."""
    if method == "integrated_gradients":
        return request.ig_steps * sentence.steps
    if method == "occlusion":
        return 1 + len(sentence.source_units) + len(sentence.target_units)
    return sentence.steps
