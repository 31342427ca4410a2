"""Translate: a source box (Enter, or as you type), the output with its n-best list, attention."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from app.i18n import tr
from app.interface_text import mark_content
from app.panels.decode_controls import DecodeControls, method_name
from app.views.attention_view import AttentionView

DEBOUNCE_MS = 300
# Below this average log-probability per piece (a geometric-mean piece probability of 0.37) the
# output is marked as a guess: far from its training data a model still answers fluently. Measured
# on the bundled en→fr model: 95% of Tatoeba test sentences score above -0.81, and ten inputs from
# other domains (biology, physics, software, economics, gibberish) between -1.67 and -1.04.
LOW_CONFIDENCE = -1.0
LOW_CONFIDENCE_TIP = (
    "The model was unsure of this output: on average each piece had a probability of {p:.0%} "
    "(log P per piece {lp:.2f}, below {limit}). That happens when the sentence is unlike the "
    "training data (other words, other topics, very long sentences); the output may be wrong even "
    "if it reads well. The Model tab says what this model was trained on."
)


class TranslatePanel(QWidget):
    translation_shown = Signal(object)  # models.translator.Translation

    def __init__(self, service, parent=None):
        super().__init__(parent)
        self.service = service
        self.translation = None
        self.source = QLineEdit()
        self.source.setPlaceholderText(tr("Type an English sentence and press Enter (it also translates as you type)"))
        self.source.setClearButtonEnabled(True)
        font = self.source.font()
        font.setPointSize(font.pointSize() + 3)
        self.source.setFont(font)
        self.translate_button = QPushButton(tr("Translate"))
        self.translate_button.setDefault(True)
        self.output = QLabel("…")
        self.output.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.output.setWordWrap(True)
        self.output.setObjectName("translationOutput")
        mark_content(self.output)
        out_font = self.output.font()
        out_font.setPointSize(out_font.pointSize() + 5)
        out_font.setBold(True)
        self.output.setFont(out_font)
        self.status = QLabel("")
        self.status.setObjectName("translateStatus")
        self.confidence = QLabel(tr("⚠ low confidence"))
        self.confidence.setObjectName("lowConfidence")
        self.confidence.setStyleSheet("color: #b35900; font-weight: bold;")
        self.confidence.setVisible(False)
        self.nbest = QTableWidget(0, 3)
        self.nbest.setHorizontalHeaderLabels([tr("Translation"), tr("Score"), "log P"])
        self.nbest.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.nbest.verticalHeader().setVisible(False)
        self.nbest.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.nbest.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.nbest.setToolTip(tr("The n-best list: score is the log-probability divided by the length penalty."))
        self.nbest.setMaximumHeight(150)
        self.controls = DecodeControls()
        self.attention = AttentionView(self, diagnostics=True)

        source_row = QHBoxLayout()
        source_row.addWidget(self.source, 1)
        source_row.addWidget(self.translate_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(tr("Translation")))
        left_layout.addWidget(self.output)
        left_layout.addWidget(self.confidence)
        left_layout.addWidget(self.status)
        left_layout.addWidget(QLabel(tr("N-best list")))
        left_layout.addWidget(self.nbest)
        left_layout.addWidget(self.controls)
        left_layout.addStretch(1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.attention)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([380, 720])
        layout = QVBoxLayout(self)
        layout.addLayout(source_row)
        layout.addWidget(self.splitter, 1)

        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self.translate_now)
        self.source.textEdited.connect(lambda _: self.debounce.start())
        self.source.returnPressed.connect(self.translate_now)
        self.translate_button.clicked.connect(self.translate_now)
        self.controls.changed.connect(self.debounce.start)
        self.nbest.currentCellChanged.connect(self._show_hypothesis)
        service.translated.connect(self._on_translated)
        service.failed.connect(self._on_failed)

    def translate_now(self) -> None:
        self.debounce.stop()
        text = self.source.text().strip()
        if not text:
            self.output.setText("…")
            self.status.setText(tr("Type a sentence to translate."))
            return
        if self.service.model is None:
            self.status.setText(tr("The model is still loading…"))
            return
        self.status.setText(tr("translating…"))
        self.service.translate(text, self.controls.config(), purpose="main")

    def set_text_and_translate(self, text: str) -> None:
        self.source.setText(text)
        self.translate_now()

    def _on_translated(self, reply) -> None:
        if reply.purpose != "main":
            return
        t = reply.translation
        self.translation = t
        self.output.setText(t.text or tr("(empty output)"))
        self._show_confidence(t.best.mean_log_prob)
        unfinished = "" if t.best.finished else tr(" — stopped at the length limit")
        self.status.setText(
            tr("{method} · {count} target pieces · {seconds:.0f} ms{unfinished}").format(
                method=method_name(t.method),
                count=len(t.best.pieces),
                seconds=reply.seconds * 1000,
                unfinished=unfinished,
            )
        )
        self.nbest.blockSignals(True)
        self.nbest.setRowCount(len(t.nbest))
        for row, entry in enumerate(t.nbest):
            self.nbest.setItem(row, 0, QTableWidgetItem(entry.text))
            self.nbest.setItem(row, 1, QTableWidgetItem(f"{entry.score:.3f}"))
            self.nbest.setItem(row, 2, QTableWidgetItem(f"{entry.log_prob:.3f}"))
        self.nbest.selectRow(0)
        self.nbest.blockSignals(False)
        self._show_hypothesis(0)
        self.translation_shown.emit(t)

    def _show_confidence(self, mean_log_prob: float | None) -> None:
        low = mean_log_prob is not None and mean_log_prob < LOW_CONFIDENCE
        self.confidence.setVisible(low)
        if low:
            self.confidence.setToolTip(
                LOW_CONFIDENCE_TIP.format(p=math.exp(mean_log_prob), lp=mean_log_prob, limit=LOW_CONFIDENCE)
            )

    def _show_hypothesis(self, row: int, *_) -> None:
        t = self.translation
        if t is None or not 0 <= row < len(t.nbest):
            return
        entry = t.nbest[row]
        self.attention.set_attention(entry.attention, t.source_pieces, entry.pieces,
                                     title=tr("Attention of hypothesis {row}").format(row=row + 1) if len(t.nbest) > 1 else "")  # fmt: skip

    def _on_failed(self, purpose: str, message: str) -> None:
        if purpose == "main":
            # Nothing of an earlier translation (perhaps by another model) stays beside the error.
            self.translation = None
            self.output.setText("…")
            self._show_confidence(None)
            self.nbest.setRowCount(0)
            self.attention.show_message(tr("No translation to show."))
            self.status.setText(tr("Could not translate: {message}").format(message=message))
