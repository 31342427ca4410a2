"""Translate: a source box (Enter, or as you type), the output with its n-best list, attention."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
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

from app.chinese_output import shown
from app.i18n import QT_TR_NOOP, tr
from app.interface_text import mark_content
from app.panels.decode_controls import DecodeControls, method_name
from app.views.attention_view import AttentionView
from app.views.heads_grid import HeadsGrid

DEBOUNCE_MS = 300


def __getattr__(name: str):
    # LOW_CONFIDENCE: the engine's mark (models/translator.py), read when a translation has come, so that
    # importing the window does not import the engine and PyTorch (a test may set it on this module).
    if name == "LOW_CONFIDENCE":
        from models.translator import LOW_CONFIDENCE_LOG_PROB

        return LOW_CONFIDENCE_LOG_PROB
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def low_confidence_mark() -> float:
    mark = globals().get("LOW_CONFIDENCE")  # set by a test
    return mark if mark is not None else __getattr__("LOW_CONFIDENCE")


LOW_CONFIDENCE_TIP = QT_TR_NOOP(
    "The model was unsure of this output: on average each piece had a probability of {p:.0%} "
    "(log P per piece {lp:.2f}, below {limit}). That happens when the sentence is unlike the "
    "training data (other words, other topics, very long sentences); the output may be wrong even "
    "if it reads well. The Model tab says what this model was trained on."
)
LONG_INPUT_TIP = QT_TR_NOOP(
    "This sentence is {pieces} pieces long, longer than almost every sentence the bundled models learnt "
    "from (more than {limit}). Far from its training lengths a model keeps writing fluent output after "
    "it has stopped translating, and its average log P per piece ({lp:.2f}) hides it: the many easy "
    "pieces make up for the wrong ones. Split the sentence to get a trustworthy translation."
)


HEAD_MAPS = (
    (QT_TR_NOOP("Last layer, heads averaged"), "mean-last"),
    (QT_TR_NOOP("All layers, heads averaged"), "mean-all"),
    (QT_TR_NOOP("Last layer, strongest head per cell"), "max-last"),
)


# Which of a Transformer's attentions the heatmap and the grid draw.
ATTENTION_KINDS = (
    (QT_TR_NOOP("Cross-attention: each output step over the source"), "cross"),
    (QT_TR_NOOP("Encoder self-attention: each source piece over the source"), "encoder"),
    (QT_TR_NOOP("Decoder self-attention: each step over what the decoder was fed"), "decoder"),
)
ATTENTION_KIND_TIP = QT_TR_NOOP(
    "Cross-attention: where the decoder looks in the source for each output piece.\n"
    "Encoder self-attention: how each source piece mixes in the others, layer by layer.\n"
    "Decoder self-attention: what each step reads of the output so far (<s> and the pieces written "
    "before it; never after: the causal mask). The maps are those of this very decoding."
)


def head_map(heads: np.ndarray, choice) -> tuple[np.ndarray, str]:
    """One (steps, source) map from every layer's and head's (steps, layers, heads, source) weights,
    and what it is. The maximum over heads is renormalised so that each row sums to 1 again."""
    if isinstance(choice, tuple):
        _, layer, head = choice
        return heads[:, layer, head], tr("layer {layer}, head {head}").format(layer=layer + 1, head=head + 1)
    if choice == "mean-all":
        return heads.mean(axis=(1, 2)), tr("all layers, heads averaged")
    if choice == "max-last":
        strongest = heads[:, -1].max(axis=1)
        return strongest / strongest.sum(axis=1, keepdims=True), tr(
            "last layer, strongest head per cell (rows renormalised)"
        )
    return heads[:, -1].mean(axis=1), tr("last layer, heads averaged")


class TranslatePanel(QWidget):
    translation_shown = Signal(object)  # models.translator.Translation: its module loads PyTorch, after the window

    def __init__(self, service, parent=None):
        super().__init__(parent)
        self.service = service
        self.translation = None
        self._shown_row = 0
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
        self.attention.gold.corpus_of = lambda: service.model.corpus if service.model is not None else ""
        # A Transformer's every layer and head: which map the heatmap draws (kept as you type).
        self.head_map = QComboBox()
        for label, value in HEAD_MAPS:
            self.head_map.addItem(tr(label), value)
        self.head_map.setToolTip(tr("Which of the Transformer's attention maps the heatmap draws; click a small map "
                                    "below to draw that layer's head"))  # fmt: skip
        self.attention_kind = QComboBox()
        for label, value in ATTENTION_KINDS:
            self.attention_kind.addItem(tr(label), value)
        self.attention_kind.setToolTip(tr(ATTENTION_KIND_TIP))
        self.self_attention: list | None = None  # models.inspection.self_attention.SelfAttentionMaps per n-best entry
        self.heads_grid = HeadsGrid()
        self.heads_box = QGroupBox(tr("Layers and heads"))
        heads_layout = QVBoxLayout(self.heads_box)
        heads_layout.addWidget(self.attention_kind)
        heads_layout.addWidget(self.head_map)
        heads_layout.addWidget(self.heads_grid, 1)
        self.heads_box.setVisible(False)

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
        left_layout.addWidget(self.heads_box, 1)
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
        self.source.textChanged.connect(self._on_text_changed)
        self.head_map.currentIndexChanged.connect(lambda _i: self._show_hypothesis(self._shown_row))
        self.attention_kind.currentIndexChanged.connect(lambda _i: self._show_hypothesis(self._shown_row))
        self.heads_grid.head_clicked.connect(self.choose_head)
        self.translate_button.clicked.connect(self.translate_now)
        self.controls.changed.connect(self.debounce.start)
        self.nbest.currentCellChanged.connect(self._show_hypothesis)
        service.translated.connect(self._on_translated)
        service.failed.connect(self._on_failed)

    def translate_now(self) -> None:
        self.debounce.stop()
        text = self.source.text().strip()
        if not text:
            self.clear_translation()
            self.status.setText(tr("Type a sentence to translate."))
            return
        if self.service.model is None:
            self.status.setText(tr("The model is still loading…"))
            return
        self.status.setText(tr("translating…"))
        self.service.translate(text, self.controls.config(), purpose="main", analysis=self_attention_request())

    def clear_translation(self) -> None:
        """No sentence: nothing of the last translation stays (output, n-best list, heatmap, mark)."""
        self.service.forget("main")  # a translation still on its way is not shown either
        self.translation, self.self_attention = None, None
        self.output.setText("…")
        self._show_confidence(None)
        self.nbest.setRowCount(0)
        self.heads_box.setVisible(False)
        self.attention.show_message(tr("Translate a sentence to see where each target piece looked."))

    def _on_text_changed(self, text: str) -> None:
        if not text.strip():  # cleared (the clear button, or erased)
            self.debounce.stop()
            self.clear_translation()
            self.status.setText(tr("Type a sentence to translate."))

    def set_text_and_translate(self, text: str) -> None:
        self.source.setText(text)
        self.translate_now()

    def _on_translated(self, reply) -> None:
        if reply.purpose != "main":
            return
        t = reply.translation
        self.translation = t
        self.self_attention = reply.result.maps if reply.result is not None and reply.result.maps else None
        self.output.setText(shown(t.text) or tr("(empty output)"))
        self._show_confidence(t)
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
            self.nbest.setItem(row, 0, QTableWidgetItem(shown(entry.text)))
            self.nbest.setItem(row, 1, QTableWidgetItem(f"{entry.score:.3f}"))
            self.nbest.setItem(row, 2, QTableWidgetItem(f"{entry.log_prob:.3f}"))
        self.nbest.selectRow(0)
        self.nbest.blockSignals(False)
        self._show_hypothesis(0)
        self.translation_shown.emit(t)

    def show_output_again(self) -> None:
        """The output and the n-best list in the Chinese script now chosen (app/chinese_output.py)."""
        t = self.translation
        if t is None:
            return
        self.output.setText(shown(t.text) or tr("(empty output)"))
        for row, entry in enumerate(t.nbest[: self.nbest.rowCount()]):
            self.nbest.item(row, 0).setText(shown(entry.text))

    def _show_confidence(self, translation) -> None:
        """The low-confidence mark, by the engine's rule (models/confidence.py), with its reason."""
        if translation is None:
            self.confidence.setVisible(False)
            return
        from models.confidence import assess

        found = assess(translation, mean_mark=low_confidence_mark())
        self.confidence.setVisible(found.low)
        tips = []
        if found.unsure:
            tips.append(tr(LOW_CONFIDENCE_TIP).format(p=math.exp(found.mean_log_prob), lp=found.mean_log_prob,
                                                      limit=found.mean_mark))  # fmt: skip
        if found.long_input:
            tips.append(tr(LONG_INPUT_TIP).format(pieces=found.source_pieces, limit=found.long_mark,
                                                  lp=found.mean_log_prob))  # fmt: skip
        self.confidence.setToolTip("\n\n".join(tips))

    def choose_head(self, layer: int, head: int) -> None:
        """Draw one layer's head in the heatmap (kept for the next translations)."""
        value = ("head", layer, head)
        # findData compares Python objects by identity: an equal tuple is looked for by value.
        index = next((i for i in range(self.head_map.count()) if self.head_map.itemData(i) == value), -1)
        if index < 0:
            self.head_map.addItem(tr("layer {layer}, head {head}").format(layer=layer + 1, head=head + 1), value)
            index = self.head_map.count() - 1
        self.head_map.setCurrentIndex(index)

    def _show_hypothesis(self, row: int, *_) -> None:
        t = self.translation
        if t is None or not 0 <= row < len(t.nbest):
            return
        self._shown_row = row
        entry = t.nbest[row]
        title = tr("Attention of hypothesis {row}").format(row=row + 1) if len(t.nbest) > 1 else ""
        weights = entry.attention
        self.heads_box.setVisible(entry.heads is not None)
        if entry.heads is None:
            self.attention.set_attention(weights, t.source_pieces, entry.pieces, title=title)
            return
        choice = self.head_map.currentData()
        layers, heads = entry.heads.shape[1:3]
        if isinstance(choice, tuple) and not (choice[1] < layers and choice[2] < heads):
            choice = "mean-last"  # a head this model does not have
        selected = choice[1:] if isinstance(choice, tuple) else None
        kind = self.attention_kind.currentData()
        maps = self.self_attention[row] if self.self_attention and row < len(self.self_attention) else None
        if kind == "cross" or maps is None:
            weights, how = head_map(entry.heads, choice)
            self.heads_grid.set_heads(entry.heads, selected, t.source_pieces, entry.pieces)
            self.attention.set_attention(
                weights, t.source_pieces, entry.pieces, title=(title + " · " if title else "") + how
            )
            return
        # Self-attention, (layers, heads, queries, keys), drawn with a query per row like the steps.
        stack = (maps.encoder if kind == "encoder" else maps.decoder).transpose(2, 0, 1, 3)
        rows, columns = (maps.source_pieces, maps.source_pieces) if kind == "encoder" else (maps.output_pieces,
                                                                                             maps.fed_pieces)  # fmt: skip
        weights, how = head_map(stack, choice)
        what = tr("encoder self-attention") if kind == "encoder" else tr("decoder self-attention")
        # The decoder's causal mask: output i never sees the pieces fed after it (drawn hatched, not as learnt zeros).
        masked = None if kind == "encoder" else np.triu(np.ones(weights.shape, dtype=bool), k=1)
        self.heads_grid.set_heads(stack, selected, masked=masked)
        self.attention.set_attention(weights, columns, rows, title=(title + " · " if title else "") + what + " · " + how,
                                     axes="encoder-self" if kind == "encoder" else "decoder-self", diagnostics=False)  # fmt: skip
        self.attention.canvas.set_masked(masked)

    def _on_failed(self, purpose: str, message: str) -> None:
        if purpose == "main":
            # Nothing of an earlier translation (perhaps by another model) stays beside the error.
            self.translation = None
            self.output.setText("…")
            self._show_confidence(None)
            self.nbest.setRowCount(0)
            self.attention.show_message(tr("No translation to show."))
            self.status.setText(tr("Could not translate: {message}").format(message=message))


def self_attention_request():
    """The Translate tab asks for a Transformer's self-attention with every translation (a
    recurrent model answers with none)."""
    from models.inspection.self_attention import SelfAttentionRequest

    return SelfAttentionRequest()
