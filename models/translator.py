"""The small, typed API the GUI and CLI translate through: text in, plain data out."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import torch

from models.checkpoint import ModelBundle
from models.config import DecodeConfig
from models.corpus.text import normalize, one_script_key
from models.decoding import beam_search, greedy_batch, stepwise_decode
from models.decoding.trace import BeamNode, DecodeResult, StepTrace
from models.errors import InputError
from models.tokenizer import EOS_ID


@dataclass
class Candidate:
    piece: str
    token_id: int
    probability: float


@dataclass
class DecodingStep:
    """One step of a greedy/sampled decoding as a view shows it."""

    step: int
    chosen: str
    chosen_id: int
    chosen_probability: float
    candidates: list[Candidate]
    attention: np.ndarray | None  # (src_len,)
    forced: bool


@dataclass
class TreeNode:
    id: int
    parent: int
    step: int
    piece: str
    token_id: int
    log_prob: float
    score: float
    status: str  # root | kept | pruned | finished
    in_nbest: bool
    attention: np.ndarray | None


@dataclass
class NBestEntry:
    text: str
    pieces: list[str]  # target pieces, with </s> when finished
    token_ids: list[int]
    score: float  # length-normalised log-probability
    log_prob: float
    attention: np.ndarray | None  # (len(pieces), src_len)
    finished: bool
    heads: np.ndarray | None = None  # (len(pieces), layers, heads, src_len): a Transformer's every head

    @property
    def mean_log_prob(self) -> float:
        """Average log-probability per output piece (</s> included): how sure the model was."""
        return self.log_prob / max(1, len(self.pieces))


# Below this average log-probability per piece (a geometric-mean piece probability of 0.37) an
# output is a guess: far from its training data a model still answers fluently.
# `python bench/confidence.py` measures where the bundled models' outputs fall.
LOW_CONFIDENCE_LOG_PROB = -1.0


@dataclass
class Translation:
    source: str
    source_pieces: list[str]
    method: str
    nbest: list[NBestEntry]
    steps: list[DecodingStep] = field(default_factory=list)
    tree: list[TreeNode] = field(default_factory=list)
    forced_prefix: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.nbest[0].text if self.nbest else ""

    @property
    def best(self) -> NBestEntry:
        return self.nbest[0]

    def to_json(self) -> dict:
        return {
            "source": self.source,
            "source_pieces": self.source_pieces,
            "translation": self.text,
            "method": self.method,
            "nbest": [
                {
                    "text": e.text,
                    "pieces": e.pieces,
                    "score": round(e.score, 4),
                    "log_prob": round(e.log_prob, 4),
                    "finished": e.finished,
                    "attention": None if e.attention is None else np.round(e.attention, 4).tolist(),
                }
                for e in self.nbest
            ],
        }


# A sentence longer than this is not a sentence: decoding time grows with the square of the length
# (steps × attention); the models here train on sentences of up to 60 pieces (50 words), which a
# character vocabulary still splits into fewer than 400.
MAX_SOURCE_CHARS = 2_000
MAX_SOURCE_PIECES = 400


def check_source_text(text: str, where: str = "") -> None:
    """Refuse, with a sentence, text that could only give a slow or meaningless translation."""
    if len(text) > MAX_SOURCE_CHARS:
        raise InputError(
            f"{where}the text is too long to translate as one sentence: {len(text):,} characters "
            f"(at most {MAX_SOURCE_CHARS:,}); split it into sentences"
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(f"{where}the text is not valid UTF-8 (was it read with the right encoding?)") from None


class Translator:
    """Translate with a loaded model. Not thread-safe: give each thread its own Translator."""

    def __init__(self, bundle: ModelBundle, device: str = "cpu"):
        self.bundle = bundle
        self.device = device
        self.model = bundle.model.to(device).eval()
        self.source_tokenizer = bundle.tokenizers.source
        self.target_tokenizer = bundle.tokenizers.target

    @property
    def has_attention(self) -> bool:
        return self.bundle.model_config.has_attention

    def _source_ids(self, text: str, where: str = "") -> list[int]:
        """The source pieces of one sentence, within the limits that keep translation quick."""
        check_source_text(text, where)
        ids = self.source_tokenizer.encode(text) or [self.source_tokenizer.piece_to_id("▁")]
        if len(ids) > MAX_SOURCE_PIECES:
            raise InputError(
                f"{where}the text is too long to translate as one sentence: {len(ids)} pieces "
                f"(at most {MAX_SOURCE_PIECES}); split it into sentences"
            )
        return ids

    def _encode(self, text: str) -> tuple[torch.Tensor, torch.Tensor, list[str]]:
        ids = self._source_ids(text)
        src = torch.tensor([ids], device=self.device)
        return src, torch.tensor([len(ids)]), self.source_tokenizer.ids_to_pieces(ids)

    def target_pieces_to_ids(self, pieces: list[str]) -> list[int]:
        return [self.target_tokenizer.piece_to_id(p) for p in pieces]

    @torch.no_grad()
    def translate(
        self, text: str, config: DecodeConfig | None = None, *, prefix: list[int] | None = None, trace: bool = False
    ) -> Translation:
        """Translate one sentence; `prefix` forces the first target ids; `trace` records steps."""
        config = config or DecodeConfig()
        config.validate()
        text = normalize(text)
        src, lengths, src_pieces = self._encode(text)
        max_len = config.max_len(src.size(1))
        if config.method == "beam":
            result = beam_search(
                self.model, src, lengths, max_len, config.beam_size, alpha=config.length_penalty,
                nbest=config.nbest, prefix=prefix, trace=trace,
            )[0]  # fmt: skip
            if trace:  # beam traces also carry the greedy-style steps of the best path
                result.steps = _steps_along_best(result)
        else:
            generator = None
            if config.method == "sample":
                generator = torch.Generator().manual_seed(config.seed) if config.seed is not None else None
            result = stepwise_decode(
                self.model, src, lengths, max_len, prefix=prefix,
                temperature=config.temperature if config.method == "sample" else None,
                top_k=config.top_k, generator=generator, trace_top_k=config.trace_top_k if trace else 0,
            )  # fmt: skip
        return self._to_translation(text, src_pieces, config.method, result, prefix or [])

    def _to_translation(self, text, src_pieces, method, result: DecodeResult, prefix) -> Translation:
        tok = self.target_tokenizer
        nbest = []
        for hyp in result.hypotheses:
            pieces = tok.ids_to_pieces(hyp.token_ids) + (["</s>"] if hyp.finished else [])
            nbest.append(
                NBestEntry(
                    tok.decode(hyp.token_ids),
                    pieces,
                    hyp.token_ids,
                    hyp.score,
                    hyp.log_prob,
                    hyp.attention,
                    hyp.finished,
                    hyp.heads,
                )
            )
        # An n-best list never shows two rows that differ only by Chinese script: the better stays.
        distinct: dict[str, NBestEntry] = {}
        for entry in nbest:  # best first
            distinct.setdefault(one_script_key(entry.text), entry)
        nbest = list(distinct.values())
        steps = [self._step(s) for s in result.steps]
        tree = [self._node(n) for n in result.beam_nodes]
        return Translation(text, src_pieces, method, nbest, steps, tree, list(prefix))

    def _step(self, s: StepTrace) -> DecodingStep:
        tok = self.target_tokenizer
        candidates = [
            Candidate(_piece(tok, int(i)), int(i), float(p)) for i, p in zip(s.candidate_ids, s.candidate_probs)
        ]
        return DecodingStep(
            s.step, _piece(tok, s.chosen_id), s.chosen_id, s.chosen_prob, candidates, s.attention, s.forced
        )

    def _node(self, n: BeamNode) -> TreeNode:
        piece = "<s>" if n.status == "root" else _piece(self.target_tokenizer, n.token_id)
        return TreeNode(
            n.id, n.parent, n.step, piece, n.token_id, n.log_prob, n.score, n.status, n.in_nbest, n.attention
        )

    @torch.no_grad()
    def translate_batch(self, texts: list[str], config: DecodeConfig | None = None, batch_size: int = 256) -> list[str]:
        """Translate many sentences quickly (batched greedy or beam; sampling goes one by one)."""
        config = config or DecodeConfig()
        texts = [normalize(t) for t in texts]
        if config.method == "sample":
            return [self.translate(t, config).text for t in texts]
        encoded = [self._source_ids(t, f"sentence {n}: " if len(texts) > 1 else "") for n, t in enumerate(texts, 1)]
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))
        outputs: list[str] = [""] * len(texts)
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            lengths = torch.tensor([len(encoded[i]) for i in chunk])
            src = torch.zeros((len(chunk), int(lengths.max())), dtype=torch.long)
            for row, i in enumerate(chunk):
                src[row, : len(encoded[i])] = torch.tensor(encoded[i])
            src = src.to(self.device)
            max_len = config.max_len(int(lengths.max()))
            if config.method == "beam" and config.beam_size > 1:
                results = beam_search(self.model, src, lengths, max_len, config.beam_size, alpha=config.length_penalty)
                ids = [r.best.token_ids for r in results]
            else:
                ids = greedy_batch(self.model, src, lengths, max_len)
            for row, i in enumerate(chunk):
                outputs[i] = self.target_tokenizer.decode(ids[row])
        return outputs


def _piece(tokenizer, token_id: int) -> str:
    return "</s>" if token_id == EOS_ID else tokenizer.id_to_piece(token_id)


def _steps_along_best(result: DecodeResult) -> list[StepTrace]:
    """For a beam tree: the best hypothesis's path as steps, with the siblings it beat as candidates."""
    best = result.best
    if best.node_id is None:
        return []
    by_id = {n.id: n for n in result.beam_nodes}
    path = []
    node = by_id[best.node_id]
    while node.parent >= 0:
        path.append(node)
        node = by_id[node.parent]
    path.reverse()
    steps = []
    for node in path:
        siblings = sorted((n for n in result.beam_nodes if n.parent == node.parent and n.step == node.step),
                          key=lambda n: n.log_prob, reverse=True)  # fmt: skip
        steps.append(StepTrace(
            step=node.step, chosen_id=node.token_id, chosen_prob=float(np.exp(node.log_prob)),
            candidate_ids=np.array([n.token_id for n in siblings]),
            candidate_probs=np.exp(np.array([n.log_prob for n in siblings])),
            attention=node.attention,
        ))  # fmt: skip
    return steps
