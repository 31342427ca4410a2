"""A Transformer's attention computed step by step, with the model's own numbers.

For one attention of one layer — the encoder's self-attention, the decoder's masked
self-attention or the cross-attention — and every head of it: the head's queries, keys and values
(its slices of W_Q·x, W_K·m, W_V·m), the scaled scores q·k/√d, the mask (padding, and the causal
mask of the decoder's self-attention: a position never sees those after it), the softmax and each
head's weighted sum of its values; then the heads joined and mixed by W_O, the attention's output.
Beside it, the side's input (piece embeddings × √D plus the positional encoding, sinusoidal or
learned) and the residual stream of the layer position by position:

    pre-norm:  x → norm → attention → x + it → norm → feed-forward → x + it
    post-norm: x → attention → x + it → norm → feed-forward → x + it → norm

(a decoder layer has a cross-attention block between the two). The numbers are recorded from the
canonical modules while a teacher-forced pass runs along the translation's own output (the
family's `layer_walkthrough` hook, models/nn/transformer/inspect.py); only the scores and the
heads' weighted sums are derived here, and the tests check them against the module's weights and
output. A recurrent model has no such layers: its result says so (`available` False).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import torch

from models.config import DecodeConfig
from models.inspection.attention_math import _batch
from models.inspection.registry import analysis
from models.inspection.self_attention import BOS_PIECE
from models.translator import Translation, Translator

SITES = ("encoder", "decoder", "cross")
PAD_PIECE = "<pad>"
# The mathematics, written once (the app words the explanations around them).
SCORES = "scoreᵢⱼ = qᵢ · kⱼ / √d   (q = W_Q·x, k = W_K·m, v = W_V·m)"
MASKED = "scoreᵢⱼ = −∞"
SOFTMAX = "αᵢⱼ = exp(scoreᵢⱼ) / Σₖ exp(scoreᵢₖ)   (exp(−∞) = 0)"
WEIGHTED_SUM = "cᵢ = Σⱼ αᵢⱼ · vⱼ;   output = W_O · [c¹; …; cʰ]"
POSITIONS = "x = embedding × √D + position"


@dataclass(frozen=True)
class TransformerStepsRequest:
    """One attention of one layer, step by step: `site` "encoder" (its self-attention), "decoder"
    (its masked self-attention) or "cross"; `layer` 0-based in that stack (its top layer where it
    has fewer); `batch_with`: other sentences padded into the same batch, so that the padding mask
    shows."""

    site: str = "cross"
    layer: int = 0
    batch_with: tuple[str, ...] = ()


@dataclass
class PositionalEncoding:
    """The input of the site's stack, L positions of width D."""

    kind: str  # "sinusoidal" or "learned"
    pieces: list[str]  # what each position holds
    embeddings: np.ndarray  # (L, D) piece embeddings × √D
    positions: np.ndarray  # (L, D) the encodings added
    embedded: np.ndarray  # (L, D) the model's sum: the first layer's input
    scale: float  # √D


@dataclass
class ResidualPath:
    """The residual stream through the layer, stage by stage, at every position of its side."""

    stages: list[str]  # "input", "norm", "self-attention", "residual", "cross-attention", "feed-forward"
    values: np.ndarray  # (stages, L, D)
    pieces: list[str]  # what each position holds (as PositionalEncoding.pieces)


