"""Plain-data records of a decoding, for the views: steps, candidates, the beam tree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from torch import nn


@dataclass
class StepTrace:
    """One step of greedy decoding or sampling."""

    step: int
    chosen_id: int
    chosen_prob: float
    candidate_ids: np.ndarray  # (k,) most probable next tokens, best first
    candidate_probs: np.ndarray  # (k,)
    attention: np.ndarray | None  # (src_len,) weights used to choose this token
    forced: bool = False  # the token was imposed by a forced prefix


@dataclass
class BeamNode:
    """A candidate extension weighed by beam search."""

    id: int
    parent: int  # -1 for the root (BOS)
    step: int
    token_id: int
    log_prob: float  # of this token given its parent
    score: float  # cumulative log-probability of the path
    status: Literal["root", "kept", "pruned", "finished"]
    attention: np.ndarray | None = None  # (src_len,) when this token was scored
    in_nbest: bool = False


@dataclass
class Hypothesis:
    token_ids: list[int]  # target ids without BOS/EOS
    score: float  # log-probability normalised by the length penalty
    log_prob: float
    attention: np.ndarray | None  # (len(token_ids) + 1, src_len): one row per step incl. EOS
    finished: bool = True  # False when cut by the maximum length
    node_id: int | None = None  # final node in the beam tree
    heads: np.ndarray | None = None  # (steps, layers, heads, src_len) where attention has layers and heads


@dataclass
class DecodeResult:
    hypotheses: list[Hypothesis]  # best first
    steps: list[StepTrace] = field(default_factory=list)
    beam_nodes: list[BeamNode] = field(default_factory=list)

    @property
    def best(self) -> Hypothesis:
        return self.hypotheses[0]


def for_decoding(model: nn.Module) -> nn.Module:
    """The model in eval mode. `Module.eval()` walks every submodule (a Transformer has a hundred),
    a visible share of a short translation, so a model already in eval mode, as a translator's
    is, is left as it is."""
    if model.training:
        model.eval()
    return model
