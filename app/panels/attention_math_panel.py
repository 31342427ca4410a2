"""Attention, step by step (Inside the model): one decoding step's attention computed with the model's own numbers.

The query (the decoder state) is scored against every source position with the model's scoring
function, the softmax turns the scores into weights, and the weighted sum of the encoder outputs
is the context vector. With a second sentence in the batch, the shorter one is padded and the
mask shows: padded positions get the score −∞, hence weight 0.
"""

from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from app import file_dialogs
from app.i18n import QT_TR_NOOP, tr
from app.interface_text import content
from app.panels.follows_translation import FollowsTranslation, decoding_note
from app.views.export import export_image
from app.views.heatmap_canvas import display_piece
from app.views.jump_slider import JumpSlider
from app.views.score_bars import ScoreBars, StepBars
from models import attention_types

PURPOSE = "attention-math"
VALUE_COMPONENTS = 4  # value (encoder output) components shown per source position
# A recurrent model's attention is named by its type's declaration (models/attention_types.py); a
# Transformer's head by this.
CROSS_ATTENTION = QT_TR_NOOP("scaled dot-product (Transformer cross-attention)")
PAD_BRUSH = QBrush(QColor("#e6e6e6"))


def _number(value: float | None, digits: int = 4) -> str:
    if value is None:
        return ""
    if value == -np.inf:
        return "−∞"
    return f"{value:.{digits}f}".replace("-", "−")


