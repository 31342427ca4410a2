"""Training curves: train/dev loss, dev BLEU/chrF, learning rate, tokens/s.

Each plot is its own small canvas, so a redraw costs one axes, not four. Artists are created
once. New points mark the view dirty and one single-shot timer updates it at most a few times a
second (no timer runs while nothing changes). Most updates only blit the lines onto a cached
background; a plot is redrawn in full only when a line outgrows its axes, whose limits then
grow with headroom, so full redraws are rare during a run.
"""

from __future__ import annotations

from matplotlib.ticker import MaxNLocator
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QGridLayout, QWidget

from app.views.canvas import FigureCanvas

REDRAW_MS = 400
MAX_DRAWN_POINTS = 4000  # a longer series is drawn every n-th point (the axes are ~400 px wide)


def thinned(xs: list, ys: list) -> tuple[list, list]:
    """Every n-th point of a long series, and always its last, so drawing stays cheap."""
    every = len(xs) // MAX_DRAWN_POINTS + 1
    if every == 1:
        return xs, ys
    return xs[::every] + xs[-1:], ys[::every] + ys[-1:]


SERIES = ("train_loss", "dev_loss", "bleu", "chrf", "lr", "speed")


class _Plot(FigureCanvas):
    """One axes whose lines are blitted; `fixed_y` keeps the y range (scores are 0–100)."""

    def __init__(self, title: str, xlabel: str = "", fixed_y: tuple[float, float] | None = None, sci: bool = False):
        super().__init__(3.0, 2.1, layout=None)
        self.figure.subplots_adjust(left=0.17, right=0.97, bottom=0.26 if xlabel else 0.14, top=0.86)
        self.axes = self.figure.add_subplot(1, 1, 1)
        self.axes.set_title(title, fontsize=9, loc="right" if sci else "center")  # clear of the ×10ⁿ label
        self.axes.tick_params(labelsize=7)
        self.axes.grid(alpha=0.3)
        self.axes.xaxis.set_major_locator(MaxNLocator(5, integer=True))
        self.axes.yaxis.set_major_locator(MaxNLocator(4))
        if sci:
            self.axes.ticklabel_format(axis="y", style="sci", scilimits=(0, 0))
        if xlabel:
            self.axes.set_xlabel(xlabel, fontsize=8)
        self.fixed_y = fixed_y
        self.series: dict[str, object] = {}
        self._background = None
        self.mpl_connect("draw_event", self._on_draw)
        self.reset_limits()

    def add_line(self, name: str, *args, **kwargs):
        (line,) = self.axes.plot([], [], *args, **kwargs)
        line.set_animated(True)  # drawn by blitting, over the cached background
        self.series[name] = line
        return line

    def reset_limits(self) -> None:
        self._extent: tuple[float, float, float] | None = None  # max x, min y, max y of all points
        self._scanned: dict[str, int] = {}  # points of each series already in the extent
        self.axes.set_xlim(0, 100)
        self.axes.set_ylim(*(self.fixed_y or (0, 1)))

    def update_lines(self, data: dict, allow_full: bool = True) -> str:
        """Show the new points: 'blit', 'full' (redraw scheduled) or 'deferred' (needs a full
        redraw, not allowed this turn; the lines wait)."""
        for name, line in self.series.items():
            line.set_data(*thinned(*data[name]))
        self._stale = self._grow_limits(data) or self._background is None or getattr(self, "_stale", False)
        if not self._stale:
            self._blit()
            return "blit"
        if not allow_full:
            return "deferred"
        self._stale = False
        self.draw_idle()  # full redraw; _on_draw caches the new background
        return "full"

    def _grow_limits(self, data: dict) -> bool:
        """Widen the axes (x doubles, y gets 20% headroom) only when a line leaves them. The
        extents are kept as running values over the points added since the last look, so a
        refresh costs the new points, not the whole history."""
        for name in self.series:
            xs, ys = data[name]
            seen = self._scanned.get(name, 0)
            if len(xs) < seen:  # cleared since
                seen = 0
                self._extent = None
            if len(xs) > seen:
                new = (max(xs[seen:]), min(ys[seen:]), max(ys[seen:]))
                old = self._extent or new
                self._extent = (max(old[0], new[0]), min(old[1], new[1]), max(old[2], new[2]))
            self._scanned[name] = len(xs)
        if self._extent is None:
            return False
        max_x, min_y, max_y = self._extent
        changed = False
        if max_x > self.axes.get_xlim()[1]:
            self.axes.set_xlim(0, max(100, 2 ** int(max_x - 1).bit_length()))
            changed = True
        if self.fixed_y is None:
            low, high = self.axes.get_ylim()
            top, bottom = max_y, min(0.0, min_y)
            if top > high or bottom < low or top < 0.3 * high:
                self.axes.set_ylim(bottom, top * 1.2 if top > 0 else 1.0)
                changed = True
        return changed

    def _on_draw(self, _event) -> None:
        # Runs inside the canvas's paint event: the lines go into the buffer that this paint event
        # shows. A blit here would repaint from within a repaint (Qt warns "Recursive repaint").
        self._background = self.copy_from_bbox(self.figure.bbox)
        for line in self.series.values():
            self.axes.draw_artist(line)

    def _blit(self) -> None:
        self.restore_region(self._background)
        for line in self.series.values():
            self.axes.draw_artist(line)
        self.blit(self.figure.bbox)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._background = None
        super().resizeEvent(event)


