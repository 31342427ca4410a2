"""The attention computation of a translation, with the model's own numbers.

For every decoding step of a translation: the query (the decoder state), the raw score of every
source position under the model's scoring function, the padding mask, the softmax, and the
weighted sum of the values that forms the context vector. The numbers are read from the
canonical attention module while it runs (a forward hook on a teacher-forced pass along the
translation's output), and the scores from its own `score` function, so what is shown is what
the model computed.

With other sentences in the batch, every source is padded to the longest: the padded positions of
the shorter ones get the score −∞ before the softmax, hence weight 0.

A Transformer has one such computation per decoder layer and head, its cross-attention: the query
is the head's projection of the decoder position, the keys and values the head's projections of
the encoder's outputs, the scores their scaled dot products; each head's context is its own
weighted sum, and the heads' contexts are joined and mixed by the output projection W_O.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

import numpy as np
import torch

from models.config import DecodeConfig
from models.errors import InputError
from models.inspection.registry import analysis
from models.tokenizer import BOS_ID, PAD_ID
from models.translator import Translation, Translator

# Each recurrent attention type's scoring function and weights are declared with the type
# (models/attention_types.py: `formula`, `parameters`); q is the decoder state (the query), hⱼ the
# encoder output at source position j (the value), kⱼ its key. Without attention there are no
# scores: the context is the encoder's final state. A Transformer's cross-attention head is
# written with its family (models/nn/transformer/model.py: SCALED_DOT). Only the mathematics
# lives here; the app words the explanations.
SOFTMAX = "αⱼ = exp(scoreⱼ) / Σₖ exp(scoreₖ)"
CONTEXT = "c = Σⱼ αⱼ · hⱼ"
HEAD_CONTEXT = "c = Σⱼ αⱼ · vⱼ   (vⱼ = W_V·mⱼ); output = W_O · [c₁; …; c_heads]"


@dataclass
class AttentionMath:
    """One translation's attention computation. T target steps, S source positions (padded to the
    batch's longest sentence), Hq the query size, Hv the value size."""

    kind: str  # a declared attention type's name (models/attention_types.py), or scaled-dot (a Transformer's head)
    formula: str
    parameters: list[str]  # the scoring function's weights and their shapes
    source_pieces: list[str]  # this sentence's pieces (its real positions)
    target_pieces: list[str]  # the output pieces, one per step (</s> included when finished)
    batch_sources: list[list[str]]  # every sentence of the batch, this one first
    mask: np.ndarray  # (S,) True at this sentence's real positions
    queries: np.ndarray  # (T, Hq)
    values: np.ndarray  # (S, Hv) the encoder outputs
    scores: np.ndarray | None  # (T, S), −inf at padding; None without attention
    weights: np.ndarray | None  # (T, S), the module's softmax output
    contexts: np.ndarray  # (T, Hv) the module's context vectors (the fixed one without attention)
    padded_length: int = 0
    layer: int = 0  # a Transformer's decoder layer (0-based) and head; 0 and 0 for the recurrent one
    head: int = 0

    def step_rows(self, step: int, components: int = 4) -> list[dict]:
        """Per source position at one step: piece, score, weight, and the first value components."""
        rows = []
        for j in range(self.padded_length):
            real = bool(self.mask[j])
            rows.append({
                "position": j,
                "piece": self.source_pieces[j] if real else "<pad>",
                "score": None if self.scores is None else float(self.scores[step, j]),
                "weight": None if self.weights is None else float(self.weights[step, j]),
                "value": [float(v) for v in self.values[j, :components]],
                "padding": not real,
            })  # fmt: skip
        return rows

    def export_step_csv(self, path: str, step: int) -> None:
        """The numbers of one step: a row per source position, then the context vector."""
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            width = self.values.shape[1]
            writer.writerow(["position", "piece", "score", "weight"] + [f"value[{i}]" for i in range(width)])
            for row, value in zip(self.step_rows(step), self.values):
                score = "" if row["score"] is None else ("-inf" if row["score"] == -np.inf else f"{row['score']:.6f}")
                weight = "" if row["weight"] is None else f"{row['weight']:.6f}"
                writer.writerow([row["position"], row["piece"], score, weight] + [f"{v:.6f}" for v in value])
            writer.writerow(["context", self.target_pieces[step], "", ""] + [f"{v:.6f}" for v in self.contexts[step]])


