"""The model and training settings form, with a tooltip that explains each concept."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

TIPS = {
    "preset": "A starting point; every value below can still be changed.",
    "cell": "The recurrent unit. RNN: a plain tanh cell (forgets quickly). GRU: gated, a good default. "
    "LSTM: gated with a separate memory cell.",
    "layers": "Stacked recurrent layers in the encoder and the decoder.",
    "bidirectional": "The encoder reads the sentence both ways, so each source position knows its left and right context.",
    "embedding": "Size of the vector each piece is turned into before the RNN reads it.",
    "hidden": "Size of the recurrent state (per direction in the encoder).",
    "attention": "How the decoder scores source positions: none (one fixed context vector, the encoder's final "
    "state), dot (q·k), general (q·Wk), concat (v·tanh(W[q;k])), additive (Bahdanau: v·tanh(Wq+Uk)).",
    "decoder_style": "Luong: attention after the RNN; training runs all steps at once (fast). Input feeding: the "
    "last attentional vector is fed back as input (needs a step loop).",
    "dropout": "Fraction of activations zeroed during training, to fight over-fitting.",
    "tokenizer": "sentencepiece model: unigram or BPE split words into frequent pieces; char and word are the extremes.",
    "vocab": "Pieces per language. Larger: shorter sequences but rarer pieces.",
    "shared": "One vocabulary for both languages (useful when they share words or digits).",
    "teacher_forcing": "Probability of feeding the reference previous piece instead of the model's own guess. "
    "1 = always (teacher forcing); lower values train on its own mistakes (scheduled sampling).",
    "clip": "Gradient-norm clipping: rescale gradients larger than this, to keep RNN training stable.",
    "batch": "Sentences per training step (batches are grouped by length, so little is padding).",
    "lr": "Adam learning rate.",
    "budget": "When to stop: after this many minutes or epochs (passes over the training data).",
    "seed": "Random seed: the same seed, data and settings give the same run.",
    "eval_every": "Steps between evaluations on the dev set (loss, BLEU, chrF, probe attention, checkpoint).",
}

# Each option's label in the form, and in Help → Guide (which lists TIPS under these names).
LABELS = {
    "preset": "Preset", "cell": "Cell", "layers": "Layers", "bidirectional": "Bidirectional encoder",
    "embedding": "Embedding size", "hidden": "Hidden size", "attention": "Attention", "decoder_style": "Decoder",
    "dropout": "Dropout", "tokenizer": "Tokenizer", "vocab": "Pieces per language", "shared": "Shared vocabulary",
    "teacher_forcing": "Teacher forcing", "clip": "Gradient clipping", "batch": "Batch size",
    "lr": "Learning rate", "budget": "Budget", "seed": "Seed", "eval_every": "Evaluate every (steps)",
}  # fmt: skip


class TrainForm(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        from models.presets import PRESETS

        self.presets = PRESETS
        self.preset = self._combo([(name, name) for name in PRESETS], TIPS["preset"])
        self.cell = self._combo([("GRU", "gru"), ("LSTM", "lstm"), ("RNN (tanh)", "rnn")], TIPS["cell"])
        self.layers = self._spin(1, 4, TIPS["layers"])
        self.bidirectional = QCheckBox("bidirectional encoder")
        self.bidirectional.setToolTip(TIPS["bidirectional"])
        self.embedding = self._spin(8, 1024, TIPS["embedding"], step=16)
        self.hidden = self._spin(8, 2048, TIPS["hidden"], step=16)
        self.attention = self._combo([("additive (Bahdanau)", "additive"), ("dot (Luong)", "dot"), ("general (Luong)", "general"),
                                      ("concat (Luong)", "concat"), ("none: fixed context vector", "none")], TIPS["attention"])  # fmt: skip
        self.decoder_style = self._combo(
            [("Luong (fast)", "luong"), ("input feeding", "input_feeding")], TIPS["decoder_style"]
        )
        self.dropout = self._double(0.0, 0.9, 0.05, TIPS["dropout"])
        self.tokenizer = self._combo([(k, k) for k in ("unigram", "bpe", "char", "word")], TIPS["tokenizer"])
        self.vocab = self._spin(16, 64000, TIPS["vocab"], step=100)
        self.shared = QCheckBox("shared vocabulary")
        self.shared.setToolTip(TIPS["shared"])
        self.teacher_forcing = self._double(0.0, 1.0, 0.05, TIPS["teacher_forcing"])
        self.clip = self._double(0.0, 100.0, 0.5, TIPS["clip"])
        self.batch = self._spin(1, 1024, TIPS["batch"], step=8)
        self.lr = self._double(1e-5, 1.0, 1e-4, TIPS["lr"], decimals=5)
        self.budget_kind = self._combo([("minutes", "minutes"), ("epochs", "epochs")], TIPS["budget"])
        self.budget = self._double(0.05, 10_000, 0.5, TIPS["budget"])
        self.seed = self._spin(0, 2**31 - 1, TIPS["seed"])
        self.eval_every = self._spin(10, 100_000, TIPS["eval_every"], step=50)

        model_box = QGroupBox("Model")
        model_form = QFormLayout(model_box)
        for key, widget in (("cell", self.cell), ("layers", self.layers), ("bidirectional", self.bidirectional),
                            ("embedding", self.embedding), ("hidden", self.hidden), ("attention", self.attention),
                            ("decoder_style", self.decoder_style), ("dropout", self.dropout)):  # fmt: skip
            model_form.addRow("" if isinstance(widget, QCheckBox) else LABELS[key], widget)
        vocab_box = QGroupBox("Vocabulary")
        vocab_form = QFormLayout(vocab_box)
        vocab_form.addRow(LABELS["tokenizer"], self.tokenizer)
        vocab_form.addRow(LABELS["vocab"], self.vocab)
        vocab_form.addRow("", self.shared)
        train_box = QGroupBox("Training")
        train_form = QFormLayout(train_box)
        budget_row = QHBoxLayout()
        budget_row.addWidget(self.budget)
        budget_row.addWidget(self.budget_kind)
        for key, widget in (("teacher_forcing", self.teacher_forcing), ("clip", self.clip),
                            ("batch", self.batch), ("lr", self.lr)):  # fmt: skip
            train_form.addRow(LABELS[key], widget)
        train_form.addRow(LABELS["budget"], budget_row)
        train_form.addRow(LABELS["seed"], self.seed)
        train_form.addRow(LABELS["eval_every"], self.eval_every)
        layout = QVBoxLayout(self)
        preset_form = QFormLayout()
        preset_form.addRow(LABELS["preset"], self.preset)
        layout.addLayout(preset_form)
        layout.addWidget(model_box)
        layout.addWidget(vocab_box)
        layout.addWidget(train_box)
        layout.addStretch(1)
        self.preset.currentIndexChanged.connect(lambda _: self.apply_preset(self.preset.currentData()))
        self.apply_preset("default")

    def apply_preset(self, name: str) -> None:
        preset = self.presets[name]
        m, t, tr = preset.model, preset.tokenizer, preset.train
        self._select(self.preset, name)
        self._select(self.cell, m.cell)
        self.layers.setValue(m.layers)
        self.bidirectional.setChecked(m.bidirectional)
        self.embedding.setValue(m.embedding_size)
        self.hidden.setValue(m.hidden_size)
        self._select(self.attention, m.attention)
        self._select(self.decoder_style, m.decoder_style)
        self.dropout.setValue(m.dropout)
        self._select(self.tokenizer, t.model_type)
        self.vocab.setValue(t.src_vocab_size)
        self.shared.setChecked(t.shared)
        self.teacher_forcing.setValue(tr.teacher_forcing)
        self.clip.setValue(tr.clip_norm)
        self.batch.setValue(tr.batch_size)
        self.lr.setValue(tr.learning_rate)
        self._select(self.budget_kind, "minutes")
        self.budget.setValue(tr.max_minutes or 5.0)
        self.seed.setValue(tr.seed)
        self.eval_every.setValue(tr.eval_every)

    def configs(self):
        """(ModelConfig, TokenizerConfig, TrainConfig) from the form; raises ValueError if invalid."""
        preset = self.presets[self.preset.currentData()]
        model = replace(preset.model, cell=self.cell.currentData(), layers=self.layers.value(),
                        bidirectional=self.bidirectional.isChecked(), embedding_size=self.embedding.value(),
                        hidden_size=self.hidden.value(), attention=self.attention.currentData(),
                        decoder_style=self.decoder_style.currentData(), dropout=self.dropout.value())  # fmt: skip
        tok = replace(preset.tokenizer, model_type=self.tokenizer.currentData(), src_vocab_size=self.vocab.value(),
                      tgt_vocab_size=self.vocab.value(), shared=self.shared.isChecked())  # fmt: skip
        minutes = self.budget.value() if self.budget_kind.currentData() == "minutes" else None
        epochs = self.budget.value() if self.budget_kind.currentData() == "epochs" else None
        train = replace(preset.train, teacher_forcing=self.teacher_forcing.value(), clip_norm=self.clip.value(),
                        batch_size=self.batch.value(), learning_rate=self.lr.value(), max_minutes=minutes,
                        max_epochs=epochs, max_steps=None, seed=self.seed.value(), eval_every=self.eval_every.value())  # fmt: skip
        model.validate()
        tok.validate()
        train.validate()
        return model, tok, train

    def state(self) -> dict:
        return {
            "preset": self.preset.currentData(),
            "budget": self.budget.value(),
            "budget_kind": self.budget_kind.currentData(),
        }

    def restore(self, state: dict) -> None:
        if state.get("preset") in self.presets:
            self.apply_preset(state["preset"])
        if state.get("budget_kind") in ("minutes", "epochs"):
            self._select(self.budget_kind, state["budget_kind"])
        if isinstance(state.get("budget"), (int, float)):
            self.budget.setValue(float(state["budget"]))

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _combo(items, tip: str) -> QComboBox:
        box = QComboBox()
        for label, value in items:
            box.addItem(label, value)
        box.setToolTip(tip)
        return box

    @staticmethod
    def _select(box: QComboBox, value) -> None:
        index = box.findData(value)
        if index >= 0:
            box.setCurrentIndex(index)

    @staticmethod
    def _spin(low: int, high: int, tip: str, step: int = 1) -> QSpinBox:
        box = QSpinBox()
        box.setRange(low, high)
        box.setSingleStep(step)
        box.setToolTip(tip)
        return box

    @staticmethod
    def _double(low: float, high: float, step: float, tip: str, decimals: int = 2) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(low, high)
        box.setDecimals(decimals)
        box.setSingleStep(step)
        box.setToolTip(tip)
        return box
