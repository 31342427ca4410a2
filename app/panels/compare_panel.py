"""Compare: two models (two runs, two snapshots, a run and a bundled model…) on the same
sentence, with the same decoding settings: both outputs and scores, both attention maps on the
same rows and columns, and their difference."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from app.i18n import QT_TR_NOOP, tr
from app.interface_text import content
from app.panels.data_page import BUILTINS
from app.panels.first_show import FillOnFirstShow
from app.panels.model_choice import ModelChooser
from app.views.attention_view import AttentionView
from app.views.experiment_view import LengthChart
from models.bundled import bundled_models

LENGTH_SENTENCES = 500  # the corpus's first pairs scored by length, unless changed

EXPLAIN_SAME = QT_TR_NOOP(
    "Rows are A's output. B's map shows where B looks when made to write A's output (forced decoding), "
    "so both maps share rows and columns; the difference is red where A looked more, blue where B did."
)
EXPLAIN_WORDS = QT_TR_NOOP(
    "The two models cut text into different pieces, so both maps are regrouped by the characters they "
    "cover, into words: a column sums the pieces of a source word, a row averages the pieces of an output word. "
    "B's map shows where B looks when made to write A's output (forced decoding), so both maps share rows and "
    "columns; the difference is red where A looked more, blue where B did."
)


def _pair(spec: str) -> str:
    """The language pair a bundled model's name ends with ("default-en-fr" → "en-fr"), else ''."""
    parts = Path(spec).stem.split("-")
    return "-".join(parts[-2:]) if len(parts) >= 3 else ""


