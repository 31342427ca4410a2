"""Training curves: train/dev loss, dev BLEU/chrF, learning rate, tokens/s.

Each plot is its own LivePlot, drawn in the render thread, so the GUI thread only paints
images. New points mark the view dirty and one single-shot timer sends them at most a few times
a second (no timer runs while nothing changes).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QGridLayout, QWidget

from app.i18n import tr
from app.views.live_plot import LivePlot, PlotScene

REDRAW_MS = 400
SERIES = ("train_loss", "dev_loss", "bleu", "chrf", "aer", "lr", "speed")


class CurvesCanvas(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        loss = PlotScene(tr("loss (cross-entropy per token)"), note=tr("Curves appear when training starts."))
        scores = PlotScene(tr("dev scores"), fixed_y=(0, 100))
        lr = PlotScene(tr("learning rate"), tr("step"), sci=True)
        speed = PlotScene(tr("target tokens / s"), tr("step"))
        loss.add_line("train_loss", color="#4c78a8", lw=1.0, label=tr("train"))
        loss.add_line("dev_loss", "o-", color="#f58518", ms=3, lw=1.2, label=tr("dev"))
        scores.add_line("bleu", "o-", color="#54a24b", ms=3, label="BLEU")
        scores.add_line("chrf", "s-", color="#b279a2", ms=3, label="chrF")
        # Lower is better: the attention's alignment error rate, on built-in corpora (models/alignment.py).
        scores.add_line("aer", "^-", color="#e45756", ms=3, lw=1.0, label=tr("AER %"))
        lr.add_line("lr", color="#72b7b2")
        speed.add_line("speed", color="#9d755d", lw=1.0)
        loss.axes.legend(fontsize=7, loc="upper right")
        # Above the axes, in one row: inside, it covered the curves' ends (AER ends low at the right,
        # BLEU and chrF high); the title moves left to make room.
        scores.axes.set_title("", loc="center")
        scores.axes.set_title(tr("dev scores"), fontsize=9, loc="left")
        scores.axes.legend(fontsize=6.5, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=3, frameon=False,
                           borderaxespad=0.1, handlelength=1.4, handletextpad=0.4, columnspacing=0.8)  # fmt: skip
        self.plots = tuple(LivePlot(scene) for scene in (loss, scores, lr, speed))
        self.loss_plot, self.score_plot, self.lr_plot, self.speed_plot = self.plots
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(2)
        for i, plot in enumerate(self.plots):
            grid.addWidget(plot, i // 2, i % 2)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self._update)
        self.generation = 0
        self.clear()

    # ------------------------------------------------------------------ data
    def clear(self) -> None:
        self.data = {name: ([], []) for name in SERIES}
        self.generation += 1  # the axes fit the next curves afresh
        self._update()

    def add_steps(self, steps) -> None:
        for s in steps:
            self._append("train_loss", s.step, s.loss)
            self._append("lr", s.step, s.learning_rate)
            self._append("speed", s.step, s.tokens_per_s)
        self._schedule()

    def add_evaluation(self, step: int, dev_loss: float, bleu: float, chrf: float, aer: float | None = None) -> None:
        """`aer` is a fraction (0–1), drawn as a percentage beside the scores."""
        self._append("dev_loss", step, dev_loss)
        self._append("bleu", step, bleu)
        self._append("chrf", step, chrf)
        if aer is not None:
            self._append("aer", step, 100 * aer)
        self._schedule()

    def set_history(self, history: dict) -> None:
        """Curves of a saved model: its checkpoint's history (as stored, any version)."""
        from models.training.history import RunHistory

        self.data = {name: ([], []) for name in SERIES}
        self.generation += 1
        record = RunHistory.read(history)
        for s in record.steps:
            self._append("train_loss", s.step, s.loss)
            self._append("lr", s.step, s.learning_rate)
            self._append("speed", s.step, s.tokens_per_s)
        for e in record.evaluations:
            self._append("dev_loss", e.step, e.dev_loss)
            self._append("bleu", e.step, e.bleu)
            self._append("chrf", e.step, e.chrf)
            if e.aer is not None:
                self._append("aer", e.step, 100 * e.aer)
        self._update()

    def _append(self, name: str, x: float, y: float) -> None:
        xs, ys = self.data[name]
        xs.append(x)
        ys.append(y)

    def _schedule(self) -> None:
        if not self._timer.isActive():
            self._timer.start(REDRAW_MS)

    def _update(self) -> None:
        for plot in self.plots:
            plot.show_data(self.data, generation=self.generation)

    def is_current(self) -> bool:
        """Every plot on screen shows the newest points."""
        return not self._timer.isActive() and all(plot.is_current() for plot in self.plots)
