"""Attention heatmap: target pieces (rows) × source pieces (columns), colour bar, hover, click.

Hovering shows the weight under the cursor; clicking a target row highlights it and the source
pieces it attended to most. The figure exports to PNG/SVG and the matrix to CSV.
"""

from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app import file_dialogs
from app.fonts import MISSING_CJK_MESSAGE, cjk_available, needs_cjk
from app.i18n import QT_TR_NOOP, tr
from app.interface_text import content
from app.views.gold_alignments import GoldAlignments
from app.views.heatmap_canvas import AXES, AttentionCanvas, display_piece

HOVER_HINT = QT_TR_NOOP(
    "Hover a cell to read its weight; click a target piece (a row or its label) to see what it used."
)
DIAGNOSTICS_TIP = QT_TR_NOOP(
    "Is this attention right?\n"
    "Entropy: 0 bits when a step looks at one source piece; the even-spread value when it looks at all "
    "of them alike (attention that has not learnt to align).\n"
    "Coverage: the attention a source piece received over all steps. Little: it may be left "
    "untranslated. Much: it may be translated twice.\n"
    "Punctuation and </s>: where attention with nothing better to do tends to sink."
)


def diagnostics_text(weights, source: list[str], target: list[str]) -> str:
    """One line of attention diagnostics (models.inspection.diagnostics) for a heatmap, as rich text."""
    from models.inspection.diagnostics import diagnose

    d = diagnose(weights, source)
    parts = [
        tr("entropy per step {mean_entropy:.2f} bits on average (even spread: {uniform_entropy:.2f})").format(
            mean_entropy=d.mean_entropy, uniform_entropy=d.uniform_entropy
        )
    ]
    if d.entropy.size:
        worst = int(np.argmax(d.entropy))
        parts.append(
            tr("most diffuse: '{target}' {entropy:.2f} bits").format(
                target=content(display_piece(target[worst])), entropy=d.entropy[worst]
            )
        )
    if d.low_coverage:
        parts.append(tr("little attention: ") + ", ".join(f"'{content(display_piece(source[j]))}' ({d.coverage[j]:.2f})"
                                                      for j in d.low_coverage[:4]))  # fmt: skip
    if d.high_coverage:
        parts.append(tr("much attention: ") + ", ".join(f"'{content(display_piece(source[j]))}' ({d.coverage[j]:.2f})"
                                          for j in d.high_coverage[:4]))  # fmt: skip
    parts.append(tr("on punctuation {on_punctuation:.0%}").format(on_punctuation=d.on_punctuation))
    if d.on_end is not None:
        parts.append(
            tr("on {value} {on_end:.0%}").format(
                value=html.escape(source[-1] if source[-1] in ("</s>", "<s>") else "</s>"), on_end=d.on_end
            )
        )
    return tr("Diagnostics: ") + " · ".join(parts)


