"""The model and training settings form, with a tooltip that explains each concept."""

from __future__ import annotations

from dataclasses import fields, replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from app.i18n import QT_TR_NOOP, tr
from models import choices
from models.config import Bound, TokenizerConfig, TrainConfig, bound_of
from models.nn.family import FAMILIES, with_family

TIPS = {
    "preset": QT_TR_NOOP("A starting point; every value below can still be changed."),
    "layers": QT_TR_NOOP("Stacked recurrent layers in the encoder and the decoder."),
    "bidirectional": QT_TR_NOOP(
        "The encoder reads the sentence both ways, so each source position knows its left and right context."
    ),
    "embedding": QT_TR_NOOP("Size of the vector each piece is turned into before the RNN reads it."),
    "hidden": QT_TR_NOOP("Size of the recurrent state (per direction in the encoder)."),
    "dropout": QT_TR_NOOP("Fraction of activations zeroed during training, to fight over-fitting."),
    "heads": QT_TR_NOOP("Attention heads per layer: each looks at the sentence on its own share of d_model."),
    "ff_size": QT_TR_NOOP("Width of the feed-forward sub-layer inside each Transformer layer."),
    "decoder_layers": QT_TR_NOOP("Decoder layers; Layers sets the encoder's."),
    "vocab": QT_TR_NOOP("Pieces per language. Larger: shorter sequences but rarer pieces."),
    "shared": QT_TR_NOOP("One vocabulary for both languages (useful when they share words or digits)."),
    "teacher_forcing": QT_TR_NOOP(
        "Probability of feeding the reference previous piece instead of the model's own guess. "
        "1 = always (teacher forcing); lower values train on its own mistakes (scheduled sampling)."
    ),
    "clip": QT_TR_NOOP("Gradient-norm clipping: rescale gradients larger than this, to keep RNN training stable."),
    "batch": QT_TR_NOOP("Sentences per training step (batches are grouped by length, so little is padding)."),
    "lr": QT_TR_NOOP("Adam learning rate."),
    "budget": QT_TR_NOOP("When to stop: after this many minutes or epochs (passes over the training data)."),
    "seed": QT_TR_NOOP("Random seed: the same seed, data and settings give the same run."),
    "eval_every": QT_TR_NOOP(
        "Steps between evaluations on the dev set (loss, BLEU, chrF, probe attention, checkpoint)."
    ),
}

# Each option's label in the form, and in Help → Guide (which lists TIPS under these names).
# The options with a choice of values are declared, label and help included, in models/choices.py.
LABELS = {
    "preset": QT_TR_NOOP("Preset"), "layers": QT_TR_NOOP("Layers"), "bidirectional": QT_TR_NOOP("Bidirectional encoder"),
    "embedding": QT_TR_NOOP("Embedding size"), "hidden": QT_TR_NOOP("Hidden size"),
    "dropout": QT_TR_NOOP("Dropout"), "heads": QT_TR_NOOP("Heads"), "ff_size": QT_TR_NOOP("Feed-forward size"),
    "decoder_layers": QT_TR_NOOP("Decoder layers"), "vocab": QT_TR_NOOP("Pieces per language"), "shared": QT_TR_NOOP("Shared vocabulary"),
    "teacher_forcing": QT_TR_NOOP("Teacher forcing"), "clip": QT_TR_NOOP("Gradient clipping"), "batch": QT_TR_NOOP("Batch size"),
    "lr": QT_TR_NOOP("Learning rate"), "budget": QT_TR_NOOP("Budget"), "seed": QT_TR_NOOP("Seed"), "eval_every": QT_TR_NOOP("Evaluate every (steps)"),
}  # fmt: skip


CHOICES = {"family": choices.FAMILY, "cell": choices.CELL, "attention": choices.ATTENTION,
           "decoder_style": choices.DECODER_STYLE, "positions": choices.POSITIONS, "norm": choices.NORM,
           "tokenizer": choices.TOKENIZER, "precision": choices.PRECISION}  # fmt: skip
