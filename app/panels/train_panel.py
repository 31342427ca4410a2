"""Train: choose data and model, run training in the background, watch it learn."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from app import settings as app_settings
from app.i18n import tr
from app.panels.data_page import DataPage
from app.panels.train_form import TrainForm
from app.services.training import TrainingJob
from app.views.attention_view import AttentionView
from app.views.curves_view import CurvesCanvas
from app.views.wheel_guard import guard_wheel


def default_runs_folder() -> Path:
    """Where new runs go: the settings' runs folder (Settings file: runs/folder), else the default."""
    return app_settings.runs_folder()


def new_run_folder(root: Path, name: str) -> Path:
    """A folder of its own for each run, even for two runs started within the same second."""
    stem = f"{name}-{time.strftime('%Y%m%d-%H%M%S')}"
    candidate, n = root / stem, 1
    while candidate.exists():
        n += 1
        candidate = root / f"{stem}-{n}"
    candidate.mkdir(parents=True)
    return candidate


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "--:--"
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


class TrainPanel(QWidget):
    open_model_requested = Signal(object)  # a path, or a ModelBundle snapshot

    def __init__(self, service, translation_service, parent=None):
        super().__init__(parent)
        self.service = service
        self.translation_service = translation_service
        self.snapshot = None
        self.best_path = None
        self.run_dir: Path | None = None
        self.paused = False
        self.form = TrainForm()
        self.data = DataPage(self.form)
        form_scroll = QScrollArea()
        form_scroll.setWidget(self.form)
        form_scroll.setWidgetResizable(True)
        guard_wheel(self.form)  # the wheel scrolls the form; it changes a value only once clicked into
        guard_wheel(self.data)
        self.setup_tabs = QTabWidget()
        self.setup_tabs.addTab(self.data, tr("1 · Data"))
        self.setup_tabs.addTab(form_scroll, tr("2 · Model and training"))

        self.start_button = QPushButton(tr("Start training"))
        self.start_button.setToolTip(tr("Train a new model on the chosen data with these settings"))
        self.pause_button = QPushButton(tr("Pause"))
        self.stop_button = QPushButton(tr("Stop"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(True)
        self.progress.setFormat(tr("not started"))
        self.eta = QLabel("")
        self.status = QLabel(tr("Choose data (a built-in corpus is ready to go) and press Start."))
        self.status.setWordWrap(True)
        self.curves = CurvesCanvas()
        self.probe = QLineEdit()
        self.probe.setPlaceholderText(tr("Probe sentence: its attention is shown at every evaluation"))
        self.probe.setToolTip(tr("Edit at any time; the next evaluation uses the new sentence."))
        self.alignment = AttentionView(self, compact=True, title=tr("Probe attention"))
        self.alignment.show_message(tr("The probe sentence's attention appears at the first evaluation,\n"
                                    "and sharpens as the model learns to align."))  # fmt: skip
        self.samples = QTableWidget(0, 3)
        self.samples.setHorizontalHeaderLabels([tr("Source"), tr("Reference"), tr("Model output")])
        self.samples.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.samples.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.samples.verticalHeader().setVisible(False)
        self.use_snapshot = QPushButton(tr("Translate with this model now"))
        self.use_snapshot.setToolTip(tr("Load a copy of the weights at the last evaluation into the Translate tab"))
        self.open_best = QPushButton(tr("Open the trained model"))
        for b in (self.pause_button, self.stop_button, self.use_snapshot, self.open_best):
            b.setEnabled(False)

        controls = QHBoxLayout()
        for w in (self.start_button, self.pause_button, self.stop_button):
            controls.addWidget(w)
        controls.addWidget(self.progress, 1)
        controls.addWidget(self.eta)
        live = QWidget()
        live_layout = QVBoxLayout(live)
        live_layout.setContentsMargins(0, 0, 0, 0)
        probe_area = QWidget()
        probe_layout = QVBoxLayout(probe_area)
        probe_layout.setContentsMargins(0, 0, 0, 0)
        probe_layout.addWidget(self.probe)
        probe_layout.addWidget(self.alignment, 1)
        samples_area = QWidget()
        samples_layout = QVBoxLayout(samples_area)
        samples_layout.setContentsMargins(0, 0, 0, 0)
        samples_layout.addWidget(QLabel(tr("Dev sentences translated at the last evaluation")))
        samples_layout.addWidget(self.samples, 1)
        # The probe and the samples share one place, so that the curves keep a readable height in a
        # small window (each plot needs ~130 px).
        self.evaluation_tabs = QTabWidget()
        self.evaluation_tabs.addTab(probe_area, tr("Probe attention"))
        self.evaluation_tabs.addTab(samples_area, tr("Sample translations"))
        self.evaluation_tabs.setMinimumHeight(200)
        self.curves.setMinimumHeight(270)
        self.live_splitter = QSplitter(Qt.Orientation.Vertical)
        self.live_splitter.addWidget(self.curves)
        self.live_splitter.addWidget(self.evaluation_tabs)
        self.live_splitter.setChildrenCollapsible(False)
        self.live_splitter.setSizes([380, 330])
        live_layout.addWidget(self.live_splitter, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.use_snapshot)
        buttons.addWidget(self.open_best)
        live_layout.addLayout(buttons)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.setup_tabs)
        self.splitter.addWidget(live)
        self.splitter.setSizes([460, 760])
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.status)
        layout.addWidget(self.splitter, 1)

        self.start_button.clicked.connect(self.start)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.stop_button.clicked.connect(self.ask_stop)
        self.use_snapshot.clicked.connect(self._open_snapshot)
        self.open_best.clicked.connect(self._open_best)
        self.probe.editingFinished.connect(lambda: self.service.set_probe(self.probe.text().strip()))
        self.probe.textEdited.connect(self._on_probe_edited)
        self.data.corpus_ready.connect(self._on_corpus_ready)
        service.phase.connect(self._on_phase)
        service.steps.connect(self._on_steps)
        service.evaluation.connect(self._on_evaluation)
        service.checkpoint.connect(self._on_checkpoint)
        service.snapshot.connect(self._on_snapshot)
        service.finished.connect(self._on_finished)
        service.failed.connect(self._on_failed)
        service.stopped.connect(self._on_stopped)
        self._started_at = 0.0
        self._probe_from_corpus = True  # the probe was filled from the corpus, not typed

    # ----------------------------------------------------------------- starting and stopping
    def start(self) -> None:
        if self.service.is_running():
            return
        if self.data.preview is None:
            self.setup_tabs.setCurrentIndex(0)
            self.data.load(self.data.choice.currentData())
            self.status.setText(tr("Reading the corpus first; training starts as soon as it is ready."))
            self._start_when_ready = True
            return
        try:
            model, tok, train = self.form.configs()
        except ValueError as err:
            QMessageBox.warning(self, tr("Cannot start training"), str(err)[0].upper() + str(err)[1:])
            return
        train.probe_sentence = self.probe.text().strip()
        name = Path(self.data.spec.split(",")[0]).stem.replace("builtin:", "")
        self.run_dir = new_run_folder(default_runs_folder(), name)
        app_settings.add_recent_run(str(self.run_dir))
        self.curves.clear()
        self.samples.setRowCount(0)
        self.best_path = None
        self.snapshot = None
        self.paused = False
        self._started_at = time.monotonic()
        self.service.start(TrainingJob(str(self.run_dir), self.data.preview.corpus, model, tok, train))
        self.status.setText(tr("Training into {run_dir} …").format(run_dir=self.run_dir))
        self.progress.setValue(0)
        self.progress.setFormat(tr("starting…"))
        self._set_running(True)

    def _on_probe_edited(self, _text: str) -> None:
        self._probe_from_corpus = False

    def _on_corpus_ready(self, preview) -> None:
        # A probe taken from the previous corpus would be foreign to this one; a typed one stays.
        if (self._probe_from_corpus or not self.probe.text().strip()) and preview.corpus.dev:
            self.probe.setText(preview.corpus.dev[0][0])
            self._probe_from_corpus = True
        if getattr(self, "_start_when_ready", False):
            self._start_when_ready = False
            self.start()

    def toggle_pause(self) -> None:
        if self.paused:
            self.service.resume()
            self.pause_button.setText(tr("Pause"))
            self.status.setText(tr("Training resumed."))
        else:
            self.service.pause()
            self.pause_button.setText(tr("Resume"))
            self.status.setText(tr("Paused after the current batch. Press Resume to go on."))
        self.paused = not self.paused

    def ask_stop(self) -> None:
        answer = QMessageBox.question(self, tr("Stop training"), tr("Stop training now? The last checkpoint is kept."),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)  # fmt: skip
        if answer == QMessageBox.StandardButton.Yes:
            self.stop()

    def stop(self) -> None:
        self.status.setText(tr("Stopping after the current batch…"))
        self.stop_button.setEnabled(False)
        self.service.stop()

    def _set_running(self, running: bool) -> None:
        self.start_button.setEnabled(not running)
        self.pause_button.setEnabled(running)
        self.pause_button.setText(tr("Pause"))
        self.stop_button.setEnabled(running)
        self.form.setEnabled(not running)
        self.data.setEnabled(not running)

    # ----------------------------------------------------------------- events from the worker
    def _on_phase(self, phase) -> None:
        self.status.setText(phase.message[0].upper() + phase.message[1:] + "…")

    def _on_steps(self, steps) -> None:
        last = steps[-1]
        self.curves.add_steps(steps)
        self.progress.setValue(int(1000 * last.progress))
        self.progress.setFormat(
            tr("{value:.0f}% · step {step} · epoch {epoch:.2f} · loss {loss:.3f}").format(
                value=100 * last.progress, step=last.step, epoch=last.epoch, loss=last.loss
            )
        )
        self.eta.setText(
            tr("{tokens_per_s:,.0f} tok/s · ETA {clock}").format(
                tokens_per_s=last.tokens_per_s, clock=_clock(last.eta_s)
            )
        )
        if not self.paused:
            self.status.setText(tr("Training into {run_dir}").format(run_dir=self.run_dir))

    def _on_evaluation(self, e) -> None:
        aer = None if e.alignment is None else e.alignment.aer
        self.curves.add_evaluation(e.step, e.dev_loss, e.bleu, e.chrf, aer)
        alignment = "" if aer is None else tr(", AER {aer:.1%}").format(aer=aer)
        self.status.setText(tr("Step {step}: dev loss {dev_loss:.3f}, BLEU {bleu:.1f}, chrF {chrf:.1f}, exact match {exact_match:.1f}%").format(step=e.step, dev_loss=e.dev_loss, bleu=e.bleu, chrf=e.chrf, exact_match=e.exact_match) + alignment + (tr(" — best so far, saved") if e.is_best else ""))  # fmt: skip
        if e.probe is not None:
            self.alignment.set_attention(e.probe.weights, e.probe.source_pieces, e.probe.target_pieces,
                                         title=tr("Probe at step {step}: {translation}").format(step=e.step, translation=e.probe.translation)
                                         + ("" if aer is None else " · " + tr("AER {aer:.0%} on {count} gold-aligned pairs").format(
                                             aer=aer, count=e.alignment.sentences)))  # fmt: skip
        self.samples.setRowCount(len(e.samples))
        for row, values in enumerate(e.samples):
            for col, value in enumerate(values):
                self.samples.setItem(row, col, QTableWidgetItem(value))

    def _on_checkpoint(self, event) -> None:
        if event.kind == "best":
            self.best_path = event.path
            self.open_best.setEnabled(True)

    def _on_snapshot(self, bundle) -> None:
        self.snapshot = bundle
        self.use_snapshot.setEnabled(True)

    def _on_finished(self, event) -> None:
        s = event.summary
        if event.cancelled and not s.saved:
            text = tr("Stopped before the first training step; nothing was saved.")
        elif event.cancelled:
            text = tr("Stopped at step {steps}; the last checkpoint is kept in {run_dir}.").format(
                steps=s.steps, run_dir=self.run_dir
            )
        else:
            text = tr("Finished: {steps} steps, {epochs:.2f} epochs in {seconds:.0f} s").format(
                steps=s.steps, epochs=s.epochs, seconds=s.seconds
            )
            if s.dev_bleu is not None:
                text += tr("; best dev BLEU {bleu:.1f}, exact match {exact_match:.1f}%").format(
                    bleu=s.dev_bleu, exact_match=s.dev_exact_match
                )
            self.progress.setValue(1000)
        self.status.setText(text)
        self.best_path = s.saved
        self.open_best.setEnabled(bool(self.best_path))

    def _on_failed(self, failed) -> None:
        message = failed.message[0].upper() + failed.message[1:]
        self.status.setText(
            tr("<span style='color:#b00020'>Training stopped: {message}</span>").format(message=message)
        )
        if failed.checkpoint:
            self.best_path = failed.checkpoint
            self.open_best.setEnabled(True)
        QMessageBox.warning(self, tr("Training stopped"), message)

    def _on_stopped(self) -> None:
        self._set_running(False)
        self.paused = False
        self.eta.setText("")  # no speed nor ETA once nothing runs
        if self.progress.value() < 1000:
            self.progress.setFormat(
                tr("stopped · {progress}").format(progress=self.progress.format().split(" · ", 1)[-1])
            )

    def _open_snapshot(self) -> None:
        if self.snapshot is not None:
            self.open_model_requested.emit(self.snapshot)

    def _open_best(self) -> None:
        if self.best_path:
            self.open_model_requested.emit(self.best_path)

    # ----------------------------------------------------------------- settings
    def state(self) -> dict:
        # Only a typed probe is kept: one taken from a corpus is taken again from the next corpus.
        return {"form": self.form.state(), "probe": "" if self._probe_from_corpus else self.probe.text()}

    def restore(self, state: dict) -> None:
        if isinstance(state.get("form"), dict):
            self.form.restore(state["form"])
        if isinstance(state.get("probe"), str) and state["probe"].strip():
            self.probe.setText(state["probe"])
            self._probe_from_corpus = False

    def shutdown(self) -> None:
        self.data.shutdown()
