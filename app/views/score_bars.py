"""Scores → softmax for one decoding step, as two bar charts over the source positions.

Painted by Qt: each step the person picks is a new chart, and a matplotlib figure of this kind
is a long draw in Python (in any thread, it competes for the GIL with the GUI).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.i18n import tr
from app.views.heatmap_canvas import display_piece

SCORE_COLOUR, NEGATIVE_COLOUR, WEIGHT_COLOUR = QColor("#4c78a8"), QColor("#9ecae9"), QColor("#f58518")
PAD_COLOUR = QColor("#e3e3e3")
PAD, GAP, LABEL_PX, TITLE_PX, TICK_PX = 8.0, 26.0, 11.0, 12.0, 10.0
LABEL_ANGLE = 45.0


@dataclass(frozen=True)
class StepBars:
    """One step's numbers: S source positions (padded), scores −inf at padding."""

    pieces: tuple[str, ...]
    scores: np.ndarray  # (S,)
    weights: np.ndarray  # (S,)
    mask: np.ndarray  # (S,) True at real positions
    title: str


def _font(base: QFont, pixels: float) -> QFont:
    font = QFont(base)
    font.setPixelSize(round(pixels))
    return font


def _tick(value: float) -> str:
    return f"{value:.2g}".replace("-", "−")


def rounded_out(value: float, up: bool) -> float:
    """`value` rounded away from the bars to the two significant digits a tick shows (3.43 → 3.5,
    −1.27 → −1.3 going down): the axis' end is what its tick says, and holds the longest bar."""
    if value == 0.0 or not math.isfinite(value):
        return value
    unit = 10.0 ** (math.floor(math.log10(abs(value))) - 1)
    return float(f"{(math.ceil if up else math.floor)(value / unit - (1e-9 if up else -1e-9)) * unit:.2g}")


