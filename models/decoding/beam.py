"""Batched beam search with a GNMT length penalty, n-best lists and an optional search tree."""

from __future__ import annotations

import numpy as np
import torch

from models.decoding.trace import BeamNode, DecodeResult, Hypothesis, for_decoding
from models.fast import inference
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
    for_decoding(model)
    prefix = prefix or []
    batch, k = src.size(0), beam_size
    if trace and batch != 1:
        raise ValueError("a beam trace is recorded for one sentence at a time")
    runner = inference(model)
    enc, state = runner.encode(src, lengths)
    # The first step has one hypothesis per sentence (BOS): it runs on B rows, and its K best
    # extensions become the B*K rows of the steps after it.
    width = 1  # live rows per sentence
    scores = torch.zeros((batch, width), device=src.device)
    tokens = torch.full((batch,), BOS_ID, dtype=torch.long, device=src.device)
    paths = _Paths()
    finished: list[list[Hypothesis]] = [[] for _ in range(batch)]
    done = [False] * batch
    nodes: list[BeamNode] = [BeamNode(0, -1, -1, BOS_ID, 0.0, 0.0, "root")] if trace else []
    live_nodes = [0] * k
    steps = max(max_len, len(prefix) + 1)

    for t in range(steps):
        out = runner.decode_step(tokens, enc, state)
        log_probs = torch.log_softmax(out.logits.float(), dim=-1)  # (B*K, V)
        vocab = log_probs.size(1)
        if t < len(prefix):  # forced step: only the prefix token may follow
            forced = torch.full_like(log_probs, NEG_INF)
            forced[:, prefix[t]] = log_probs[:, prefix[t]]
            log_probs = forced
        candidates = (scores.view(-1, 1) + log_probs).view(batch, width * vocab)
        top_scores, top_index = candidates.topk(min(2 * k, width * vocab), dim=1)  # (B, 2K)
        rows_scores, rows_index = top_scores.tolist(), top_index.tolist()
        step_att = out.attention.float().cpu().numpy() if out.attention is not None else None  # (B*width, S)
        paths.attention.append(step_att)
        paths.heads.append(None if out.heads is None else out.heads.float().cpu().numpy())  # (B*width, L, h, S)

        new_scores = [NEG_INF] * (batch * k)
        new_origin = [0] * (batch * k)
        new_tokens = [EOS_ID] * (batch * k)
        new_live_nodes = [0] * k
        last_step = t == steps - 1
        for b in range(batch):
            if done[b]:
                continue
            kept = 0
            for rank, (score, index) in enumerate(zip(rows_scores[b], rows_index[b])):
                if score == NEG_INF:
                    break
                beam, token = divmod(index, vocab)
                origin = b * width + beam
                status = "pruned"
                if token == EOS_ID:
                    if rank < k:
                        status = "finished"
                        finished[b].append(_hypothesis(paths.follow(origin), score, alpha, True))
                elif kept < k:
                    status = "kept"
                    slot = b * k + kept
                    new_scores[slot], new_origin[slot], new_tokens[slot] = score, origin, token
                if trace:
                    node = BeamNode(
                        len(nodes),
                        live_nodes[beam],
                        t,
                        token,
                        float(log_probs[origin, token]),
                        score,
                        status,
                        None if step_att is None else step_att[origin],
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
                        slot = b * k + j
                        ids, attention, heads = paths.follow(new_origin[slot])
                        hyp = _hypothesis((ids + [new_tokens[slot]], attention, heads), new_scores[slot], alpha, False)
                        hyp.node_id = new_live_nodes[j] if trace else None
                        finished[b].append(hyp)
                for slot in range(b * k, (b + 1) * k):
                    new_scores[slot] = NEG_INF
        if all(done):
            break
        paths.extend(new_origin, new_tokens)
        origin = torch.from_numpy(np.array(new_origin)).to(src.device)  # (B*K,), rows of this step's B*width
        state = out.state.select(origin)
        if width == 1 and k > 1:
            enc = enc.select(torch.arange(batch, device=src.device).repeat_interleave(k))  # (B*K, ...)
        width = k
        tokens = torch.from_numpy(np.array(new_tokens)).to(src.device)
        scores = torch.from_numpy(np.array(new_scores, np.float32)).to(src.device).view(batch, k)
        live_nodes = new_live_nodes

    results = []
    for b in range(batch):
        hyps = sorted(finished[b], key=lambda h: h.score, reverse=True)[:nbest]
        for h in hyps:
            if trace and h.node_id is not None:
                nodes[h.node_id].in_nbest = True
        results.append(DecodeResult(hyps, beam_nodes=nodes if trace else []))
    return results


class _Paths:
    """Back-pointers of the live hypotheses, step by step: a finished hypothesis follows them
    back once, instead of every step reordering every hypothesis's history."""

    def __init__(self) -> None:
        self.origins: list[list[int]] = []  # per step: the slot each live slot came from
        self.tokens: list[list[int]] = []  # per step: the token each live slot added
        self.attention: list[np.ndarray | None] = []  # per step: (B*K, S) weights of the decoded slots
        self.heads: list[np.ndarray | None] = []  # per step: (B*K, layers, heads, S) where attention has them

    def extend(self, origins: list[int], tokens: list[int]) -> None:
        self.origins.append(origins)
        self.tokens.append(tokens)

    def follow(self, slot: int) -> tuple[list[int], np.ndarray | None, np.ndarray | None]:
        """The tokens that led to `slot` at the current step, and the attention row of every
        step (the current one included) on that path: (len + 1, S), and its heads' (len + 1, L, h, S)."""
        ids: list[int] = []
        rows = [] if self.attention[-1] is None else [self.attention[-1][slot]]
        heads = [] if self.heads[-1] is None else [self.heads[-1][slot]]
        for step in range(len(self.tokens) - 1, -1, -1):
            ids.append(self.tokens[step][slot])
            slot = self.origins[step][slot]
            if rows:
                rows.append(self.attention[step][slot])
            if heads:
                heads.append(self.heads[step][slot])
        ids.reverse()
        rows.reverse()
        heads.reverse()
        return ids, (np.stack(rows) if rows else None), (np.stack(heads) if heads else None)


def _hypothesis(path: tuple, score: float, alpha: float, finished: bool) -> Hypothesis:
    ids, attention, heads = path
    length = len(ids) + (1 if finished else 0)  # + EOS when finished
    return Hypothesis(ids, score / length_penalty(length, alpha), score, attention, finished, heads=heads)
