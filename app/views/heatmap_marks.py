"""Marks drawn over a heatmap's cells (app/views/heatmap_canvas.py): masked cells, hatched and
labelled −∞, so that a mask is never taken for a learned zero; and gold alignment links, a solid
box for a sure link and a dashed one for a possible link, each around the block of cells of its
source word and target word (a word of several pieces spans several rows or columns).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen

MASK_FILL = QColor("#f2f2f2")
MASK_HATCH = QColor("#9a9a9a")
MASK_TEXT = QColor("#555555")
MINUS_INFINITY = "−∞"
GOLD_COLOUR = QColor("#ff2d6f")  # reads on viridis's dark purple and its yellow alike
GOLD_HALO = QColor(255, 255, 255, 200)


@dataclass(frozen=True)
class Block:
    """Cells rows [top, bottom) × columns [left, right), in matrix units."""

    top: int
    bottom: int
    left: int
    right: int


@dataclass
class GoldMarks:
    """Gold links to draw: each a block of cells (a target word's rows × a source word's columns)."""

    sure: list[Block] = field(default_factory=list)
    possible: list[Block] = field(default_factory=list)  # possible but not sure


def cell_rect(heat: QRectF, shape: tuple[int, int], block: Block) -> QRectF:
    rows, cols = shape
    width, height = heat.width() / cols, heat.height() / rows
    return QRectF(heat.left() + block.left * width, heat.top() + block.top * height,
                  (block.right - block.left) * width, (block.bottom - block.top) * height)  # fmt: skip


def paint_masked(painter: QPainter, heat: QRectF, masked: np.ndarray, base_font: QFont) -> None:
    """Masked cells: light grey, hatched, with −∞ where a cell is wide enough to read it."""
    rows, cols = masked.shape
    width, height = heat.width() / cols, heat.height() / rows
    font = QFont(base_font)
    font.setPixelSize(max(7, min(12, round(height * 0.45))))
    fits = QFontMetricsF(font).horizontalAdvance(MINUS_INFINITY) + 4 <= width and height >= 10
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setFont(font)
    hatch = QBrush(MASK_HATCH, Qt.BrushStyle.BDiagPattern)
    for row, col in zip(*np.nonzero(masked)):
        rect = QRectF(heat.left() + col * width, heat.top() + row * height, width, height)
        painter.fillRect(rect, MASK_FILL)
        painter.fillRect(rect, hatch)
        if fits:
            painter.setPen(MASK_TEXT)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, MINUS_INFINITY)
            painter.setPen(Qt.PenStyle.NoPen)
    painter.restore()


def paint_gold(painter: QPainter, heat: QRectF, shape: tuple[int, int], marks: GoldMarks) -> None:
    """Sure links a solid box, possible ones a dashed box, each over a white halo."""
    painter.save()
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for blocks, style in ((marks.possible, Qt.PenStyle.DashLine), (marks.sure, Qt.PenStyle.SolidLine)):
        for block in blocks:
            rect = cell_rect(heat, shape, block).adjusted(1.5, 1.5, -1.5, -1.5)
            painter.setPen(QPen(GOLD_HALO, 4.0))
            painter.drawRect(rect)
            pen = QPen(GOLD_COLOUR, 2.0, style)
            if style == Qt.PenStyle.DashLine:
                pen.setDashPattern([3.0, 2.0])  # in pen widths: dashes long enough to tell from a line
            painter.setPen(pen)
            painter.drawRect(rect)
    painter.restore()
