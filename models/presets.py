"""Named configurations. `ref` is the reference set-up the benchmarks compare against.

Each preset's `description` is one line for a learner: the Train form shows it under the preset
and the command line's --preset help lists it; `QT_TR_NOOP` marks it for the app's catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.choices import QT_TR_NOOP
from models.config import TokenizerConfig, TrainConfig
from models.nn.family import ModelConfig
from models.nn.rnn.config import RNNConfig
from models.nn.transformer.config import TransformerConfig


@dataclass
class Preset:
    description: str
    model: ModelConfig
    tokenizer: TokenizerConfig
    train: TrainConfig


def _ref(decoder_style: str, description: str) -> Preset:
    return Preset(
        description=description,
        model=RNNConfig(
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
    "ref": _ref(
        "input_feeding",
        QT_TR_NOOP(
            "The reference RNN for real sentences (bi-GRU 256, additive (Bahdanau) attention, input "
            "feeding, 4000 pieces per language): the benchmarks compare against it"
        ),
    ),
    "ref-luong": _ref(
        "luong",
        QT_TR_NOOP("ref with the Luong decoder (no input feeding): trains faster, all steps at once"),
    ),
    "default": Preset(
        description=QT_TR_NOOP(
            "The bundled models' set-up: a small bi-GRU with additive (Bahdanau) attention, "
            "fast on the built-in phrase corpora"
        ),
        model=RNNConfig(
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
        description=QT_TR_NOOP("A very small RNN that trains in seconds: for trying things out"),
        model=RNNConfig(cell="gru", bidirectional=True, embedding_size=32, hidden_size=64, attention="additive"),
        tokenizer=TokenizerConfig(model_type="unigram", src_vocab_size=200, tgt_vocab_size=200),
        train=TrainConfig(batch_size=32, learning_rate=3e-3, max_minutes=1, eval_every=200, eval_sentences=100),
    ),
    "transformer-ref": Preset(
        description=QT_TR_NOOP(
            "A Transformer to set beside ref (same pieces): 2+2 layers, 4 heads, d_model 256, "
            "learning rate warmed up over 1,000 steps"
        ),
        model=TransformerConfig(
            layers=2,
            decoder_layers=2,
            heads=4,
            hidden_size=256,
            ff_size=1024,
            norm="pre",
            positions="sinusoidal",
            dropout=0.1,
        ),  # fmt: skip
        tokenizer=TokenizerConfig(model_type="unigram", src_vocab_size=4000, tgt_vocab_size=4000),
        train=TrainConfig(
            batch_size=64,
            learning_rate=5e-4,
            lr_schedule="inverse_sqrt",
            warmup_steps=1000,
            adam_beta2=0.98,
            clip_norm=1.0,
            max_minutes=10,
            eval_every=1000,
        ),  # fmt: skip
    ),
    "transformer-tiny": Preset(
        description=QT_TR_NOOP("A very small Transformer that trains in seconds: 1+1 layers, 2 heads, d_model 32"),
        model=TransformerConfig(
            layers=1,
            decoder_layers=1,
            heads=2,
            hidden_size=32,
            ff_size=64,
            dropout=0.1,
        ),  # fmt: skip
        tokenizer=TokenizerConfig(model_type="unigram", src_vocab_size=200, tgt_vocab_size=200),
        train=TrainConfig(
            batch_size=32,
            learning_rate=3e-3,
            lr_schedule="inverse_sqrt",
            warmup_steps=50,
            adam_beta2=0.98,
            max_minutes=1,
            eval_every=200,
            eval_sentences=100,
        ),  # fmt: skip
    ),
}
