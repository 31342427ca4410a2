"""The pictures and tables of a Transformer's attention step by step (app/panels/transformer_steps_panel.py),
each drawn from a models.inspection.transformer_steps.TransformerSteps:

- ScoresView: the head's scaled scores and its softmax as heatmaps (masked cells hatched, −∞),
  and the chosen position's row as numbers: each key's score, weight and value, then their
  weighted sum;
- QKVView: the head's queries, keys and values, one row per position;
- PositionsView: the piece embeddings × √D, the positional encoding and their sum, the stack's input;
- ResidualTable: one position's path through the layer, stage by stage.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from app.i18n import QT_TR_NOOP, tr
from app.views.canvas import FigureCanvas
from app.views.heatmap_canvas import AttentionCanvas, display_piece

COMPONENTS = 4  # vector components shown per row of a table (the norm says the rest)
PATH_COMPONENTS = 6
MASKED_BRUSH = QBrush(QColor("#eeeeee"))
# The residual path's stages, as the engine names them (models/nn/transformer/inspect.py).
STAGES = {
    "input": QT_TR_NOOP("x: the layer's input"),
    "norm": QT_TR_NOOP("LayerNorm"),
    "self-attention": QT_TR_NOOP("self-attention (all heads, W_O)"),
    "cross-attention": QT_TR_NOOP("cross-attention (all heads, W_O)"),
    "feed-forward": QT_TR_NOOP("feed-forward"),
    "residual": QT_TR_NOOP("+ residual: x + the sub-layer's output"),
}
SITE_AXES = {  # (x titles, y titles) of the score maps, longest first
    "encoder": ((QT_TR_NOOP("source pieces looked at (keys)"), QT_TR_NOOP("keys")),
                (QT_TR_NOOP("source pieces looking (queries)"), QT_TR_NOOP("queries"))),
    "decoder": ((QT_TR_NOOP("decoder inputs: <s> and the pieces written before (keys)"), QT_TR_NOOP("keys")),
                (QT_TR_NOOP("decoder steps (queries)"), QT_TR_NOOP("queries"))),
    "cross": ((QT_TR_NOOP("source pieces (keys: the encoder's output)"), QT_TR_NOOP("keys")),
              (QT_TR_NOOP("decoder steps (queries)"), QT_TR_NOOP("queries"))),
}  # fmt: skip


def number(value: float, digits: int = 4) -> str:
    """As the tables show a number: −∞ for a masked score, a true minus sign."""
    if value == -np.inf:
        return "−∞"
    return f"{value:.{digits}f}".replace("-", "−")


def _item(text: str, right: bool = True, bold: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if bold:
        font = item.font()
        font.setBold(True)
        item.setFont(font)
    return item


def _table() -> QTableWidget:
    table = QTableWidget(0, 0)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    return table


def _symmetric(values: np.ndarray) -> float:
    finite = values[np.isfinite(values)]
    return float(np.abs(finite).max()) if finite.size else 1.0


class ScoresView(QWidget):
    """Scores and softmax of one head as heatmaps, and one query position's row as numbers."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.scores = AttentionCanvas(self, title=tr("scaled scores q·k/√d"))
        self.weights = AttentionCanvas(self, title=tr("softmax: weights α"))
        self.scores.value_name, self.weights.value_name = QT_TR_NOOP("score"), QT_TR_NOOP("weight")
        self.table = _table()
        self.table.setToolTip(tr("The chosen position's row: every key's score and weight, and the first components "
                                 "of its value; the last row is their weighted sum, this head's output."))  # fmt: skip
        self.context = QLabel("")
        self.context.setWordWrap(True)
        self.context.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        maps = QSplitter(Qt.Orientation.Horizontal)
        maps.addWidget(self.scores)
        maps.addWidget(self.weights)
        numbers = QWidget()
        numbers_layout = QVBoxLayout(numbers)
        numbers_layout.setContentsMargins(0, 0, 0, 0)
        numbers_layout.addWidget(self.table, 1)
        numbers_layout.addWidget(self.context)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(maps)
        splitter.addWidget(numbers)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 270])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def show_message(self, text: str) -> None:
        self.scores.show_message(text)
        self.weights.show_message(text)
        self.table.setRowCount(0)
        self.context.setText("")

    def display(self, steps, head: int, position: int) -> None:
        x_titles, y_titles = SITE_AXES[steps.site]
        for canvas in (self.scores, self.weights):
            canvas.x_titles, canvas.y_titles = x_titles, y_titles
        scores, masked = steps.scores[head], ~steps.mask
        self.scores.set_attention(scores, steps.key_pieces, steps.query_pieces)
        bound = _symmetric(scores)
        self.scores.set_value_range(-bound, bound, tr("score"), "RdBu_r")
        self.scores.set_masked(masked)
        self.weights.set_attention(steps.weights[head], steps.key_pieces, steps.query_pieces)
        self.weights.set_masked(masked)
        for canvas in (self.scores, self.weights):
            canvas.select_row(position)
        self._fill_row(steps, head, position)

    def _fill_row(self, steps, head: int, position: int) -> None:
        rows = steps.cell_rows(head, position)
        headers = ["#", tr("key piece"), "q·k/√d", tr("weight α")] + [f"v[{i}]" for i in range(COMPONENTS)]
        table = self.table
        table.setUpdatesEnabled(False)
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setRowCount(len(rows) + 1)
        values = steps.values[head]
        for r, row in enumerate(rows):
            cells = [_item(str(row["position"])), _item(display_piece(row["piece"]), right=False),
                     _item(number(row["score"])), _item(number(row["weight"]))] + [
                     _item(number(float(v))) for v in values[r, :COMPONENTS]]  # fmt: skip
            for c, item in enumerate(cells):
                if row["masked"]:
                    item.setBackground(MASKED_BRUSH)
                    item.setToolTip(tr("Masked: this position may not look there (padding, or a later step). "
                                       "Its score is set to −∞ before the softmax, so its weight is exactly 0."))  # fmt: skip
                table.setItem(r, c, item)
        context = steps.contexts[head, position]
        summary = [_item(""), _item("c = Σ αⱼ vⱼ", right=False, bold=True), _item(""), _item("")]
        summary += [_item(number(float(v)), bold=True) for v in context[:COMPONENTS]]
        for c, item in enumerate(summary):
            table.setItem(len(rows), c, item)
        table.resizeColumnsToContents()
        table.setUpdatesEnabled(True)
        query = steps.queries[head, position]
        self.context.setText(
            tr("q = {query} … (‖q‖ = {norm_q:.3f}, d = {size}); c: ‖c‖ = {norm_c:.3f}. The {heads} heads' c, "
               "joined and multiplied by W_O, are the attention's output (the Residual path tab).").format(
                query=", ".join(number(float(v), 3) for v in query[:COMPONENTS]), norm_q=float(np.linalg.norm(query)),
                size=query.size, norm_c=float(np.linalg.norm(context)), heads=steps.heads))  # fmt: skip


