"""The attention heatmap drawn with QPainter: target pieces (rows) × source pieces (columns).

Painted by Qt rather than through a matplotlib figure because it is redrawn on every snapshot,
probe and decoding step: laying out and rasterising matplotlib tick labels on every update
stalled the GUI thread; painting with Qt does not. One `render` paints the widget, the PNG export and
the (vector) SVG export. matplotlib supplies only the colour maps.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass

import numpy as np
from matplotlib import colormaps
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.fonts import MISSING_CJK_MESSAGE, cjk_available, needs_cjk
from app.i18n import QT_TR_NOOP, tr
from app.views.heatmap_marks import GoldMarks, paint_gold, paint_masked


def display_piece(piece: str) -> str:
    """sentencepiece marks a word start with ▁; every view shows it as "·" (axes, hover, click, lists)."""
    return piece.replace("▁", "·") if piece != "▁" else "·"


# Axis titles, longest first: the longest that fits the axes is shown.
X_TITLES = (QT_TR_NOOP("source pieces (encoder positions)"), QT_TR_NOOP("source pieces"), QT_TR_NOOP("source"))
Y_TITLES = (QT_TR_NOOP("target pieces (decoder steps)"), QT_TR_NOOP("target pieces"), QT_TR_NOOP("target"))
WORD_X_TITLES = (QT_TR_NOOP("source words (pieces regrouped)"), QT_TR_NOOP("source words"), QT_TR_NOOP("source"))
WORD_Y_TITLES = (QT_TR_NOOP("output words (pieces regrouped)"), QT_TR_NOOP("output words"), QT_TR_NOOP("output"))
# A Transformer's self-attention: the encoder's source over source, the decoder's each step over
# what it was fed (<s>, then the pieces written before).
SELF_X_TITLES = (QT_TR_NOOP("source pieces attended to (keys)"), QT_TR_NOOP("source pieces"), QT_TR_NOOP("source"))
SELF_Y_TITLES = (QT_TR_NOOP("source pieces attending (queries)"), QT_TR_NOOP("source pieces"), QT_TR_NOOP("source"))
FED_X_TITLES = (QT_TR_NOOP("decoder inputs: <s> and the pieces written before"), QT_TR_NOOP("decoder inputs"),
                QT_TR_NOOP("inputs"))  # fmt: skip
AXES = {"pieces": (X_TITLES, Y_TITLES), "words": (WORD_X_TITLES, WORD_Y_TITLES),
        "encoder-self": (SELF_X_TITLES, SELF_Y_TITLES), "decoder-self": (FED_X_TITLES, Y_TITLES)}  # fmt: skip

PAD = 6.0
TICK = 3.0
COLORBAR_WIDTH = 14.0
X_LABEL_ANGLE = 60.0  # degrees: source labels rise to the right and end under their column
LABEL_PX, DENSE_LABEL_PX, SMALLEST_LABEL_PX = 12.0, 10.0, 7.0
TITLE_PX, AXIS_TITLE_PX, COLORBAR_TICK_PX = 13.0, 12.0, 10.0
ROW_BOX_COLOUR = QColor("#ff5a36")


def colour_table(name: str) -> np.ndarray:
    """(256, 4) RGBA bytes of a matplotlib colour map."""
    return np.ascontiguousarray(colormaps[name](np.linspace(0.0, 1.0, 256), bytes=True))


def to_image(rgba: np.ndarray) -> QImage:
    """A QImage that owns a copy of (height, width, 4) RGBA bytes."""
    rgba = np.ascontiguousarray(rgba)
    height, width = rgba.shape[:2]
    return QImage(rgba.data, width, height, 4 * width, QImage.Format.Format_RGBA8888).copy()


@dataclass
class HeatmapLayout:
    """Where everything goes at one size, in pixels."""

    heat: QRectF
    colorbar: QRectF | None
    x_font: QFont
    y_font: QFont
    x_every: int  # label every n-th column
    y_every: int
    x_label_room: float  # the longest a source label may be before it is elided
    y_label_room: float
    title: str
    title_rect: QRectF
    x_title: str
    x_title_rect: QRectF
    y_title: str
    y_title_rect: QRectF  # the box the rotated title occupies

    def column_x(self, col: int, cols: int) -> float:
        return self.heat.left() + (col + 0.5) * self.heat.width() / cols

    def row_y(self, row: int, rows: int) -> float:
        return self.heat.top() + (row + 0.5) * self.heat.height() / rows


def _font(base: QFont, pixels: float) -> QFont:
    font = QFont(base)
    font.setPixelSize(max(1, round(pixels)))
    return font


def _fitting(titles: tuple[str, ...], metrics: QFontMetricsF, room: float) -> str:
    return next((t for t in titles if metrics.horizontalAdvance(t) <= room), titles[-1])


class AttentionCanvas(QWidget):
    hovered = Signal(str)  # a sentence about the cell under the cursor ("" when outside)
    row_clicked = Signal(int)
    painted = Signal()  # after each paint: benchmarks time an update to the pixels on screen

    def __init__(self, parent=None, colorbar: bool = True, title: str = ""):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(200, 150)
        self.setMouseTracking(True)
        self.has_colorbar = colorbar
        self._title = title
        self._full_title = ""
        self.weights: np.ndarray | None = None
        self.source: list[str] = []
        self.target: list[str] = []
        self.selected_row: int | None = None
        self.masked: np.ndarray | None = None  # (rows, cols) True where a mask set the score to −∞
        self.gold: GoldMarks | None = None  # gold alignment links drawn over the cells
        self.message = ""
        self.value_name = QT_TR_NOOP("weight")
        self.colorbar_label = tr("attention weight")
        self.x_titles, self.y_titles = X_TITLES, Y_TITLES
        self._value_range = (0.0, 1.0)
        self._colours = colour_table("viridis")
        self._image: QImage | None = None
        self._label_px = LABEL_PX
        self._layout: HeatmapLayout | None = None
        self._layout_size = QSize()
        self.show_message(tr("Translate a sentence to see where each target piece looked."))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(500, 360)

    # ------------------------------------------------------------------ state
    def show_message(self, text: str) -> None:
        self.weights, self._image = None, None
        self.source, self.target = [], []
        self.selected_row = None
        self.masked, self.gold = None, None
        self._full_title = ""
        self.message = text
        self._changed()

    def set_attention(self, weights: np.ndarray | None, source: list[str], target: list[str], title: str = "") -> None:
        """weights (len(target), len(source)); None for a model without attention."""
        if weights is None:
            self.show_message(
                tr(
                    "This model has no attention: the decoder sees one fixed context vector,\n"
                    "the encoder's final state, at every step."
                )
            )
            return
        weights = np.asarray(weights, dtype=np.float32)[: len(target), : len(source)]
        self.weights, self.source, self.target = weights, list(source), list(target)
        self.message = ""
        self._label_px = LABEL_PX if max(len(source), len(target)) < 25 else DENSE_LABEL_PX
        self._full_title = title or self._title
        if not cjk_available() and needs_cjk("".join(source + target)):
            self._full_title = tr(MISSING_CJK_MESSAGE)
        self.selected_row = None
        self.masked, self.gold = None, None  # they belonged to the previous matrix
        self._image = self._colour_image(weights)
        self._changed()

    def set_masked(self, masked: np.ndarray | None) -> None:
        """Cells a mask hid (True): drawn hatched and labelled −∞, never as a learned value."""
        self.masked = None if masked is None or not np.any(masked) else np.asarray(masked, dtype=bool)
        self.update()

    def set_gold(self, marks: GoldMarks | None) -> None:
        self.gold = marks
        self.update()

    def set_value_range(self, low: float, high: float, label: str, colours: str = "viridis") -> None:
        """Colours for values other than weights (scores, vectors): `low`…`high`, and the colour bar's name."""
        self._value_range = (float(low), float(high) if high > low else float(low) + 1.0)
        self._colours = colour_table(colours)
        self.colorbar_label = label
        if self.weights is not None:
            self._image = self._colour_image(self.weights)
        self._changed()

    def use_difference_colours(self) -> None:
        """For a difference of two attention matrices: red where the first looked more, blue
        where the second did, white where they agree."""
        self._colours = colour_table("RdBu_r")
        self._value_range = (-1.0, 1.0)
        self.value_name = self.colorbar_label = "A − B"
        if self.weights is not None:
            self._image = self._colour_image(self.weights)
        self._changed()

    def select_row(self, row: int | None) -> None:
        valid = self.weights is not None and row is not None and 0 <= row < self.weights.shape[0]
        self.selected_row = row if valid else None
        self.update()

    def title_text(self) -> str:
        """The title as shown (shortened with an ellipsis where it does not fit)."""
        return self.layout_at(self.width(), self.height()).title

    def _colour_image(self, values: np.ndarray) -> QImage:
        low, high = self._value_range
        index = np.clip((values - low) / (high - low) * 255.0 + 0.5, 0, 255).astype(np.intp)
        return to_image(self._colours[index])  # one pixel per cell, scaled without smoothing

    def _changed(self) -> None:
        self._layout = None
        self.update()

    # ------------------------------------------------------------------ layout
    def layout_at(self, width: float, height: float) -> HeatmapLayout:
        if self._layout is not None and self._layout_size == QSize(int(width), int(height)):
            return self._layout
        layout = self._compute_layout(float(width), float(height))
        if (int(width), int(height)) == (self.width(), self.height()):
            self._layout, self._layout_size = layout, QSize(int(width), int(height))
        return layout

    def _compute_layout(self, width: float, height: float) -> HeatmapLayout:
        """Margins, label sizes and titles from the labels and the room there is, so that no label
        or title is cut or drawn over another at any size."""
        base = self.font()
        title_font, axis_font = _font(base, TITLE_PX), _font(base, AXIS_TITLE_PX)
        title_metrics, axis_metrics = QFontMetricsF(title_font), QFontMetricsF(axis_font)
        top = PAD + (title_metrics.height() + 4 if self._full_title else 0)
        right = PAD
        if self.has_colorbar:
            tick_metrics = QFontMetricsF(_font(base, COLORBAR_TICK_PX))
            right += 8 + COLORBAR_WIDTH + TICK + 2 + tick_metrics.horizontalAdvance("−0.0") + 6 + axis_metrics.height()
        axis_title_room = axis_metrics.height() + 4
        left = bottom = PAD + axis_title_room
        rows, cols = self.weights.shape if self.weights is not None else (0, 0)
        x_px = y_px = self._label_px
        x_room = y_room = 0.0
        sin, cos = math.sin(math.radians(X_LABEL_ANGLE)), math.cos(math.radians(X_LABEL_ANGLE))
        row_px = col_px = 1.0
        if rows and cols:
            # Two passes: label sizes follow the room per row/column, which follows the margins.
            for _ in range(2):
                x_metrics, y_metrics = QFontMetricsF(_font(base, x_px)), QFontMetricsF(_font(base, y_px))
                y_room = min(max(y_metrics.horizontalAdvance(display_piece(p)) for p in self.target), 0.3 * width)
                x_widest = max(x_metrics.horizontalAdvance(display_piece(p)) for p in self.source)
                x_block = min(x_widest * sin + x_metrics.height() * cos, 0.35 * height)
                x_room = max(0.0, (x_block - x_metrics.height() * cos) / sin)
                left = PAD + axis_title_room + y_room + TICK + 3
                bottom = PAD + axis_title_room + x_block + TICK + 3
                row_px = max(0.1, (height - top - bottom) / rows)
                col_px = max(0.1, (width - left - right) / cols)
                y_px = max(SMALLEST_LABEL_PX, min(self._label_px, row_px * 0.8))
                x_px = max(SMALLEST_LABEL_PX, min(self._label_px, col_px * 0.8))
        heat = QRectF(left, top, max(10.0, width - left - right), max(10.0, height - top - bottom))
        colorbar = None
        if self.has_colorbar:
            colorbar = QRectF(heat.right() + 8, heat.top(), COLORBAR_WIDTH, heat.height())
        x_title = _fitting([tr(t) for t in self.x_titles], axis_metrics, heat.width()) if rows else ""
        y_title = _fitting([tr(t) for t in self.y_titles], axis_metrics, heat.height()) if rows else ""
        title = title_metrics.elidedText(self._full_title, Qt.TextElideMode.ElideRight, heat.width())
        line = axis_metrics.height()
        return HeatmapLayout(
            heat=heat, colorbar=colorbar, x_font=_font(base, x_px), y_font=_font(base, y_px),
            x_every=max(1, math.ceil(x_px * 1.15 / col_px)), y_every=max(1, math.ceil(y_px * 1.1 / row_px)),
            x_label_room=x_room, y_label_room=y_room,
            title=title, title_rect=QRectF(heat.left(), PAD, heat.width(), title_metrics.height()),
            x_title=x_title, x_title_rect=QRectF(heat.left(), height - PAD - line, heat.width(), line),
            y_title=y_title, y_title_rect=QRectF(PAD, heat.top(), line, heat.height()),
        )  # fmt: skip

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._layout = None

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        self.render_to(painter, self.width(), self.height())
        painter.end()
        self.painted.emit()

    def render_to(self, painter: QPainter, width: float, height: float) -> None:
        """Paint the whole heatmap into a (width × height) area of any paint device."""
        layout = self.layout_at(width, height)
        painter.fillRect(QRectF(0, 0, width, height), Qt.GlobalColor.white)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.setPen(QPen(Qt.GlobalColor.black, 1))
        if self.weights is None or self._image is None:
            painter.setFont(_font(self.font(), AXIS_TITLE_PX))
            painter.setPen(QColor("#444444"))
            painter.drawText(QRectF(PAD, PAD, width - 2 * PAD, height - 2 * PAD),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.message)  # fmt: skip
            return
        heat = layout.heat
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        painter.drawImage(heat, self._image)
        if self.masked is not None and self.masked.shape == self.weights.shape:
            paint_masked(painter, heat, self.masked, self.font())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self.gold is not None:
            paint_gold(painter, heat, self.weights.shape, self.gold)
        painter.setPen(QPen(Qt.GlobalColor.black, 1))
        painter.drawRect(heat)
        self._paint_labels(painter, layout)
        if self.selected_row is not None:
            rows = self.weights.shape[0]
            row_height = heat.height() / rows
            painter.setPen(QPen(ROW_BOX_COLOUR, 2.0))
            painter.drawRect(QRectF(heat.left(), heat.top() + self.selected_row * row_height, heat.width(), row_height))
        self._paint_titles(painter, layout)
        if layout.colorbar is not None:
            self._paint_colorbar(painter, layout.colorbar)

    def _paint_labels(self, painter: QPainter, layout: HeatmapLayout) -> None:
        heat, (rows, cols) = layout.heat, self.weights.shape
        painter.setPen(QPen(Qt.GlobalColor.black, 1))
        painter.setFont(layout.y_font)
        y_metrics = QFontMetricsF(layout.y_font)
        line = y_metrics.height()
        for row in range(0, rows, layout.y_every):
            y = layout.row_y(row, rows)
            painter.drawLine(QPointF(heat.left() - TICK, y), QPointF(heat.left(), y))
            text = y_metrics.elidedText(display_piece(self.target[row]), Qt.TextElideMode.ElideRight,
                                        layout.y_label_room + 1)  # fmt: skip
            box = QRectF(heat.left() - TICK - 3 - layout.y_label_room - 2, y - line / 2, layout.y_label_room + 2, line)
            painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
        painter.setFont(layout.x_font)
        x_metrics = QFontMetricsF(layout.x_font)
        line = x_metrics.height()
        for col in range(0, cols, layout.x_every):
            x = layout.column_x(col, cols)
            painter.drawLine(QPointF(x, heat.bottom()), QPointF(x, heat.bottom() + TICK))
            text = x_metrics.elidedText(display_piece(self.source[col]), Qt.TextElideMode.ElideRight,
                                        layout.x_label_room + 1)  # fmt: skip
            painter.save()
            # The label's end sits under its column; the text rises to it at X_LABEL_ANGLE.
            painter.translate(x + line * 0.25, heat.bottom() + TICK + 3)
            painter.rotate(-X_LABEL_ANGLE)
            painter.drawText(QRectF(-layout.x_label_room - 2, -line / 2, layout.x_label_room + 2, line),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)  # fmt: skip
            painter.restore()

    def _paint_titles(self, painter: QPainter, layout: HeatmapLayout) -> None:
        base = self.font()
        missing_font = self._full_title == tr(MISSING_CJK_MESSAGE)
        painter.setPen(QColor("#b00020") if missing_font else QColor(Qt.GlobalColor.black))
        painter.setFont(_font(base, TITLE_PX))
        painter.drawText(layout.title_rect, Qt.AlignmentFlag.AlignCenter, layout.title)
        painter.setPen(QColor(Qt.GlobalColor.black))
        painter.setFont(_font(base, AXIS_TITLE_PX))
        painter.drawText(layout.x_title_rect, Qt.AlignmentFlag.AlignCenter, layout.x_title)
        box = layout.y_title_rect
        painter.save()
        painter.translate(box.center())
        painter.rotate(-90)
        painter.drawText(QRectF(-box.height() / 2, -box.width() / 2, box.height(), box.width()),
                         Qt.AlignmentFlag.AlignCenter, layout.y_title)  # fmt: skip
        painter.restore()

    def _paint_colorbar(self, painter: QPainter, bar: QRectF) -> None:
        strip = self._colours[::-1].reshape(256, 1, 4)  # top is the highest value
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        painter.drawImage(bar, to_image(strip))
        painter.setPen(QPen(Qt.GlobalColor.black, 1))
        painter.drawRect(bar)
        font = _font(self.font(), COLORBAR_TICK_PX)
        painter.setFont(font)
        line = QFontMetricsF(font).height()
        low, high = self._value_range
        for value in np.linspace(low, high, 6 if low >= 0 else 5):
            y = bar.bottom() - (value - low) / (high - low) * bar.height()
            painter.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + TICK, y))
            label = f"{value:.1f}".replace("-", "−")
            painter.drawText(
                QRectF(bar.right() + TICK + 2, y - line / 2, 40, line), Qt.AlignmentFlag.AlignVCenter, label
            )
        axis_font = _font(self.font(), AXIS_TITLE_PX)
        painter.setFont(axis_font)
        line = QFontMetricsF(axis_font).height()
        tick_width = QFontMetricsF(font).horizontalAdvance("−0.0")
        painter.save()
        painter.translate(bar.right() + TICK + 2 + tick_width + 6 + line / 2, bar.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-bar.height() / 2, -line / 2, bar.height(), line), Qt.AlignmentFlag.AlignCenter,
                         self.colorbar_label)  # fmt: skip
        painter.restore()

    # ------------------------------------------------------------------ pointer
    def cell_at(self, point: QPointF) -> tuple[int, int] | None:
        """(row, column) of the cell under a point, or None."""
        if self.weights is None:
            return None
        heat, (rows, cols) = self.layout_at(self.width(), self.height()).heat, self.weights.shape
        if not heat.contains(point):
            return None
        row = int((point.y() - heat.top()) / heat.height() * rows)
        col = int((point.x() - heat.left()) / heat.width() * cols)
        return (row, col) if 0 <= row < rows and 0 <= col < cols else None

    def label_row_at(self, point: QPointF) -> int | None:
        """The target row whose label (left of the heatmap) is under a point."""
        if self.weights is None:
            return None
        heat, rows = self.layout_at(self.width(), self.height()).heat, self.weights.shape[0]
        if not (point.x() < heat.left() and heat.top() <= point.y() < heat.bottom()):
            return None
        row = int((point.y() - heat.top()) / heat.height() * rows)
        return row if 0 <= row < rows else None

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        cell = self.cell_at(event.position())
        if cell is None:
            self.hovered.emit("")
            return
        row, col = cell
        if self.masked is not None and self.masked[row, col]:
            self.hovered.emit(
                tr("'{target}' → '{source}': masked, score −∞, so its weight is exactly 0").format(
                    target=display_piece(self.target[row]), source=display_piece(self.source[col])
                )
            )
            return
        self.hovered.emit(tr("target '{target}' → source '{source}': {value_name} {value:.3f}").format(
            target=display_piece(self.target[row]), source=display_piece(self.source[col]), value_name=tr(self.value_name), value=self.weights[row, col]))  # fmt: skip

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        cell = self.cell_at(event.position())
        row = cell[0] if cell is not None else self.label_row_at(event.position())
        if row is not None:
            self.select_row(row)
            self.row_clicked.emit(row)

    # ------------------------------------------------------------------ export
    def export(self, path: str, scale: float = 2.0) -> None:
        """PNG (at `scale` × the size on screen) or vector SVG, by the file's extension."""
        width, height = max(self.width(), 500), max(self.height(), 360)
        if path.lower().endswith(".svg"):
            generator = QSvgGenerator()
            generator.setFileName(path)
            generator.setSize(QSize(width, height))
            generator.setViewBox(QRectF(0, 0, width, height))
            generator.setTitle(self._full_title or "attention")
            painter = QPainter(generator)
            self.render_to(painter, width, height)
            painter.end()
            return
        image = QImage(round(width * scale), round(height * scale), QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        painter.scale(scale, scale)
        self.render_to(painter, width, height)
        painter.end()
        if not image.save(path):
            raise OSError(tr("could not write {path}").format(path=path))

    def export_csv(self, path: str) -> None:
        if self.weights is None:
            raise ValueError("there is no attention matrix to export")
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow([tr("target \\ source")] + self.source)
            for piece, row in zip(self.target, self.weights):
                writer.writerow([piece] + [f"{w:.6f}" for w in row])
