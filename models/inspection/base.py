"""What every analysis of this package shares: a sentence made ready for the modules, its pieces
grouped into words, and cooperative progress and cancel.

An analysis is a plain function `analysis(translator, request, *, progress=None, cancelled=None)`
that returns a typed result. `progress(done, total)` is called as it goes; `cancelled()` is
asked between chunks of work, and when it answers True the analysis raises `AnalysisCancelled`
(a training control's flag can be passed as `lambda: control.cancelled`). Nothing here imports Qt:
the app runs these in a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch

from models.compare import regroup, text_units, unit_of_pieces
from models.config import DecodeConfig
from models.corpus.text import normalize
from models.errors import WorkCancelled
from models.tokenizer import BOS_ID, EOS_ID, NEVER_EMITTED, PAD_ID
from models.translator import Translator

Progress = Callable[[int, int], None]  # (done, total)
Cancelled = Callable[[], bool]

START_UNIT = "<s>"  # the first prefix position: what the decoder reads before its first piece


class AnalysisCancelled(WorkCancelled):
    """Raised by an analysis whose `cancelled()` answered True; it leaves nothing half-done."""


@dataclass
class Steps:
    """Progress and cancel for one analysis: `tick()` between chunks of work."""

    total: int
    progress: Progress | None = None
    cancelled: Cancelled | None = None
    done: int = 0

    def check(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise AnalysisCancelled("cancelled")

    def tick(self, amount: int = 1) -> None:
        self.check()
        self.done = min(self.total, self.done + amount)
        if self.progress is not None:
            self.progress(self.done, self.total)


@dataclass
class Sentence:
    """One source sentence and the target pieces whose choice is explained, step by step.

    Step t chooses `target_ids[t]` after reading `<s>` and `target_ids[:t]` (teacher forcing);
    the last chosen piece is `</s>` when the output finished."""

    source: str
    source_ids: list[int]
    source_pieces: list[str]
    source_units: list[str]  # words (CJK characters one each), as the heatmap groups them
    target_ids: list[int]  # the chosen piece of each step, EOS_ID last when finished
    target_pieces: list[str]  # "</s>" for EOS
    target_units: list[str]  # the output's words
    source_unit_of_piece: list[int]
    prefix_unit_of_position: list[int]  # decoder input position (<s>, pieces…) -> prefix unit

    @property
    def steps(self) -> int:
        return len(self.target_ids)

    @property
    def prefix_units(self) -> list[str]:
        return [START_UNIT, *self.target_units]

    @property
    def target_in(self) -> list[int]:
        """What the decoder reads: <s> then every chosen piece but the last."""
        return [BOS_ID, *self.target_ids[:-1]]

    def source_tensor(self, rows: int = 1) -> tuple[torch.Tensor, torch.Tensor]:
        src = torch.tensor([self.source_ids] * rows)
        return src, torch.full((rows,), len(self.source_ids))

    def source_columns(self) -> np.ndarray:
        """(source pieces, source units) 0/1: a word's column sums its pieces."""
        return _one_hot(self.source_unit_of_piece, len(self.source_units))

    def prefix_columns(self) -> np.ndarray:
        """(decoder positions, prefix units) 0/1."""
        return _one_hot(self.prefix_unit_of_position, len(self.prefix_units))


def _one_hot(index: list[int], width: int) -> np.ndarray:
    matrix = np.zeros((len(index), width), dtype=np.float64)
    for row, column in enumerate(index):
        matrix[row, column] = 1.0
    return matrix