@dataclass
class TransformerSteps:
    available: bool  # False: the model has no such layers (a recurrent one); nothing else is filled
    site: str = ""
    layer: int = 0
    layers: int = 0  # in the site's stack
    heads: int = 0
    query_pieces: list[str] = field(default_factory=list)  # Lq rows: the positions that look
    key_pieces: list[str] = field(default_factory=list)  # Lk columns: the positions looked at
    output_text: str = ""
    inputs: np.ndarray | None = None  # (Lq, D) what the queries are projected from
    queries: np.ndarray | None = None  # (heads, Lq, d)
    keys: np.ndarray | None = None  # (heads, Lk, d)
    values: np.ndarray | None = None  # (heads, Lk, d)
    scale: float = 1.0  # √d
    mask: np.ndarray | None = None  # (Lq, Lk) True where a query may look
    scores: np.ndarray | None = None  # (heads, Lq, Lk) q·k/√d, −∞ where masked
    weights: np.ndarray | None = None  # (heads, Lq, Lk) the module's softmax
    contexts: np.ndarray | None = None  # (heads, Lq, d) each head's weighted sum of its values
    output: np.ndarray | None = None  # (Lq, D) the module's output (heads joined, W_O)
    positional: PositionalEncoding | None = None
    residual: ResidualPath | None = None

    def cell_rows(self, head: int, query: int) -> list[dict]:
        """One query position of one head, a row per key position: piece, score, weight, masked."""
        return [{"position": j, "piece": self.key_pieces[j], "score": float(self.scores[head, query, j]),
                 "weight": float(self.weights[head, query, j]), "masked": not bool(self.mask[query, j])}
                for j in range(len(self.key_pieces))]  # fmt: skip


def transformer_steps(translator: Translator, translation: Translation, site: str = "cross", layer: int = 0,
                      batch_with: list[Translation] = ()) -> TransformerSteps:  # fmt: skip
    if site not in SITES:
        raise ValueError(f"site must be one of {', '.join(SITES)}, not {site!r}")
    model = translator.model
    sentences = [translation, *batch_with]
    src, lengths, tgt_in = _batch(translator, sentences)
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():  # the canonical modules, dropout off
            walk = model.layer_walkthrough(src, lengths, tgt_in, site, layer)
    finally:
        model.train(was_training)
    if walk is None:
        return TransformerSteps(available=False, site=site)
    source = list(translation.source_pieces)
    padded = source + [PAD_PIECE] * (src.size(1) - len(source))
    written = list(translation.best.pieces)
    fed = ([BOS_PIECE] + written)[: len(written)]
    # Rows: this sentence's real positions (a padded position's query is never read);
    # columns: every position of the batch, so that the padding the mask hides shows.
    rows, columns, side = {"encoder": (source, padded, source), "decoder": (written, fed, fed),
                           "cross": (written, padded, fed)}[site]  # fmt: skip
    q, k, s = len(rows), len(columns), len(side)
    a = walk.attention
    queries, keys, values = a.queries[:, :q], a.keys[:, :k], a.values[:, :k]
    scale = float(np.sqrt(queries.shape[-1]))
    mask = a.mask[:q, :k]
    scores = np.where(mask, queries @ keys.transpose(0, 2, 1) / scale, -np.inf).astype(np.float32)
    weights = a.weights[:, :q, :k]
    return TransformerSteps(
        available=True, site=site, layer=walk.layer, layers=walk.layers, heads=queries.shape[0],
        query_pieces=rows, key_pieces=columns, output_text=translation.text, inputs=a.inputs[:q],
        queries=queries, keys=keys, values=values, scale=scale, mask=mask, scores=scores, weights=weights,
        contexts=(weights @ values).astype(np.float32), output=a.output[:q],
        positional=PositionalEncoding(walk.positions_kind, side, walk.embeddings[:s], walk.positions[:s],
                                      walk.embedded[:s], float(np.sqrt(walk.embeddings.shape[1]))),
        residual=ResidualPath([name for name, _ in walk.stages], np.stack([v[:s] for _, v in walk.stages]), side),
    )  # fmt: skip


@analysis(TransformerStepsRequest)
def transformer_steps_of(
    translator: Translator, translation: Translation, request: TransformerStepsRequest, steps
) -> TransformerSteps:
    others = [translator.translate(text, DecodeConfig()) for text in request.batch_with]
    return transformer_steps(translator, translation, request.site, request.layer, others)