class AttentionMathPanel(FollowsTranslation):
    purpose = PURPOSE

    def __init__(self, service, parent=None):
        super().__init__(service, parent)
        self.math = (
            None  # models.inspection.attention_math.AttentionMath of the sentence shown (the chosen layer and head)
        )
        self.grid: list[list] = []  # every layer's and head's: [layer][head]; [[one]] for a recurrent model
        self.output_text = ""
        # A Transformer computes attention once per decoder layer and head: which one is shown.
        self.layer, self.head = QComboBox(), QComboBox()
        self.layer.setToolTip(tr("Which decoder layer's cross-attention"))
        self.head.setToolTip(tr("Which head: each has its own projections of the query, the keys and the values"))
        self.batch_with = QLineEdit()
        self.batch_with.setClearButtonEnabled(True)
        self.batch_with.setPlaceholderText(
            tr("Optional: a longer sentence in the same batch, to see padding and the mask")
        )
        self.show_button = QPushButton(tr("Compute"))
        self.show_button.setToolTip(tr("Translate the sentence and compute its attention step by step"))
        self.slider = JumpSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.setToolTip(tr("Which decoding step's attention to show"))
        self.step_label = QLabel("")
        self.step_label.setMinimumWidth(280)
        self.formula = QLabel("")
        self.formula.setWordWrap(True)
        self.formula.setTextFormat(Qt.TextFormat.RichText)
        self.formula.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bars = ScoreBars()
        self.table = QTableWidget(0, 0)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setToolTip(tr("Every source position at this step: its score, its weight after the softmax, and the "
                              "first components of its encoder output (the value). The last row is their weighted "
                              "sum, the context vector."))  # fmt: skip
        self.context = QLabel("")
        self.context.setWordWrap(True)
        self.context.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        export = QPushButton(tr("Export step…"))
        export.setToolTip(tr("Save this step's numbers (every value component) as CSV"))
        export.clicked.connect(self._export)
        export_bars = QPushButton(tr("Export bars…"))
        export_bars.setToolTip(tr("Save the score and weight bars as PNG or SVG"))
        export_bars.clicked.connect(lambda: export_image(self, self.bars, tr("Export the bars"), "attention-step.png"))
        self.status = QLabel("")
        self.status.setWordWrap(True)

        inputs = QFormLayout()
        inputs.addRow(tr("Sentence"), self.sentence_row(self.show_button))
        inputs.addRow(tr("Batch with"), self.batch_with)
        step_row = QHBoxLayout()
        self.head_choice = QWidget()
        head_row = QHBoxLayout(self.head_choice)
        head_row.setContentsMargins(0, 0, 0, 0)
        for label, combo in ((tr("Layer"), self.layer), (tr("Head"), self.head)):
            head_row.addWidget(QLabel(label))
            head_row.addWidget(combo)
        self.head_choice.setVisible(False)
        step_row.addWidget(self.head_choice)
        step_row.addWidget(QLabel(tr("Step")))
        step_row.addWidget(self.slider, 1)
        step_row.addWidget(self.step_label)
        formula_box = QGroupBox(tr("How this model scores, normalises and sums"))
        QVBoxLayout(formula_box).addWidget(self.formula)
        numbers = QWidget()
        numbers_layout = QVBoxLayout(numbers)
        numbers_layout.setContentsMargins(0, 0, 0, 0)
        numbers_layout.addWidget(self.table, 1)
        numbers_layout.addWidget(self.context)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(export_bars)
        bottom.addWidget(export)
        numbers_layout.addLayout(bottom)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.bars)
        splitter.addWidget(numbers)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(inputs)
        layout.addLayout(step_row)
        layout.addWidget(formula_box)
        layout.addWidget(splitter, 1)

        self.show_button.clicked.connect(self.request)
        self.batch_with.returnPressed.connect(self.request)
        self.slider.valueChanged.connect(self._show_step)
        self.layer.currentIndexChanged.connect(lambda _i: self._show_chosen())
        self.head.currentIndexChanged.connect(lambda _i: self._show_chosen())
        self.bars.show_message(tr("Translate a sentence to see its attention computed step by step."))

    # ------------------------------------------------------------------ requests
    def analysis_request(self, text: str):
        from models.inspection.attention_math import AttentionMathRequest

        if not text:
            self.status.setText(tr("Type a sentence."))
            return None
        self.status.setText(tr("Computing…"))
        return AttentionMathRequest(batch_with=tuple(t for t in [self.batch_with.text().strip()] if t))

    def status_label(self):
        return self.status

    def show_reply(self, reply) -> None:
        self.grid, self.output_text = reply.result.maps, reply.translation.text
        layers, heads = len(self.grid), len(self.grid[0])
        # The layer and head chosen stay chosen while the model has them; the top layer by default.
        layer, head = self.layer.currentData(), self.head.currentData()
        for combo, count, chosen, default in ((self.layer, layers, layer, layers - 1), (self.head, heads, head, 0)):
            combo.blockSignals(True)
            combo.clear()
            for number in range(count):
                combo.addItem(str(number + 1), number)
            combo.setCurrentIndex(chosen if chosen is not None and chosen < count else default)
            combo.blockSignals(False)
        self.head_choice.setVisible(layers * heads > 1)
        self._show_chosen()

    def _show_chosen(self) -> None:
        if not self.grid:
            return
        self.math = math = self.grid[max(0, self.layer.currentIndex())][max(0, self.head.currentIndex())]
        declared = attention_types.find(math.kind)
        kind = tr(declared.label) if declared else tr(CROSS_ATTENTION) if math.kind == "scaled-dot" else math.kind
        if math.kind == "scaled-dot":
            kind = tr("{kind}, layer {layer}, head {head}").format(kind=kind, layer=math.layer + 1, head=math.head + 1)
        parameters = html.escape(", ".join(math.parameters))
        lines = [
            tr("<b>{kind}</b> attention · output: <b>{output}</b>").format(kind=kind, output=content(self.output_text))
            + decoding_note()
        ]
        if math.scores is None:
            lines.append(tr("No scores: the context is the encoder's final state, the same at every step: {formula}")
                         .format(formula=html.escape(math.formula)))  # fmt: skip
        else:
            from models.inspection.attention_math import CONTEXT, HEAD_CONTEXT, SOFTMAX

            key_note = " " + tr(declared.note) if declared and declared.note else ""
            lines += [f"1 · {html.escape(math.formula)}{key_note}" + (f" &nbsp; <span style='color:#666'>[{parameters}]</span>"
                                                                     if parameters else ""),
                      f"2 · {html.escape(SOFTMAX)}   " + tr("(padded positions: score −∞, so α = 0)"),
                      f"3 · {html.escape(HEAD_CONTEXT if math.kind == 'scaled-dot' else CONTEXT)}"]  # fmt: skip
        if len(math.batch_sources) > 1:
            real = int(math.mask.sum())
            note = tr("Batch of {sentences} sentences padded to {positions} positions; this sentence has {length}, "
                      "so {padding} are padding.").format(sentences=len(math.batch_sources), positions=math.padded_length,
                                                          length=real, padding=math.padded_length - real)  # fmt: skip
            lines.append(f"<span style='color:#666'>{note}</span>")
        self.formula.setText("<br>".join(lines))
        self._fill_columns()
        steps = len(math.target_pieces)
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(0, steps - 1))
        self.slider.setValue(min(self.slider.value(), max(0, steps - 1)))
        self.slider.blockSignals(False)
        self.status.setText("")
        self._show_step(self.slider.value())

    # ------------------------------------------------------------------ one step
    def _fill_columns(self) -> None:
        value = "v" if self.math.kind == "scaled-dot" else "h"
        headers = ["#", tr("source piece"), tr("score"), tr("weight α")] + [
            f"{value}[{i}]" for i in range(VALUE_COMPONENTS)
        ]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.horizontalHeader().setStretchLastSection(False)

    def _show_step(self, step: int) -> None:
        math = self.math
        if math is None or not math.target_pieces:
            return
        step = min(step, len(math.target_pieces) - 1)
        piece = display_piece(math.target_pieces[step])
        self.step_label.setText(
            tr("{step} of {count}: writing '{piece}'").format(step=step + 1, count=len(math.target_pieces), piece=piece)
        )
        rows = math.step_rows(step, VALUE_COMPONENTS)
        # Filled with updates off and sized once: a header that fits its contents on every
        # setItem re-measures the whole table each time (quadratic in the cells).
        self.table.setUpdatesEnabled(False)
        self.table.setRowCount(len(rows) + 1)
        for r, row in enumerate(rows):
            cells = [str(row["position"]), display_piece(row["piece"]), _number(row["score"]),
                     _number(row["weight"])] + [_number(v) for v in row["value"]]  # fmt: skip
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c != 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if row["padding"]:
                    item.setBackground(PAD_BRUSH)
                    item.setToolTip(tr("Padding: this sentence is shorter than the longest in its batch. The mask sets "
                                    "its score to −∞ before the softmax, so its weight is exactly 0."))  # fmt: skip
                self.table.setItem(r, c, item)
        context = math.contexts[step]
        label = {"none": tr("c = h_S (fixed)"), "scaled-dot": "c = Σ αⱼ vⱼ"}.get(math.kind, "c = Σ αⱼ hⱼ")
        summary = ["", label, "", ""] + [_number(float(v)) for v in context[:VALUE_COMPONENTS]]
        for c, text in enumerate(summary):
            item = QTableWidgetItem(text)
            font = item.font()
            font.setBold(True)
            item.setFont(font)
            if c >= 4:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(len(rows), c, item)
        self.table.resizeColumnsToContents()
        self.table.setUpdatesEnabled(True)
        query = tr("query q: ‖q‖ = {norm:.3f} ({shape} values); ").format(norm=np.linalg.norm(math.queries[step]), shape=math.queries.shape[1]) \
            if math.queries.size else ""  # fmt: skip
        self.context.setText(tr("{query}context c: ‖c‖ = {norm:.3f}, {size} values (first {value_components} shown; Export step saves them all).").format(query=query, norm=np.linalg.norm(context), size=context.size, value_components=VALUE_COMPONENTS))  # fmt: skip
        if math.scores is None:
            self.bars.show_message(tr("No scores: without attention the decoder gets the same context vector, the "
                                   "encoder's final state, at every step."))  # fmt: skip
        else:
            pieces = tuple(row["piece"] for row in rows)
            self.bars.show_step(StepBars(pieces, math.scores[step].copy(), math.weights[step].copy(), math.mask.copy(),
                                         tr("step {step}: writing '{piece}'").format(step=step + 1, piece=piece)))  # fmt: skip

    def _export(self) -> None:
        if self.math is None:
            self.status.setText(tr("Nothing to export yet: compute a sentence first."))
            return
        path = file_dialogs.save_file(
            self, "export", tr("Export this step's numbers"), "attention-step.csv", "CSV (*.csv)"
        )
        if path:
            self.math.export_step_csv(path, self.slider.value())
            self.status.setText(tr("Saved {path}").format(path=path))
