"""Training curves: train/dev loss, dev BLEU/chrF, learning rate, tokens/s.

Artists are created once. New points mark the figure dirty and one single-shot timer updates
it at most a few times a second (no timer runs while nothing changes). Most updates only blit
the lines onto a saved background; the whole figure is redrawn only when a line outgrows its
axes, whose limits then grow with headroom, so full redraws are rare during a run.
"""

from __future__ import annotations

from matplotlib.ticker import MaxNLocator
from PySide6.QtCore import QTimer

from app.views.canvas import FigureCanvas

REDRAW_MS = 400
SERIES = ("train_loss", "dev_loss", "bleu", "chrf", "lr", "speed")


class CurvesCanvas(FigureCanvas):
    def __init__(self, parent=None):
        super().__init__(6.0, 4.2, parent)
        axes = self.figure.subplots(2, 2)
        self.loss_ax, self.score_ax, self.lr_ax, self.speed_ax = axes[0, 0], axes[0, 1], axes[1, 0], axes[1, 1]
        (self.train_loss,) = self.loss_ax.plot([], [], color="#4c78a8", lw=1.0, label="train")
        (self.dev_loss,) = self.loss_ax.plot([], [], "o-", color="#f58518", ms=3, lw=1.2, label="dev")
        (self.bleu,) = self.score_ax.plot([], [], "o-", color="#54a24b", ms=3, label="BLEU")
        (self.chrf,) = self.score_ax.plot([], [], "s-", color="#b279a2", ms=3, label="chrF")
        (self.lr,) = self.lr_ax.plot([], [], color="#72b7b2")
        (self.speed,) = self.speed_ax.plot([], [], color="#9d755d", lw=1.0)
        self.lines = {"train_loss": self.train_loss, "dev_loss": self.dev_loss, "bleu": self.bleu, "chrf": self.chrf,
                      "lr": self.lr, "speed": self.speed}  # fmt: skip
        for ax, title in ((self.loss_ax, "loss (cross-entropy per token)"), (self.score_ax, "dev scores"),
                          (self.lr_ax, "learning rate"), (self.speed_ax, "target tokens / s")):  # fmt: skip
            ax.set_title(title, fontsize=9)
            ax.tick_params(labelsize=7)
            ax.grid(alpha=0.3)
            ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
            ax.yaxis.set_major_locator(MaxNLocator(4))
        self.lr_ax.ticklabel_format(axis="y", style="sci", scilimits=(0, 0))  # short labels: the layout is fixed
        for line in self.lines.values():
            line.set_animated(True)  # drawn by blitting, over a cached background
        self.lr_ax.set_xlabel("step", fontsize=8)
        self.speed_ax.set_xlabel("step", fontsize=8)
        self.loss_ax.legend(fontsize=7, loc="upper right")
        self.score_ax.legend(fontsize=7, loc="lower right")
        self.empty_note = self.loss_ax.text(0.5, 0.5, "Curves appear when training starts.", ha="center",
                                            va="center", transform=self.loss_ax.transAxes, fontsize=8, color="#777")  # fmt: skip
        self._background = None
        self._layout_done = False
        self.mpl_connect("draw_event", self._on_draw)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self._update)
        self.clear()

    # ------------------------------------------------------------------ data
    def clear(self) -> None:
        self.data = {name: ([], []) for name in SERIES}
        for line in self.lines.values():
            line.set_data([], [])
        for ax in (self.loss_ax, self.score_ax, self.lr_ax, self.speed_ax):
            ax.set_xlim(0, 100)
            ax.set_ylim(0, 1)
        self.score_ax.set_ylim(0, 100)
        self.empty_note.set_visible(True)
        self.draw_idle()

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
            self._timer.start()

    # ------------------------------------------------------------------ drawing
    def _update(self) -> None:
        for name, line in self.lines.items():
            line.set_data(*self.data[name])
        self.empty_note.set_visible(not self.data["train_loss"][0])
        if self._grow_limits() or self._background is None:
            self.draw_idle()  # full redraw; _on_draw caches the new background
        else:
            self._blit()

    def _grow_limits(self) -> bool:
        """Widen an axis (x doubles, y gets 20% headroom) only when a line leaves it."""
        changed = False
        groups = ((self.loss_ax, ("train_loss", "dev_loss")), (self.score_ax, ("bleu", "chrf")),
                  (self.lr_ax, ("lr",)), (self.speed_ax, ("speed",)))  # fmt: skip
        for ax, names in groups:
            xs = [x for n in names for x in self.data[n][0]]
            ys = [y for n in names for y in self.data[n][1]]
            if not xs:
                continue
            x_low, x_high = ax.get_xlim()
            if max(xs) > x_high:
                ax.set_xlim(0, max(100, 2 ** (max(xs) - 1).bit_length() if max(xs) > 1 else 100))
                changed = True
            y_low, y_high = ax.get_ylim()
            top, bottom = max(ys), min(0.0, min(ys))
            if top > y_high or bottom < y_low or (ax is not self.score_ax and top < 0.3 * y_high):
                ax.set_ylim(bottom, top * 1.2 if top > 0 else 1.0)
                changed = True
        return changed

    def _on_draw(self, _event) -> None:
        if not self._layout_done and self.figure.get_layout_engine() is not None:
            # Lay out once, then keep the positions: constrained layout costs half of each draw.
            self._layout_done = True
            self.figure.set_layout_engine("none")
        self._background = self.copy_from_bbox(self.figure.bbox)
        for line in self.lines.values():
            line.axes.draw_artist(line)
        self.blit(self.figure.bbox)

    def _blit(self) -> None:
        self.restore_region(self._background)
        for line in self.lines.values():
            line.axes.draw_artist(line)
        self.blit(self.figure.bbox)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._background = None
        super().resizeEvent(event)
