"""Signals read from the attention itself, in one teacher-forced forward (no gradients):

    attention      the weights each step gives the source (the one map the views draw: the last
                   layer's heads averaged for a Transformer); `extra` holds every layer and head
                   ("layer2.head1"), each layer's heads averaged ("layer2") and all of them averaged
                   ("mean"); the prefix map is the last decoder layer's self-attention
    rollout        (Transformer) attention rollout (Abnar & Zuidema 2020) through the encoder, the
                   decoder's self-attention and its cross-attention, each sub-layer's residual
                   counted as half: R ← ½ R + ½ Ā R (Ā: heads averaged). Each step's row over the
                   prefix and the source sums to 1
    norm           (Transformer) norm-based contributions (Kobayashi et al. 2020): ‖Σ_h α_h f_h(x_j)‖
                   with f_h(x) = W_O,h (W_V,h x + b_V,h), the length of what source position j
                   adds to step t's output through the last decoder layer's cross-attention (each
                   layer in `extra`); the prefix map is the same through its self-attention
A column of pieces is summed into its word.
"""

from __future__ import annotations

import numpy as np
import torch

from models.inspection.base import AttributionRequest, AttributionResult, Sentence, Steps, teacher_forced_log_probs
from models.translator import Translator


class AttentionTap:
    """Forward hooks on a model's multi-head attention modules (`Model.attention_sites`): the
    inputs (values) and weights of every call, by site ("encoder", "self", "cross") and layer."""

    def __init__(self, sites: dict):
        self.sites = sites
        self.calls: dict[tuple[str, int], tuple] = {}
        self._handles = []

    def __enter__(self) -> AttentionTap:
        for site, modules in self.sites.items():
            for layer, module in enumerate(modules):
                hook = lambda m, args, out, key=(site, layer): self.calls.__setitem__(key, (args[2], out[1]))  # noqa: E731
                self._handles.append(module.register_forward_hook(hook))
        return self

    def __exit__(self, *exc) -> None:
        for handle in self._handles:
            handle.remove()

    def weights(self, site: str, layer: int) -> torch.Tensor:
        return self.calls[(site, layer)][1][0]  # (heads, T, S)

    def contributions(self, site: str, layer: int) -> torch.Tensor:
        """(T, S): ‖Σ_h α_h(t, j) W_O,h v_h(j)‖ for this layer's attention at this site."""
        values, weights = self.calls[(site, layer)]
        module = self.sites[site][layer]
        heads, size = module.heads, module.head_size
        w_out = module.output.weight.view(-1, heads, size)  # (D, h, d)
        moved = torch.einsum("ehd,hsd->hse", w_out, values[0])  # (h, S, D): each head's value through W_O
        return torch.einsum("hts,hse->tse", weights[0], moved).norm(dim=-1)


def _forward(translator: Translator, sentence: Sentence, tap: AttentionTap | None = None):
    model = translator.model
    device = next(model.parameters()).device
    src, lengths = sentence.source_tensor()
    with torch.no_grad():
        if tap is None:
            return model(src.to(device), lengths, torch.tensor([sentence.target_in], device=device))
        with tap:
            return model(src.to(device), lengths, torch.tensor([sentence.target_in], device=device))


def _by_words(pieces: torch.Tensor | np.ndarray, columns: np.ndarray) -> np.ndarray:
    array = pieces.detach().cpu().numpy() if torch.is_tensor(pieces) else pieces
    return np.asarray(array, dtype=np.float64) @ columns


def _values(translator, sentence, request) -> np.ndarray:
    return teacher_forced_log_probs(translator, sentence, [sentence.source_ids], alternatives=request.alternatives)[0]


def _sites(translator: Translator) -> dict:
    sites = translator.model.attention_sites()
    if not sites:
        raise ValueError("this signal reads multi-head attention layers; the model has none")
    return sites


def attention(translator: Translator, sentence: Sentence, request: AttributionRequest, steps: Steps):
    steps.check()
    sites = translator.model.attention_sites()
    tap = AttentionTap(sites) if sites else None
    out = _forward(translator, sentence, tap)
    if out.attention is None:
        raise ValueError("this model has no attention (a fixed context vector)")
    columns = sentence.source_columns()
    extra = {}
    prefix = None
    if out.heads is not None:  # (1, layers, heads, T, S)
        heads = out.heads[0]
        for layer in range(heads.size(0)):
            for head in range(heads.size(1)):
                extra[f"layer{layer + 1}.head{head + 1}"] = _by_words(heads[layer, head], columns)
            extra[f"layer{layer + 1}"] = _by_words(heads[layer].mean(0), columns)
        extra["mean"] = _by_words(heads.mean((0, 1)), columns)
    if tap is not None:
        prefix = _by_words(tap.weights("self", len(tap.sites["self"]) - 1).mean(0), sentence.prefix_columns())
    steps.tick(sentence.steps)
    return AttributionResult("attention", sentence, _by_words(out.attention[0], columns), prefix,
                             _values(translator, sentence, request), extra=extra or None)  # fmt: skip


def rollout_maps(tap: AttentionTap, source_length: int, steps: int) -> tuple[torch.Tensor, torch.Tensor]:
    """(prefix (T, T), source (T, S)) rollout; each row of the two together sums to 1."""
    encoder = torch.eye(source_length)
    for layer in range(len(tap.sites["encoder"])):
        mixed = tap.weights("encoder", layer).mean(0).float().cpu()  # (S, S)
        encoder = 0.5 * encoder + 0.5 * mixed @ encoder
    prefix, source = torch.eye(steps), torch.zeros(steps, source_length)
    for layer in range(len(tap.sites["self"])):
        mixed = tap.weights("self", layer).mean(0).float().cpu()  # (T, T), causal
        prefix, source = 0.5 * prefix + 0.5 * mixed @ prefix, 0.5 * source + 0.5 * mixed @ source
        cross = tap.weights("cross", layer).mean(0).float().cpu()  # (T, S)
        prefix, source = 0.5 * prefix, 0.5 * source + 0.5 * cross @ encoder
    return prefix, source


def rollout(translator: Translator, sentence: Sentence, request: AttributionRequest, steps: Steps):
    tap = AttentionTap(_sites(translator))
    steps.check()
    _forward(translator, sentence, tap)
    prefix, source = rollout_maps(tap, len(sentence.source_ids), sentence.steps)
    steps.tick(sentence.steps)
    return AttributionResult("rollout", sentence, _by_words(source, sentence.source_columns()),
                             _by_words(prefix, sentence.prefix_columns()), _values(translator, sentence, request))  # fmt: skip


def norm(translator: Translator, sentence: Sentence, request: AttributionRequest, steps: Steps):
    tap = AttentionTap(_sites(translator))
    steps.check()
    _forward(translator, sentence, tap)
    columns = sentence.source_columns()
    layers = len(tap.sites["cross"])
    extra = {f"layer{layer + 1}": _by_words(tap.contributions("cross", layer), columns) for layer in range(layers)}
    prefix = _by_words(tap.contributions("self", layers - 1), sentence.prefix_columns())
    steps.tick(sentence.steps)
    return AttributionResult("norm", sentence, extra[f"layer{layers}"], prefix, _values(translator, sentence, request),
                             extra=extra)  # fmt: skip
