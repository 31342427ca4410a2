"""Choose training data: a built-in corpus or a file (dialog or drag-and-drop), with a preview,
statistics, what was skipped and why, and a tokenisation preview."""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from app import file_dialogs
from app.i18n import QT_TR_NOOP, tr
from app.interface_text import content
from app.services.data import CorpusPreview, DataService
from app.views.heatmap_canvas import display_piece
from app.views.histogram_view import LengthHistogram

BUILTINS = [
    (QT_TR_NOOP("Built-in: English → French (dates, numbers, amounts…)"), "builtin:en-fr"),
    (QT_TR_NOOP("Built-in: English → German"), "builtin:en-de"),
    (QT_TR_NOOP("Built-in: English → Spanish"), "builtin:en-es"),
    (QT_TR_NOOP("Built-in: English → Chinese (no spaces)"), "builtin:en-zh"),
]
FILE_FILTER = QT_TR_NOOP("Sentence pairs (*.tsv *.txt *.src);;All files (*)")
# The kinds of pairs the built-in corpora generate (models/corpus/builtin/kinds.py), for the statistics.
KIND_NAMES = {
    "names": QT_TR_NOOP("names"), "date": QT_TR_NOOP("date"), "date range": QT_TR_NOOP("date range"),
    "relative time": QT_TR_NOOP("relative time"), "currency": QT_TR_NOOP("currency"),
    "quantity": QT_TR_NOOP("quantity"), "cardinal": QT_TR_NOOP("cardinal"), "ordinal": QT_TR_NOOP("ordinal"),
    "number format": QT_TR_NOOP("number format"),
}  # fmt: skip
# Why the readers skip a pair (models/corpus/readers.py, dataset.py): a pattern of the engine's
# reason and its words here; a reason not listed is shown as the engine wrote it.
SKIP_REASONS = (
    (re.compile(r"duplicate pair"), QT_TR_NOOP("duplicate pair")),
    (re.compile(r"line longer than (?P<count>[\d,]+) bytes"), QT_TR_NOOP("line longer than {count} bytes")),
    (re.compile(r"longer than (?P<count>\d+) words"), QT_TR_NOOP("longer than {count} words")),
    (re.compile(r"blank line"), QT_TR_NOOP("blank line")),
    (re.compile(r"empty side"), QT_TR_NOOP("empty side")),
)


def skip_reason(reason: str) -> str:
    for pattern, words in SKIP_REASONS:
        match = pattern.fullmatch(reason)
        if match:
            return tr(words).format(**match.groupdict())
    return content(reason)


def skipped_text(report) -> str:
    """What the readers left out, in the interface's language (models/corpus/readers.py SkipReport)."""
    if not report.total:
        return tr("nothing skipped")
    parts = []
    for reason, count in report.counts.most_common():
        where = report.examples.get(reason, "")
        line = re.fullmatch(r"line (\d+)", where)
        first = ("" if not where else tr(" (first at line {line})").format(line=line.group(1)) if line
                 else tr(" (first at {place})").format(place=content(where)))  # fmt: skip
        parts.append(tr("{count} {reason}").format(count=f"{count:,}", reason=skip_reason(reason)) + first)
    return tr("; ").join(parts)


def held_out_warning(stats) -> str:
    """models/corpus/dataset.py CorpusStats.warning, in the interface's language."""
    from models.corpus.dataset import MIN_HELD_OUT_SOURCES

    return tr("only {count} distinct source sentences (fewer than {minimum}): nothing can be held out, "
              "so dev and test scores are measured on training pairs").format(
        count=stats.distinct_sources, minimum=MIN_HELD_OUT_SOURCES)  # fmt: skip


def kinds_text(kinds: dict[str, int]) -> str:
    return tr(", ").join(
        tr("{kind} {count}").format(kind=tr(KIND_NAMES[k]) if k in KIND_NAMES else content(k), count=f"{n:,}")
        for k, n in kinds.items()
    )


