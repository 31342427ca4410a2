"""Attention heatmap: target pieces (rows) × source pieces (columns), colour bar, hover, click.

Hovering shows the weight under the cursor; clicking a target row highlights it and the source
pieces it attended to most. The figure exports to PNG/SVG and the matrix to CSV.
"""

from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolTip, QVBoxLayout, QWidget

from app import file_dialogs
from app.fonts import MISSING_CJK_MESSAGE, cjk_available, needs_cjk
from app.i18n import QT_TR_NOOP, tr
from app.interface_text import content
from app.views.gold_alignments import GoldAlignments
from app.views.heatmap_canvas import AXES, AttentionCanvas, display_piece

HOVER_HINT = QT_TR_NOOP(
    "Hover a cell to read its weight; click a target piece (a row or its label) to see what it used."
)
# Self-attention's rows are not target steps: the pieces of one side, each attending to its own side.
SELF_HOVER_HINT = QT_TR_NOOP(
    "Hover a cell to read its weight; click a row (a piece, or its label) to see which pieces it attended to."
)
DIAGNOSTICS_TIP = QT_TR_NOOP(
    "Is this attention right?\n"
    "Entropy: 0 bits when a step looks at one source piece; the even-spread value when it looks at all "
    "of them alike (attention that has not learnt to align).\n"
    "Coverage: the attention a source piece received over all steps. Little: it may be left "
    "untranslated. Much: it may be translated twice.\n"
    "Punctuation and </s>: where attention with nothing better to do tends to sink."
)


TIP_LINK = "<a href='tip:{index}' style='color:#1a5fb4; text-decoration:none'>{text}</a>"


def diagnostics_text(weights, source: list[str], target: list[str], tips: list[str] | None = None) -> str:
    """One line of attention diagnostics (models.inspection.diagnostics) for a heatmap, as rich text.
    With a `tips` list, each figure is a link "tip:N" whose explanation is appended to `tips` (the
    view shows it as a tooltip when the pointer is on the figure)."""
    from models.inspection.diagnostics import HIGH_COVERAGE, LOW_COVERAGE, diagnose

    d = diagnose(weights, source)
    steps = len(target)

    def figure(text: str, tip: str) -> str:
        if tips is None:
            return text
        tips.append(tip)
        return TIP_LINK.format(index=len(tips) - 1, text=text)

    def coverage(j: int) -> str:
        piece = display_piece(source[j])
        return f"'{content(piece)}' (" + figure(f"{d.coverage[j]:.2f}", tr(
            "'{piece}' received {coverage:.2f} steps' worth of attention, summed over the {steps} target steps "
            "(1.00: one step's whole attention). Below {low}: it may be left untranslated; above {high}: it may "
            "be translated twice, or it is where attention rests.").format(
            piece=piece, coverage=d.coverage[j], steps=steps, low=LOW_COVERAGE, high=HIGH_COVERAGE)) + ")"  # fmt: skip

    parts = [
        tr("entropy per step {mean_entropy} bits on average (even spread: {uniform_entropy})").format(
            mean_entropy=figure(
                f"{d.mean_entropy:.2f}",
                tr(
                    "Entropy: how spread out a step's attention is, averaged over the steps. 0 bits: each step "
                    "looks at one source piece; {uniform:.2f} bits: it looks at all {count} alike (attention "
                    "that has not learnt to align)."
                ).format(uniform=d.uniform_entropy, count=len(source)),
            ),
            uniform_entropy=figure(
                f"{d.uniform_entropy:.2f}",
                tr("The entropy of attention spread evenly over the {count} source pieces: log₂ {count}.").format(
                    count=len(source)
                ),
            ),
        )  # fmt: skip
    ]
    if d.entropy.size:
        worst = int(np.argmax(d.entropy))
        parts.append(
            tr("most diffuse: '{target}' {entropy} bits").format(
                target=content(display_piece(target[worst])),
                entropy=figure(f"{d.entropy[worst]:.2f}", tr(
                    "The step whose attention is the most spread out: '{piece}' (step {step}). A diffuse step "
                    "often comes from the language model rather than from one source word.").format(
                    piece=display_piece(target[worst]), step=worst + 1)),
            )
        )  # fmt: skip
    if d.low_coverage:
        parts.append(tr("little attention: ") + ", ".join(coverage(j) for j in d.low_coverage[:4]))
    if d.high_coverage:
        parts.append(tr("much attention: ") + ", ".join(coverage(j) for j in d.high_coverage[:4]))
    parts.append(
        tr("on punctuation {on_punctuation}").format(
            on_punctuation=figure(
                f"{d.on_punctuation:.0%}",
                tr(
                    "The share of all attention that went to punctuation: where attention with nothing better to do "
                    "tends to sink."
                ),
            )
        )  # fmt: skip
    )
    if d.on_end is not None:
        end = html.escape(source[-1] if source[-1] in ("</s>", "<s>") else "</s>")
        parts.append(
            tr("on {value} {on_end}").format(
                value=end,
                on_end=figure(
                    f"{d.on_end:.0%}",
                    tr(
                        "The share of all attention that went to the end-of-sentence piece {value}: a resting place "
                        "when no source word is needed."
                    ).format(value=end),
                ),
            )  # fmt: skip
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
        self.diagnostics.linkHovered.connect(self._explain_figure)  # each figure says what it means
        self._figure_tips: list[str] = []
        self._axes = ""
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
        self._axes = axes
        self.canvas.set_attention(weights, source, target, title)
        over_source = axes in ("", "pieces") and not by_words and not self.difference
        self.gold.show_for(weights, source, target, over_source)
        # What it said of the previous matrix no longer holds; a missing CJK font is said in full.
        missing_font = not cjk_available() and needs_cjk("".join(list(source) + list(target)))
        self.info.setText(tr(MISSING_CJK_MESSAGE) if missing_font else self._hint())
        shown = self.with_diagnostics and diagnostics and self.canvas.weights is not None and not self.difference
        self.diagnostics.setVisible(shown)
        if shown:
            self._figure_tips = []
            self.diagnostics.setText(
                diagnostics_text(self.canvas.weights, self.canvas.source, self.canvas.target, self._figure_tips)
            )

    def _hint(self) -> str:
        return tr(SELF_HOVER_HINT if self._axes.endswith("-self") else HOVER_HINT)

    def figure_tip(self, link: str) -> str:
        """The explanation of the diagnostics' figure behind `link` ("tip:N"), or ''."""
        index = link.removeprefix("tip:")
        return self._figure_tips[int(index)] if index.isdigit() and int(index) < len(self._figure_tips) else ""

    def _explain_figure(self, link: str) -> None:
        tip = self.figure_tip(link)
        if tip:
            QToolTip.showText(QCursor.pos(), tip, self.diagnostics)
        else:
            QToolTip.hideText()

    def show_message(self, text: str) -> None:
        self.canvas.show_message(text)
        self.gold.clear()
        self.info.setText(self._hint())
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
        if self._axes.endswith("-self"):  # a piece of one side attending to its own side: no step
            said = tr("'{piece}' attended most to: ").format(piece=display_piece(c.target[row]))
        else:
            said = tr("'{target}' (step {row}) attended most to: ").format(
                target=display_piece(c.target[row]), row=row + 1
            )
        self.info.setText(said + ", ".join(used))

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