FORM_ORDER = ("preset", "family", "cell", "layers", "decoder_layers", "bidirectional", "embedding", "hidden", "heads",
              "ff_size", "attention", "decoder_style", "positions", "norm", "dropout", "tokenizer", "vocab", "shared",
              "teacher_forcing", "clip", "batch", "lr", "budget", "seed", "eval_every", "precision")  # fmt: skip
# The model rows and the configuration field each sets. A row is shown while the chosen family's
# configuration has its field (models/nn/<family>/config.py), and a number's spin box takes its
# range and step from that field's declared bound.
MODEL_FIELDS = {"cell": "cell", "layers": "layers", "decoder_layers": "decoder_layers",
                "bidirectional": "bidirectional", "embedding": "embedding_size", "hidden": "hidden_size",
                "heads": "heads", "ff_size": "ff_size", "attention": "attention", "decoder_style": "decoder_style",
                "positions": "positions", "norm": "norm", "dropout": "dropout"}  # fmt: skip
# The other spin boxes, each with the field of its declared bound.
SPIN_BOUNDS = {"vocab": (TokenizerConfig, "src_vocab_size"), "teacher_forcing": (TrainConfig, "teacher_forcing"),
               "clip": (TrainConfig, "clip_norm"), "batch": (TrainConfig, "batch_size"),
               "lr": (TrainConfig, "learning_rate"), "budget": (TrainConfig, "max_minutes"),
               "eval_every": (TrainConfig, "eval_every")}  # fmt: skip


def form_range(bound: Bound, low: float, high: float, step: float) -> tuple[float, float]:
    """A spin box's range: the form's own (what is useful to offer) within the option's declared
    bound (models/config.py), an excluded end moved in by one step."""
    if bound.low is not None:
        low = max(low, bound.low + (step if bound.low_open else 0))
    if bound.high is not None:
        high = min(high, bound.high - (step if bound.high_open else 0))
    return low, high


def declared_range(bound: Bound, step: float) -> tuple[float, float]:
    """A spin box's range as the option's declaration gives it: the part the form offers (or the
    whole bound) within the bound, `step` the box's smallest change."""
    low, high = bound.offered if bound.offered is not None else (bound.low, bound.high)
    return form_range(bound, low, high, step)


def title(key: str) -> str:
    """The form row's label of an option, in the interface's language."""
    return tr(CHOICES[key].title if key in CHOICES else LABELS[key])


def tip(key: str) -> str:
    """The tooltip that explains an option, in the interface's language."""
    return tr(CHOICES[key].help if key in CHOICES else TIPS[key])


def options_help() -> list[tuple[str, str]]:
    """(title, explanation) of every option, in the form's order (Help → Guide lists them)."""
    return [(title(key), tip(key)) for key in FORM_ORDER]


