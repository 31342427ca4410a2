"""Attribution: which source and prefix words each output piece came from, by a signal of your
choice (attention, gradients, occlusion, rollout …) beside the attention; and the scoreboard of
every signal against gold word alignments. Both run in the background with progress and cancel
(models/inspection/attribution.AttributionMapsRequest, models/inspection/scoreboard.ScoreboardRequest)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from app import file_dialogs
from app.i18n import QT_TR_NOOP, tr
from app.panels.follows_translation import FollowsTranslation, decoding_name
from app.views.attribution_view import METHOD_TIPS, AttributionView, method_label
from app.views.export import button_row, export_csv, export_image
from app.views.scoreboard_view import ScoreboardCanvas

PURPOSE = "attribution"
SCOREBOARD = "scoreboard"
HINT = QT_TR_NOOP(
    "Rows are the output's pieces, columns words. Hover a cell to read its value; click a row to follow it in every map."
)
# Both families have these; a Transformer adds rollout and norm (the engine says which apply).
DEFAULT_METHODS = ("attention", "saliency", "input_x_gradient", "integrated_gradients", "occlusion")


def methods_for_model(info) -> list[str]:
    """The signals the loaded model can show, in the engine's order (attention only where it has some)."""
    if info is None:
        return list(DEFAULT_METHODS)
    from models.inspection.attribution import methods_for

    names = [m.name for m in methods_for(info)]
    return [n for n in names if n != "attention" or info.has_attention]


def progress_bar() -> QProgressBar:
    bar = QProgressBar()
    bar.setMaximumWidth(160)
    bar.setTextVisible(True)
    bar.setVisible(False)
    return bar


