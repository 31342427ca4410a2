"""Attention heatmap: target pieces (rows) × source pieces (columns), colour bar, hover, click.

Hovering shows the weight under the cursor; clicking a target row highlights it and the source
pieces it attended to most. The figure exports to PNG/SVG and the matrix to CSV.
"""

from __future__ import annotations

import csv

import numpy as np
from matplotlib.patches import Rectangle
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.fonts import MISSING_CJK_MESSAGE, cjk_available, needs_cjk
from app.views.canvas import FigureCanvas


def display_piece(piece: str) -> str:
    """sentencepiece marks a word start with ▁; show it as a thin space-like marker."""
    return piece.replace("▁", "·") if piece != "▁" else "·"


class AttentionCanvas(FigureCanvas):
    hovered = Signal(str)  # a sentence about the cell under the cursor ("" when outside)
    row_clicked = Signal(int)

    def __init__(self, parent=None, colorbar: bool = True, title: str = ""):
        super().__init__(5.5, 4.0, parent, layout=None)
        self.figure.subplots_adjust(left=0.17, right=0.97, bottom=0.24, top=0.92)
        self.axes = self.figure.add_subplot(1, 1, 1)
        self._title = title
        self.image = self.axes.imshow(np.zeros((1, 1)), cmap="viridis", vmin=0.0, vmax=1.0, aspect="auto")
        self.colorbar = self.figure.colorbar(self.image, ax=self.axes, fraction=0.04, pad=0.02) if colorbar else None
        if self.colorbar is not None:
            self.colorbar.set_label("attention weight")
        self.row_box = Rectangle((0, 0), 1, 1, fill=False, edgecolor="#ff5a36", linewidth=2.0, visible=False)
        self.axes.add_patch(self.row_box)
        self.message = self.axes.text(0.5, 0.5, "", ha="center", va="center", transform=self.axes.transAxes, wrap=True)
        self.weights: np.ndarray | None = None
        self.source: list[str] = []
        self.target: list[str] = []
        self.selected_row: int | None = None
        self.mpl_connect("motion_notify_event", self._on_motion)
        self.mpl_connect("button_press_event", self._on_click)
        self.show_message("Translate a sentence to see where each target piece looked.")

    def show_message(self, text: str) -> None:
        self.weights = None
        self.image.set_visible(False)
        self.row_box.set_visible(False)
        self.axes.set_xticks([])
        self.axes.set_yticks([])
        self.axes.set_title("")
        self.message.set_text(text)
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
        self.axes.set_xticks(range(len(source)), [display_piece(p) for p in source], rotation=60, ha="right",
                             rotation_mode="anchor")  # fmt: skip
        self.axes.set_yticks(range(len(target)), [display_piece(p) for p in target])
        size = 9 if max(len(source), len(target)) < 25 else 7
        self.axes.tick_params(labelsize=size)
        self.axes.set_xlabel("source pieces (encoder positions)")
        self.axes.set_ylabel("target pieces (decoder steps)")
        self.axes.set_title(title or self._title, fontsize=10)
        if not cjk_available() and needs_cjk("".join(source + target)):
            self.axes.set_title(MISSING_CJK_MESSAGE[:60] + "…", fontsize=8, color="#b00020")
        self.selected_row = None
        self.row_box.set_visible(False)
        self.draw_idle()

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

    def _on_motion(self, event) -> None:
        cell = self._cell(event)
        if cell is None:
            self.hovered.emit("")
            return
        row, col = cell
        self.hovered.emit(
            f"target '{self.target[row]}' → source '{self.source[col]}': weight {self.weights[row, col]:.3f}"
        )

    def _on_click(self, event) -> None:
        cell = self._cell(event)
        if cell is not None:
            self.select_row(cell[0])
            self.row_clicked.emit(cell[0])

    def export_csv(self, path: str) -> None:
        if self.weights is None:
            raise ValueError("there is no attention matrix to export")
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["target \\ source"] + self.source)
            for piece, row in zip(self.target, self.weights):
                writer.writerow([piece] + [f"{w:.6f}" for w in row])


class AttentionView(QWidget):
    """The heatmap with a line of explanation and export buttons."""

    def __init__(self, parent=None, title: str = "", compact: bool = False):
        super().__init__(parent)
        self.canvas = AttentionCanvas(self, colorbar=not compact, title=title)
        self.info = QLabel("Hover a cell to read its weight; click a target piece to see which source pieces it used.")
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

    def set_attention(self, weights, source, target, title: str = "") -> None:
        self.canvas.set_attention(weights, source, target, title)

    def show_message(self, text: str) -> None:
        self.canvas.show_message(text)

    def _on_hover(self, text: str) -> None:
        if text:
            self.info.setText(text)

    def _on_row(self, row: int) -> None:
        c = self.canvas
        weights = c.weights[row]
        order = np.argsort(weights)[::-1]
        used = [f"'{c.source[i]}' {weights[i]:.2f}" for i in order[:3] if weights[i] >= 0.05]
        self.info.setText(f"'{c.target[row]}' (step {row + 1}) attended most to: " + ", ".join(used))

    def _export_figure(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export attention figure", "attention.png", "PNG (*.png);;SVG (*.svg)"
        )
        if path:
            self.canvas.export(path)

    def _export_matrix(self) -> None:
        if self.canvas.weights is None:
            self.info.setText("Nothing to export yet: translate a sentence first.")
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export attention matrix", "attention.csv", "CSV (*.csv)")
        if path:
            self.canvas.export_csv(path)