class TrainForm(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        from models.presets import PRESETS

        self.presets = PRESETS
        self.preset = self._combo([(name, name) for name in PRESETS], tip("preset"))
        for index, preset in enumerate(PRESETS.values()):
            self.preset.setItemData(index, tr(preset.description), Qt.ItemDataRole.ToolTipRole)
        self.preset_description = QLabel()  # the chosen preset's one line (models/presets.py)
        self.preset_description.setWordWrap(True)
        self.preset_description.setStyleSheet("color: #555555")
        self.family = self._choice("family")
        self.cell = self._choice("cell")
        # The model's spin boxes get their ranges from the chosen family's declarations (_fit_family).
        self.decoder_layers = self._spin(tip("decoder_layers"))
        self.heads = self._spin(tip("heads"))
        self.ff_size = self._spin(tip("ff_size"))
        self.positions = self._choice("positions")
        self.norm = self._choice("norm")
        self.layers = self._spin(tip("layers"))
        self.bidirectional = QCheckBox(tr("bidirectional encoder"))
        self.bidirectional.setToolTip(tip("bidirectional"))
        self.embedding = self._spin(tip("embedding"))
        self.hidden = self._spin(tip("hidden"))
        self.attention = self._choice("attention")
        self.decoder_style = self._choice("decoder_style")
        self.dropout = self._double(tip("dropout"))
        self.tokenizer = self._choice("tokenizer")
        self.vocab = self._spin(tip("vocab"), SPIN_BOUNDS["vocab"])
        self.shared = QCheckBox(tr("shared vocabulary"))
        self.shared.setToolTip(tip("shared"))
        self.teacher_forcing = self._double(tip("teacher_forcing"), SPIN_BOUNDS["teacher_forcing"])
        self.clip = self._double(tip("clip"), SPIN_BOUNDS["clip"])
        self.batch = self._spin(tip("batch"), SPIN_BOUNDS["batch"])
        self.lr = self._double(tip("lr"), SPIN_BOUNDS["lr"], decimals=5)
        self.budget_kind = self._combo([(tr("minutes"), "minutes"), (tr("epochs"), "epochs")], tip("budget"))
        # minutes and epochs are bounded alike (above 0)
        self.budget = self._double(tip("budget"), SPIN_BOUNDS["budget"])
        # Any seed is a seed: the form offers the non-negative 32-bit ones.
        self.seed = self._spin(tip("seed"))
        self.seed.setRange(0, 2**31 - 1)
        self.eval_every = self._spin(tip("eval_every"), SPIN_BOUNDS["eval_every"])
        self.precision = self._choice("precision")

        model_box = QGroupBox(tr("Model"))
        model_form = QFormLayout(model_box)
        self.rows: dict[str, tuple[QFormLayout, QWidget]] = {}
        for key in ("family", "cell", "layers", "decoder_layers", "bidirectional", "embedding", "hidden", "heads",
                    "ff_size", "attention", "decoder_style", "positions", "norm", "dropout"):  # fmt: skip
            widget = getattr(self, key)
            model_form.addRow("" if isinstance(widget, QCheckBox) else title(key), widget)
            self.rows[key] = (model_form, widget)
        vocab_box = QGroupBox(tr("Vocabulary"))
        vocab_form = QFormLayout(vocab_box)
        vocab_form.addRow(title("tokenizer"), self.tokenizer)
        vocab_form.addRow(title("vocab"), self.vocab)
        vocab_form.addRow("", self.shared)
        train_box = QGroupBox(tr("Training"))
        train_form = QFormLayout(train_box)
        budget_row = QHBoxLayout()
        budget_row.addWidget(self.budget)
        budget_row.addWidget(self.budget_kind)
        for key, widget in (("teacher_forcing", self.teacher_forcing), ("clip", self.clip),
                            ("batch", self.batch), ("lr", self.lr)):  # fmt: skip
            train_form.addRow(title(key), widget)
            self.rows[key] = (train_form, widget)
        train_form.addRow(title("budget"), budget_row)
        train_form.addRow(title("seed"), self.seed)
        train_form.addRow(title("eval_every"), self.eval_every)
        train_form.addRow(title("precision"), self.precision)
        layout = QVBoxLayout(self)
        preset_form = QFormLayout()
        preset_form.addRow(title("preset"), self.preset)
        preset_form.addRow("", self.preset_description)
        layout.addLayout(preset_form)
        layout.addWidget(model_box)
        layout.addWidget(vocab_box)
        layout.addWidget(train_box)
        layout.addStretch(1)
        self.preset.currentIndexChanged.connect(lambda _: self.apply_preset(self.preset.currentData()))
        self.family.currentIndexChanged.connect(lambda _: self._fit_family())
        self._fit_family()
        self.apply_preset("default")

    def apply_preset(self, name: str) -> None:
        preset = self.presets[name]
        self.preset_description.setText(tr(preset.description))
        m, t, train = preset.model, preset.tokenizer, preset.train
        self._select(self.preset, name)
        self._select(self.family, m.family)
        self._fit_family()
        # The preset's family sets its own rows; the other family's rows keep their values.
        for key, name in MODEL_FIELDS.items():
            if hasattr(m, name):
                self._set(getattr(self, key), getattr(m, name))
        if hasattr(m, "target_layers"):
            self.decoder_layers.setValue(m.target_layers)
        self._select(self.tokenizer, t.model_type)
        self.vocab.setValue(t.src_vocab_size)
        self.shared.setChecked(t.shared)
        self.teacher_forcing.setValue(train.teacher_forcing)
        self.clip.setValue(train.clip_norm)
        self.batch.setValue(train.batch_size)
        self.lr.setValue(train.learning_rate)
        self._select(self.budget_kind, "minutes")
        self.budget.setValue(train.max_minutes or 5.0)
        self.seed.setValue(train.seed)
        self.eval_every.setValue(train.eval_every)
        self._select(self.precision, train.precision)

    def family_config(self) -> type:
        """The chosen family's configuration class."""
        return FAMILIES[self.family.currentData()].config_class

    def _fit_family(self) -> None:
        """The chosen family's rows shown (the others hidden), its spin boxes' ranges set from its
        declarations."""
        config = self.family_config()
        names = {f.name for f in fields(config) if f.init}  # what a person sets (not what follows from it)
        for key, (form, widget) in self.rows.items():
            if key in MODEL_FIELDS:
                form.setRowVisible(widget, MODEL_FIELDS[key] in names)
                if MODEL_FIELDS[key] in names and isinstance(widget, (QSpinBox, QDoubleSpinBox)):
                    self._fit(widget, bound_of(config, MODEL_FIELDS[key]))
            elif key == "teacher_forcing":  # a family that reads whole targets at once always teacher-forces
                form.setRowVisible(widget, not config.teacher_forcing_only)

    def configs(self):
        """(ModelConfig, TokenizerConfig, TrainConfig) from the form; raises ValueError if invalid."""
        preset = self.presets[self.preset.currentData()]
        # Each of the chosen family's rows sets its field; the other family's rows are not read.
        model = with_family(preset.model, self.family.currentData(),
                            **{name: self._value(getattr(self, key)) for key, name in MODEL_FIELDS.items()})  # fmt: skip
        tok = replace(preset.tokenizer, model_type=self.tokenizer.currentData(), src_vocab_size=self.vocab.value(),
                      tgt_vocab_size=self.vocab.value(), shared=self.shared.isChecked())  # fmt: skip
        minutes = self.budget.value() if self.budget_kind.currentData() == "minutes" else None
        epochs = self.budget.value() if self.budget_kind.currentData() == "epochs" else None
        teacher_forcing = 1.0 if model.teacher_forcing_only else self.teacher_forcing.value()
        train = replace(preset.train, teacher_forcing=teacher_forcing, clip_norm=self.clip.value(),
                        batch_size=self.batch.value(), learning_rate=self.lr.value(), max_minutes=minutes,
                        max_epochs=epochs, max_steps=None, seed=self.seed.value(), eval_every=self.eval_every.value(),
                        precision=self.precision.currentData())  # fmt: skip
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
    def _choice(self, key: str) -> QComboBox:
        """A combo box of a declared option's values, with their labels."""
        option = CHOICES[key]
        return self._combo([(tr(choice.label), choice.value) for choice in option.choices], tip(key))

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
    def _value(widget: QWidget):
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        return widget.value()

    def _set(self, widget: QWidget, value) -> None:
        if isinstance(widget, QComboBox):
            self._select(widget, value)
        elif isinstance(widget, QCheckBox):
            widget.setChecked(value)
        else:
            widget.setValue(value)

    @staticmethod
    def _fit(box: QSpinBox | QDoubleSpinBox, bound: Bound) -> None:
        """The box's range and step from the option's declared bound."""
        unit = 1 if isinstance(box, QSpinBox) else 10.0 ** -box.decimals()
        low, high = declared_range(bound, unit)
        if isinstance(box, QSpinBox):
            low, high = int(low), int(high)
        box.setRange(low, high)
        box.setSingleStep(bound.step or (1 if isinstance(box, QSpinBox) else 0.05))

    def _spin(self, tip: str, declared: tuple[type, str] | None = None) -> QSpinBox:
        box = QSpinBox()
        box.setToolTip(tip)
        if declared is not None:
            self._fit(box, bound_of(*declared))
        return box

    def _double(self, tip: str, declared: tuple[type, str] | None = None, decimals: int = 2) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setDecimals(decimals)
        box.setToolTip(tip)
        if declared is not None:
            self._fit(box, bound_of(*declared))
        return box
