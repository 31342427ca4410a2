"""A sequence of hidden states projected on a plane: one point per piece, joined in order,
numbered and labelled; hovering a point names its piece. Painted by Qt."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.i18n import tr
from app.views.heatmap_canvas import display_piece
from app.views.labels import free_place

PAD, RADIUS, TITLE_PX, LABEL_PX = 10.0, 4.5, 12.0, 11.0
START, END, LINE, HOVER = QColor("#4c78a8"), QColor("#f58518"), QColor("#9aa7b5"), QColor("#e45756")


def _font(base: QFont, pixels: float) -> QFont:
    font = QFont(base)
    font.setPixelSize(round(pixels))
    return font


class TrajectoryView(QWidget):
    hovered = Signal(str)  # a sentence about the point under the pointer ("" when none)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(220, 200)
        self.setMouseTracking(True)
        self.trajectory = None  # models.inspection.hidden_states.Trajectory
        self.title = ""
        self.hover_index: int | None = None

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(420, 380)

    def set_trajectory(self, trajectory, title: str = "") -> None:
        self.trajectory, self.title, self.hover_index = trajectory, title, None
        self.update()

    def _plot_box(self) -> QRectF:
        title = QFontMetricsF(_font(self.font(), TITLE_PX)).height()
        return QRectF(PAD, PAD + 2 * title + 6, self.width() - 2 * PAD, self.height() - 3 * PAD - 2 * title - 6)

    def point_positions(self) -> list[QPointF]:
        """Where each state's point is drawn, in widget pixels."""
        if self.trajectory is None or not len(self.trajectory.points):
            return []
        metrics = QFontMetricsF(_font(self.font(), LABEL_PX))
        widest = max(
            metrics.horizontalAdvance(f"{i + 1} {display_piece(p)}") for i, p in enumerate(self.trajectory.pieces)
        )
        label_room = min(widest + RADIUS + 8, 0.4 * self.width())  # labels sit right of their points
        box = self._plot_box().adjusted(14, metrics.height() + 4, -label_room, -12)
        points = self.trajectory.points
        low, high = points.min(axis=0), points.max(axis=0)
        span = np.maximum(high - low, 1e-9)
        scale = min(box.width() / span[0], box.height() / span[1])  # one scale: distances stay true
        centre = (low + high) / 2
        return [QPointF(box.center().x() + (x - centre[0]) * scale, box.center().y() - (y - centre[1]) * scale)
                for x, y in points]  # fmt: skip

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        t = self.trajectory
        title_font = _font(self.font(), TITLE_PX)
        painter.setFont(title_font)
        line = QFontMetricsF(title_font).height()
        if t is None:
            painter.setPen(QColor("#666"))
            painter.drawText(
                QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, tr("Compute a sentence to see its states.")
            )
            painter.end()
            return
        painter.setPen(Qt.GlobalColor.black)
        painter.drawText(QRectF(0, PAD, self.width(), line), Qt.AlignmentFlag.AlignCenter, self.title)
        painter.setPen(QColor("#555"))
        painter.drawText(QRectF(0, PAD + line, self.width(), line), Qt.AlignmentFlag.AlignCenter,
                         tr("principal components 1 and 2 keep {explained:.0%} and {explained2:.0%} of the variance").format(explained=t.explained[0], explained2=t.explained[1]))  # fmt: skip
        painter.setPen(QPen(QColor("#cccccc"), 1))
        painter.drawRect(self._plot_box())
        positions = self.point_positions()
        painter.setPen(QPen(LINE, 1.5))
        for a, b in zip(positions, positions[1:]):
            painter.drawLine(a, b)
        painter.setFont(_font(self.font(), LABEL_PX))
        count = len(positions)
        labels = self.label_places(positions)
        for i, point in enumerate(positions):
            share = i / max(count - 1, 1)  # colour runs from the first state to the last
            colour = HOVER if i == self.hover_index else QColor(
                round(START.red() + share * (END.red() - START.red())),
                round(START.green() + share * (END.green() - START.green())),
                round(START.blue() + share * (END.blue() - START.blue())),
            )  # fmt: skip
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawEllipse(
                point, RADIUS + (2 if i == self.hover_index else 0), RADIUS + (2 if i == self.hover_index else 0)
            )
            if labels[i] is not None:
                rect, text = labels[i]
                painter.setPen(QColor("#222"))
                painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        painter.end()

    def label_places(self, positions: list[QPointF]) -> list[tuple[QRectF, str] | None]:
        """Where each point's label goes, so that no two overlap: right of the point, else left,
        above or below; where none is free, the number alone; else none (hovering tells). The
        hovered point's label is placed first."""
        metrics = QFontMetricsF(_font(self.font(), LABEL_PX))
        placed: list[QRectF] = []
        result: list[tuple[QRectF, str] | None] = [None] * len(positions)
        for i in sorted(range(len(positions)), key=lambda i: i != self.hover_index):
            for text in (f"{i + 1} {display_piece(self.trajectory.pieces[i])}", str(i + 1)):
                rect = free_place(positions[i], RADIUS, text, metrics, placed, QRectF(self.rect()))
                if rect is not None:
                    result[i] = (rect, text)
                    break
        return result

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        position = event.position()
        nearest = None
        for i, point in enumerate(self.point_positions()):
            distance = (point - position).manhattanLength()
            if distance <= 10 and (nearest is None or distance < nearest[0]):
                nearest = (distance, i)
        index = None if nearest is None else nearest[1]
        if index != self.hover_index:
            self.hover_index = index
            self.update()
        if index is None:
            self.hovered.emit("")
        else:
            states = self.trajectory.states[index]
            self.hovered.emit(tr("{position}: '{piece}' · state norm {norm:.2f} · first values {values}").format(
                position=index + 1, piece=display_piece(self.trajectory.pieces[index]), norm=np.linalg.norm(states),
                values=", ".join(f"{v:+.2f}" for v in states[:4])))  # fmt: skip