class DataPage(QWidget):
    corpus_ready = Signal(CorpusPreview)

    def __init__(self, form, parent=None):
        super().__init__(parent)
        self.form = form  # TrainForm, for the vocabulary settings of the tokenisation preview
        self.service = DataService(self)
        self.preview = None
        self.tokenizers = None
        self._loading: str | None = None  # the spec being read
        self._sample_from_corpus = True
        self.choice = QComboBox()
        for label, spec in BUILTINS:
            self.choice.addItem(tr(label), spec)
        self.choice.setToolTip(
            tr("Built-in corpora are generated on this machine from CLDR data (babel) and num2words.")
        )
        browse = QPushButton(tr("Open file…"))
        browse.setToolTip(
            tr("A TSV file of 'source<TAB>target' lines (Tatoeba/manythings layout), or aligned .src/.tgt files")
        )
        self.drop_hint = QLabel(tr("…or drop a pairs file onto this page."))
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel(tr("The chosen corpus is read when this page opens."))
        self.status.setWordWrap(True)
        self.stats = QLabel("")
        self.stats.setWordWrap(True)
        self.histogram = LengthHistogram()
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([tr("Source"), tr("Target")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.sample = QLineEdit()
        self.sample.setPlaceholderText(tr("A sentence to split into pieces"))
        self.pieces = QLabel("")
        self.pieces.setWordWrap(True)
        self.refresh_vocab = QPushButton(tr("Train vocabulary preview"))
        self.refresh_vocab.setToolTip(tr("Train sentencepiece with the Vocabulary settings on a sample of this corpus"))

        top = QHBoxLayout()
        top.addWidget(self.choice, 1)
        top.addWidget(browse)
        tok_box = QGroupBox(tr("Tokenisation preview"))
        tok_form = QFormLayout(tok_box)
        row = QHBoxLayout()
        row.addWidget(self.sample, 1)
        row.addWidget(self.refresh_vocab)
        tok_form.addRow(row)
        tok_form.addRow(self.pieces)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.drop_hint)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.stats)
        layout.addWidget(self.histogram)
        layout.addWidget(self.table, 1)
        layout.addWidget(tok_box)
        self.setAcceptDrops(True)

        self.choice.activated.connect(lambda _: self.load(self.choice.currentData()))
        browse.clicked.connect(self._browse)
        self.refresh_vocab.clicked.connect(self._train_vocab)
        self.sample.textChanged.connect(self._show_pieces)
        self.sample.textEdited.connect(lambda _: setattr(self, "_sample_from_corpus", False))
        self.service.progress.connect(self._on_progress)
        self.service.loaded.connect(self._on_loaded)
        self.service.failed.connect(self._on_failed)
        self.service.tokenizers_ready.connect(self._on_tokenizers)

    @property
    def spec(self) -> str | None:
        return self.preview.spec if self.preview is not None else None

    def load(self, spec: str) -> None:
        """Read a corpus; what was shown of the previous one goes at once, so nothing stale stays."""
        self.preview = None
        self.tokenizers = None
        self._loading = spec
        self.status.setText(tr("Reading {spec}…").format(spec=spec))
        self.stats.setText("")
        self.histogram.clear()
        self.table.setRowCount(0)
        self.pieces.setText("")
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.service.load(spec)

    def ensure_loaded(self) -> None:
        """Read the chosen corpus if nothing is shown yet (called when the Train tab opens, so that
        start-up stays fast and the page never shows an empty preview for a selected corpus)."""
        if self.preview is None and self._loading is None:
            self.load(self.choice.currentData())

    def _browse(self) -> None:
        path = file_dialogs.open_file(self, "corpus", tr("Open sentence pairs"), tr(FILE_FILTER))
        if path:
            self.load(path)

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            self.load(files[0] if len(files) == 1 else ",".join(sorted(files)[:2]))
            event.acceptProposedAction()

    def _on_progress(self, message: str, fraction: float) -> None:
        self.status.setText(message + "…")
        if fraction < 0:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 100)
            self.progress.setValue(int(100 * fraction))

    def _on_loaded(self, preview) -> None:
        if self._loading is not None and preview.spec != self._loading:
            return  # an older request, overtaken by the corpus chosen since
        self.preview = preview
        self._loading = None
        self.progress.setVisible(False)
        s = preview.stats
        self.status.setText(tr("<b>{name}</b>: ready to train.").format(name=content(preview.corpus.name)))
        kinds = tr("<br>kinds: ") + kinds_text(s.kinds) if s.kinds else ""
        skipped = skipped_text(preview.corpus.skipped)
        self.stats.setText(
            tr(
                "{pairs:,} pairs — train {train:,}, dev {dev:,}, test {test:,} (split by source sentence)<br>mean length: source {src_length_mean:.1f} {src_length_unit}, target {tgt_length_mean:.1f} {tgt_length_unit}{kinds}<br>skipped: {skipped}"
            ).format(
                pairs=s.pairs,
                train=s.train,
                dev=s.dev,
                test=s.test,
                src_length_mean=s.src_length_mean,
                src_length_unit=tr(s.src_length_unit),
                tgt_length_mean=s.tgt_length_mean,
                tgt_length_unit=tr(s.tgt_length_unit),
                kinds=kinds,
                skipped=skipped,
            )
            + (
                tr("<br><span style='color:#b00020'>Note: {warning}.</span>").format(warning=held_out_warning(s))
                if s.warning
                else ""
            )
        )
        self.histogram.set_histograms(
            s.src_length_histogram[:40], s.tgt_length_histogram[:40], s.src_length_unit, s.tgt_length_unit
        )
        self.table.setRowCount(len(preview.rows))
        for row, (src, tgt) in enumerate(preview.rows):
            self.table.setItem(row, 0, QTableWidgetItem(src))
            self.table.setItem(row, 1, QTableWidgetItem(tgt))
        if self._sample_from_corpus or not self.sample.text():  # a typed sentence stays
            self.sample.setText(preview.rows[0][0] if preview.rows else "")
            self._sample_from_corpus = True
        self.pieces.setText(tr("Press 'Train vocabulary preview' to see how the sentence is split."))
        self.corpus_ready.emit(preview)

    def _on_failed(self, message: str) -> None:
        self._loading = None
        self.progress.setVisible(False)
        self.status.setText(f"<span style='color:#b00020'>{message[0].upper() + message[1:]}</span>")

    def _train_vocab(self) -> None:
        if self.preview is None:
            self.pieces.setText(tr("Load a corpus first."))
            return
        try:
            _, tok_config, _ = self.form.configs()
        except ValueError as err:
            self.pieces.setText(str(err))
            return
        self.pieces.setText(tr("training sentencepiece on a sample…"))
        self.service.preview_tokenizers(self.preview.corpus, tok_config)

    def _on_tokenizers(self, tokenizers) -> None:
        self.tokenizers = tokenizers
        self._show_pieces()

    def _show_pieces(self, *_) -> None:
        if self.tokenizers is None:
            return
        text = self.sample.text().strip()
        source = self.tokenizers.source.pieces(text)
        self.pieces.setText(
            tr("{count} source pieces: ").format(count=len(source))
            + " | ".join(display_piece(p) for p in source)
            + tr(
                "<br><span style='color:#777'>vocabulary: {vocab_size} source, {vocab_size2} target pieces</span>"
            ).format(vocab_size=self.tokenizers.source.vocab_size, vocab_size2=self.tokenizers.target.vocab_size)
        )

    def shutdown(self) -> None:
        self.service.shutdown()
