"""Sentence-length histogram of a corpus (source and target, in words)."""

from __future__ import annotations

import numpy as np

from app.views.canvas import FigureCanvas


class LengthHistogram(FigureCanvas):
    def __init__(self, parent=None):
        super().__init__(4.0, 2.2, parent)
        self.setMinimumHeight(140)
        self.axes = self.figure.add_subplot(1, 1, 1)
        self.axes.set_xlabel("length in words", fontsize=8)
        self.axes.set_ylabel("pairs", fontsize=8)
        self.axes.tick_params(labelsize=7)

    def set_histograms(self, source: list[int], target: list[int]) -> None:
        self.axes.cla()
        width = 0.4
        xs = np.arange(1, max(len(source), len(target)) + 1)
        src = np.pad(np.asarray(source, dtype=float), (0, len(xs) - len(source)))
        tgt = np.pad(np.asarray(target, dtype=float), (0, len(xs) - len(target)))
        self.axes.bar(xs - width / 2, src, width, label="source", color="#4c78a8")
        self.axes.bar(xs + width / 2, tgt, width, label="target", color="#f58518")
        self.axes.set_xlabel("length in words", fontsize=8)
        self.axes.set_ylabel("pairs", fontsize=8)
        self.axes.tick_params(labelsize=7)
        self.axes.legend(fontsize=7)
        self.draw_idle()
