"""Runs: the training curves of several runs on the same axes (train loss, dev BLEU and chrF,
tokens/s), by step or by training time, each run named by its key settings in the legend."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from app import settings as app_settings
from app.i18n import QT_TR_NOOP, tr
from app.panels.first_show import FillOnFirstShow
from app.panels.model_choice import choose_run_folder, known_runs
from app.views.canvas import FigureCanvas

COLOURS = ("#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac")
X_AXES = ((QT_TR_NOOP("Training step"), "step"), (QT_TR_NOOP("Training time (minutes)"), "minutes"))


class OverlayCanvas(FigureCanvas):
    """Four axes; each run has one line on each, created when the run is first shown."""

    def __init__(self, parent=None):
        super().__init__(7.0, 5.0, parent)
        grid = self.figure.subplots(2, 2)
        self.axes = {"loss": grid[0][0], "bleu": grid[0][1], "chrf": grid[1][0], "speed": grid[1][1]}
        titles = {
            "loss": tr("train loss"),
            "bleu": tr("dev BLEU"),
            "chrf": tr("dev chrF"),
            "speed": tr("target tokens / s"),
        }
        for key, axes in self.axes.items():
            axes.set_title(titles[key], fontsize=9)
            axes.tick_params(labelsize=7)
            axes.grid(alpha=0.3)
        self.lines: dict[str, dict[str, object]] = {}  # run path -> series -> line
        self.empty = self.axes["loss"].text(0.5, 0.5, tr("Tick runs in the list to overlay them."), ha="center",
                                            va="center", transform=self.axes["loss"].transAxes, color="#777")  # fmt: skip

    def show_runs(self, runs: list, x_axis: str) -> None:
        shown = {run.path for run in runs}
        for path, lines in self.lines.items():
            for line in lines.values():
                line.set_visible(path in shown)
        for run in runs:
            lines = self.lines.get(run.path)
            if lines is None:
                colour = COLOURS[len(self.lines) % len(COLOURS)]
                lines = {key: axes.plot([], [], "o-" if key in ("bleu", "chrf") else "-", color=colour, lw=1.2,
                                        ms=3)[0] for key, axes in self.axes.items()}  # fmt: skip
                self.lines[run.path] = lines
            by_time = x_axis == "minutes"
            step_x = [s / 60 for s in run.step_seconds] if by_time else run.steps
            eval_x = [s / 60 for s in run.eval_seconds] if by_time else run.eval_steps
            lines["loss"].set_data(step_x, run.train_loss)
            lines["speed"].set_data(step_x, run.tokens_per_s)
            lines["bleu"].set_data(eval_x, run.bleu)
            lines["chrf"].set_data(eval_x, run.chrf)
            lines["loss"].set_label(run.label_in(tr))
            for line in lines.values():
                line.set_visible(True)
        for key, axes in self.axes.items():
            axes.relim(visible_only=True)
            axes.autoscale_view()
            axes.set_xlabel(tr("training time (minutes)") if x_axis == "minutes" else tr("step"), fontsize=8)
            if key in ("bleu", "chrf"):
                axes.set_ylim(bottom=0)
        for old in list(self.figure.legends):
            old.remove()
        handles = [self.lines[run.path]["loss"] for run in runs]
        if handles:  # below the plots, one run per line: the constrained layout makes room for it
            self.figure.legend(handles=handles, labels=[h.get_label() for h in handles],
                               loc="outside lower center", fontsize=7, ncol=1, frameon=False)  # fmt: skip
        self.empty.set_visible(not runs)
        self.draw_idle()


class RunsPanel(FillOnFirstShow, QWidget):
    def __init__(self, service, parent=None):
        super().__init__(parent)
        self.service = service  # InspectionService
        self.runs: list = []
        self.list = QListWidget()
        self.list.setToolTip(tr("Tick the runs to overlay; the newest runs of the app's runs folder are listed"))
        add = QPushButton(tr("Add run folder…"))
        refresh = QPushButton(tr("Refresh"))
        refresh.setToolTip(tr("Read the runs again (a run in training adds points at each evaluation)"))
        self.x_axis = QComboBox()
        for label, value in X_AXES:
            self.x_axis.addItem(tr(label), value)
        self.problems = QLabel("")
        self.problems.setWordWrap(True)
        self.canvas = OverlayCanvas()
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(QLabel(tr("Runs")))
        side_layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(refresh)
        side_layout.addLayout(buttons)
        side_layout.addWidget(QLabel(tr("x axis")))
        side_layout.addWidget(self.x_axis)
        side_layout.addWidget(self.problems)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(side)
        splitter.addWidget(self.canvas)
        splitter.setSizes([300, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        add.clicked.connect(self._add)
        refresh.clicked.connect(self.reload)
        self.list.itemChanged.connect(lambda _item: self.reload())
        self.x_axis.currentIndexChanged.connect(lambda _i: self._draw())
        service.runs_read.connect(self._on_runs)
        service.failed.connect(self._on_failed)

    def fill_once(self) -> None:
        self.fill()

    def fill(self, checked: set[str] | None = None) -> None:
        """List the known runs; the newest two start ticked."""
        previous = checked if checked is not None else set(self.checked())
        self.list.blockSignals(True)
        self.list.clear()
        for n, run in enumerate(known_runs()):
            item = QListWidgetItem(Path(run).name)
            item.setData(Qt.ItemDataRole.UserRole, run)
            item.setToolTip(run)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            tick = run in previous if previous else n < 2
            item.setCheckState(Qt.CheckState.Checked if tick else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        if self.list.count() == 0:
            self.problems.setText(tr("No runs yet: train a model in the Train tab, or add a run folder."))
        self.reload()

    def checked(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]  # fmt: skip

    def reload(self) -> None:
        self.service.read_runs(self.checked(), purpose="runs")

    def run_updated(self, run_dir: str) -> None:
        """A run saved a checkpoint: re-read if it is shown (or list it if it is new)."""
        if not self._filled:
            return
        listed = [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]
        if run_dir not in listed:
            self.fill(set(self.checked()) | {run_dir})
        elif run_dir in self.checked():
            self.reload()

    def _add(self) -> None:
        path = choose_run_folder(self)
        if path:
            app_settings.add_recent_run(path)
            self.fill(set(self.checked()) | {path})

    def _on_runs(self, reply) -> None:
        if reply.purpose != "runs":
            return
        self.runs = reply.runs
        self.problems.setText("<br>".join(reply.problems))
        self._draw()

    def _draw(self) -> None:
        self.canvas.show_runs(self.runs, self.x_axis.currentData())

    def _on_failed(self, purpose: str, message: str) -> None:
        if purpose == "runs":
            self.problems.setText(message)
