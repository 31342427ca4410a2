"""The mouse wheel scrolls a page of settings; it changes a spin box or a list only once the
person has clicked into it (given it focus). Without this, scrolling a long form changes
whichever value passes under the pointer, unnoticed."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QWidget,
)  # fmt: skip

GUARDED = (QAbstractSpinBox, QComboBox, QAbstractSlider)


class WheelGuard(QObject):
    """An event filter: a wheel event over an unfocused guarded widget goes to its parents (the
    scroll area scrolls) instead of changing the value."""

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.Wheel or not isinstance(obj, GUARDED) or obj.hasFocus():
            return False
        area = obj.parentWidget()
        while area is not None and not isinstance(area, QAbstractScrollArea):
            area = area.parentWidget()
        if area is None:
            event.ignore()  # ignored and filtered: Qt hands a real wheel event on to the parents
            return True
        # The page it is on scrolls (sent on explicitly: Qt does not pass on a wheel event that
        # was sent rather than spontaneous).
        viewport = area.viewport()
        position = QPointF(viewport.mapFromGlobal(event.globalPosition().toPoint()))
        QApplication.sendEvent(viewport, QWheelEvent(
            position, event.globalPosition(), event.pixelDelta(), event.angleDelta(), event.buttons(),
            event.modifiers(), event.phase(), event.inverted(), event.source()))  # fmt: skip
        return True


_GUARD: WheelGuard | None = None


def guard_wheel(root: QWidget) -> None:
    """Guard every spin box, combo box and slider inside `root` (and `root` itself if it is one):
    focus by click or Tab only (not by the wheel), and the wheel changes them only while focused.
    Widgets created inside `root` later are guarded by calling this again."""
    global _GUARD
    if _GUARD is None:
        _GUARD = WheelGuard()
    widgets = root.findChildren(QWidget)
    if isinstance(root, GUARDED):
        widgets.append(root)
    for widget in widgets:
        if isinstance(widget, GUARDED):
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            widget.removeEventFilter(_GUARD)  # installed once, whatever the calls
            widget.installEventFilter(_GUARD)
