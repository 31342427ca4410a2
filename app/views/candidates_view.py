"""Bar chart of the top-k candidates at one decoding step; click a bar to try that piece."""

from __future__ import annotations

from PySide6.QtCore import Signal

from app.i18n import tr
from app.views.canvas import FigureCanvas
from app.views.heatmap_canvas import display_piece

CHOSEN, OTHER, FORCED = "#f58518", "#4c78a8", "#e45756"


class CandidatesCanvas(FigureCanvas):
    candidate_clicked = Signal(int)  # index into the current candidates

    def __init__(self, slots: int = 8, parent=None):
        super().__init__(4.5, 3.2, parent)
        self.slots = slots
        self.axes = self.figure.add_subplot(1, 1, 1)
        self.bars = self.axes.barh(range(slots), [0.0] * slots, color=OTHER)
        self.labels = [self.axes.text(0, i, "", va="center", fontsize=8) for i in range(slots)]
        self.axes.set_xlim(0, 1.08)
        self.axes.set_ylim(slots - 0.5, -0.5)
        self.axes.set_xlabel(tr("probability p(piece | source, pieces so far)"))
        self.axes.set_title(tr("Candidates at this step"), fontsize=10)
        self.candidates = []
        self.mpl_connect("button_press_event", self._on_click)

    def set_step(self, step) -> None:
        """step: models.translator.DecodingStep, or None to clear."""
        self.candidates = list(step.candidates[: self.slots]) if step is not None else []
        names = []
        for i, bar in enumerate(self.bars):
            shown = i < len(self.candidates)
            bar.set_visible(shown)
            self.labels[i].set_visible(shown)
            if shown:
                c = self.candidates[i]
                chosen = c.token_id == step.chosen_id
                bar.set_width(c.probability)
                bar.set_color(FORCED if chosen and step.forced else CHOSEN if chosen else OTHER)
                self.labels[i].set_text(f" {c.probability:.3f}")
                self.labels[i].set_x(c.probability)
                names.append(display_piece(c.piece))
        # As many rows as candidates: no empty slots when the vocabulary offers fewer than `slots`.
        rows = max(1, len(self.candidates))
        self.axes.set_ylim(rows - 0.5, -0.5)
        self.axes.set_yticks(range(len(names)), names)
        if step is not None:
            how = tr("forced by you") if step.forced else tr("chosen")
            self.axes.set_title(
                tr("Step {step}: '{chosen}' {how} (orange)").format(
                    step=step.step + 1, chosen=display_piece(step.chosen), how=how
                ),
                fontsize=10,
            )
        else:
            self.axes.set_title(tr("Candidates at this step"), fontsize=10)
        self.draw_idle()

    def _on_click(self, event) -> None:
        """A click on a bar or on its word (the tick label left of the axes) tries that piece."""
        if event.x is None or not self.candidates:
            return
        box = self.axes.bbox
        if not (box.y0 <= event.y <= box.y1 and event.x <= box.x1):
            return
        _, y = self.axes.transData.inverted().transform((event.x, event.y))
        index = int(round(y))
        if 0 <= index < len(self.candidates):
            self.candidate_clicked.emit(index)
