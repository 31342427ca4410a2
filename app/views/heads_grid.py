"""A Transformer's cross-attention, one small map per layer and head (rows: layers, bottom to
top; columns: heads), painted by Qt. Click a map to see it large in the heatmap."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.i18n import tr
from app.views.heatmap_canvas import colour_table, to_image

GAP, LABEL = 4, 14


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

    def set_heads(self, heads: np.ndarray | None, selected: tuple[int, int] | None = None) -> None:
        self.heads, self.selected = heads, selected
        self._images = []
        if heads is not None:
            for layer in range(heads.shape[1]):
                for head in range(heads.shape[2]):
                    values = np.clip(heads[:, layer, head], 0.0, 1.0)
                    self._images.append(to_image(self._colours[(values * 255).astype(np.uint8)]))
        self.update()

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
                                 tr("layer {layer}, head {head}").format(layer=layer + 1, head=head + 1))  # fmt: skip
                painter.drawImage(rect, self._images[layer * heads + head])
                if self.selected == (layer, head):
                    painter.setPen(QPen(QColor("#f58518"), 2))
                    painter.drawRect(rect.adjusted(-1, -1, 1, 1))
        painter.end()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.heads is None:
            return
        for layer in range(self.heads.shape[1]):
            for head in range(self.heads.shape[2]):
                if self.cell_rect(layer, head).contains(event.position()):
                    self.head_clicked.emit(layer, head)
                    return
