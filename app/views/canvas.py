"""A matplotlib Figure embedded in Qt (no pyplot): artists are created once and updated."""

from __future__ import annotations

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtWidgets import QSizePolicy

from app.fonts import configure_matplotlib


class FigureCanvas(FigureCanvasQTAgg):
    def __init__(self, width: float = 5.0, height: float = 4.0, parent=None, layout: str | None = "constrained"):
        configure_matplotlib()
        # layout=None: fixed margins, for figures redrawn while training (constrained layout
        # roughly doubles the cost of every draw).
        self.figure = Figure(figsize=(width, height), dpi=90, layout=layout)
        super().__init__(self.figure)
        self.setParent(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(200, 150)
        self._stale = False

    def draw_idle(self) -> None:
        """Drawn when seen: a hidden figure (a tab not open) only notes that it changed. Its draw
        is a long stretch of matplotlib on the GUI thread, and would otherwise run for every
        sentence typed in another tab."""
        if not self.isVisible():
            self._stale = True
            return
        super().draw_idle()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self._stale = False
            super().draw_idle()

    def export(self, path: str) -> None:
        """PNG or SVG by the file's extension."""
        self.figure.savefig(path, dpi=150)
