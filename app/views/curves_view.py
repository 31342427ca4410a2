"""Training curves: train/dev loss, dev BLEU/chrF, learning rate, tokens/s.

Lines are created once; new points only mark the figure dirty, and one single-shot timer
redraws at most a few times a second (no timer runs while nothing changes).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer

from app.views.canvas import FigureCanvas

REDRAW_MS = 400


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
        for ax, title in ((self.loss_ax, "loss (cross-entropy per token)"), (self.score_ax, "dev scores"),
                          (self.lr_ax, "learning rate"), (self.speed_ax, "target tokens / s")):  # fmt: skip
            ax.set_title(title, fontsize=9)
            ax.tick_params(labelsize=7)
            ax.grid(alpha=0.3)
        self.lr_ax.set_xlabel("step", fontsize=8)
        self.speed_ax.set_xlabel("step", fontsize=8)
        self.loss_ax.legend(fontsize=7, loc="upper right")
        self.score_ax.legend(fontsize=7, loc="lower right")
        self.empty_note = self.loss_ax.text(0.5, 0.5, "Curves appear when training starts.", ha="center",
                                            va="center", transform=self.loss_ax.transAxes, fontsize=8, color="#777")  # fmt: skip
        self.clear()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self._redraw)

    def clear(self) -> None:
        self.data = {name: ([], []) for name in ("train_loss", "dev_loss", "bleu", "chrf", "lr", "speed")}
        self._apply()
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
            self.add_evaluation(e["step"], e["dev_loss"], e["bleu"], e["chrf"])
        self._redraw()

    def _append(self, name: str, x: float, y: float) -> None:
        xs, ys = self.data[name]
        xs.append(x)
        ys.append(y)

    def _schedule(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def _apply(self) -> None:
        for name, line in (("train_loss", self.train_loss), ("dev_loss", self.dev_loss), ("bleu", self.bleu),
                           ("chrf", self.chrf), ("lr", self.lr), ("speed", self.speed)):  # fmt: skip
            line.set_data(*self.data[name])
        for ax in (self.loss_ax, self.score_ax, self.lr_ax, self.speed_ax):
            if ax.lines[0].get_xdata() is not None and len(ax.lines[0].get_xdata()):
                ax.relim()
                ax.autoscale_view()
            else:  # nothing yet: tidy empty axes instead of matplotlib's ±0.05
                ax.set_xlim(0, 100)
                ax.set_ylim(0, 1)

    def _redraw(self) -> None:
        self.empty_note.set_visible(not self.data["train_loss"][0])
        self._apply()
        self.draw_idle()
