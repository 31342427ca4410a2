"""Attention heatmap: target pieces (rows) × source pieces (columns), colour bar, hover, click.

Hovering shows the weight under the cursor; clicking a target row highlights it and the source
pieces it attended to most. The figure exports to PNG/SVG and the matrix to CSV.
"""

from __future__ import annotations

import csv
import math

import numpy as np
from matplotlib.patches import Rectangle
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app import file_dialogs
from app.fonts import MISSING_CJK_MESSAGE, cjk_available, needs_cjk
from app.views.canvas import FigureCanvas


def display_piece(piece: str) -> str:
    """sentencepiece marks a word start with ▁; show it as a thin space-like marker."""
    return piece.replace("▁", "·") if piece != "▁" else "·"


# Axis titles, longest first: the longest that fits the axes is shown.
X_TITLES = ("source pieces (encoder positions)", "source pieces", "source")
Y_TITLES = ("target pieces (decoder steps)", "target pieces", "target")
WORD_X_TITLES = ("source words (pieces regrouped)", "source words", "source")
WORD_Y_TITLES = ("output words (pieces regrouped)", "output words", "output")


def _fitting(titles: tuple[str, ...], room_pt: float, size: float) -> str:
    return next((t for t in titles if text_width_pt(t, size) <= room_pt), titles[-1])


def text_width_pt(text: str, size: float) -> float:
    """Rough width of a label in points: wide (CJK, fullwidth) characters count about twice."""
    return size * sum(1.0 if needs_cjk(ch) else 0.62 for ch in text)