class AttributionPanel(FollowsTranslation):
    purpose = PURPOSE

    def __init__(self, service, parent=None):
        super().__init__(service, parent)
        self.signal = QComboBox()
        self.signal.setToolTip(tr("Which signal explains each output piece"))
        self.ig_steps = QSpinBox()
        self.ig_steps.setRange(1, 256)
        self.ig_steps.setValue(32)
        self.ig_steps.setToolTip(tr("Integrated gradients: points on the path from the padding embedding to the "
                                    "real one (more: a smaller completeness error, slower)"))  # fmt: skip
        self.compute = QPushButton(tr("Compute"))
        self.compute.setToolTip(tr("Translate the sentence and explain each output piece by the chosen signal"))
        self.cancel = QPushButton(tr("Cancel"))
        self.cancel.setToolTip(tr("Stop the computation"))
        self.cancel.setEnabled(False)
        self.progress = progress_bar()
        self.view = AttributionView(self)
        self.info = QLabel(tr(HINT))
        self.info.setWordWrap(True)
        self.scoreboard = ScoreboardBox(service, self)
        self.ig_label = QLabel(tr("IG steps"))
        self._fill_signals(service.model)

        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Sentence")))
        row.addWidget(self.sentence, 1)
        row.addWidget(QLabel(tr("Signal")))
        row.addWidget(self.signal)
        row.addWidget(self.ig_label)
        row.addWidget(self.ig_steps)
        row.addWidget(self.compute)
        row.addWidget(self.cancel)
        row.addWidget(self.progress)
        maps = QWidget()
        maps_layout = QVBoxLayout(maps)
        maps_layout.setContentsMargins(0, 0, 0, 0)
        maps_layout.addLayout(row)
        maps_layout.addWidget(self.view, 1)
        maps_layout.addLayout(button_row(
            self.info,
            (tr("Export figure…"), tr("Save the maps and the share as PNG or SVG"),
             lambda: export_image(self, self.view.figure, tr("Export the attribution maps"), "attribution.png")),
            (tr("Export CSV…"), tr("Save every step's values as CSV"), self._export_csv),
        ))  # fmt: skip
        self.tabs = QTabWidget()
        self.tabs.addTab(maps, tr("Maps, step by step"))
        self.tabs.addTab(self.scoreboard, tr("Scoreboard against gold alignments"))
        self.tabs.setTabToolTip(0, tr("One signal's source and prefix maps beside the attention"))
        self.tabs.setTabToolTip(1, tr("Every signal's alignment error (AER) against gold word alignments"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

        self.compute.clicked.connect(self.request)
        self.cancel.clicked.connect(self.stop)
        self.signal.currentIndexChanged.connect(self._signal_changed)
        self.view.hovered.connect(lambda text: self.info.setText(text or tr(HINT)))
        service.model_loaded.connect(self._fill_signals)
        self._signal_changed()

    # ----------------------------------------------------------------- choices
    def _fill_signals(self, info) -> None:
        chosen = self.signal.currentData()
        self.signal.blockSignals(True)
        self.signal.clear()
        for name in methods_for_model(info):
            self.signal.addItem(method_label(name), name)
            self.signal.setItemData(self.signal.count() - 1, tr(METHOD_TIPS.get(name, "")), Qt.ItemDataRole.ToolTipRole)
        found = self.signal.findData(chosen) if chosen else -1
        self.signal.setCurrentIndex(found if found >= 0 else max(0, self.signal.findData("saliency")))
        self.signal.blockSignals(False)
        self._signal_changed()

    def _signal_changed(self, *_index) -> None:
        name = self.signal.currentData()
        self.signal.setToolTip(tr(METHOD_TIPS.get(name, "")) if name else "")
        for widget in (self.ig_label, self.ig_steps):
            widget.setVisible(name == "integrated_gradients")
        if self.service.model is not None and self.isVisible() and name:
            self.request()

    # ----------------------------------------------------------------- the analysis
    def analysis_request(self, text: str):
        from models.inspection.attribution import AttributionMapsRequest

        if not text:
            self.info.setText(tr("Type a sentence."))
            return None
        if self.signal.currentData() is None:
            return None
        self._busy(True)
        self.info.setText(tr("Computing…"))
        return AttributionMapsRequest(self.signal.currentData(), ig_steps=self.ig_steps.value())

    def show_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def show_reply(self, reply) -> None:
        self._busy(False)
        if reply.result is None:
            return
        self.view.set_maps(reply.result)
        self.info.setText(tr("{hint} Output decoded: {method}.").format(hint=tr(HINT), method=decoding_name()))

    def _on_failed(self, purpose: str, message: str) -> None:
        if purpose == self.purpose:
            self._busy(False)
        super()._on_failed(purpose, message)

    def status_label(self):
        return self.info

    def stop(self) -> None:
        self.service.forget(self.purpose)
        self._busy(False)
        self.info.setText(tr("Cancelled."))

    def _busy(self, on: bool) -> None:
        self.cancel.setEnabled(on)
        self.progress.setVisible(on)
        if on:
            self.progress.setRange(0, 0)  # busy until the first progress report

    def _export_csv(self) -> None:
        if self.view.maps is None:
            self.info.setText(tr("Nothing to export yet: compute a sentence first."))
            return
        header, rows = self.view.csv_rows()
        export_csv(self, tr("Export the attribution"), "attribution.csv", header, rows)


class ScoreboardBox(QWidget):
    """Every signal scored against gold word alignments, for the loaded model: on the built-in
    corpus its training corpus names, or on a corpus file and its Pharaoh file."""

    def __init__(self, service, parent=None):
        super().__init__(parent)
        self.service = service
        self.corpus_file = ""
        self.gold_file = ""
        self.canvas = ScoreboardCanvas(self)
        self.sentences = QSpinBox()
        self.sentences.setRange(5, 500)
        self.sentences.setValue(30)
        self.sentences.setToolTip(tr("Gold-aligned sentences to score (integrated gradients cost most)"))
        self.every_part = QCheckBox(tr("Every layer and head"))
        self.every_part.setToolTip(tr("Also each layer's and head's attention and each layer's norm-based map"))
        self.choose_gold = QPushButton(tr("Gold file…"))
        self.choose_gold.setToolTip(tr("Score on your own corpus file: choose it, then its gold alignments in "
                                       "Pharaoh format (i-j sure, i?j possible; one line per pair)"))  # fmt: skip
        self.compute = QPushButton(tr("Compute scoreboard"))
        self.cancel = QPushButton(tr("Cancel"))
        self.cancel.setEnabled(False)
        self.progress = progress_bar()
        self.info = QLabel(tr("The model's built-in corpus has gold alignments; another corpus needs a gold file."))
        self.info.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Sentences")))
        row.addWidget(self.sentences)
        row.addWidget(self.every_part)
        row.addStretch(1)
        row.addWidget(self.choose_gold)
        row.addWidget(self.compute)
        row.addWidget(self.cancel)
        row.addWidget(self.progress)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(button_row(
            self.info,
            (tr("Export figure…"), tr("Save the chart as PNG or SVG"),
             lambda: export_image(self, self.canvas, tr("Export the scoreboard"), "scoreboard.png")),
            (tr("Export CSV…"), tr("Save every signal's AER, precision and recall as CSV"), self._export_csv),
        ))  # fmt: skip
        self.compute.clicked.connect(self.request)
        self.cancel.clicked.connect(self.stop)
        self.choose_gold.clicked.connect(self._choose_gold)
        self.every_part.toggled.connect(self.canvas.set_every_part)
        service.translated.connect(self._on_translated)
        service.failed.connect(self._on_failed)
        service.progressed.connect(self._on_progressed)
        service.model_loaded.connect(self._model_loaded)

    def _model_loaded(self, *_info) -> None:
        self.canvas.show_message(tr("Compute the scoreboard: each signal's alignment error against gold alignments."))

    def request(self) -> None:
        from models.config import DecodeConfig
        from models.inspection.scoreboard import ScoreboardRequest

        model = self.service.model
        if model is None:
            self.info.setText(tr("Load a model first."))
            return
        corpus = self.corpus_file or model.corpus
        analysis = ScoreboardRequest(corpus, gold=self.gold_file, sentences=self.sentences.value())
        self._busy(True)
        self.info.setText(tr("Scoring every signal on {corpus}…").format(corpus=corpus))
        self.service.translate(".", DecodeConfig(), purpose=SCOREBOARD, trace=False, analysis=analysis)

    def stop(self) -> None:
        self.service.forget(SCOREBOARD)
        self._busy(False)
        self.info.setText(tr("Cancelled."))

    def _busy(self, on: bool) -> None:
        self.cancel.setEnabled(on)
        self.compute.setEnabled(not on)
        self.progress.setVisible(on)
        if on:
            self.progress.setRange(0, 0)

    def _on_progressed(self, progress) -> None:
        if progress.purpose == SCOREBOARD:
            self.progress.setRange(0, max(1, progress.total))
            self.progress.setValue(progress.done)

    def _on_translated(self, reply) -> None:
        if reply.purpose != SCOREBOARD or reply.result is None:
            return
        self._busy(False)
        table = reply.result
        self.canvas.set_table(table)
        self.info.setText(tr("{sentences} sentences scored in {seconds:.1f} s. AER: lower is better; P: "
                             "precision, R: recall.").format(sentences=table.sentences, seconds=table.seconds))  # fmt: skip

    def _on_failed(self, purpose: str, message: str) -> None:
        if purpose == SCOREBOARD:
            self._busy(False)
            self.info.setText(tr("Could not compute: {value}").format(value=message))

    def _choose_gold(self) -> None:
        corpus = file_dialogs.open_file(self, "corpus", tr("The corpus file to score on"),
                                        tr("Sentence pairs (*.tsv *.txt);;All files (*)"))  # fmt: skip
        if not corpus:
            return
        gold = file_dialogs.open_file(self, "corpus", tr("Its gold alignments (Pharaoh format)"),
                                      tr("Alignments (*.align *.pharaoh *.txt);;All files (*)"))  # fmt: skip
        if gold:
            self.corpus_file, self.gold_file = corpus, gold
            self.info.setText(tr("Gold alignments: {gold} for {corpus}.").format(gold=gold, corpus=corpus))

    def _export_csv(self) -> None:
        if self.canvas.table is None:
            self.info.setText(tr("Nothing to export yet: compute the scoreboard first."))
            return
        header, rows = self.canvas.csv_rows()
        export_csv(self, tr("Export the scoreboard"), "scoreboard.csv", header, rows)
