"""Batched beam search with a GNMT length penalty, n-best lists and an optional search tree."""

from __future__ import annotations

import numpy as np
import torch

from models.decoding.trace import BeamNode, DecodeResult, Hypothesis, for_decoding
from models.fast import inference
from models.nn.interface import Model
from models.tokenizer import BOS_ID, EOS_ID

NEG_INF = float("-inf")


def length_penalty(length: int, alpha: float) -> float:
    """Wu et al. (2016): ((5 + |Y|) / 6) ** alpha; alpha 0 scores by raw log-probability."""
    return ((5.0 + length) / 6.0) ** alpha if alpha else 1.0


@torch.no_grad()
def beam_search(
    model: Model,
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
    finished: list[list[_Ending]] = [[] for _ in range(batch)]  # per sentence
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
        # in place unless the tree needs each step's own log-probabilities afterwards
        step_scores = scores.view(-1, 1)
        candidates = log_probs.add(step_scores) if trace else log_probs.add_(step_scores)
        candidates = candidates.view(batch, width * vocab)
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
                        finished[b].append(_Ending(score, alpha, paths.steps, origin, None))
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
                        ending = _Ending(new_scores[slot], alpha, paths.steps, new_origin[slot], new_tokens[slot])
                        ending.node_id = new_live_nodes[j] if trace else None
                        finished[b].append(ending)
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
        best = sorted(finished[b], key=lambda e: e.score, reverse=True)[:nbest]
        for e in best:
            if trace and e.node_id is not None:
                nodes[e.node_id].in_nbest = True
        results.append(DecodeResult([e.hypothesis(paths) for e in best], beam_nodes=nodes if trace else []))
    return results


class _Paths:
    """Back-pointers of the live hypotheses, step by step: a finished hypothesis follows them
    back once, instead of every step reordering every hypothesis's history."""

    def __init__(self) -> None:
        self.origins: list[list[int]] = []  # per step: the slot each live slot came from
        self.tokens: list[list[int]] = []  # per step: the token each live slot added
        self.attention: list[np.ndarray | None] = []  # per step: (B*width, S) weights of the decoded rows
        self.heads: list[np.ndarray | None] = []  # per step: (B*width, layers, heads, S) where attention has them

    @property
    def steps(self) -> int:
        """How many steps have extended the live hypotheses so far."""
        return len(self.tokens)

    def extend(self, origins: list[int], tokens: list[int]) -> None:
        self.origins.append(origins)
        self.tokens.append(tokens)

    def follow(self, slot: int, steps: int) -> tuple[list[int], np.ndarray | None, np.ndarray | None]:
        """The tokens that led to `slot` of the step decoded after `steps` extensions, and the
        attention row of every step on that path (that one included): (steps + 1, S), and its
        heads' (steps + 1, L, h, S)."""
        ids: list[int] = []
        rows = [] if self.attention[steps] is None else [self.attention[steps][slot]]
        heads = [] if self.heads[steps] is None else [self.heads[steps][slot]]
        for step in range(steps - 1, -1, -1):
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


class _Ending:
    """A hypothesis that ended, at EOS or cut by the length limit (with its last token), kept as a
    pointer into the paths: only those that make the n-best are followed back."""

    def __init__(self, log_prob: float, alpha: float, steps: int, slot: int, last_token: int | None):
        self.log_prob, self.steps, self.slot, self.last_token = log_prob, steps, slot, last_token
        # its pieces: `steps` tokens, then EOS or the last token
        self.score = log_prob / length_penalty(steps + 1, alpha)
        self.node_id: int | None = None

    def hypothesis(self, paths: _Paths) -> Hypothesis:
        ids, attention, heads = paths.follow(self.slot, self.steps)
        finished = self.last_token is None
        if not finished:
            ids.append(self.last_token)
        return Hypothesis(ids, self.score, self.log_prob, attention, finished, self.node_id, heads)