class ComparePanel(FillOnFirstShow, QWidget):
    def __init__(self, service, parent=None):
        super().__init__(parent)
        self.service = service  # InspectionService
        self.controls_source = None  # DecodeControls of the Translate tab (set by the window)
        self.comparison = None
        self.model_a = ModelChooser()
        self.model_b = ModelChooser()
        self.sentence = QLineEdit()
        self.sentence.setPlaceholderText(tr("A sentence to translate with both models"))
        self.sentence.setClearButtonEnabled(True)
        self.compare_button = QPushButton(tr("Compare"))
        self.compare_button.setDefault(True)
        self.compare_button.setToolTip(
            tr("Translate the sentence with both models (decoding settings of the Translate tab)")
        )
        self.output_a = QLabel("")
        self.output_b = QLabel("")
        for label in (self.output_a, self.output_b):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.explanation = QLabel(tr("Choose two models and a sentence, then press Compare."))
        self.explanation.setWordWrap(True)
        self.view_a = AttentionView(self, compact=True, title="A")
        self.view_b = AttentionView(self, compact=True, title="B")
        self.view_difference = AttentionView(self, title="A − B")
        self.view_difference.show_difference()
        for view in (self.view_a, self.view_b, self.view_difference):
            view.show_message("")

        form = QFormLayout()
        form.addRow(tr("Model A"), self.model_a)
        form.addRow(tr("Model B"), self.model_b)
        sentence_row = QHBoxLayout()
        sentence_row.addWidget(self.sentence, 1)
        sentence_row.addWidget(self.compare_button)
        form.addRow(tr("Sentence"), sentence_row)
        maps = QSplitter(Qt.Orientation.Horizontal)
        for view in (self.view_a, self.view_b, self.view_difference):
            maps.addWidget(view)
        maps.setSizes([380, 380, 440])
        both = QSplitter(Qt.Orientation.Vertical)
        both.addWidget(maps)
        both.addWidget(self._build_length_part())
        both.setSizes([520, 260])
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.output_a)
        layout.addWidget(self.output_b)
        layout.addWidget(self.explanation)
        layout.addWidget(both, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self.compare)
        self.compare_button.clicked.connect(self.compare)
        self.sentence.returnPressed.connect(self.compare)
        self.model_a.changed.connect(self._debounce.start)
        self.model_b.changed.connect(self._debounce.start)
        service.compared.connect(self._on_compared)
        service.measured_by_length.connect(self._on_measured_by_length)
        service.failed.connect(self._on_failed)

    def _build_length_part(self) -> QWidget:
        """BLEU by source length of both models on a corpus: does one of them fall off on long sentences?"""
        self.length_corpus = QComboBox()
        self.length_corpus.setEditable(True)
        for label, spec in BUILTINS:  # their test splits
            self.length_corpus.addItem(tr(label), spec)
        self.length_corpus.setToolTip(tr("A built-in corpus (its test split) or a corpus file (TSV, or two aligned "
                                         "files as A.src,B.tgt)"))  # fmt: skip
        self.length_limit = QSpinBox()
        self.length_limit.setRange(10, 5000)
        self.length_limit.setSingleStep(100)
        self.length_limit.setValue(LENGTH_SENTENCES)
        self.length_limit.setSuffix(tr(" sentences"))
        self.length_button = QPushButton(tr("BLEU by length"))
        self.length_button.setToolTip(tr("Translate the corpus's sentences with both models and draw BLEU by source "
                                         "length (decoding settings of the Translate tab)"))  # fmt: skip
        self.length_status = QLabel("")
        self.length_status.setWordWrap(True)
        self.length_chart = LengthChart()
        self._length_shown = ""  # the corpus as the person chose it, for the chart's title
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Corpus")))
        row.addWidget(self.length_corpus, 1)
        row.addWidget(self.length_limit)
        row.addWidget(self.length_button)
        part = QWidget()
        column = QVBoxLayout(part)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(self.length_status)
        column.addWidget(self.length_chart, 1)
        self.length_button.clicked.connect(self.measure_by_length)
        return part

    def measure_by_length(self) -> None:
        a, b = self.model_a.spec(), self.model_b.spec()
        shown = self.length_corpus.currentText().strip()
        index = self.length_corpus.findText(shown)
        corpus = self.length_corpus.itemData(index) if index >= 0 else shown  # a built-in's label, or a file
        if not (a and b and corpus):
            self.length_status.setText(tr("Choose two models and a corpus."))
            return
        config = self.controls_source.config() if self.controls_source is not None else None
        if config is not None and config.method == "beam":
            config.nbest = 1
        self.length_status.setText(tr("Translating {count} sentences of {corpus} with both models…")
                                   .format(count=self.length_limit.value(), corpus=content(shown)))  # fmt: skip
        self._length_shown = shown
        self.service.bleu_by_length(a, b, corpus, config, self.length_limit.value())

    def _on_measured_by_length(self, reply) -> None:
        names = [f"A: {reply.names[0]}", f"B: {reply.names[1]}"]
        self.length_chart.show_reply(names, list(reply.buckets),
                                     tr("BLEU by source length on {corpus}").format(corpus=self._length_shown))  # fmt: skip
        self.length_status.setText(tr("{count} sentences: BLEU {bleu_a:.1f} (A) and {bleu_b:.1f} (B) over all of them.")
                                   .format(count=reply.sentences, bleu_a=reply.bleu[0], bleu_b=reply.bleu[1]))  # fmt: skip

    def fill_once(self) -> None:
        """A first view that makes sense: A is the Translate tab's model; B the newest run, else a
        bundled model of the same language pair, else A too (never a model of another language,
        which would be made to write A's language)."""
        self.model_a.refresh(select=self.model_a.translate_model)
        self.model_b.refresh()
        a = self.model_a.spec()
        runs = [data for data in self._items(self.model_b) if Path(data).is_dir()]
        same_pair = [data for data in self._items(self.model_b)
                     if data in bundled_models() and data != Path(a).stem and _pair(data) == _pair(a)]  # fmt: skip
        self.model_b.refresh(select=(runs or same_pair or [a])[0] or None)
        builtin = self.length_corpus.findData(f"builtin:{_pair(a)}")
        if builtin >= 0:  # BLEU by length on the built-in test split of A's language pair
            self.length_corpus.setCurrentIndex(builtin)

    @staticmethod
    def _items(chooser) -> list[str]:
        return [chooser.combo.itemData(i) or "" for i in range(chooser.combo.count())]

    def runs_changed(self) -> None:
        """A run was trained in this session: both lists offer it (what is chosen stays chosen)."""
        if self._filled:
            for chooser in (self.model_a, self.model_b):
                chooser.refresh()

    def set_translate_model(self, path: str | None, sentence: str = "") -> None:
        """The model and sentence of the Translate tab are offered here too."""
        for chooser in (self.model_a, self.model_b):
            chooser.translate_model = path
            if self._filled:
                chooser.refresh()
        if sentence and not self.sentence.text().strip():
            self.sentence.setText(sentence)

    def compare(self) -> None:
        text = self.sentence.text().strip()
        a, b = self.model_a.spec(), self.model_b.spec()
        if not (text and a and b):
            self.explanation.setText(tr("Choose two models and type a sentence."))
            return
        config = self.controls_source.config() if self.controls_source is not None else None
        if config is not None and config.method == "beam":
            config.nbest = 1
        self.explanation.setText(tr("Translating with both models…"))
        self.service.compare(a, b, text, config)

    def _on_compared(self, reply) -> None:
        c = self.comparison = reply.comparison
        for label, side, tag, other in ((self.output_a, c.a, "A", "B"), (self.output_b, c.b, "B", "A")):
            best = side.translation.best
            label.setText(
                tr(
                    "<b>{tag}</b> <span style='color:#555'>{name}</span>: <b>{value}</b> &nbsp; <span style='color:#666'>log P {log_prob:.2f} ({mean_log_prob:.2f} per piece); {other} gives this output log P {other_log_prob:.2f}</span>"
                ).format(
                    tag=tag,
                    name=content(side.name),
                    value=content(best.text) if best.text else tr("(empty)"),
                    log_prob=best.log_prob,
                    mean_log_prob=side.mean_log_prob,
                    other=other,
                    other_log_prob=side.other_log_prob,
                )
            )
        same = tr("Both models wrote the same output. ") if c.same_output else tr("The outputs differ. ")
        self.explanation.setText(same + tr(EXPLAIN_SAME if c.same_pieces else EXPLAIN_WORDS))
        if c.a_attention is None or c.b_attention is None:
            missing = "A" if c.a_attention is None else "B"
            for view in (self.view_a, self.view_b, self.view_difference):
                view.show_message(
                    tr("Model {missing} has no attention (one fixed context vector):\nnothing to compare.").format(
                        missing=missing
                    )
                )
            return
        words = not c.same_pieces
        self.view_a.set_attention(c.a_attention, c.columns, c.rows, title=f"A: {c.a.name}", by_words=words)
        self.view_b.set_attention(c.b_attention, c.columns, c.rows, title=tr("B writing A's output: {name}").format(name=c.b.name),
                                  by_words=words)  # fmt: skip
        self.view_difference.set_attention(c.difference, c.columns, c.rows, title="A − B", by_words=words)

    def _on_failed(self, purpose: str, message: str) -> None:
        if purpose == "compare":
            self.explanation.setText(f"<span style='color:#b00020'>{message[0].upper() + message[1:]}</span>")
        elif purpose == "compare-length":
            self.length_status.setText(f"<span style='color:#b00020'>{message[0].upper() + message[1:]}</span>")
