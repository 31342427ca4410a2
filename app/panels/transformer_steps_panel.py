"""Transformer, step by step (Inside the model): one layer's attention of a Transformer computed with
the model's own numbers — the encoder's self-attention, the decoder's masked self-attention or the
cross-attention, head by head: Q, K, V, the scaled scores, the mask (hatched, −∞), the softmax and
the weighted sum; the positional encoding added to the embeddings; and one position's residual
path through the layer. The analysis is models/inspection/transformer_steps.py; the pictures are
app/views/transformer_steps_views.py.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
)  # fmt: skip

from app.i18n import QT_TR_NOOP, tr
from app.interface_text import content
from app.panels.follows_translation import FollowsTranslation, decoding_note
from app.views.heatmap_canvas import display_piece
from app.views.transformer_steps_views import PositionsView, QKVView, ResidualTable, ScoresView

PURPOSE = "transformer-steps"
TOP_LAYER = 99  # more layers than any stack has: the engine takes its top one
SITES = (
    (QT_TR_NOOP("Encoder self-attention"), "encoder"),
    (QT_TR_NOOP("Decoder masked self-attention"), "decoder"),
    (QT_TR_NOOP("Cross-attention"), "cross"),
)
SITE_NOTES = {
    "encoder": QT_TR_NOOP("Each source piece looks at every source piece (padding is masked)."),
    "decoder": QT_TR_NOOP("Each decoder step looks at <s> and the pieces written before it: the causal mask "
                          "hides the later ones (−∞), so the decoder cannot read the answer it is writing."),
    "cross": QT_TR_NOOP("Each decoder step looks at the encoder's output: queries from the decoder, keys and "
                        "values from the source."),
}  # fmt: skip
NO_LAYERS = QT_TR_NOOP("This model has no self-attention, heads or residual blocks: it is a recurrent model. "
                       "Its attention, step by step, is in the tab beside this one. Load a Transformer "
                       "(Model ▸ default-transformer-en-fr) to see its insides here.")  # fmt: skip


class TransformerStepsPanel(FollowsTranslation):
    purpose = PURPOSE

    def __init__(self, service, parent=None):
        super().__init__(service, parent)
        self.steps = None  # models.inspection.transformer_steps.TransformerSteps shown
        self.site, self.layer, self.head, self.position = QComboBox(), QComboBox(), QComboBox(), QComboBox()
        for label, value in SITES:
            self.site.addItem(tr(label), value)
        self.site.setCurrentIndex(2)
        self.site.setToolTip(tr("Which of the layer's attentions to compute"))
        self.layer.setToolTip(tr("Which layer of the encoder or the decoder"))
        self.head.setToolTip(tr("Which head: each has its own projections of the queries, the keys and the values"))
        self.position.setToolTip(tr("Which position's row the tables show (or click a row of the maps)"))
        self.position.setMinimumContentsLength(10)
        self.batch_with = QLineEdit()
        self.batch_with.setClearButtonEnabled(True)
        self.batch_with.setPlaceholderText(
            tr("Optional: a longer sentence in the same batch, to see padding and the mask")
        )
        self.show_button = QPushButton(tr("Compute"))
        self.show_button.setToolTip(tr("Translate the sentence and compute the chosen attention step by step"))
        self.formula = QLabel("")
        self.formula.setWordWrap(True)
        self.formula.setTextFormat(Qt.TextFormat.RichText)
        self.formula.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.scores_view, self.qkv_view = ScoresView(), QKVView()
        self.positions_view, self.residual_view = PositionsView(), ResidualTable()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.scores_view, tr("Scores, mask, softmax"))
        self.tabs.addTab(self.qkv_view, tr("Q, K, V"))
        self.tabs.addTab(self.positions_view, tr("Positions"))
        self.tabs.addTab(self.residual_view, tr("Residual path"))
        self.status = QLabel("")
        self.status.setWordWrap(True)

        inputs = QFormLayout()
        inputs.addRow(tr("Sentence"), self.sentence_row(self.show_button))
        inputs.addRow(tr("Batch with"), self.batch_with)
        choices = QHBoxLayout()
        for label, combo in ((tr("Attention"), self.site), (tr("Layer"), self.layer), (tr("Head"), self.head),
                             (tr("Position"), self.position)):  # fmt: skip
            choices.addWidget(QLabel(label))
            choices.addWidget(combo)
        choices.addStretch(1)
        formula_box = QGroupBox(tr("How this head scores, masks, normalises and sums"))
        QVBoxLayout(formula_box).addWidget(self.formula)
        layout = QVBoxLayout(self)
        layout.addLayout(inputs)
        layout.addLayout(choices)
        layout.addWidget(formula_box)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)

        self.show_button.clicked.connect(self.request)
        self.batch_with.returnPressed.connect(self.request)
        self.site.currentIndexChanged.connect(lambda _i: self.request())
        self.layer.currentIndexChanged.connect(lambda _i: self.request())
        self.head.currentIndexChanged.connect(lambda _i: self._show_chosen())
        self.position.currentIndexChanged.connect(lambda _i: self._show_chosen())
        for canvas in (self.scores_view.scores, self.scores_view.weights):
            canvas.row_clicked.connect(self.position.setCurrentIndex)
        self._show_message(tr("Translate a sentence to see a Transformer's attention computed step by step."))

    # ------------------------------------------------------------------ requests
    def analysis_request(self, text: str):
        from models.inspection.transformer_steps import TransformerStepsRequest

        if not text:
            self.status.setText(tr("Type a sentence."))
            return None
        self.status.setText(tr("Computing…"))
        layer = self.layer.currentData()  # the top one until a layer is chosen (a stack clamps it to its own)
        return TransformerStepsRequest(site=self.site.currentData(), layer=layer if layer is not None else TOP_LAYER,
                                       batch_with=tuple(t for t in [self.batch_with.text().strip()] if t))  # fmt: skip

    def status_label(self):
        return self.status

    def show_reply(self, reply) -> None:
        steps = reply.result
        self.steps = steps
        if not steps.available:
            for combo in (self.layer, self.head, self.position):
                combo.blockSignals(True)
                combo.clear()
                combo.blockSignals(False)
            self._show_message(tr(NO_LAYERS))
            self.formula.setText("")
            self.status.setText("")
            return
        # The head and position chosen stay chosen while the model has them.
        for combo, items, default in ((self.layer, [str(n + 1) for n in range(steps.layers)], steps.layer),
                                      (self.head, [str(n + 1) for n in range(steps.heads)], 0),
                                      (self.position, [f"{n} · {display_piece(p)}" for n, p in
                                                       enumerate(steps.query_pieces)], 0)):  # fmt: skip
            chosen = combo.currentIndex()
            combo.blockSignals(True)
            combo.clear()
            for number, text in enumerate(items):
                combo.addItem(text, number)
            combo.setCurrentIndex(default if combo is self.layer or not 0 <= chosen < len(items) else chosen)
            combo.blockSignals(False)
        self.status.setText("")
        self._show_chosen()

    def _show_message(self, text: str) -> None:
        for view in (self.scores_view, self.qkv_view, self.positions_view, self.residual_view):
            view.show_message(text)

    def _show_chosen(self) -> None:
        steps = self.steps
        if steps is None or not steps.available:
            return
        head, position = max(0, self.head.currentIndex()), max(0, self.position.currentIndex())
        self.formula.setText(self._formula(steps))
        self.scores_view.display(steps, head, position)
        self.qkv_view.display(steps, head, position)
        self.positions_view.display(steps, position)
        self.residual_view.display(steps, position)

    def _formula(self, steps) -> str:
        from models.inspection.transformer_steps import MASKED, POSITIONS, SCORES, SOFTMAX, WEIGHTED_SUM

        site = dict((value, tr(label)) for label, value in SITES)[steps.site]
        masked = int((~steps.mask).sum())
        lines = [tr("<b>{site}</b>, layer {layer}, head {head} of {heads} · output: <b>{output}</b>").format(
                     site=site, layer=steps.layer + 1, head=self.head.currentIndex() + 1, heads=steps.heads,
                     output=content(steps.output_text)) + decoding_note(),
                 f"<span style='color:#666'>{html.escape(tr(SITE_NOTES[steps.site]))}</span>",
                 f"0 · {html.escape(POSITIONS)}",
                 f"1 · {html.escape(SCORES)} &nbsp; " + tr("(the head's rows of each matrix; d = {size}, √d = "
                                                          "{scale:.2f})").format(size=steps.queries.shape[-1],
                                                                                 scale=steps.scale),
                 f"2 · {html.escape(MASKED)} " + tr("where position i may not look at j (padding; the causal mask: "
                                                    "j > i) · {count} cells masked: hatched").format(count=masked),
                 f"3 · {html.escape(SOFTMAX)}",
                 f"4 · {html.escape(WEIGHTED_SUM)}"]  # fmt: skip
        return "<br>".join(lines)
