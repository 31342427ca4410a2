"""Every piece's embedding as a point on its first principal components, painted by Qt.

In 3-D the cloud turns with the mouse (drag; an orthographic view, so distances along the screen
stay true). The pieces of the current sentence are orange and labelled; the chosen piece is red
and its nearest neighbours (cosine, full space) blue. Hover names a point; click chooses it.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.i18n import tr
from app.views.heatmap_canvas import display_piece
from app.views.labels import free_place

PAD, NOTE_HEIGHT = 12.0, 24.0
CLOUD, SENTENCE, CHOSEN, NEIGHBOUR = QColor(120, 130, 145, 110), QColor("#f58518"), QColor("#e45756"), QColor("#4c78a8")


def polygon(xy: np.ndarray) -> QPolygonF:
    """(N, 2) → a QPolygonF of the same points, filled through its own memory (as pyqtgraph does):
    thousands of QPointF made one by one in Python would stall every paint, more so while a run
    trains."""
    import shiboken6

    points = QPolygonF()
    points.resize(len(xy))
    if len(xy):
        memory = shiboken6.VoidPtr(points.data(), len(xy) * 2 * 8, True)
        np.frombuffer(memory, dtype=np.float64).reshape(-1, 2)[:] = xy
    return points


def rotation(yaw: float, pitch: float) -> np.ndarray:
    """(3, 3): turn about the vertical axis by yaw, then about the horizontal one by pitch."""
    cy, sy, cp, sp = math.cos(yaw), math.sin(yaw), math.cos(pitch), math.sin(pitch)
    turn = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    tilt = np.array([[1, 0, 0], [0, cp, -sp], [0, sp, cp]])
    return tilt @ turn


class EmbeddingView(QWidget):
    hovered = Signal(str)
    piece_clicked = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(260, 240)
        self.setMouseTracking(True)
        self.map = None  # models.inspection.embeddings.EmbeddingMap
        self.three_d = True
        self.yaw, self.pitch = 0.6, 0.35
        self.highlighted: list[int] = []  # the current sentence's pieces
        self.chosen: int | None = None
        self.neighbours: list[int] = []
        self.labelled: list[int] = []  # the pieces named at the last paint (the others: by hover and in the list)
        self._drag_from: QPointF | None = None
        self._screen: np.ndarray | None = None  # (V, 2) pixel positions of the last paint

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(560, 480)

    def set_map(self, embedding_map) -> None:
        self.map, self.chosen, self.neighbours = embedding_map, None, []
        self.update()

    def set_highlighted(self, indices: list[int]) -> None:
        self.highlighted = [i for i in indices if i is not None]
        self.update()

    def choose(self, index: int | None, neighbours: list[int]) -> None:
        self.chosen, self.neighbours = index, neighbours
        self.update()

    def set_three_d(self, on: bool) -> None:
        self.three_d = on
        self.update()

    def screen_positions(self) -> np.ndarray:
        """(V, 2) where each piece is drawn, in widget pixels."""
        points = self.map.points.astype(np.float64)
        flat = points @ rotation(self.yaw, self.pitch).T if self.three_d else points
        xy = flat[:, :2]
        # Every point stays in view (outliers are often the interesting pieces); the bottom line
        # is kept for the note.
        centre = (xy.max(axis=0) + xy.min(axis=0)) / 2
        spread = float(np.abs(xy - centre).max()) or 1.0
        half_height = (self.height() - NOTE_HEIGHT) / 2
        scale = (min(self.width() / 2, half_height) - PAD - 16) / spread
        return np.column_stack([self.width() / 2 + (xy[:, 0] - centre[0]) * scale,
                                half_height - (xy[:, 1] - centre[1]) * scale])  # fmt: skip

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        if self.map is None:
            painter.setPen(QColor("#666"))
            painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, tr("Loading the embeddings…"))
            painter.end()
            return
        screen = self._screen = self.screen_positions()
        painter.setPen(QPen(CLOUD, 2.5))
        painter.drawPoints(polygon(screen))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        font = QFont(self.font())
        font.setPixelSize(12)
        painter.setFont(font)
        sentence = [i for i in self.highlighted if i != self.chosen]  # the chosen piece is drawn once, in red
        groups = ((self.neighbours, NEIGHBOUR, 4.0), (sentence, SENTENCE, 4.5),
                  ([self.chosen] if self.chosen is not None else [], CHOSEN, 6.0))  # fmt: skip
        for indices, colour, radius in groups:  # dots first, the chosen piece's on top
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            for i in indices:
                painter.drawEllipse(QPointF(*screen[i]), radius, radius)
        metrics = QFontMetricsF(font)
        labelled: list[QRectF] = []  # a label with no free place beside its point is left to the list and hover
        self.labelled = []
        for indices, colour, radius in reversed(groups):  # labels by priority: chosen, sentence, neighbours
            painter.setPen(colour.darker(140))
            for i in indices:
                text = display_piece(self.map.pieces[i])
                box = free_place(QPointF(*screen[i]), radius, text, metrics, labelled, QRectF(self.rect()))
                if box is None:
                    continue
                self.labelled.append(i)
                painter.fillRect(box, QColor(255, 255, 255, 190))  # readable over the cloud
                painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        painter.setPen(QColor("#555"))
        explained = self.map.explained
        axes = tr("components 1–3") if self.three_d else tr("components 1–2")
        shares = " + ".join(f"{s:.0%}" for s in explained[: 3 if self.three_d else 2])
        note = tr("{count:,} {side} pieces · principal {axes} keep {shares} of the variance").format(
            count=len(self.map.pieces), side=tr(self.map.side), axes=axes, shares=shares
        )
        if self.three_d:
            note += tr(" · drag to turn")
        painter.drawText(QRectF(PAD, self.height() - NOTE_HEIGHT, self.width() - 2 * PAD, NOTE_HEIGHT - 4),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, note)  # fmt: skip
        painter.end()

    def index_at(self, position: QPointF) -> int | None:
        if self._screen is None or self.map is None:
            return None
        distance = np.abs(self._screen - np.array([position.x(), position.y()])).sum(axis=1)
        index = int(np.argmin(distance))
        return index if distance[index] <= 8 else None

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._drag_from = event.position()
        self._pressed_at = event.position()

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self._drag_from is not None and self.three_d and event.buttons() & Qt.MouseButton.LeftButton:
            delta = event.position() - self._drag_from
            self._drag_from = event.position()
            self.yaw += delta.x() * 0.01
            self.pitch = max(-1.5, min(1.5, self.pitch + delta.y() * 0.01))
            self.update()
            return
        index = self.index_at(event.position())
        self.hovered.emit(
            ""
            if index is None
            else tr("'{piece}' (id {index})").format(piece=display_piece(self.map.pieces[index]), index=index)
        )

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt's name
        moved = (event.position() - self._pressed_at).manhattanLength() if self._drag_from is not None else 99
        self._drag_from = None
        if moved < 4:  # a click, not a drag
            index = self.index_at(event.position())
            if index is not None:
                self.piece_clicked.emit(index)
