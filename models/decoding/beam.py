"""Batched beam search with a GNMT length penalty, n-best lists and an optional search tree."""

from __future__ import annotations

import torch

from models.decoding.trace import BeamNode, DecodeResult, Hypothesis
from models.nn import Seq2Seq
from models.tokenizer import BOS_ID, EOS_ID

NEG_INF = float("-inf")


def length_penalty(length: int, alpha: float) -> float:
    """Wu et al. (2016): ((5 + |Y|) / 6) ** alpha; alpha 0 scores by raw log-probability."""
    return ((5.0 + length) / 6.0) ** alpha if alpha else 1.0


@torch.no_grad()
def beam_search(
    model: Seq2Seq,
    src: torch.Tensor,
    lengths: torch.Tensor,
    max_len: int,
    beam_size: int,
    *,
    alpha: float = 1.0,
    nbest: int = 1,
    prefix: list[int] | None = None,
    trace: bool = False,
) -> list[DecodeResult]:
    """src (B, S) -> one DecodeResult per sentence, with up to `nbest` hypotheses, best first.

    Each step weighs the 2K best extensions of the K live hypotheses: an EOS among the top K
    finishes a hypothesis; the best K others stay alive. A sentence is done once it has K
    finished hypotheses (or at `max_len`). With K = 1 this is exactly greedy decoding.
    With `trace` (one sentence only) every weighed extension becomes a node of the tree.
    """
    model.eval()
    prefix = prefix or []
    batch, k = src.size(0), beam_size
    if trace and batch != 1:
        raise ValueError("a beam trace is recorded for one sentence at a time")
    enc, state = model.encode(src, lengths)
    expand = torch.arange(batch, device=src.device).repeat_interleave(k)  # (B*K,)
    enc, state = enc.select(expand), state.select(expand)
    scores = torch.full((batch, k), NEG_INF, device=src.device)
    scores[:, 0] = 0.0  # only the first copy is alive at the start
    tokens = torch.full((batch * k,), BOS_ID, dtype=torch.long, device=src.device)
    history = torch.empty((batch * k, 0), dtype=torch.long)  # chosen ids per live hypothesis
    att_history: list[torch.Tensor] = []  # per step (B*K, S), reordered with the beams
    finished: list[list[Hypothesis]] = [[] for _ in range(batch)]
    done = [False] * batch
    nodes: list[BeamNode] = [BeamNode(0, -1, -1, BOS_ID, 0.0, 0.0, "root")] if trace else []
    live_nodes = [0] * k

    for t in range(max(max_len, len(prefix) + 1)):
        out = model.decode_step(tokens, enc, state)
        log_probs = torch.log_softmax(out.logits.float(), dim=-1)  # (B*K, V)
        vocab = log_probs.size(1)
        if t < len(prefix):  # forced step: only the prefix token may follow
            forced = torch.full_like(log_probs, NEG_INF)
            forced[:, prefix[t]] = log_probs[:, prefix[t]]
            log_probs = forced
        candidates = (scores.view(-1, 1) + log_probs).view(batch, k * vocab)
        top_scores, top_index = candidates.topk(2 * k, dim=1)  # (B, 2K)
        top_beam, top_token = top_index // vocab, top_index % vocab
        step_att = out.attention.float().cpu() if out.attention is not None else None  # (B*K, S)
        rows_scores, rows_tokens, rows_beams = top_scores.tolist(), top_token.tolist(), top_beam.tolist()

        new_scores = torch.full((batch, k), NEG_INF)
        new_origin = torch.zeros((batch, k), dtype=torch.long)
        new_tokens = torch.full((batch, k), EOS_ID, dtype=torch.long)
        new_live_nodes = [0] * k
        last_step = t == max(max_len, len(prefix) + 1) - 1
        for b in range(batch):
            if done[b]:
                continue
            kept = 0
            for rank in range(2 * k):
                score, token, beam = rows_scores[b][rank], rows_tokens[b][rank], rows_beams[b][rank]
                if score == NEG_INF:
                    break
                origin = b * k + beam
                status = "pruned"
                if token == EOS_ID:
                    if rank < k:
                        status = "finished"
                        finished[b].append(
                            _hypothesis(history[origin], att_history, origin, step_att, score, alpha, True)
                        )
                elif kept < k:
                    status = "kept"
                    new_scores[b, kept], new_origin[b, kept], new_tokens[b, kept] = score, origin, token
                if trace:
                    node = BeamNode(
                        len(nodes),
                        live_nodes[beam],
                        t,
                        token,
                        float(log_probs[origin, token]),
                        score,
                        status,
                        None if step_att is None else step_att[origin].numpy(),
                    )
                    nodes.append(node)
                    if status == "finished":
                        finished[b][-1].node_id = node.id
                    elif status == "kept":
                        new_live_nodes[kept] = node.id
                if status == "kept":
                    kept += 1
            if len(finished[b]) >= k or last_step:
                done[b] = True
                if last_step:  # cut by the length limit: keep the live ones as unfinished
                    for j in range(kept):
                        origin = int(new_origin[b, j])
                        hyp = _hypothesis(
                            history[origin], att_history, origin, step_att, float(new_scores[b, j]), alpha, False
                        )
                        hyp.token_ids.append(int(new_tokens[b, j]))
                        hyp.node_id = new_live_nodes[j] if trace else None
                        finished[b].append(hyp)
                new_scores[b] = NEG_INF
        if all(done):
            break
        origin = new_origin.view(-1).to(src.device)  # (B*K,)
        history = torch.cat([history[origin.cpu()], new_tokens.view(-1, 1)], dim=1)
        if step_att is not None:
            att_history = [a[origin.cpu()] for a in att_history] + [step_att[origin.cpu()]]
        state = out.state.select(origin)
        tokens = new_tokens.view(-1).to(src.device)
        scores = new_scores.to(src.device)
        live_nodes = new_live_nodes

    results = []
    for b in range(batch):
        hyps = sorted(finished[b], key=lambda h: h.score, reverse=True)[:nbest]
        for h in hyps:
            if trace and h.node_id is not None:
                nodes[h.node_id].in_nbest = True
        results.append(DecodeResult(hyps, beam_nodes=nodes if trace else []))
    return results


def _hypothesis(prev_ids, att_history, origin, step_att, score, alpha, finished) -> Hypothesis:
    ids = [int(i) for i in prev_ids.tolist()]
    length = len(ids) + 1  # + EOS (or the token about to be added when cut)
    attention = None
    if step_att is not None:
        rows = [a[origin] for a in att_history] + [step_att[origin]]
        attention = torch.stack(rows).numpy()  # (len + 1, S)
    return Hypothesis(ids, score / length_penalty(length, alpha), score, attention, finished)