class AttentionView(QWidget):
    """The heatmap with a line of explanation and export buttons."""

    def __init__(self, parent=None, title: str = "", compact: bool = False, diagnostics: bool = False):
        super().__init__(parent)
        self.canvas = AttentionCanvas(self, colorbar=not compact, title=title)
        self.diagnostics = QLabel("")
        self.diagnostics.setTextFormat(Qt.TextFormat.RichText)
        self.diagnostics.setWordWrap(True)
        self.diagnostics.setToolTip(tr(DIAGNOSTICS_TIP))
        self.diagnostics.setVisible(False)
        self.with_diagnostics = diagnostics
        self.info = QLabel(tr(HOVER_HINT))
        self.info.setWordWrap(True)
        self.info.setObjectName("attentionInfo")
        export_figure = QPushButton(tr("Export figure…"))
        export_figure.setToolTip(tr("Save the heatmap as PNG or SVG"))
        export_matrix = QPushButton(tr("Export matrix…"))
        export_matrix.setToolTip(tr("Save the attention weights as CSV, labelled with the pieces"))
        export_figure.clicked.connect(self._export_figure)
        export_matrix.clicked.connect(self._export_matrix)
        buttons = QHBoxLayout()
        buttons.addWidget(self.info, 1)
        self.gold = GoldAlignments(self.canvas, self)  # gold word links over the map, with its AER
        if not compact:
            buttons.addWidget(self.gold.button)
            buttons.addWidget(export_figure)
            buttons.addWidget(export_matrix)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.diagnostics)
        layout.addWidget(self.gold.caption)
        layout.addLayout(buttons)
        self.canvas.hovered.connect(self._on_hover)
        self.canvas.row_clicked.connect(self._on_row)
        self.difference = False

    def show_difference(self) -> None:
        """This view shows A − B: diverging colours, and rows described by their differences."""
        self.difference = True
        self.canvas.use_difference_colours()

    def set_attention(self, weights, source, target, title: str = "", by_words: bool = False,
                      axes: str = "", diagnostics: bool = True) -> None:  # fmt: skip
        """`by_words`: rows and columns are words (pieces regrouped), and the axes say so; `axes`
        names other axes (heatmap_canvas.AXES: a Transformer's self-attention); `diagnostics`:
        false where they do not apply (they judge attention over a source)."""
        self.canvas.x_titles, self.canvas.y_titles = AXES[axes or ("words" if by_words else "pieces")]
        self.canvas.set_attention(weights, source, target, title)
        over_source = axes in ("", "pieces") and not by_words and not self.difference
        self.gold.show_for(weights, source, target, over_source)
        # What it said of the previous matrix no longer holds; a missing CJK font is said in full.
        missing_font = not cjk_available() and needs_cjk("".join(list(source) + list(target)))
        self.info.setText(tr(MISSING_CJK_MESSAGE) if missing_font else tr(HOVER_HINT))
        shown = self.with_diagnostics and diagnostics and self.canvas.weights is not None and not self.difference
        self.diagnostics.setVisible(shown)
        if shown:
            self.diagnostics.setText(diagnostics_text(self.canvas.weights, self.canvas.source, self.canvas.target))

    def show_message(self, text: str) -> None:
        self.canvas.show_message(text)
        self.gold.clear()
        self.info.setText(tr(HOVER_HINT))
        self.diagnostics.setVisible(False)

    def _on_hover(self, text: str) -> None:
        if text:
            self.info.setText(text)

    def _on_row(self, row: int) -> None:
        c = self.canvas
        weights = c.weights[row]
        if self.difference:
            order = np.argsort(np.abs(weights))[::-1]
            parts = [f"'{display_piece(c.source[i])}' {weights[i]:+.2f}" for i in order[:3] if abs(weights[i]) >= 0.05]
            self.info.setText(
                f"'{display_piece(c.target[row])}': "
                + (", ".join(parts) + " (A − B)" if parts else tr("A and B agree"))
            )
            return
        order = np.argsort(weights)[::-1]
        used = [f"'{display_piece(c.source[i])}' {weights[i]:.2f}" for i in order[:3] if weights[i] >= 0.05]
        self.info.setText(
            tr("'{target}' (step {row}) attended most to: ").format(target=display_piece(c.target[row]), row=row + 1)
            + ", ".join(used)
        )

    def _export_figure(self) -> None:
        path = file_dialogs.save_file(self, "export", tr("Export attention figure"), "attention.png",
                                      "PNG (*.png);;SVG (*.svg)")  # fmt: skip
        if path:
            self.canvas.export(path)

    def _export_matrix(self) -> None:
        if self.canvas.weights is None:
            self.info.setText(tr("Nothing to export yet: translate a sentence first."))
            return
        path = file_dialogs.save_file(self, "export", tr("Export attention matrix"), "attention.csv", "CSV (*.csv)")
        if path:
            self.canvas.export_csv(path)