def prepare(translator: Translator, source: str, target: str | None = None,
            target_ids: list[int] | None = None) -> Sentence:  # fmt: skip
    """The sentence and the pieces to explain: `target_ids` exactly as given (a forced prefix, the
    chosen pieces of a trace), else `target` (a reference) with </s>, else the greedy output."""
    source = normalize(source)
    ids = translator._source_ids(source)
    if target_ids is None:
        if target is not None:
            target_ids = translator.target_tokenizer.encode(normalize(target)) + [EOS_ID]
        else:
            best = translator.translate(source, DecodeConfig()).best
            target_ids = list(best.token_ids) + ([EOS_ID] if best.finished else [])
    target_ids = [int(i) for i in target_ids]
    if not target_ids:
        raise ValueError("there is no output piece to explain")
    if any(i in NEVER_EMITTED for i in target_ids) or EOS_ID in target_ids[:-1]:
        raise ValueError("the pieces to explain hold padding, <s>, or </s> before the end")
    tok = translator.target_tokenizer
    body = target_ids[:-1] if target_ids[-1] == EOS_ID else target_ids
    target_pieces = tok.ids_to_pieces(body) + (["</s>"] if len(body) < len(target_ids) else [])
    target_units = text_units(tok.decode(body))
    unit_of_body = unit_of_pieces(target_pieces[: len(body)], target_units)
    source_pieces = translator.source_tokenizer.ids_to_pieces(ids)
    source_units = text_units(source) or [source_pieces[0]]
    positions = [0] + [1 + unit_of_body[p] for p in range(len(target_ids) - 1)]  # <s>, then the pieces read
    return Sentence(source, ids, source_pieces, source_units, target_ids, target_pieces, target_units,
                    unit_of_pieces(source_pieces, source_units), positions)  # fmt: skip


def teacher_forced_log_probs(translator: Translator, sentence: Sentence, sources: list[list[int]],
                             targets_in: list[list[int]] | None = None,
                             alternatives: dict[int, int] | None = None) -> np.ndarray:  # fmt: skip
    """log P of each chosen piece (rows, steps) for each row's source ids (any lengths; padded)
    and target input (default: the sentence's), without gradients."""
    model = translator.model
    rows = len(sources)
    lengths = torch.tensor([max(1, len(s)) for s in sources])
    src = torch.full((rows, int(lengths.max())), PAD_ID, dtype=torch.long)
    for row, ids in enumerate(sources):
        if ids:  # a sentence with every word left out reads one padding piece
            src[row, : len(ids)] = torch.tensor(ids, dtype=torch.long)
    targets_in = targets_in or [sentence.target_in] * rows
    tgt_in = torch.tensor(targets_in, dtype=torch.long)
    device = next(model.parameters()).device
    with torch.no_grad():
        out = model(src.to(device), lengths, tgt_in.to(device))
        return objective(model, out.logits, sentence, rows, alternatives).cpu().numpy().astype(np.float64)


def objective(model, logits: torch.Tensor, sentence: Sentence, rows: int,
              alternatives: dict[int, int] | None = None) -> torch.Tensor:  # fmt: skip
    """(rows, steps): log P(chosen) at each step, or log P(chosen) − log P(alternative) at the
    steps that have an alternative (a contrastive question)."""
    steps = torch.arange(sentence.steps).repeat(rows)
    return step_objective(model, logits.flatten(0, 1), sentence, steps, alternatives).view(rows, -1)


def step_objective(model, logits: torch.Tensor, sentence: Sentence, steps: torch.Tensor,
                   alternatives: dict[int, int] | None = None) -> torch.Tensor:  # fmt: skip
    """logits (N, V) of the steps `steps` (N,) -> (N,) log P(chosen), or the contrast where
    the step has an alternative."""
    chosen = torch.tensor(sentence.target_ids, device=logits.device)[steps.to(logits.device)]
    log_probs = torch.log_softmax(
        logits.float().index_fill(-1, torch.tensor(NEVER_EMITTED, device=logits.device), float("-inf")), dim=-1
    )
    value = log_probs.gather(-1, chosen.unsqueeze(-1)).squeeze(-1)
    if alternatives:
        rival = torch.tensor([alternatives.get(s, -1) for s in range(sentence.steps)], device=logits.device)
        rival = rival[steps.to(logits.device)]
        has = rival >= 0
        other = log_probs.gather(-1, rival.clamp(min=0).unsqueeze(-1)).squeeze(-1)
        value = torch.where(has, value - other, value)
    return value


