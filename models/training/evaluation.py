"""An evaluation during training: the dev loss, the dev set translated and scored (BLEU, chrF,
exact match), the probe sentence's attention and, for built-in corpora, the attention's
alignment error rate; then the run's record of it (best score, early stopping, history)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import torch
import torch.nn.functional as F

from models.alignment import score_alignment
from models.checkpoint import ModelBundle
from models.config import DecodeConfig
from models.errors import InputError
from models.metrics import bleu_tokenizer, score_translations
from models.tokenizer import PAD_ID
from models.training.batching import collate
from models.training.control import TrainingControl
from models.training.events import Evaluation, ProbeAttention
from models.training.history import EvaluationRecord, RunState
from models.training.loop import LOSS_CHUNK_STEPS
from models.training.preparation import Prepared
from models.translator import Translator

if TYPE_CHECKING:
    from models.alignment import AlignmentScore


@dataclass
class Scores:
    """What one evaluation measured."""

    dev_loss: float
    bleu: float
    chrf: float
    exact_match: float
    samples: list[tuple[str, str, str]]  # (source, reference, hypothesis), the first three
    probe: ProbeAttention | None
    alignment: AlignmentScore | None

    def record(self, state: RunState) -> EvaluationRecord:
        """The history's record of these scores, at the run's current step (rounded as stored)."""
        return EvaluationRecord(
            step=state.step, epoch=round(state.epoch, 4), seconds=round(state.seconds, 2),
            dev_loss=round(self.dev_loss, 4), bleu=round(self.bleu, 2), chrf=round(self.chrf, 2),
            exact_match=round(self.exact_match, 2), aer=None if self.alignment is None else round(self.alignment.aer, 4),
        )  # fmt: skip

    def event(self, state: RunState, is_best: bool) -> Evaluation:
        return Evaluation(
            step=state.step, epoch=state.epoch, dev_loss=self.dev_loss, dev_perplexity=math.exp(min(self.dev_loss, 50)),
            bleu=self.bleu, chrf=self.chrf, exact_match=self.exact_match, samples=self.samples, probe=self.probe,
            is_best=is_best, elapsed_s=state.seconds, alignment=self.alignment,
        )  # fmt: skip


class Evaluator:
    """Scores the prepared model on the dev set."""

    def __init__(self, prepared: Prepared, device: str, control: TrainingControl):
        self.model = prepared.model
        self.dev_pairs = prepared.dev_pairs
        self.dev_examples = prepared.dev_examples
        self.probe = prepared.probe
        self.aligned = prepared.aligned
        self.device = device
        self.control = control

    @torch.no_grad()
    def evaluate(self, bundle: ModelBundle) -> Scores:
        """Score `bundle` (the model being trained, in eval mode for the while)."""
        model = self.model
        model.eval()
        try:
            dev_loss = self.dev_loss()
            translator = Translator(bundle, self.device)
            sources = [s for s, _ in self.dev_pairs]
            references = [t for _, t in self.dev_pairs]
            # Batches of 64: a Transformer's key and value caches for 256 sentences run to ~0.3 GB
            # while the model still writes to the length limit.
            hypotheses = translator.translate_batch(sources, DecodeConfig(), batch_size=64) if sources else []
            scores = score_translations(hypotheses, references, tokenize=bleu_tokenizer(references))
            try:
                probe = translator.translate(self.control.probe_sentence or self.probe)
                probe_attention = ProbeAttention(
                    probe.source_pieces, probe.best.pieces,
                    None if probe.best.attention is None else probe.best.attention.astype(np.float32),
                    probe.text,
                )  # fmt: skip
            except InputError:  # a probe typed too long: training goes on without it
                probe_attention = None
            alignment = score_alignment(translator, self.aligned) if self.aligned else None
        finally:
            model.train()
        return Scores(dev_loss, scores["bleu"], scores["chrf"], scores["exact_match"],
                      list(zip(sources[:3], references[:3], hypotheses[:3])), probe_attention, alignment)  # fmt: skip

    def dev_loss(self) -> float:
        total, count = 0.0, 0
        for start in range(0, len(self.dev_examples), 128):
            batch = collate(self.dev_examples[start : start + 128]).to(self.device)
            # Projected a few steps at a time, as in training: 128 long sentences' logits over the
            # vocabulary at once would be the run's largest allocation (~400 MB with the softmax).
            features = self.model(batch.src, batch.src_lengths, batch.tgt_in, project=False).features
            for start in range(0, features.size(1), LOSS_CHUNK_STEPS):
                logits = self.model.project(features[:, start : start + LOSS_CHUNK_STEPS]).float()
                total += float(F.cross_entropy(
                    logits.reshape(-1, logits.size(-1)), batch.tgt_out[:, start : start + LOSS_CHUNK_STEPS].reshape(-1),
                    ignore_index=PAD_ID, reduction="sum",
                ))  # fmt: skip
            count += batch.target_tokens
        return total / max(1, count)


def record(state: RunState, scores: Scores, best_exists: bool) -> bool:
    """Add the evaluation to the run's history and its best score; True when it is the best
    (or best.s2s does not exist yet)."""
    is_best = scores.bleu > state.best_bleu or not best_exists
    if scores.bleu > state.best_bleu:
        state.best_bleu, state.bad_evaluations = scores.bleu, 0
    else:
        state.bad_evaluations += 1
    state.history.evaluations.append(scores.record(state))
    return is_best