class QKVView(QWidget):
    """The head's queries, keys and values: a row per position, a column per component."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.canvases = [AttentionCanvas(self, title=title) for title in (tr("Q: queries"), tr("K: keys"),
                                                                           tr("V: values"))]  # fmt: skip
        splitter = QSplitter(Qt.Orientation.Horizontal)
        for canvas in self.canvases:
            canvas.value_name = QT_TR_NOOP("component")
            splitter.addWidget(canvas)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def show_message(self, text: str) -> None:
        for canvas in self.canvases:
            canvas.show_message(text)

    def display(self, steps, head: int, position: int) -> None:
        matrices = (steps.queries[head], steps.keys[head], steps.values[head])
        bound = max(_symmetric(m) for m in matrices)
        titles = (
            ((QT_TR_NOOP("components"),), (QT_TR_NOOP("queries"),)),
            ((QT_TR_NOOP("components"),), (QT_TR_NOOP("keys"),)),
        )
        for canvas, matrix, pieces, (x_titles, y_titles) in zip(
            self.canvases, matrices, (steps.query_pieces, steps.key_pieces, steps.key_pieces),
            (titles[0], titles[1], titles[1])):  # fmt: skip
            canvas.x_titles, canvas.y_titles = x_titles, y_titles
            canvas.set_attention(matrix, [str(i) for i in range(matrix.shape[1])], pieces)
            canvas.set_value_range(-bound, bound, tr("value"), "RdBu_r")
        self.canvases[0].select_row(position)


class PositionsView(QWidget):
    """The input of the stack: piece embeddings × √D, the positional encoding, and their sum."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.canvas = FigureCanvas(7.0, 5.0)
        self.numbers = QLabel("")
        self.numbers.setWordWrap(True)
        self.numbers.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.numbers)

    def show_message(self, text: str) -> None:
        self.canvas.figure.clear()
        self.canvas.figure.text(0.5, 0.5, text, ha="center", va="center", wrap=True)
        self.canvas.draw_idle()
        self.numbers.setText("")

    def display(self, steps, position: int) -> None:
        enc = steps.positional
        figure = self.canvas.figure
        figure.clear()
        kind = tr("sinusoidal") if enc.kind == "sinusoidal" else tr("learned")
        panels = ((enc.embeddings, tr("piece embeddings × √D (√D = {scale:.1f})").format(scale=enc.scale)),
                  (enc.positions, tr("+ positional encoding ({kind})").format(kind=kind)),
                  (enc.embedded, tr("= the first layer's input x")))  # fmt: skip
        bound = max(_symmetric(m) for m, _ in panels)
        axes = figure.subplots(3, 1, sharex=True)
        labels = [display_piece(p) for p in enc.pieces]
        for ax, (matrix, title) in zip(axes, panels):
            image = ax.imshow(matrix, aspect="auto", cmap="RdBu_r", vmin=-bound, vmax=bound, interpolation="nearest")
            ax.set_title(title, fontsize=10, loc="left")
            ax.set_yticks(range(len(labels)), labels, fontsize=8)
            if position < len(labels):
                ax.axhline(position - 0.5, color="#ff5a36", lw=1.2)
                ax.axhline(position + 0.5, color="#ff5a36", lw=1.2)
        axes[-1].set_xlabel(tr("component (of D = {size})").format(size=enc.embedded.shape[1]))
        figure.colorbar(image, ax=list(axes), shrink=0.8)
        self.canvas.draw_idle()
        position = min(position, len(labels) - 1)
        parts = [f"{number(float(e), 3)} + {number(float(p), 3)} = {number(float(x), 3)}"
                 for e, p, x in zip(enc.embeddings[position, :COMPONENTS], enc.positions[position, :COMPONENTS],
                                    enc.embedded[position, :COMPONENTS])]  # fmt: skip
        self.numbers.setText(tr("'{piece}' (position {position}), first components: {sums}").format(
            piece=labels[position], position=position, sums=" · ".join(parts)))  # fmt: skip


