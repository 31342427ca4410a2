"""Replay: a sentence of your own through a run's history. A slider over the run's snapshots
re-translates the sentence with the weights of that moment; the attention shows alignment
emerging, and a marker on the run's curves shows where in training that was. Works while the
run is still training: new snapshots join the slider as they are written."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QSplitter, QStyle, QVBoxLayout, QWidget

from app import settings as app_settings
from app.i18n import tr
from app.interface_text import content
from app.panels.model_choice import RunChooser
from app.views.attention_view import AttentionView
from app.views.jump_slider import JumpSlider
from app.views.live_plot import LivePlot, PlotScene

PLAY_INTERVAL_MS = 600
CURVES_PURPOSE = "replay-curves"


class RunCurves(QWidget):
    """Train loss and dev BLEU of one run, with a marker at the replayed step. Both plots are
    drawn in the render thread; moving the marker blits it over the cached axes there."""

    def __init__(self, parent=None):
        super().__init__(parent)
        loss = PlotScene(tr("loss"), tight=True)
        score = PlotScene(tr("dev BLEU"), tr("step"), tight=True)
        loss.add_line("train_loss", color="#4c78a8", lw=1.0, label=tr("train loss"))
        loss.add_line("dev_loss", "o-", color="#f58518", ms=3, lw=1.0, label=tr("dev loss"))
        score.add_line("bleu", "o-", color="#54a24b", ms=3, lw=1.0, label=tr("dev BLEU"))
        score.add_line("snapshots", marker="|", ls="none", ms=8, color="#999", label=tr("snapshots"))
        loss.axes.legend(fontsize=7, loc="upper right")
        for scene in (loss, score):
            scene.add_marker(color="#e45756", lw=1.5)
        self.plots = (LivePlot(loss), LivePlot(score))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for plot in self.plots:
            layout.addWidget(plot)
        self.run_path = ""
        self.generation = 0
        self.data: dict = {}
        self.marked_step: int | None = None

    def set_run(self, curves, snapshot_steps: list[int]) -> None:
        if curves.path != self.run_path:  # another run: its axes fit it afresh
            self.run_path = curves.path
            self.generation += 1
        self.data = {
            "train_loss": (curves.steps, curves.train_loss),
            "dev_loss": (curves.eval_steps, curves.dev_loss),
            "bleu": (curves.eval_steps, curves.bleu),
            "snapshots": (snapshot_steps, [0.0] * len(snapshot_steps)),
        }
        self._show()

    def mark(self, step: int | None) -> None:
        self.marked_step = step
        self._show()

    def _show(self) -> None:
        if self.data:
            for plot in self.plots:
                plot.show_data(self.data, self.marked_step, self.generation)


class ReplayPanel(QWidget):
    run_opened = Signal(str)

    def __init__(self, service, parent=None):
        super().__init__(parent)
        self.service = service  # InspectionService
        self.controls_source = None  # DecodeControls of the Translate tab (set by the window)
        self.run_dir = ""
        self.snapshots: list = []
        self.shown_step: int | None = None
        self.runs = RunChooser()
        self.sentence = QLineEdit()
        self.sentence.setPlaceholderText(tr("A sentence of your own, translated at each point of the run"))
        self.sentence.setClearButtonEnabled(True)
        style = self.style()
        self.play_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay), tr("Play"))
        self.play_button.setToolTip(tr("Step through the snapshots: watch the alignment emerge"))
        self.slider = JumpSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.setToolTip(tr("Which snapshot of the run translates the sentence"))
        self.position = QLabel(tr("no snapshot"))
        self.position.setMinimumWidth(260)
        self.output = QLabel(tr("Choose a run that has snapshots (every run trained by this version keeps them)."))
        self.output.setWordWrap(True)
        self.output.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.output.font()
        font.setPointSize(font.pointSize() + 3)
        self.output.setFont(font)
        self.attention = AttentionView(self, title=tr("Attention at this snapshot"))
        self.attention.show_message(
            tr("Choose a run and type a sentence:\nits attention at each snapshot appears here.")
        )
        self.curves = RunCurves()

        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Run")))
        top.addWidget(self.runs, 2)
        top.addWidget(QLabel(tr("Sentence")))
        top.addWidget(self.sentence, 3)
        nav = QHBoxLayout()
        nav.addWidget(self.play_button)
        nav.addWidget(self.slider, 1)
        nav.addWidget(self.position)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.attention)
        splitter.addWidget(self.curves)
        splitter.setSizes([700, 420])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(nav)
        layout.addWidget(self.output)
        layout.addWidget(splitter, 1)

        self._play_timer = QTimer(self)
        self._play_timer.setInterval(PLAY_INTERVAL_MS)
        self._play_timer.timeout.connect(self._advance)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.request)
        self.runs.changed.connect(self.open_run)
        self.slider.valueChanged.connect(self._on_slider)
        self.sentence.textEdited.connect(lambda _t: self._debounce.start())
        self.sentence.returnPressed.connect(self.request)
        self.play_button.clicked.connect(self.toggle_play)
        service.replayed.connect(self._on_replayed)
        service.runs_read.connect(self._on_curves)
        service.failed.connect(self._on_failed)

    # ------------------------------------------------------------------ choosing
    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self.run_dir:
            self.runs.refresh()
            if self.runs.path():
                self.open_run(self.runs.path())

    def runs_changed(self) -> None:
        """A run was trained in this session: the list offers it (the run shown stays shown)."""
        if self.run_dir or self.isVisible():
            self.runs.refresh()
            if not self.run_dir and self.runs.path():
                self.open_run(self.runs.path())
        # else: the list is filled when the tab is first shown

    def open_run(self, run_dir: str) -> None:
        from models.snapshots import list_snapshots

        self.stop_playing()
        self.run_dir = run_dir
        self.shown_step = None
        if not run_dir:
            return
        if self.runs.path() != run_dir:
            self.runs.refresh(select=run_dir)
        app_settings.add_recent_run(run_dir)
        self.snapshots = list_snapshots(run_dir)
        self._fill_slider(to_end=True)
        self.service.read_runs([run_dir], purpose=CURVES_PURPOSE)
        if not self.sentence.text().strip():
            self.sentence.setText(self._probe_of(run_dir))
        self.run_opened.emit(run_dir)
        self.request()

    @staticmethod
    def _probe_of(run_dir: str) -> str:
        from models.checkpoint import read_meta
        from models.errors import StudioError

        try:
            train = read_meta(Path(run_dir) / "last.s2s").get("train_config") or {}
        except StudioError:
            return ""
        probe = train.get("probe_sentence") if isinstance(train, dict) else ""
        return probe if isinstance(probe, str) else ""

    def snapshots_changed(self, run_dir: str) -> None:
        """A run wrote a snapshot: if it is the one shown, the slider grows (and follows the
        newest snapshot when it was at the end)."""
        from models.snapshots import list_snapshots

        if not self.run_dir:  # nothing chosen yet: the run in training is the one to show
            self.runs.refresh(select=run_dir)
            self.open_run(run_dir)
            return
        if Path(run_dir) != Path(self.run_dir):
            return
        at_end = self.slider.value() == self.slider.maximum()
        self.snapshots = list_snapshots(run_dir)
        self._fill_slider(to_end=at_end and not self._play_timer.isActive())
        self.service.read_runs([run_dir], purpose=CURVES_PURPOSE)
        index = self.slider.value()
        if self.snapshots and self.snapshots[index].step != self.shown_step:
            self._on_slider(index)  # the newest snapshot is shown as it arrives

    def _fill_slider(self, to_end: bool) -> None:
        current = self.shown_step
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(0, len(self.snapshots) - 1))
        steps = [s.step for s in self.snapshots]
        if to_end or current not in steps:
            self.slider.setValue(self.slider.maximum())
        else:
            self.slider.setValue(steps.index(current))
        self.slider.blockSignals(False)
        self.slider.setEnabled(len(self.snapshots) > 1)
        self.play_button.setEnabled(len(self.snapshots) > 1)
        if not self.snapshots:
            self.position.setText(tr("no snapshots"))
            self.attention.show_message(tr("This run has no snapshots yet: they are written at each evaluation."))
            self.output.setText("")
        else:
            self._describe(self.snapshots[self.slider.value()])

    def _describe(self, info) -> None:
        minutes, seconds = divmod(int(info.seconds), 60)
        self.position.setText(tr("snapshot {value} of {count} · step {step:,} · {minutes}:{seconds:02d} · BLEU {bleu:.1f}").format(value=self.slider.value() + 1, count=len(self.snapshots), step=info.step, minutes=minutes, seconds=seconds, bleu=info.bleu))  # fmt: skip

    # ------------------------------------------------------------------ replaying
    def _on_slider(self, index: int) -> None:
        if 0 <= index < len(self.snapshots):
            self._describe(self.snapshots[index])
            self.curves.mark(self.snapshots[index].step)
            self.request()

    def request(self) -> None:
        text = self.sentence.text().strip()
        index = self.slider.value()
        if not (self.run_dir and text and 0 <= index < len(self.snapshots)):
            return
        config = self.controls_source.config() if self.controls_source is not None else None
        if config is not None and config.method == "beam":
            config.nbest = 1
        self.service.replay(self.run_dir, self.snapshots[index].step, text, config)

    def _on_replayed(self, reply) -> None:
        if Path(reply.run_dir) != Path(self.run_dir or "."):
            return
        t = reply.translation
        self.shown_step = reply.step
        self.output.setText(tr("<b>{value}</b> &nbsp; <span style='color:#666'>log P {log_prob:.2f} · at step {step:,}</span>").format(value=content(t.text) if t.text else tr('(empty)'), log_prob=t.best.log_prob, step=reply.step))  # fmt: skip
        self.attention.set_attention(t.best.attention, t.source_pieces, t.best.pieces,
                                     title=tr("Step {step:,}: {text}").format(step=reply.step, text=t.text))  # fmt: skip
        self.curves.mark(reply.step)
        if [s.step for s in reply.snapshots] != [s.step for s in self.snapshots]:
            self.snapshots_changed(reply.run_dir)  # thinned or grown since the slider was filled

    def _on_curves(self, reply) -> None:
        if reply.purpose != CURVES_PURPOSE:
            return
        for curves in reply.runs:
            if Path(curves.path) == Path(self.run_dir or "."):
                self.curves.set_run(curves, [s.step for s in self.snapshots])
                self.curves.mark(self.shown_step)

    def _on_failed(self, purpose: str, message: str) -> None:
        if purpose == "replay":
            self.output.setText(f"<span style='color:#b00020'>{message[0].upper() + message[1:]}</span>")
            if "is gone" in message and self.run_dir:
                self.snapshots_changed(self.run_dir)

    # ------------------------------------------------------------------ playing
    def toggle_play(self) -> None:
        if self._play_timer.isActive():
            self.stop_playing()
            return
        if self.slider.value() >= self.slider.maximum():
            self.slider.setValue(0)
        self._play_timer.start()
        self.play_button.setText(tr("Pause"))
        self.play_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPause))

    def _advance(self) -> None:
        if self.slider.value() >= self.slider.maximum():
            self.stop_playing()
            return
        self.slider.setValue(self.slider.value() + 1)

    def stop_playing(self) -> None:
        self._play_timer.stop()
        self.play_button.setText(tr("Play"))
        self.play_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
