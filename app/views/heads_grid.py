"""A Transformer's attention, one small map per layer and head (rows: layers, bottom to top;
columns: heads), painted by Qt. Click a map to see it large in the heatmap. For cross-attention
each map is captioned with its mean entropy, and hovering it tells its diagnostics (entropy,
coverage, attention on punctuation and </s>): which heads align and which look everywhere."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from app.i18n import tr
from app.views.heatmap_canvas import colour_table, to_image

GAP, LABEL = 4, 14
MASKED_RGBA = np.array([232, 232, 232, 255], dtype=np.uint8)  # a masked cell: no weight was learnt there


def paint_hatched(painter: QPainter, rect: QRectF, masked: np.ndarray) -> None:
    """Hatch the cells of `masked` (rows, columns) inside `rect`, the map's place."""
    rows, columns = masked.shape
    width, height = rect.width() / columns, rect.height() / rows
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(QColor("#9a9a9a"), Qt.BrushStyle.BDiagPattern))
    for row, column in zip(*np.nonzero(masked), strict=True):
        painter.drawRect(QRectF(rect.left() + column * width, rect.top() + row * height, width, height))
    painter.restore()


class HeadsGrid(QWidget):
    head_clicked = Signal(int, int)  # layer, head (0-based)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(120)
        self.heads: np.ndarray | None = None  # (steps, layers, heads, source)
        self.selected: tuple[int, int] | None = None
        self._colours = colour_table("viridis")
        self._images = []
        self._captions: list[str] = []
        self._tips: list[str] = []
        self.masked: np.ndarray | None = None  # (queries, keys) True where a causal mask hid the key

    def set_heads(self, heads: np.ndarray | None, selected: tuple[int, int] | None = None,
                  source: list[str] | None = None, target: list[str] | None = None,
                  masked: np.ndarray | None = None) -> None:  # fmt: skip
        """heads (steps, layers, heads, keys); with the `source` and `target` pieces of a
        cross-attention, each map is diagnosed (models.inspection.diagnostics). `masked` (steps,
        keys): cells a mask hid (a decoder's causal mask), drawn grey and hatched, not as a
        learned zero."""
        from app.views.attention_view import diagnostics_text
        from models.inspection.diagnostics import diagnose

        self.heads, self.selected = heads, selected
        shape = None if heads is None else heads[:, 0, 0].shape
        self.masked = masked if masked is not None and masked.shape == shape and masked.any() else None
        self._images, self._captions, self._tips = [], [], []
        if heads is not None:
            for layer in range(heads.shape[1]):
                for head in range(heads.shape[2]):
                    values = np.clip(heads[:, layer, head], 0.0, 1.0)
                    rgba = self._colours[(values * 255).astype(np.uint8)]
                    if self.masked is not None:
                        rgba[self.masked] = MASKED_RGBA
                    self._images.append(to_image(rgba))
                    name = tr("layer {layer}, head {head}").format(layer=layer + 1, head=head + 1)
                    if source is None:
                        self._captions.append(name)
                        self._tips.append("")
                        continue
                    found = diagnose(heads[:, layer, head], source)
                    self._captions.append(tr("{name} · {bits:.2f} bits").format(name=name, bits=found.mean_entropy))
                    self._tips.append(f"<b>{name}</b><br>" + diagnostics_text(heads[:, layer, head], source, target))
        self.update()

    def caption(self, layer: int, head: int) -> str:
        return self._captions[layer * self.heads.shape[2] + head]

    def tip(self, layer: int, head: int) -> str:
        return self._tips[layer * self.heads.shape[2] + head]

    def cell_at(self, point) -> tuple[int, int] | None:
        if self.heads is None:
            return None
        for layer in range(self.heads.shape[1]):
            for head in range(self.heads.shape[2]):
                if self.cell_rect(layer, head).contains(point):
                    return layer, head
        return None

    def cell_rect(self, layer: int, head: int) -> QRectF:
        """Where the map of `layer` and `head` is drawn; the top layer is the top row."""
        layers, heads = self.heads.shape[1], self.heads.shape[2]
        width = (self.width() - GAP * (heads + 1)) / heads
        height = (self.height() - (GAP + LABEL) * layers - GAP) / layers
        row = layers - 1 - layer
        return QRectF(GAP + head * (width + GAP), GAP + LABEL + row * (height + GAP + LABEL), width, height)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        if self.heads is None:
            painter.end()
            return
        layers, heads = self.heads.shape[1], self.heads.shape[2]
        for layer in range(layers):
            for head in range(heads):
                rect = self.cell_rect(layer, head)
                painter.setPen(QColor("#555"))
                painter.drawText(QRectF(rect.left(), rect.top() - LABEL, rect.width(), LABEL),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 self.caption(layer, head))  # fmt: skip
                painter.drawImage(rect, self._images[layer * heads + head])
                if self.masked is not None:
                    paint_hatched(painter, rect, self.masked)
                if self.selected == (layer, head):
                    painter.setPen(QPen(QColor("#f58518"), 2))
                    painter.drawRect(rect.adjusted(-1, -1, 1, 1))
        painter.end()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        cell = self.cell_at(event.position())
        if cell is not None:
            self.head_clicked.emit(*cell)

    def event(self, event) -> bool:
        if event.type() == event.Type.ToolTip:
            cell = self.cell_at(QPointF(event.pos()))
            text = self.tip(*cell) if cell is not None else ""
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)