class ScoreBars(QWidget):
    painted = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(240, 220)
        self.bars: StepBars | None = None
        self.message = ""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(420, 360)

    def show_step(self, bars: StepBars) -> None:
        self.bars, self.message = bars, ""
        self.update()

    def show_message(self, text: str) -> None:
        self.bars, self.message = None, text
        self.update()

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self.bars is None:
            painter.setPen(QColor("#666"))
            painter.setFont(_font(self.font(), TITLE_PX))
            painter.drawText(QRectF(self.rect()).adjusted(PAD, PAD, -PAD, -PAD),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.message)  # fmt: skip
        else:
            self._paint_charts(painter, self.bars)
        painter.end()
        self.painted.emit()

    def _paint_charts(self, painter: QPainter, bars: StepBars) -> None:
        base = self.font()
        label_font, title_font, tick_font = _font(base, LABEL_PX), _font(base, TITLE_PX), _font(base, TICK_PX)
        labels = [display_piece(p) for p in bars.pieces]
        label_metrics, title_height = QFontMetricsF(label_font), QFontMetricsF(title_font).height()
        sin = math.sin(math.radians(LABEL_ANGLE))
        label_room = min(max((label_metrics.horizontalAdvance(t) for t in labels), default=0.0), 110.0)
        left = PAD + QFontMetricsF(tick_font).horizontalAdvance("−00.0") + 6
        bottom = PAD + label_room * sin + label_metrics.height()
        top = PAD + title_height + 10
        width = self.width() - left - PAD
        chart_height = (self.height() - top - bottom - GAP - 2 * title_height) / 2  # each chart has its title
        if width < 20 or chart_height < 20:
            return
        painter.setFont(title_font)
        painter.setPen(Qt.GlobalColor.black)
        painter.drawText(QRectF(0, PAD, self.width(), title_height), Qt.AlignmentFlag.AlignCenter, bars.title)
        real = bars.mask.astype(bool)
        scores = np.where(real, bars.scores, 0.0)
        low = rounded_out(min(0.0, float(scores.min())), up=False)
        high = rounded_out(max(0.0, float(scores.max())), up=True)
        if high - low < 1e-9:
            high = low + 1.0
        score_box = QRectF(left, top + title_height, width, chart_height)
        weight_box = QRectF(left, score_box.bottom() + GAP + title_height, width, chart_height)
        self._paint_axes(painter, score_box, tr("1 · raw scores  score(q, hⱼ)"), low, high, tick_font, title_font)
        self._paint_axes(painter, weight_box, tr("2 · softmax: weights αⱼ (sum to 1; padding gets 0)"), 0.0, 1.0,
                         tick_font, title_font)  # fmt: skip
        count = len(labels)
        slot = width / max(count, 1)
        zero_y = score_box.bottom() - (0.0 - low) / (high - low) * score_box.height()
        painter.setPen(Qt.PenStyle.NoPen)
        for j in range(count):
            x0 = score_box.left() + j * slot + slot * 0.15
            if not real[j]:  # padding: no bar; its score is −∞
                painter.fillRect(QRectF(score_box.left() + j * slot + 1, score_box.top(), slot - 2, score_box.height()),
                                 PAD_COLOUR)  # fmt: skip
                continue
            y = score_box.bottom() - (scores[j] - low) / (high - low) * score_box.height()
            colour = SCORE_COLOUR if scores[j] >= 0 else NEGATIVE_COLOUR
            painter.fillRect(QRectF(x0, min(y, zero_y), slot * 0.7, abs(zero_y - y)), colour)
        for j in range(count):
            height = float(bars.weights[j]) * weight_box.height()
            colour = WEIGHT_COLOUR if real[j] else PAD_COLOUR
            painter.fillRect(QRectF(weight_box.left() + j * slot + slot * 0.15, weight_box.bottom() - height,
                                    slot * 0.7, height), colour)  # fmt: skip
        painter.setPen(QPen(QColor("#555"), 1))
        painter.drawLine(QPointF(score_box.left(), zero_y), QPointF(score_box.right(), zero_y))
        painter.setFont(tick_font)
        for j in range(count):
            if not real[j]:
                painter.drawText(QRectF(score_box.left() + j * slot, score_box.top() + 2, slot, 16),
                                 Qt.AlignmentFlag.AlignCenter, "−∞")  # fmt: skip
        painter.setFont(label_font)
        painter.setPen(Qt.GlobalColor.black)
        line = label_metrics.height()
        every = max(1, math.ceil(line * 1.2 / max(slot, 0.1)))
        for j in range(0, count, every):
            text = label_metrics.elidedText(labels[j], Qt.TextElideMode.ElideRight, label_room + 1)
            painter.save()
            painter.translate(weight_box.left() + (j + 0.5) * slot + line * 0.3, weight_box.bottom() + 4)
            painter.rotate(-LABEL_ANGLE)
            painter.drawText(QRectF(-label_room - 2, -line / 2, label_room + 2, line),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)  # fmt: skip
            painter.restore()

    def _paint_axes(self, painter: QPainter, box: QRectF, title: str, low: float, high: float, tick_font: QFont,
                    title_font: QFont) -> None:  # fmt: skip
        painter.setFont(title_font)
        painter.setPen(Qt.GlobalColor.black)
        title_height = QFontMetricsF(title_font).height()
        painter.drawText(QRectF(box.left(), box.top() - title_height - 2, box.width(), title_height),
                         Qt.AlignmentFlag.AlignCenter, title)  # fmt: skip
        painter.setPen(QPen(QColor("#dddddd"), 1))
        painter.setFont(tick_font)
        ticks = sorted({low, high} | ({0.0} if low < 0 < high else set()))
        shown: list[float] = []
        for value in sorted(ticks, key=lambda v: v != 0.0):  # 0 first; a tick too near one shown is left out
            y = box.bottom() - (value - low) / (high - low) * box.height()
            if any(abs(y - other) < 14 for other in shown):
                continue
            shown.append(y)
            painter.setPen(QPen(QColor("#dddddd"), 1))
            painter.drawLine(QPointF(box.left(), y), QPointF(box.right(), y))
            painter.setPen(QColor("#333"))
            painter.drawText(QRectF(PAD, y - 8, box.left() - PAD - 4, 16),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, _tick(value))  # fmt: skip
        painter.setPen(QPen(QColor("#888"), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(box)
