"""Named configurations. `ref` is the reference set-up the benchmarks compare against."""

from __future__ import annotations

from dataclasses import dataclass

from models.config import ModelConfig, TokenizerConfig, TrainConfig


@dataclass
class Preset:
    description: str
    model: ModelConfig
    tokenizer: TokenizerConfig
    train: TrainConfig


def _ref(decoder_style: str) -> Preset:
    return Preset(
        description=(
            "reference: bi-GRU encoder 256, GRU decoder 256, additive attention, embeddings 256, "
            f"decoder {decoder_style}, unigram 4000 pieces per language, batch 64, Adam 1e-3, clip 1.0"
        ),
        model=ModelConfig(
            cell="gru",
            layers=1,
            bidirectional=True,
            embedding_size=256,
            hidden_size=256,
            attention="additive",
            decoder_style=decoder_style,
            dropout=0.1,
        ),  # fmt: skip
        tokenizer=TokenizerConfig(model_type="unigram", src_vocab_size=4000, tgt_vocab_size=4000),
        train=TrainConfig(
            batch_size=64, learning_rate=1e-3, lr_schedule="constant", clip_norm=1.0, max_minutes=10, eval_every=1000
        ),  # fmt: skip
    )


PRESETS: dict[str, Preset] = {
    "ref": _ref("input_feeding"),
    "ref-luong": _ref("luong"),
    "default": Preset(
        description="the bundled model's set-up: small and fast, for the built-in phrase corpora",
        model=ModelConfig(
            cell="gru",
            bidirectional=True,
            embedding_size=128,
            hidden_size=256,
            attention="additive",
            decoder_style="luong",
            dropout=0.1,
        ),  # fmt: skip
        tokenizer=TokenizerConfig(model_type="unigram", src_vocab_size=1000, tgt_vocab_size=1000),
        train=TrainConfig(batch_size=96, learning_rate=2e-3, max_minutes=5, eval_every=500),
    ),
    "tiny": Preset(
        description="a very small model that trains in seconds (for trying things out and tests)",
        model=ModelConfig(cell="gru", bidirectional=True, embedding_size=32, hidden_size=64, attention="additive"),
        tokenizer=TokenizerConfig(model_type="unigram", src_vocab_size=200, tgt_vocab_size=200),
        train=TrainConfig(batch_size=32, learning_rate=3e-3, max_minutes=1, eval_every=200, eval_sentences=100),
    ),
}