class AttentionCanvas(FigureCanvas):
    hovered = Signal(str)  # a sentence about the cell under the cursor ("" when outside)
    row_clicked = Signal(int)

    def __init__(self, parent=None, colorbar: bool = True, title: str = ""):
        super().__init__(5.5, 4.0, parent, layout=None)
        self.axes = self.figure.add_subplot(1, 1, 1)
        self._title = title
        self._full_title = ""
        self.image = self.axes.imshow(np.zeros((1, 1)), cmap="viridis", vmin=0.0, vmax=1.0, aspect="auto")
        # The colour bar has axes of its own, placed with the heatmap by _fit_layout.
        self.colorbar_axes = self.figure.add_axes((0.9, 0.1, 0.02, 0.8)) if colorbar else None
        self.colorbar = self.figure.colorbar(self.image, cax=self.colorbar_axes) if colorbar else None
        if self.colorbar is not None:
            self.colorbar.set_label("attention weight", fontsize=8)
            self.colorbar.ax.tick_params(labelsize=7)
        self.row_box = Rectangle((0, 0), 1, 1, fill=False, edgecolor="#ff5a36", linewidth=2.0, visible=False)
        self.axes.add_patch(self.row_box)
        self.message = self.axes.text(0.5, 0.5, "", ha="center", va="center", transform=self.axes.transAxes, wrap=True)
        # Axis titles are figure texts placed by _fit_layout: as axis labels, matplotlib would
        # measure every tick label again on each draw to place them (a third of a redraw).
        self.x_title = self.figure.text(0.5, 0.0, "", ha="center", va="bottom", fontsize=9)
        self.y_title = self.figure.text(0.0, 0.5, "", ha="left", va="center", rotation=90, fontsize=9)
        self.weights: np.ndarray | None = None
        self.value_name = "weight"
        self.x_titles, self.y_titles = X_TITLES, Y_TITLES
        self.source: list[str] = []
        self.target: list[str] = []
        self.selected_row: int | None = None
        self._label_size = 9
        self.mpl_connect("motion_notify_event", self._on_motion)
        self.mpl_connect("button_press_event", self._on_click)
        self.show_message("Translate a sentence to see where each target piece looked.")

    # ------------------------------------------------------------------ layout
    def _fit_layout(self) -> None:
        """Margins, tick-label sizes and axis titles from the labels and the room there is, in
        pixels, so that no label or title is cut or overlaps at any size (a layout engine would
        cost a second draw on every update while training)."""
        width, height = self.figure.bbox.width, self.figure.bbox.height
        if width < 10 or height < 10:
            return
        px = self.figure.dpi / 72.0  # pixels per point
        right = ((7 * 5 + 8 * 1.4 + 22) * px + 0.025 * width) if self.colorbar_axes is not None else 10 * px
        top = (10 * 1.6 + 6) * px if self._full_title else 8 * px
        left = bottom = 10 * px
        if self.weights is not None:
            rows, cols = self.weights.shape
            # Two passes: label sizes follow the room per row/column, which follows the margins.
            y_size = x_size = self._label_size
            for _ in range(2):
                ylabel_w = max(text_width_pt(display_piece(p), y_size) for p in self.target) if rows else 0
                xlabel_w = max(text_width_pt(display_piece(p), x_size) for p in self.source) if cols else 0
                left = (min(ylabel_w, 0.3 * width / px) + 12 * 1.4 + 8) * px
                bottom = (min(xlabel_w * 0.87 + x_size * 0.5, 0.35 * height / px) + 12 * 1.4 + 6) * px
                row_pt = (height - top - bottom) / px / max(rows, 1)
                col_pt = (width - left - right) / px / max(cols, 1)
                y_size = max(5.0, min(self._label_size, row_pt * 0.8))
                x_size = max(5.0, min(self._label_size, col_pt * 0.8))
            self.axes.tick_params(axis="y", labelsize=y_size)
            self.axes.tick_params(axis="x", labelsize=x_size)
            # Dense rows or columns: label every n-th piece rather than print them over each other.
            y_every = max(1, math.ceil(y_size * 1.1 / max(row_pt, 0.1)))
            x_every = max(1, math.ceil(x_size * 1.1 / max(col_pt, 0.1)))
            self.axes.set_yticks(range(0, rows, y_every), [display_piece(p) for p in self.target][::y_every])
            self.axes.set_xticks(range(0, cols, x_every), [display_piece(p) for p in self.source][::x_every],
                                 rotation=60, ha="right", rotation_mode="anchor")  # fmt: skip
            axes_w, axes_h = (width - left - right) / px, (height - top - bottom) / px
            self.x_title.set_text(_fitting(self.x_titles, axes_w, 9))
            self.y_title.set_text(_fitting(self.y_titles, axes_h, 9))
        x0, y0 = left / width, bottom / height
        w, h = max(0.05, 1 - (left + right) / width), max(0.05, 1 - (bottom + top) / height)
        self.axes.set_position((x0, y0, w, h))
        self.x_title.set_position((x0 + w / 2, 4 * px / height))
        self.y_title.set_position((4 * px / width, y0 + h / 2))
        if self.colorbar_axes is not None:
            self.colorbar_axes.set_position((x0 + w + 8 * px / width, y0, 0.025, h))
        self._fit_title(width - left - right)

    def _fit_title(self, width_px: float) -> None:
        """The title shortened with an ellipsis to the width it has."""
        title, size = self._full_title, 10
        limit = width_px / (self.figure.dpi / 72.0)
        while title and text_width_pt(title, size) > limit and len(title) > 4:
            title = title[: max(4, int(len(title) * limit / text_width_pt(title, size)) - 1)].rstrip() + "…"
        self.axes.set_title(title, fontsize=size)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_layout()

    def show_message(self, text: str) -> None:
        self.weights = None
        self.image.set_visible(False)
        self.row_box.set_visible(False)
        self.axes.set_xticks([])
        self.axes.set_yticks([])
        self.x_title.set_text("")
        self.y_title.set_text("")
        self._full_title = ""
        self.message.set_text(text)
        self._fit_layout()
        self.draw_idle()

    def set_attention(self, weights: np.ndarray | None, source: list[str], target: list[str], title: str = "") -> None:
        """weights (len(target), len(source)); None for a model without attention."""
        if weights is None:
            self.show_message(
                "This model has no attention: the decoder sees one fixed context vector,\n"
                "the encoder's final state, at every step."
            )
            return
        weights = np.asarray(weights, dtype=np.float32)[: len(target), : len(source)]
        self.weights, self.source, self.target = weights, list(source), list(target)
        self.message.set_text("")
        self.image.set_visible(True)
        self.image.set_data(weights)
        self.image.set_extent((-0.5, weights.shape[1] - 0.5, weights.shape[0] - 0.5, -0.5))
        self.axes.set_xlim(-0.5, weights.shape[1] - 0.5)
        self.axes.set_ylim(weights.shape[0] - 0.5, -0.5)
        self._label_size = 9 if max(len(source), len(target)) < 25 else 7
        self._full_title = title or self._title
        if not cjk_available() and needs_cjk("".join(source + target)):
            self._full_title = MISSING_CJK_MESSAGE
        self.axes.title.set_color("#b00020" if self._full_title == MISSING_CJK_MESSAGE else "black")
        self.selected_row = None
        self.row_box.set_visible(False)
        self._fit_layout()
        self.draw_idle()

    def use_difference_colours(self) -> None:
        """For a difference of two attention matrices: red where the first looked more, blue
        where the second did, white where they agree."""
        self.image.set_cmap("RdBu_r")
        self.image.set_clim(-1.0, 1.0)
        self.value_name = "A − B"
        if self.colorbar is not None:
            self.colorbar.set_label("A − B", fontsize=8)

    def select_row(self, row: int | None) -> None:
        if self.weights is None or row is None or not 0 <= row < self.weights.shape[0]:
            self.selected_row = None
            self.row_box.set_visible(False)
        else:
            self.selected_row = row
            self.row_box.set_bounds(-0.5, row - 0.5, self.weights.shape[1], 1)
            self.row_box.set_visible(True)
        self.draw_idle()

    def _cell(self, event) -> tuple[int, int] | None:
        if self.weights is None or event.inaxes is not self.axes or event.xdata is None:
            return None
        col, row = int(round(event.xdata)), int(round(event.ydata))
        if 0 <= row < self.weights.shape[0] and 0 <= col < self.weights.shape[1]:
            return row, col
        return None

    def _label_row(self, event) -> int | None:
        """The target row whose label (left of the heatmap) is under the pointer."""
        if self.weights is None or event.x is None:
            return None
        box = self.axes.bbox
        if not (event.x < box.x0 and box.y0 <= event.y <= box.y1):
            return None
        _, y = self.axes.transData.inverted().transform((event.x, event.y))
        row = int(round(y))
        return row if 0 <= row < self.weights.shape[0] else None

    def _on_motion(self, event) -> None:
        cell = self._cell(event)
        if cell is None:
            self.hovered.emit("")
            return
        row, col = cell
        self.hovered.emit(
            f"target '{self.target[row]}' → source '{self.source[col]}': {self.value_name} {self.weights[row, col]:.3f}"
        )

    def _on_click(self, event) -> None:
        cell = self._cell(event)
        row = cell[0] if cell is not None else self._label_row(event)
        if row is not None:
            self.select_row(row)
            self.row_clicked.emit(row)

    def export_csv(self, path: str) -> None:
        if self.weights is None:
            raise ValueError("there is no attention matrix to export")
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["target \\ source"] + self.source)
            for piece, row in zip(self.target, self.weights):
                writer.writerow([piece] + [f"{w:.6f}" for w in row])


