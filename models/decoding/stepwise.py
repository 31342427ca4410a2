"""Token-by-token decoding that keeps one hypothesis per sentence: greedy and sampling."""

from __future__ import annotations

import numpy as np
import torch

from models.decoding.trace import DecodeResult, Hypothesis, StepTrace, for_decoding
from models.fast import inference
from models.nn.interface import Model
from models.tokenizer import BOS_ID, EOS_ID


@torch.no_grad()
def greedy_batch(model: Model, src: torch.Tensor, lengths: torch.Tensor, max_len: int) -> list[list[int]]:
    """Batched greedy decoding for evaluation: src (B, S) -> B lists of target ids (no EOS)."""
    for_decoding(model)
    runner = inference(model)
    enc, state = runner.encode(src, lengths)
    batch = src.size(0)
    tokens = torch.full((batch,), BOS_ID, dtype=torch.long, device=src.device)
    finished = torch.zeros(batch, dtype=torch.bool, device=src.device)
    out_tokens = []
    for _ in range(max_len):
        step = runner.decode_step(tokens, enc, state)
        state = step.state
        tokens = step.logits.argmax(-1)  # (B,)
        out_tokens.append(tokens)
        finished |= tokens == EOS_ID
        if bool(finished.all()):
            break
    ids = torch.stack(out_tokens, 1).tolist()  # (B, T)
    return [row[: row.index(EOS_ID)] if EOS_ID in row else row for row in ids]


@torch.no_grad()
def stepwise_decode(
    model: Model,
    src: torch.Tensor,
    lengths: torch.Tensor,
    max_len: int,
    *,
    prefix: list[int] | None = None,
    temperature: float | None = None,
    top_k: int = 0,
    generator: torch.Generator | None = None,
    trace_top_k: int = 0,
) -> DecodeResult:
    """Decode one sentence (src (1, S)) greedily, or by sampling when `temperature` is given.

    `prefix` forces the first target tokens ("what if it had said X here?"); the model continues
    from there. With `trace_top_k` > 0 every step records its most probable candidates.
    Always terminates: at EOS or after `max_len` tokens.
    """
    for_decoding(model)
    prefix = prefix or []
    runner = inference(model)
    enc, state = runner.encode(src, lengths)
    token = torch.tensor([BOS_ID], device=src.device)
    ids: list[int] = []
    attention_rows: list[np.ndarray] = []
    head_rows: list[np.ndarray] = []  # (layers, heads, S) per step, where attention has them
    steps: list[StepTrace] = []
    log_prob = 0.0
    finished = False
    # Greedy on the CPU without a trace needs one log-probability a step: numpy's argmax and
    # log-sum-exp give it for a fraction of the dispatch a full torch log_softmax, argmax and
    # indexing cost on one row.
    only_choice = temperature is None and not trace_top_k and src.device.type == "cpu"
    for t in range(max(max_len, len(prefix) + 1)):
        out = runner.decode_step(token, enc, state)
        state = out.state
        forced = t < len(prefix)
        if only_choice:
            logits = out.logits[0].float().numpy()  # (V,)
            choice = prefix[t] if forced else int(logits.argmax())
            log_prob += _log_softmax_at(logits, choice)
        else:
            log_probs = torch.log_softmax(out.logits[0].float(), dim=-1)  # (V,)
            if forced:
                choice = prefix[t]
            elif temperature is None:
                choice = int(log_probs.argmax())
            else:
                choice = _sample(log_probs, temperature, top_k, generator)
            log_prob += float(log_probs[choice])
        row = None if out.attention is None else out.attention[0].float().cpu().numpy()
        if row is not None:
            attention_rows.append(row)
        if out.heads is not None:
            head_rows.append(out.heads[0].float().cpu().numpy())
        if trace_top_k:
            top = torch.topk(log_probs, min(trace_top_k, log_probs.numel()))
            steps.append(StepTrace(
                step=t, chosen_id=choice, chosen_prob=float(log_probs[choice].exp()),
                candidate_ids=top.indices.cpu().numpy(), candidate_probs=top.values.exp().cpu().numpy(),
                attention=row, forced=forced,
            ))  # fmt: skip
        if choice == EOS_ID:
            finished = True
            break
        ids.append(choice)
        token = torch.from_numpy(np.array([choice])).to(src.device)
    attention = np.stack(attention_rows) if attention_rows else None
    hyp = Hypothesis(ids, log_prob, log_prob, attention, finished=finished,
                     heads=np.stack(head_rows) if head_rows else None)  # fmt: skip
    return DecodeResult([hyp], steps=steps)


def _log_softmax_at(logits: np.ndarray, index: int) -> float:
    """log softmax(logits)[index] for logits (V,), as log_softmax computes it: shifted by the maximum."""
    shifted = logits - logits.max()
    chosen = shifted[index]
    np.exp(shifted, out=shifted)
    return float(chosen - np.log(shifted.sum()))


def _sample(log_probs: torch.Tensor, temperature: float, top_k: int, generator) -> int:
    logits = log_probs / temperature
    if 0 < top_k < logits.numel():
        kth = torch.topk(logits, top_k).values[-1]
        logits = logits.masked_fill(logits < kth, float("-inf"))
    probs = torch.softmax(logits, dim=-1)
    return int(torch.multinomial(probs, 1, generator=generator))
