"""Scores → softmax for one decoding step, as two bar charts over the source positions.

Drawn in the render thread: every step the user picks is a full draw of both axes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.views.figure_renderer import FigureScene, RenderedFigure
from app.views.heatmap_canvas import display_piece

SCORE_COLOUR, WEIGHT_COLOUR, PAD_COLOUR = "#4c78a8", "#f58518", "#bbbbbb"


@dataclass(frozen=True)
class StepBars:
    """One step's numbers: S source positions (padded), scores −inf at padding."""

    pieces: tuple[str, ...]
    scores: np.ndarray  # (S,)
    weights: np.ndarray  # (S,)
    mask: np.ndarray  # (S,) True at real positions
    title: str


class ScoreBarsScene(FigureScene):
    def __init__(self):
        super().__init__(4.0, 3.2)
        self.figure.subplots_adjust(left=0.12, right=0.98, top=0.9, bottom=0.2, hspace=0.55)
        self.score_axes = self.figure.add_subplot(2, 1, 1)
        self.weight_axes = self.figure.add_subplot(2, 1, 2, sharex=self.score_axes)

    def apply(self, data: StepBars) -> bool:
        for axes in (self.score_axes, self.weight_axes):
            axes.cla()
            axes.tick_params(labelsize=7)
            axes.grid(axis="y", alpha=0.3)
        if not data.pieces:  # nothing to chart: the title says why
            self.score_axes.text(0.5, 0.5, data.title, ha="center", va="center", transform=self.score_axes.transAxes,
                                 fontsize=9, color="#777", wrap=True)  # fmt: skip
            self.figure.suptitle("")
            return True
        positions = np.arange(len(data.pieces))
        real = data.mask.astype(bool)
        scores = np.where(real, data.scores, 0.0)
        self.score_axes.bar(positions[real], scores[real], color=SCORE_COLOUR)
        self.score_axes.axhline(0, color="#555", lw=0.8)
        along_x = self.score_axes.get_xaxis_transform()  # x in data, y in axes fractions
        for position in positions[~real]:  # padding: no bar, its score is −∞
            self.score_axes.axvspan(position - 0.45, position + 0.45, color=PAD_COLOUR, alpha=0.5, lw=0)
            self.score_axes.text(position, 0.04, "−∞", ha="center", va="bottom", fontsize=8, color="#333",
                                 transform=along_x)  # fmt: skip
        self.score_axes.set_title("1 · raw scores  score(q, hⱼ)", fontsize=9)
        self.weight_axes.bar(positions, data.weights, color=np.where(real, WEIGHT_COLOUR, PAD_COLOUR))
        self.weight_axes.set_ylim(0, 1.0)
        self.weight_axes.set_title("2 · softmax: weights αⱼ (sum to 1; padding gets 0)", fontsize=9)
        self.weight_axes.set_xticks(positions, [display_piece(p) for p in data.pieces], rotation=45, ha="right",
                                    fontsize=8)  # fmt: skip
        self.figure.suptitle(data.title, fontsize=9)
        return True


class ScoreBars(RenderedFigure):
    def __init__(self, parent=None):
        super().__init__(ScoreBarsScene(), parent)

    def show_step(self, bars: StepBars) -> None:
        self.submit(bars)

    def show_message(self, text: str) -> None:
        empty = np.zeros(0)
        self.submit(StepBars((), empty, empty, empty, text))