class ResidualTable(QWidget):
    """One position's path through the layer: a row per stage, its first components and norm."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.table = _table()
        self.note = QLabel("")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)

    def show_message(self, text: str) -> None:
        self.table.setRowCount(0)
        self.note.setText(text)

    def display(self, steps, position: int) -> None:
        path = steps.residual
        position = min(position, len(path.pieces) - 1)
        headers = [tr("stage"), "‖·‖"] + [f"[{i}]" for i in range(PATH_COMPONENTS)]
        table = self.table
        table.setUpdatesEnabled(False)
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setRowCount(len(path.stages))
        for r, (stage, values) in enumerate(zip(path.stages, path.values[:, position])):
            residual = stage in ("residual", "input")
            cells = [
                _item(tr(STAGES.get(stage, stage)), right=False, bold=residual),
                _item(number(float(np.linalg.norm(values)), 3), bold=residual),
            ]
            cells += [_item(number(float(v)), bold=residual) for v in values[:PATH_COMPONENTS]]  # fmt: skip
            for c, item in enumerate(cells):
                table.setItem(r, c, item)
        table.resizeColumnsToContents()
        table.setUpdatesEnabled(True)
        pre = path.stages[1] == "norm"
        side = tr("encoder") if steps.site == "encoder" else tr("decoder")
        self.note.setText(tr("'{piece}' (position {position}) through {side} layer {layer}, {how}. Bold rows are the "
                             "residual stream; the others are what is added to it.").format(
            piece=display_piece(path.pieces[position]), position=position, side=side, layer=steps.layer + 1,
            how=tr("pre-norm: each sub-layer reads a normalised copy") if pre
            else tr("post-norm: each sum is normalised")))  # fmt: skip
