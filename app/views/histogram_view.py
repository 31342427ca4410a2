"""Sentence-length histogram of a corpus (source and target, in words or, for scripts written
without spaces, in characters)."""

from __future__ import annotations

import numpy as np

from app.i18n import QT_TR_NOOP, tr
from app.views.canvas import FigureCanvas

UNITS = (QT_TR_NOOP("words"), QT_TR_NOOP("characters"))  # the engine's length units (CorpusStats)


def length_label(src_unit: str, tgt_unit: str) -> str:
    src_unit, tgt_unit = tr(src_unit), tr(tgt_unit)
    if src_unit == tgt_unit:
        return tr("length in {src_unit}").format(src_unit=src_unit)
    return tr("length (source in {src_unit}, target in {tgt_unit})").format(src_unit=src_unit, tgt_unit=tgt_unit)


class LengthHistogram(FigureCanvas):
    def __init__(self, parent=None):
        super().__init__(4.0, 2.2, parent)
        self.setMinimumHeight(140)
        self.axes = self.figure.add_subplot(1, 1, 1)
        self._label_axes("words", "words")
        self.axes.text(0.5, 0.5, tr("The length histogram appears when the corpus is read."), ha="center",
                       va="center", transform=self.axes.transAxes, fontsize=8, color="#777")  # fmt: skip

    def _label_axes(self, src_unit: str, tgt_unit: str) -> None:
        self.axes.set_xlabel(length_label(src_unit, tgt_unit), fontsize=8)
        self.axes.set_ylabel(tr("pairs"), fontsize=8)
        self.axes.tick_params(labelsize=7)

    def clear(self, message: str = "") -> None:
        self.axes.cla()
        self._label_axes("words", "words")
        if message:
            self.axes.text(0.5, 0.5, message, ha="center", va="center", transform=self.axes.transAxes,
                           fontsize=8, color="#777")  # fmt: skip
        self.draw_idle()

    def set_histograms(self, source: list[int], target: list[int], src_unit="words", tgt_unit="words") -> None:
        self.axes.cla()
        width = 0.4
        xs = np.arange(1, max(len(source), len(target)) + 1)
        src = np.pad(np.asarray(source, dtype=float), (0, len(xs) - len(source)))
        tgt = np.pad(np.asarray(target, dtype=float), (0, len(xs) - len(target)))
        self.axes.bar(xs - width / 2, src, width, label=tr("source"), color="#4c78a8")
        self.axes.bar(xs + width / 2, tgt, width, label=tr("target"), color="#f58518")
        self._label_axes(src_unit, tgt_unit)
        self.axes.legend(fontsize=7)
        self.draw_idle()
