"""matplotlib figures drawn off the GUI thread, for plots that change while a run trains.

A `FigureScene` owns a matplotlib Figure on an Agg canvas (no Qt). After it is built, only the
render thread touches it: a `RenderedFigure` widget sends it plain data, the render thread
updates the artists and draws, and the widget paints the RGBA pixels that come back. Even a full
redraw (slow in matplotlib, slower while training competes for the cores) then costs the GUI
thread only the paint of an image. Requests are coalesced: while one render is in
flight, only the newest data waits behind it. Hidden widgets ask for nothing until shown.
"""

from __future__ import annotations

import atexit
import itertools
import logging

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QObject, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.fonts import configure_matplotlib
from app.workers import WorkerThread

DPI = 90
log = logging.getLogger(__name__)


class FigureScene:
    """A figure and what to do with new data. Subclasses build their artists in `__init__` and
    implement `apply`; `render` runs in the render thread."""

    def __init__(self, width_in: float = 3.0, height_in: float = 2.1):
        configure_matplotlib()
        self.figure = Figure(figsize=(width_in, height_in), dpi=DPI)
        self.canvas = FigureCanvasAgg(self.figure)
        self.full_draws = 0  # how often the whole figure was drawn (the rest were blits)
        self._size: tuple[int, int, float] | None = None
        self._background = None

    def apply(self, data) -> bool:
        """Put `data` into the artists; True if what lies behind the animated artists changed
        (limits, texts), so the figure must be drawn in full."""
        raise NotImplementedError

    def animated(self) -> list:
        """Artists drawn over the cached background on every render (lines, markers)."""
        return []

    def render(self, data, width: int, height: int, ratio: float) -> np.ndarray:
        """(height·ratio, width·ratio, 4) RGBA pixels of the figure showing `data`."""
        if self._size != (width, height, ratio):
            self._size = (width, height, ratio)
            self.figure.set_dpi(DPI * ratio)
            self.figure.set_size_inches(max(width, 1) / DPI, max(height, 1) / DPI)
            self._background = None
        if self.apply(data) or self._background is None:
            self.canvas.draw()  # animated artists are left out of a draw; they follow below
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
            self.full_draws += 1
        else:
            self.canvas.restore_region(self._background)
        renderer = self.canvas.get_renderer()
        for artist in self.animated():
            artist.draw(renderer)
        return np.asarray(self.canvas.buffer_rgba()).copy()


class FigureRenderer(QObject):
    """Lives in the render thread; draws one scene at a time."""

    rendered = Signal(int, object)  # view token, RGBA pixels (or None after an error)

    @Slot(object)
    def render(self, job: tuple) -> None:
        token, scene, data, width, height, ratio = job
        try:
            pixels = scene.render(data, width, height, ratio)
        except Exception:  # a plot that cannot be drawn must not leave its view waiting
            log.exception("could not draw %s", type(scene).__name__)
            pixels = None
        self.rendered.emit(token, pixels)


class _RenderThread(QObject):
    """The one render thread of the app, started on first use."""

    request = Signal(tuple)  # (token, scene, data, width, height, ratio)

    def __init__(self):
        super().__init__()
        self.renderer = FigureRenderer()
        self.worker = WorkerThread(self.renderer, "figure-render")
        self.request.connect(self.renderer.render)
        self.worker.start()


_thread: _RenderThread | None = None
_tokens = itertools.count(1)


def render_thread() -> _RenderThread:
    global _thread
    if _thread is None:
        _thread = _RenderThread()
    return _thread


def shutdown_render_thread() -> None:
    """Stop the render thread (the window does on close; at exit otherwise)."""
    global _thread
    if _thread is not None:
        _thread.worker.stop(timeout_ms=1000)
        _thread = None


atexit.register(shutdown_render_thread)


class RenderedFigure(QWidget):
    """Shows a scene drawn in the render thread. `submit(data)` asks for a render; `rendered`
    tells when the pixels on screen show the newest data submitted."""

    rendered = Signal()

    def __init__(self, scene: FigureScene, parent=None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(200, 150)
        self.scene = scene
        self.data = None  # the newest data submitted
        self.image: QImage | None = None
        self._token = next(_tokens)
        self._in_flight = False
        self._waiting = False  # data or size changed since the render in flight was asked for
        self._thread: _RenderThread | None = None

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(300, 210)

    def submit(self, data) -> None:
        """Ask for `data` to be drawn. It is handed to the render thread: do not change it after."""
        self.data = data
        self._request()

    def is_current(self) -> bool:
        """The image shows the newest data at this size (nothing is in flight or waiting)."""
        return self.image is not None and not self._in_flight and not self._waiting

    def _request(self) -> None:
        if self.data is None or not self.isVisible() or self.width() < 10 or self.height() < 10:
            self._waiting = self.data is not None
            return
        if self._in_flight:
            self._waiting = True
            return
        self._in_flight, self._waiting = True, False
        ratio = self.devicePixelRatioF()
        if self._thread is not render_thread():  # first use, or the thread was restarted since
            self._thread = render_thread()
            self._thread.renderer.rendered.connect(self._on_rendered)
        self._thread.request.emit((self._token, self.scene, self.data, self.width(), self.height(), ratio))

    def _on_rendered(self, token: int, pixels) -> None:
        if token != self._token:
            return
        self._in_flight = False
        if pixels is not None:
            height, width = pixels.shape[:2]
            self.image = QImage(pixels.data, width, height, 4 * width, QImage.Format.Format_RGBA8888).copy()
            self.image.setDevicePixelRatio(self.devicePixelRatioF())
            self.update()
        if self._waiting:
            self._request()
        else:
            self.rendered.emit()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        if self.image is not None:
            # Until the render at a new size arrives, the last one is stretched to fit.
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            painter.drawImage(QRectF(self.rect()), self.image)
        painter.end()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._request()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._waiting or (self.data is not None and self.image is None):
            self._request()
