"""Views that read runs and models from disk fill themselves when first shown, not at start-up."""

from __future__ import annotations


class FillOnFirstShow:
    """Mixin for a QWidget: `fill_once()` runs the first time the widget is shown."""

    _filled = False

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._filled:
            self._filled = True
            self.fill_once()

    def fill_once(self) -> None:
        raise NotImplementedError