class CurvesCanvas(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.loss_plot = _Plot("loss (cross-entropy per token)")
        self.score_plot = _Plot("dev scores", fixed_y=(0, 100))
        self.lr_plot = _Plot("learning rate", "step", sci=True)
        self.speed_plot = _Plot("target tokens / s", "step")
        self.train_loss = self.loss_plot.add_line("train_loss", color="#4c78a8", lw=1.0, label="train")
        self.dev_loss = self.loss_plot.add_line("dev_loss", "o-", color="#f58518", ms=3, lw=1.2, label="dev")
        self.bleu = self.score_plot.add_line("bleu", "o-", color="#54a24b", ms=3, label="BLEU")
        self.chrf = self.score_plot.add_line("chrf", "s-", color="#b279a2", ms=3, label="chrF")
        self.lr = self.lr_plot.add_line("lr", color="#72b7b2")
        self.speed = self.speed_plot.add_line("speed", color="#9d755d", lw=1.0)
        self.loss_plot.axes.legend(fontsize=7, loc="upper right")
        self.score_plot.axes.legend(fontsize=7, loc="lower right")
        self.empty_note = self.loss_plot.axes.text(0.5, 0.5, "Curves appear when training starts.", ha="center",
                                                   va="center", transform=self.loss_plot.axes.transAxes, fontsize=8,
                                                   color="#777")  # fmt: skip
        self.plots = (self.loss_plot, self.score_plot, self.lr_plot, self.speed_plot)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(2)
        for i, plot in enumerate(self.plots):
            grid.addWidget(plot, i // 2, i % 2)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self._update)
        self.clear()

    # ------------------------------------------------------------------ data
    def clear(self) -> None:
        self.data = {name: ([], []) for name in SERIES}
        for plot in self.plots:
            plot.reset_limits()
            for line in plot.series.values():
                line.set_data([], [])
        self.empty_note.set_visible(True)
        for plot in self.plots:
            plot.draw_idle()

    def add_steps(self, steps) -> None:
        for s in steps:
            self._append("train_loss", s.step, s.loss)
            self._append("lr", s.step, s.learning_rate)
            self._append("speed", s.step, s.tokens_per_s)
        self._schedule()

    def add_evaluation(self, step: int, dev_loss: float, bleu: float, chrf: float) -> None:
        self._append("dev_loss", step, dev_loss)
        self._append("bleu", step, bleu)
        self._append("chrf", step, chrf)
        self._schedule()

    def set_history(self, history: dict) -> None:
        """Curves of a saved model: its checkpoint's history."""
        self.clear()
        for step, loss, lr, speed, _ in history.get("steps", []):
            self._append("train_loss", step, loss)
            self._append("lr", step, lr)
            self._append("speed", step, speed)
        for e in history.get("evaluations", []):
            self._append("dev_loss", e["step"], e["dev_loss"])
            self._append("bleu", e["step"], e["bleu"])
            self._append("chrf", e["step"], e["chrf"])
        self._update()

    def _append(self, name: str, x: float, y: float) -> None:
        xs, ys = self.data[name]
        xs.append(x)
        ys.append(y)

    def _schedule(self) -> None:
        if not self._timer.isActive():
            self._timer.start(REDRAW_MS)

    def _update(self) -> None:
        if self.empty_note.get_visible() and self.data["train_loss"][0]:
            self.empty_note.set_visible(False)
            self.loss_plot._background = None  # the note is part of the background: redraw once
        # At most one full redraw per turn of the event loop (each costs ~20 ms, and the three
        # step plots tend to outgrow their x axis together); the others follow shortly after.
        full_done, deferred = False, False
        for plot in self.plots:
            outcome = plot.update_lines(self.data, allow_full=not full_done)
            full_done |= outcome == "full"
            deferred |= outcome == "deferred"
        if deferred:
            self._timer.start(40)

    def export(self, path: str) -> None:
        self.loss_plot.figure.savefig(path, dpi=150)