HOVER_HINT = "Hover a cell to read its weight; click a target piece (a row or its label) to see what it used."


class AttentionView(QWidget):
    """The heatmap with a line of explanation and export buttons."""

    def __init__(self, parent=None, title: str = "", compact: bool = False):
        super().__init__(parent)
        self.canvas = AttentionCanvas(self, colorbar=not compact, title=title)
        self.info = QLabel(HOVER_HINT)
        self.info.setWordWrap(True)
        self.info.setObjectName("attentionInfo")
        export_figure = QPushButton("Export figure…")
        export_figure.setToolTip("Save the heatmap as PNG or SVG")
        export_matrix = QPushButton("Export matrix…")
        export_matrix.setToolTip("Save the attention weights as CSV, labelled with the pieces")
        export_figure.clicked.connect(self._export_figure)
        export_matrix.clicked.connect(self._export_matrix)
        buttons = QHBoxLayout()
        buttons.addWidget(self.info, 1)
        if not compact:
            buttons.addWidget(export_figure)
            buttons.addWidget(export_matrix)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(buttons)
        self.canvas.hovered.connect(self._on_hover)
        self.canvas.row_clicked.connect(self._on_row)
        self.difference = False

    def show_difference(self) -> None:
        """This view shows A − B: diverging colours, and rows described by their differences."""
        self.difference = True
        self.canvas.use_difference_colours()

    def set_attention(self, weights, source, target, title: str = "", by_words: bool = False) -> None:
        """`by_words`: rows and columns are words (pieces regrouped), and the axes say so."""
        self.canvas.x_titles = WORD_X_TITLES if by_words else X_TITLES
        self.canvas.y_titles = WORD_Y_TITLES if by_words else Y_TITLES
        self.canvas.set_attention(weights, source, target, title)
        # What it said of the previous matrix no longer holds; a missing CJK font is said in full.
        missing_font = not cjk_available() and needs_cjk("".join(list(source) + list(target)))
        self.info.setText(MISSING_CJK_MESSAGE if missing_font else HOVER_HINT)

    def show_message(self, text: str) -> None:
        self.canvas.show_message(text)
        self.info.setText(HOVER_HINT)

    def _on_hover(self, text: str) -> None:
        if text:
            self.info.setText(text)

    def _on_row(self, row: int) -> None:
        c = self.canvas
        weights = c.weights[row]
        if self.difference:
            order = np.argsort(np.abs(weights))[::-1]
            parts = [f"'{c.source[i]}' {weights[i]:+.2f}" for i in order[:3] if abs(weights[i]) >= 0.05]
            self.info.setText(f"'{c.target[row]}': " + (", ".join(parts) + " (A − B)" if parts else "A and B agree"))
            return
        order = np.argsort(weights)[::-1]
        used = [f"'{c.source[i]}' {weights[i]:.2f}" for i in order[:3] if weights[i] >= 0.05]
        self.info.setText(f"'{c.target[row]}' (step {row + 1}) attended most to: " + ", ".join(used))

    def _export_figure(self) -> None:
        path = file_dialogs.save_file(self, "export", "Export attention figure", "attention.png",
                                      "PNG (*.png);;SVG (*.svg)")  # fmt: skip
        if path:
            self.canvas.export(path)

    def _export_matrix(self) -> None:
        if self.canvas.weights is None:
            self.info.setText("Nothing to export yet: translate a sentence first.")
            return
        path = file_dialogs.save_file(self, "export", "Export attention matrix", "attention.csv", "CSV (*.csv)")
        if path:
            self.canvas.export_csv(path)
