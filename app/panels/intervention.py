"""What if the model had not looked there? At a decoding step, change the attention (take it off
one source piece, put all of it on one, or switch off a Transformer head) and decode again from
that step: the new output, its attention and the change in log P beside the original, as *What
if?* does for a forced word (models/inspection/interventions.py, in the background)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from app.i18n import QT_TR_NOOP, tr
from app.interface_text import content, mark_content
from app.views.attention_view import AttentionView
from app.views.heatmap_canvas import display_piece

PURPOSE = "intervention"
KINDS = (
    ("zero", QT_TR_NOOP("Take the attention off a source piece"),
     QT_TR_NOOP("Its weight becomes 0; the other pieces' weights are scaled up to sum to 1 again")),
    ("force", QT_TR_NOOP("Put all the attention on a source piece"),
     QT_TR_NOOP("Its weight becomes 1, every other 0")),
    ("head", QT_TR_NOOP("Switch off a head"),
     QT_TR_NOOP("The head's weights become 0, so it adds nothing to its layer's output")),
)  # fmt: skip
HINT = QT_TR_NOOP("Change the attention at this step and decode again from here: does the output change, "
                  "and how much less sure is the model?")  # fmt: skip


class InterventionBox(QWidget):
    """Set a step with `set_step(translation, index)`; "Decode again" asks the question."""

    def __init__(self, service, parent=None):
        super().__init__(parent)
        self.service = service
        self.translation = None
        self.index = 0
        self.result = None
        self.kind = QComboBox()
        for key, label, tip in KINDS:
            self.kind.addItem(tr(label), key)
            self.kind.setItemData(self.kind.count() - 1, tr(tip), Qt.ItemDataRole.ToolTipRole)
        self.piece = mark_content(QComboBox())  # the sentence's pieces
        self.piece.setToolTip(tr("The source piece whose attention changes"))
        self.layer, self.head = QSpinBox(), QSpinBox()
        self.layer.setToolTip(tr("The decoder layer of the head (1 is the lowest)"))
        self.head.setToolTip(tr("Which head of that layer"))
        for spin in (self.layer, self.head):
            spin.setMinimum(1)
        self.only_here = QCheckBox(tr("This step only"))
        self.only_here.setToolTip(tr("Change the attention at this step alone; the steps after look as they like"))
        self.run_button = QPushButton(tr("Decode again"))
        self.run_button.setToolTip(tr("Decode from this step with the attention changed"))
        self.summary = QLabel(tr(HINT))
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.attention = AttentionView(self, compact=True)
        self.attention.canvas.show_message(tr("The attention of the changed decoding appears here."))
        grid = QGridLayout()
        grid.addWidget(self.kind, 0, 0, 1, 4)
        self.piece_label, self.layer_label, self.head_label = (
            QLabel(tr("Piece")),
            QLabel(tr("Layer")),
            QLabel(tr("Head")),
        )
        grid.addWidget(self.piece_label, 1, 0)
        grid.addWidget(self.piece, 1, 1, 1, 3)
        grid.addWidget(self.layer_label, 2, 0)
        grid.addWidget(self.layer, 2, 1)
        grid.addWidget(self.head_label, 2, 2)
        grid.addWidget(self.head, 2, 3)
        grid.addWidget(self.only_here, 3, 0, 1, 2)
        grid.addWidget(self.run_button, 3, 2, 1, 2)
        # Side by side, as What if? is: under the controls the heatmap was too flat to read.
        controls = QVBoxLayout()
        controls.addLayout(grid)
        controls.addWidget(self.summary)
        controls.addStretch(1)
        self.summary.setMinimumWidth(140)
        layout = QHBoxLayout(self)
        layout.addLayout(controls, 2)
        layout.addWidget(self.attention, 3)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.run_button.clicked.connect(self.request)
        service.translated.connect(self._on_translated)
        service.failed.connect(self._on_failed)
        self._kind_changed()

    def _heads(self):
        """(layers, heads) of the translation's attention, or None for a single attention."""
        heads = self.translation.best.heads if self.translation is not None else None
        return None if heads is None else heads.shape[1:3]

    def _kind_changed(self, *_index) -> None:
        head = self.kind.currentData() == "head"
        for widget in (self.layer_label, self.layer, self.head_label, self.head):
            widget.setVisible(head)
        for widget in (self.piece_label, self.piece):
            widget.setVisible(not head)

    def set_step(self, translation, index: int | None) -> None:
        if translation is not self.translation:
            self.piece.clear()
            for position, piece in enumerate(translation.source_pieces if translation is not None else []):
                self.piece.addItem(display_piece(piece), position)
            self.result = None
            self.summary.setText(tr(HINT))
            self.attention.canvas.show_message(tr("The attention of the changed decoding appears here."))
        self.translation, self.index = translation, index or 0
        shape = self._heads()
        # a head can be switched off only where attention has layers and heads
        self.kind.model().item(2).setEnabled(shape is not None)
        if shape is None and self.kind.currentData() == "head":
            self.kind.setCurrentIndex(0)
        if shape is not None:
            self.layer.setMaximum(int(shape[0]))
            self.layer.setValue(int(shape[0]))
            self.head.setMaximum(int(shape[1]))
        self.run_button.setEnabled(translation is not None and bool(translation.steps))

    def request(self) -> None:
        from models.config import DecodeConfig
        from models.inspection.interventions import InterventionRequest

        t = self.translation
        if t is None or not t.steps:
            return
        kind = self.kind.currentData()
        analysis = InterventionRequest(
            step=self.index, kind=kind, position=int(self.piece.currentData() or 0),
            layer=self.layer.value() - 1 if kind == "head" else None, head=self.head.value() - 1,
            only_this_step=self.only_here.isChecked(), target_ids=tuple(s.chosen_id for s in t.steps),
        )  # fmt: skip
        self.summary.setText(tr("Decoding again from step {index}…").format(index=self.index + 1))
        self.service.translate(t.source, DecodeConfig(), purpose=PURPOSE, trace=False, analysis=analysis)

    def what_changed(self) -> str:
        request = self.result.request
        if request.kind == "head":
            return tr("head {head} of layer {layer} switched off").format(
                head=request.head + 1, layer=request.layer + 1
            )
        piece = content(display_piece(self.result.source_pieces[request.position]))
        if request.kind == "force":
            return tr("all the attention on '{piece}'").format(piece=piece)
        return tr("no attention on '{piece}'").format(piece=piece)

    def _on_translated(self, reply) -> None:
        if reply.purpose != PURPOSE or reply.result is None:
            return
        self.result = result = reply.result
        step = result.request.step
        original, changed = result.original, result.changed
        where = tr("at step {index} only").format(index=step + 1) if result.request.only_this_step else tr(
            "from step {index} on").format(index=step + 1)  # fmt: skip
        first = result.first_difference
        same = tr("the same output") if first is None else tr("the output changes at step {index}").format(
            index=first + 1)  # fmt: skip
        self.summary.setText(tr(
            "<b>Before:</b> {before}<br><b>With {change} ({where}):</b> {after}<br>"
            "<span style='color:#777'>{same} · log P {after_log_prob:.2f} (was {before_log_prob:.2f}, change "
            "{change_log_prob:+.2f}) · log P of '{piece}' at step {index}: {piece_after:.2f} (was {piece_before:.2f})"
            "</span>").format(
            before=content(original.text), change=self.what_changed(), where=where, after=content(changed.text),
            same=same, after_log_prob=changed.log_prob, before_log_prob=original.log_prob,
            change_log_prob=result.log_prob_change, piece=content(display_piece(original.pieces[step])),
            index=step + 1, piece_after=result.original_piece_log_prob,
            piece_before=float(original.log_probs[step])))  # fmt: skip
        self.attention.set_attention(changed.attention, result.source_pieces, changed.pieces,
                                     title=tr("Attention with the change"))  # fmt: skip
        self.attention.canvas.select_row(step)

    def _on_failed(self, purpose: str, message: str) -> None:
        if purpose == PURPOSE:
            self.summary.setText(tr("Could not compute: {value}").format(value=content(message)))
