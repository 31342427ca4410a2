"""Point labels that never cover one another: each goes right of its point, else left, above or below."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFontMetricsF


def free_place(point: QPointF, radius: float, text: str, metrics: QFontMetricsF, placed: list[QRectF],
               bounds: QRectF) -> QRectF | None:  # fmt: skip
    """The first of four places beside a point of `radius` where `text` fits inside `bounds` and
    over no rectangle of `placed` (which it joins); None if there is none."""
    width, height = metrics.horizontalAdvance(text) + 1, metrics.height()
    for dx, dy in ((radius + 3, -radius - height * 0.75), (radius + 3, radius - height * 0.25),
                   (-radius - 3 - width, -radius - height * 0.75), (-radius - 3 - width, radius - height * 0.25)):  # fmt: skip
        rect = QRectF(point.x() + dx, point.y() + dy, width, height)
        if bounds.contains(rect) and not any(rect.intersects(other) for other in placed):
            placed.append(rect)
            return rect
    return None
