"""One axes of lines that grow while a run trains, drawn in the render thread.

Artists are created once. Most renders only blit the lines (and any markers) onto the cached
background; the axes are drawn in full only when a line outgrows them, and their limits then
grow with headroom (x doubles, y gets 20%), so full draws are rare during a run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.ticker import MaxNLocator

from app.views.figure_renderer import FigureScene, RenderedFigure

MAX_DRAWN_POINTS = 4000  # a longer series is drawn every n-th point (the axes are ~400 px wide)


def thinned(xs, ys) -> tuple[np.ndarray, np.ndarray]:
    """Copies of a series as arrays: every n-th point of a long one, and always its last."""
    every = len(xs) // MAX_DRAWN_POINTS + 1
    if every == 1:
        return np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    return np.asarray(xs[::every] + xs[-1:], dtype=float), np.asarray(ys[::every] + ys[-1:], dtype=float)


@dataclass(frozen=True)
class PlotData:
    """What one plot shows: series name → (xs, ys), a marker's x, and a generation that changes
    when the curves start over (another run, cleared), so the axes fit afresh."""

    series: dict[str, tuple[np.ndarray, np.ndarray]]
    marker: float | None = None
    generation: int = 0

    @classmethod
    def of(cls, source: dict, names, marker: float | None = None, generation: int = 0) -> PlotData:
        """From lists that keep growing in the GUI thread: thinned copies, safe to hand over."""
        return cls({name: thinned(*source[name]) for name in names}, marker, generation)


@dataclass
class _Extent:
    max_x: float = 0.0
    min_y: float = 0.0
    max_y: float = 0.0
    empty: bool = True

    @classmethod
    def of(cls, data: PlotData) -> _Extent:
        filled = [(xs, ys) for xs, ys in data.series.values() if len(xs)]
        if not filled:
            return cls()
        return cls(max(float(xs.max()) for xs, _ in filled), min(float(ys.min()) for _, ys in filled),
                   max(float(ys.max()) for _, ys in filled), False)  # fmt: skip


class PlotScene(FigureScene):
    """`fixed_y` keeps the y range (scores are 0–100); `tight` fits the x axis to the first data
    of a generation (a finished run fills its axes) and grows with headroom from there; `note`
    is shown while there is no data."""

    def __init__(self, title: str, xlabel: str = "", fixed_y: tuple[float, float] | None = None, sci: bool = False,
                 tight: bool = False, note: str = ""):  # fmt: skip
        super().__init__(3.0, 2.1)
        self.figure.subplots_adjust(left=0.17, right=0.97, bottom=0.26 if xlabel else 0.14, top=0.86)
        self.axes = self.figure.add_subplot(1, 1, 1)
        self.axes.set_title(title, fontsize=9, loc="right" if sci else "center")  # clear of the ×10ⁿ label
        self.axes.tick_params(labelsize=7)
        self.axes.grid(alpha=0.3)
        self.axes.xaxis.set_major_locator(MaxNLocator(5, integer=True))
        self.axes.yaxis.set_major_locator(MaxNLocator(4))
        if sci:
            self.axes.ticklabel_format(axis="y", style="sci", scilimits=(0, 0))
        if xlabel:
            self.axes.set_xlabel(xlabel, fontsize=8)
        self.note = self.axes.text(0.5, 0.5, note, ha="center", va="center", transform=self.axes.transAxes,
                                   fontsize=8, color="#777")  # fmt: skip
        self.fixed_y, self.tight = fixed_y, tight
        self.series: dict[str, object] = {}
        self.markers: list = []
        self._generation: int | None = None
        self._fitted = False

    def add_line(self, name: str, *args, **kwargs):
        (line,) = self.axes.plot([], [], *args, **kwargs)
        line.set_animated(True)  # drawn over the cached background
        self.series[name] = line
        return line

    def add_marker(self, **kwargs):
        """A vertical line at a step, moved without drawing the axes again."""
        marker = self.axes.axvline(0, visible=False, animated=True, **kwargs)
        self.markers.append(marker)
        return marker

    def animated(self) -> list:
        return list(self.series.values()) + self.markers

    def apply(self, data: PlotData) -> bool:
        changed = False
        if data.generation != self._generation:
            self._generation, self._fitted = data.generation, False
            self.axes.set_xlim(0, 100)
            self.axes.set_ylim(*(self.fixed_y or (0, 1)))
            changed = True
        for name, line in self.series.items():
            line.set_data(*data.series[name])
        extent = _Extent.of(data)
        if self.note.get_visible() != extent.empty:
            self.note.set_visible(extent.empty)
            changed = True
        for marker in self.markers:
            marker.set_visible(data.marker is not None)
            if data.marker is not None:
                marker.set_xdata([data.marker, data.marker])
        return (not extent.empty and self._grow_limits(extent)) or changed

    def _grow_limits(self, extent: _Extent) -> bool:
        """Widen the axes only when a line leaves them."""
        changed = False
        if self.tight and not self._fitted:
            self.axes.set_xlim(0, max(1.0, extent.max_x * 1.03))
            self._fitted = changed = True
        elif extent.max_x > self.axes.get_xlim()[1]:
            self.axes.set_xlim(0, max(100, 2 ** int(extent.max_x - 1).bit_length()))
            changed = True
        if self.fixed_y is None:
            low, high = self.axes.get_ylim()
            top, bottom = extent.max_y, min(0.0, extent.min_y)
            if top > high or bottom < low or top < 0.3 * high:
                self.axes.set_ylim(bottom, top * 1.2 if top > 0 else 1.0)
                changed = True
        return changed


class LivePlot(RenderedFigure):
    """A PlotScene on screen."""

    def __init__(self, scene: PlotScene, parent=None):
        super().__init__(scene, parent)
        self.scene: PlotScene = scene

    def show_data(self, source: dict, marker: float | None = None, generation: int = 0) -> None:
        """Draw the scene's series from `source` (name → (xs, ys) lists, still growing)."""
        self.submit(PlotData.of(source, self.scene.series, marker, generation))
