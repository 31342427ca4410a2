"""Corpus-level scores, by sacrebleu (BLEU 13a, chrF) plus exact match."""

from __future__ import annotations

import sacrebleu


def bleu_tokenizer(references: list[str]) -> str:
    """sacrebleu's tokenizer for a target language: 'zh' (one token per CJK character) for
    scripts written without spaces, where '13a' would make each sentence one token."""
    from models.corpus.dataset import length_unit

    return "zh" if length_unit(references) == "characters" else "13a"


def score_translations(hypotheses: list[str], references: list[str], tokenize: str = "13a") -> dict[str, float]:
    """Corpus BLEU and chrF (sacrebleu) and exact match; `tokenize="zh"` for Chinese targets."""
    if len(hypotheses) != len(references):
        raise ValueError("need one hypothesis per reference")
    if not hypotheses:
        return {"bleu": 0.0, "chrf": 0.0, "exact_match": 0.0, "sentences": 0}
    bleu = sacrebleu.corpus_bleu(hypotheses, [references], tokenize=tokenize)
    chrf = sacrebleu.corpus_chrf(hypotheses, [references])
    exact = sum(h.strip() == r.strip() for h, r in zip(hypotheses, references)) / len(references)
    return {"bleu": bleu.score, "chrf": chrf.score, "exact_match": 100.0 * exact, "sentences": len(references)}
