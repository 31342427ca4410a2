"""Corpus-level scores, by sacrebleu (BLEU 13a, chrF) plus exact match."""

from __future__ import annotations

import sacrebleu


def score_translations(hypotheses: list[str], references: list[str]) -> dict[str, float]:
    if len(hypotheses) != len(references):
        raise ValueError("need one hypothesis per reference")
    if not hypotheses:
        return {"bleu": 0.0, "chrf": 0.0, "exact_match": 0.0, "sentences": 0}
    bleu = sacrebleu.corpus_bleu(hypotheses, [references])
    chrf = sacrebleu.corpus_chrf(hypotheses, [references])
    exact = sum(h.strip() == r.strip() for h, r in zip(hypotheses, references)) / len(references)
    return {"bleu": bleu.score, "chrf": chrf.score, "exact_match": 100.0 * exact, "sentences": len(references)}
