"""sentencepiece vocabularies trained in-process, with fixed special ids."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass

import sentencepiece as spm

from models.config import TokenizerConfig

PAD_ID, UNK_ID, BOS_ID, EOS_ID = 0, 1, 2, 3
NEVER_EMITTED = (PAD_ID, BOS_ID)  # a decoder never outputs these: their logits are −∞
SPECIAL_PIECES = ("<pad>", "<unk>", "<s>", "</s>")


class Tokenizer:
    """One sentencepiece model: text ↔ ids ↔ pieces (pieces label the attention views)."""

    def __init__(self, model_proto: bytes):
        self.model_proto = model_proto
        self._sp = spm.SentencePieceProcessor()
        self._sp.LoadFromSerializedProto(model_proto)
        if (self._sp.pad_id(), self._sp.unk_id(), self._sp.bos_id(), self._sp.eos_id()) != (
            PAD_ID, UNK_ID, BOS_ID, EOS_ID,
        ):  # fmt: skip
            raise ValueError("sentencepiece model has unexpected special ids")

    @property
    def vocab_size(self) -> int:
        return self._sp.GetPieceSize()

    def encode(self, text: str) -> list[int]:
        return self._sp.EncodeAsIds(text)

    def encode_batch(self, texts: list[str]) -> list[list[int]]:
        return self._sp.EncodeAsIds(texts)

    def pieces(self, text: str) -> list[str]:
        return self._sp.EncodeAsPieces(text)

    def decode(self, ids: Iterable[int]) -> str:
        return self._sp.DecodeIds([i for i in ids if i > EOS_ID])

    def id_to_piece(self, token_id: int) -> str:
        return self._sp.IdToPiece(int(token_id))

    def ids_to_pieces(self, ids: Iterable[int]) -> list[str]:
        return [self.id_to_piece(i) for i in ids]

    def piece_to_id(self, piece: str) -> int:
        return self._sp.PieceToId(piece)

    def fingerprint(self) -> str:
        """sha256 of the serialized sentencepiece model: the exact file a model was trained with."""
        return proto_fingerprint(self.model_proto)

    def pieces_fingerprint(self) -> str:
        """sha256 of the vocabulary's pieces in id order: what each id the model emits means."""
        pieces = self._sp.IdToPiece(list(range(self.vocab_size)))
        return hashlib.sha256(json.dumps(pieces, ensure_ascii=False).encode("utf-8")).hexdigest()


def proto_fingerprint(model_proto: bytes) -> str:
    return hashlib.sha256(model_proto).hexdigest()


def train_tokenizer(
    sentences: Iterable[str], vocab_size: int, model_type: str, character_coverage: float = 1.0
) -> Tokenizer:
    """Train on the given sentences (the training split) and return the tokenizer.

    The vocabulary grows to hold every character seen (plus the specials) when asked for less,
    since sentencepiece refuses a vocabulary smaller than the alphabet.
    """
    sentences = list(sentences)
    alphabet = set().union(*map(set, sentences)) - {" "}
    if model_type == "char":
        vocab_size = len(alphabet) + len(SPECIAL_PIECES) + 1  # +1: the word-boundary piece
    else:
        vocab_size = max(vocab_size, len(alphabet) + len(SPECIAL_PIECES) + 2)
    buffer = io.BytesIO()
    spm.SentencePieceTrainer.Train(
        sentence_iterator=iter(sentences),
        model_writer=buffer,
        vocab_size=vocab_size,
        model_type=model_type,
        character_coverage=character_coverage,
        pad_id=PAD_ID,
        unk_id=UNK_ID,
        bos_id=BOS_ID,
        eos_id=EOS_ID,
        hard_vocab_limit=False,  # small corpora: fewer pieces rather than an error
        input_sentence_size=300_000,
        shuffle_input_sentence=True,
        split_digits=False,
        num_threads=2,
        minloglevel=2,
    )
    return Tokenizer(buffer.getvalue())


@dataclass
class TokenizerPair:
    source: Tokenizer
    target: Tokenizer

    @property
    def shared(self) -> bool:
        return self.source is self.target


def train_tokenizers(pairs: list[tuple[str, str]], config: TokenizerConfig) -> TokenizerPair:
    config.validate()
    model_type = config.model_type
    if config.shared:
        both = [s for s, _ in pairs] + [t for _, t in pairs]
        tok = train_tokenizer(both, config.src_vocab_size, model_type, config.character_coverage)
        return TokenizerPair(tok, tok)
    src = train_tokenizer((s for s, _ in pairs), config.src_vocab_size, model_type, config.character_coverage)
    tgt = train_tokenizer((t for _, t in pairs), config.tgt_vocab_size, model_type, config.character_coverage)
    return TokenizerPair(src, tgt)
