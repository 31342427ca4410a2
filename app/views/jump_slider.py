"""A slider that goes where it is clicked: a click on the track jumps to that step (QSlider's
own click only moves a page towards the pointer, which on a short range lands on an end)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSlider, QStyle, QStyleOptionSlider


class JumpSlider(QSlider):
    def value_at(self, x: float, y: float) -> int:
        """The value under a point of the widget."""
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        groove = self.style().subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                             QStyle.SubControl.SC_SliderGroove, self)  # fmt: skip
        handle = self.style().subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                             QStyle.SubControl.SC_SliderHandle, self)  # fmt: skip
        if self.orientation() == Qt.Orientation.Horizontal:
            start, span, pos = groove.x() + handle.width() / 2, groove.width() - handle.width(), x
        else:
            start, span, pos = groove.y() + handle.height() / 2, groove.height() - handle.height(), y
        return QStyle.sliderValueFromPosition(
            self.minimum(), self.maximum(), int(round(pos - start)), max(1, int(span)), option.upsideDown
        )

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton and self.isEnabled():
            option = QStyleOptionSlider()
            self.initStyleOption(option)
            hit = self.style().hitTestComplexControl(QStyle.ComplexControl.CC_Slider, option,
                                                     event.position().toPoint(), self)  # fmt: skip
            if hit != QStyle.SubControl.SC_SliderHandle:
                self.setValue(self.value_at(event.position().x(), event.position().y()))
                event.accept()
                return
        super().mousePressEvent(event)