@dataclass
class AttributionRequest:
    """What to explain: a sentence, the pieces chosen (greedy output by default), and how."""

    source: str
    method: str = "saliency"
    target: str | None = None  # a reference to force (</s> added)
    target_ids: list[int] | None = None  # the chosen pieces exactly (a forced prefix)
    alternatives: dict[int, int] | None = None  # step -> rival piece id: log P(chosen) − log P(rival)
    ig_steps: int = 32  # integrated gradients: points on the path from the PAD baseline
    occlusion: str = "pad"  # a left-out word's pieces become padding ("pad") or are removed ("drop")
    chunk_rows: int = 256  # rows per forward/backward batch (memory against speed)

    def validate(self) -> None:
        if self.ig_steps < 1:
            raise ValueError(f"integrated gradients need at least 1 step, not {self.ig_steps}")
        if self.occlusion not in ("pad", "drop"):
            raise ValueError(f"occlusion replaces a word with padding (pad) or drops it (drop), not {self.occlusion!r}")
        if self.chunk_rows < 1:
            raise ValueError("chunk_rows must be at least 1")


@dataclass
class AttributionResult:
    """How much each source word and each word of the target prefix counted for each step's
    choice. Rows are output steps (pieces); columns are words (models/compare.text_units).
    Positive values count for the chosen piece (for norms and weights every value is ≥ 0)."""

    method: str
    sentence: Sentence
    source: np.ndarray  # (steps, source units)
    prefix: np.ndarray | None  # (steps, prefix units): <s> then the output's words
    log_probs: np.ndarray  # (steps,) the explained value: log P(chosen), or the contrast
    contrastive: bool = False
    baseline_log_probs: np.ndarray | None = None  # integrated gradients: the value at the PAD baseline
    completeness_error: np.ndarray | None = None  # (steps,) |Σ attributions − (value − baseline value)|
    extra: dict[str, np.ndarray] | None = None  # (steps, source units) per layer or head, by name
    seconds: float = 0.0

    @property
    def source_share(self) -> np.ndarray:
        """(steps,) the share of the evidence (absolute values) that comes from the source; the
        rest comes from the prefix. 1 where the method sees no prefix."""
        src = np.abs(self.source).sum(axis=1)
        if self.prefix is None:
            return np.ones_like(src)
        total = src + np.abs(self.prefix).sum(axis=1)
        return np.divide(src, total, out=np.full_like(src, np.nan), where=total > 0)

    def word_rows(self, matrix: np.ndarray | None = None) -> np.ndarray:
        """The source map (or `matrix`, (steps, source units)) with rows grouped into output words
        [+ </s>], as alignment scoring reads it."""
        matrix = self.source if matrix is None else matrix
        s = self.sentence
        return regroup(np.asarray(matrix, dtype=np.float64), s.target_pieces, s.source_units, s.target_units,
                       s.source_units)  # fmt: skip

    def to_json(self) -> dict:
        def rounded(a):
            return None if a is None else np.round(np.asarray(a, dtype=np.float64), 5).tolist()

        s = self.sentence
        return {
            "method": self.method, "source": s.source, "source_pieces": s.source_pieces,
            "source_units": s.source_units, "target_pieces": s.target_pieces, "prefix_units": s.prefix_units,
            "contrastive": self.contrastive, "log_probs": rounded(self.log_probs),
            "source_attribution": rounded(self.source), "prefix_attribution": rounded(self.prefix),
            "source_share": rounded(self.source_share),
            "baseline_log_probs": rounded(self.baseline_log_probs),
            "completeness_error": rounded(self.completeness_error),
            "extra": {k: rounded(v) for k, v in (self.extra or {}).items()}, "seconds": round(self.seconds, 4),
        }  # fmt: skip