def _batch(translator: Translator, sentences: list[Translation]) -> tuple[torch.Tensor, ...]:
    """Sources padded to the longest, lengths, and teacher-forced decoder inputs (BOS + output)."""
    source_ids = [[translator.source_tokenizer.piece_to_id(p) for p in t.source_pieces] for t in sentences]
    # Step t is fed the piece written at t − 1; the last piece written (</s> or the cut-off one)
    # is never fed back.
    target_ids = [([BOS_ID] + list(t.best.token_ids))[: len(t.best.pieces)] for t in sentences]
    src = torch.full((len(sentences), max(map(len, source_ids))), PAD_ID, dtype=torch.long)
    tgt = torch.full((len(sentences), max(map(len, target_ids))), PAD_ID, dtype=torch.long)
    for row, (s, t) in enumerate(zip(source_ids, target_ids)):
        src[row, : len(s)] = torch.tensor(s)
        tgt[row, : len(t)] = torch.tensor(t)
    return src, torch.tensor([len(s) for s in source_ids]), tgt


def attention_math(
    translator: Translator, translation: Translation, batch_with: list[Translation] = ()
) -> AttentionMath:
    """The attention computation along `translation`'s output (a Translation of this model), in a
    batch with the sentences of `batch_with` when given."""
    if not translator.model.single_attention:
        raise InputError("this model attends once per layer and head: use attention_math_grid")
    return attention_math_grid(translator, translation, batch_with)[0][0]


def attention_math_grid(
    translator: Translator, translation: Translation, batch_with: list[Translation] = ()
) -> list[list[AttentionMath]]:
    """The attention computation of every decoder layer and head, [layer][head]: a Transformer's
    cross-attention, or the recurrent family's one attention as [[it]]. The family computes it
    (`attention_calculations`, with its canonical modules); this adds the pieces."""
    model = translator.model
    sentences = [translation, *batch_with]
    src, lengths, tgt_in = _batch(translator, sentences)
    steps = len(translation.best.pieces)
    was_training = model.training
    model.eval()
    try:
        # The model's own modules (the fast path is only ever taken by decoding, models/fast);
        # eval mode keeps dropout off.
        with torch.no_grad():
            grid = model.attention_calculations(src, lengths, tgt_in)
    finally:
        model.train(was_training)
    cut = lambda rows: None if rows is None else rows[:steps]  # noqa: E731  (this sentence's steps)
    return [[AttentionMath(
        kind=c.kind, formula=c.formula, parameters=c.parameters,
        source_pieces=list(translation.source_pieces), target_pieces=list(translation.best.pieces),
        batch_sources=[list(t.source_pieces) for t in sentences], mask=c.mask, queries=c.queries[:steps],
        values=c.values, scores=cut(c.scores), weights=cut(c.weights), contexts=c.contexts[:steps],
        padded_length=int(src.size(1)), layer=c.layer, head=c.head,
    ) for c in row] for row in grid]  # fmt: skip


@dataclass(frozen=True)
class AttentionMathRequest:
    """The attention computation along the output. `batch_with`: other sentences decoded in the
    same batch (greedily), so that their padding and its mask show."""

    batch_with: tuple[str, ...] = ()


@dataclass
class AttentionMathGrid:
    maps: list[list[AttentionMath]]  # [layer][head]; a recurrent model's one attention is [[it]]


@analysis(AttentionMathRequest)
def attention_math_of(
    translator: Translator, translation: Translation, request: AttentionMathRequest, steps
) -> AttentionMathGrid:
    others = [translator.translate(text, DecodeConfig()) for text in request.batch_with]
    return AttentionMathGrid(attention_math_grid(translator, translation, others))
