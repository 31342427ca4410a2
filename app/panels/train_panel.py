"""Train: choose data and model, run training in the background, watch it learn."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
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
from app.run_follower import RunFollower
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


def _ago(seconds: float) -> str:
    if seconds < 120:
        return tr("{seconds} s").format(seconds=int(seconds))
    if seconds < 2 * 3600:
        return tr("{minutes} min").format(minutes=int(seconds // 60))
    return tr("{hours:.1f} h").format(hours=seconds / 3600)


class TrainPanel(QWidget):
    open_model_requested = Signal(object)  # a path (str) or a ModelBundle snapshot: one signal, two types

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
        self.follow_button = QPushButton(tr("Follow a run folder…"))
        self.follow_button.setToolTip(tr("Watch a run that another process trains (torchrun, a server's synced "
                                         "folder): its curves, probe, samples and snapshots follow its files"))  # fmt: skip
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
        for w in (self.start_button, self.pause_button, self.stop_button, self.follow_button):
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
        self.samples_caption = QLabel(tr("Dev sentences translated at the last evaluation"))
        samples_layout.addWidget(self.samples_caption)
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
        self.follower = RunFollower(self)
        self._writer_seen = False  # while following: a training on this machine was seen writing the run
        self._follow_tick = QTimer(self)  # the status line's "last update … ago", while following
        self._follow_tick.setInterval(1000)
        self._follow_tick.timeout.connect(self._show_following)
        self.follow_button.clicked.connect(self._follow_clicked)
        self.probe.editingFinished.connect(lambda: self.follower.set_probe(self.probe.text().strip())
                                           if self.follower.is_following() else None)  # fmt: skip
        self.follower.updated.connect(self._on_followed_changes)
        self.follower.evaluated.connect(self._on_followed_evaluation)

    # ----------------------------------------------------------------- starting and stopping
    def start(self) -> None:
        if self.service.is_running() or self.follower.is_following():
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
        self.follow_button.setEnabled(not running)
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
        # The corpus's AER belongs with the corpus's scores, not with the one probe sentence's heatmap.
        alignment = "" if aer is None else ", " + tr("AER {aer:.1%} on {count} gold-aligned pairs").format(
            aer=aer, count=e.alignment.sentences)  # fmt: skip
        self.status.setText(tr("Step {step}: dev loss {dev_loss:.3f}, BLEU {bleu:.1f}, chrF {chrf:.1f}, exact match {exact_match:.1f}%").format(step=e.step, dev_loss=e.dev_loss, bleu=e.bleu, chrf=e.chrf, exact_match=e.exact_match) + alignment + (tr(" — best so far, saved") if e.is_best else ""))  # fmt: skip
        if e.probe is not None:
            self.alignment.set_attention(e.probe.weights, e.probe.source_pieces, e.probe.target_pieces,
                                         title=tr("Probe at step {step}: {translation}").format(step=e.step, translation=e.probe.translation))  # fmt: skip
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
        self.stop_following()
        self.data.shutdown()

    # ----------------------------------------------------------------- following a run trained elsewhere
    def _follow_clicked(self) -> None:
        if self.follower.is_following():
            self.stop_following()
        else:
            self.choose_and_follow()

    def choose_and_follow(self) -> None:
        from app.panels.model_choice import choose_run_folder  # it imports this module

        path = choose_run_folder(self)
        if path:
            self.follow(path)

    def follow(self, run_dir: str) -> None:
        """Show a run that another process writes in the live views, read-only, as its files arrive."""
        if self.service.is_running():
            QMessageBox.information(self, tr("Follow a run folder"),
                                    tr("A training runs in this tab; follow another run once it has ended."))  # fmt: skip
            return
        self.run_dir = Path(run_dir)
        app_settings.add_recent_run(str(run_dir))  # Replay, Compare and Runs list it
        self.curves.clear()
        self.samples.setRowCount(0)
        self.samples_caption.setText(tr("Dev sentences translated at the last evaluation"))
        self.alignment.show_message(tr("The probe's attention appears when the run has saved its first evaluation."))
        self.best_path, self.snapshot = None, None
        self.use_snapshot.setEnabled(False)
        self.open_best.setEnabled(False)
        self.start_button.setEnabled(False)
        self.start_button.setToolTip(tr("Stop following the run first"))
        self.follow_button.setText(tr("Stop following"))
        self.follow_button.setToolTip(tr("Stop watching the run; what is shown stays"))
        self.progress.setValue(0)
        self.progress.setFormat(tr("following"))
        self._writer_seen = False
        self.follower.follow(str(run_dir), self.probe.text().strip() if not self._probe_from_corpus else "")
        self._follow_tick.start()
        self._show_following()

    def stop_following(self) -> None:
        if not self.follower.is_following():
            return
        self.follower.stop()
        self._follow_tick.stop()
        self.follow_button.setText(tr("Follow a run folder…"))
        self.follow_button.setToolTip(tr("Watch a run that another process trains (torchrun, a server's synced "
                                         "folder): its curves, probe, samples and snapshots follow its files"))  # fmt: skip
        self.start_button.setEnabled(True)
        self.start_button.setToolTip(tr("Train a new model on the chosen data with these settings"))
        self.eta.setText("")
        self.status.setText(tr("Stopped following {run}; its curves stay shown.").format(run=self.run_dir.name))

    def following_text(self) -> str:
        """The status line: which run, how long since it last changed, where it stands."""
        state, run = self.follower.state, Path(self.follower.run_dir).name
        if state is None or state.last is None:
            return tr("Following {run} — waiting for its first checkpoint (last.s2s)").format(run=run)
        ago = _ago(max(0.0, time.time() - (state.written or time.time())))  # the run's own time of writing
        text = tr("Following {run} — last update {ago} ago, step {step:,}").format(run=run, ago=ago, step=state.step)
        best = state.history.best()
        if best is not None:
            text += tr(" · best dev BLEU {bleu:.1f}").format(bleu=best.bleu)
        if state.writer:
            text += tr(" · training (process {pid})").format(pid=state.writer)
        elif state.budget_reached():
            text += tr(" · the run has ended (its budget is reached)")
        elif state.writer == 0:
            text += tr(" · being trained")
        elif self._writer_seen:
            text += tr(" · its training has stopped; a resumed run shows here as it goes on")
        else:
            text += tr(" · no training on this machine writes it (a synced folder, or the run stopped); "
                       "new files are still shown")  # fmt: skip
        return text

    def _show_following(self) -> None:
        if self.follower.is_following():
            self.status.setText(self.following_text())

    def _on_followed_changes(self, changes) -> None:
        if changes.restarted:
            self.curves.clear()
        if changes.new_steps:
            self.curves.add_steps(changes.new_steps)
        for e in changes.new_evaluations:
            self.curves.add_evaluation(e.step, e.dev_loss, e.bleu, e.chrf, e.aer)
        state = changes.state
        self._writer_seen = self._writer_seen or bool(state.writer)
        fraction = state.fraction()
        if fraction is not None:
            self.progress.setValue(int(1000 * fraction))
            self.progress.setFormat(tr("following · {value:.0f}% · step {step}").format(value=100 * fraction,
                                                                                        step=state.step))  # fmt: skip
        if state.history.steps:
            self.eta.setText(tr("{tokens_per_s:,.0f} tok/s").format(tokens_per_s=state.history.steps[-1].tokens_per_s))
        for saved in changes.saved:
            if saved.kind == "best":
                self.best_path = saved.path
                self.open_best.setEnabled(True)
            elif saved.kind == "last":
                self.snapshot = saved.path  # the newest weights, opened from the file
                self.use_snapshot.setEnabled(True)
        self._show_following()

    def _on_followed_evaluation(self, e) -> None:
        if self._probe_from_corpus and e.probe_text:  # the probe the views show is the run's
            self.probe.setText(e.probe_text)
        if e.probe is None and not e.probe_text:  # the run's probe was its corpus's first dev sentence
            self.alignment.show_message(tr("Type a probe sentence above and press Enter: this run's probe came "
                                           "from its corpus, which is not on this machine."))  # fmt: skip
        if e.probe is not None:
            self.alignment.set_attention(e.probe.weights, e.probe.source_pieces, e.probe.target_pieces,
                                         title=tr("Probe at step {step}: {translation}").format(
                                             step=e.step, translation=e.probe.translation))  # fmt: skip
        self.samples.setRowCount(len(e.samples))
        for row, values in enumerate(e.samples):
            for col, value in enumerate(values):
                self.samples.setItem(row, col, QTableWidgetItem(value))
        caption = tr("Dev sentences translated with the weights of step {step}").format(step=e.step)
        missing = e.samples_missing
        if missing is not None and missing.why == "absent":
            caption = tr("No dev sentences to show: the run's corpus ({corpus}) is not on this machine; the "
                         "curves, the probe and the snapshots follow all the same").format(corpus=missing.corpus)  # fmt: skip
        elif missing is not None and missing.why == "unnamed":
            caption = tr("No dev sentences to show: the run does not name its corpus")
        elif missing is not None:
            caption = tr("No dev sentences to show: the run's corpus cannot be read ({detail})").format(
                detail=missing.detail)  # fmt: skip
        self.samples_caption.setText(caption)
