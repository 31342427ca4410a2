"""Attribution beside attention: for every output step (rows), how much each source word and each
word of the target prefix counted for the chosen piece (columns), by one signal; the attention
map beside it and their difference; the share of the evidence from the source at each step.

Signals are normalised per row (each row's absolute values sum to 1 over its columns) so that a
gradient, an occlusion drop and an attention weight compare on one scale. Maps are painted by
the attention heatmap (app/views/heatmap_canvas.py); the share is a small matplotlib chart.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from app.i18n import QT_TR_NOOP, tr
from app.views.canvas import FigureCanvas
from app.views.heatmap_canvas import WORD_X_TITLES, AttentionCanvas, colour_table, display_piece

# What each method is called and what it computes, in the interface's language (the engine's
# models/inspection/attribution.METHODS declares them; an unknown name shows the engine's label).
METHOD_LABELS = {
    "attention": QT_TR_NOOP("attention weights"),
    "saliency": QT_TR_NOOP("gradient saliency ‖∇‖"),
    "input_x_gradient": QT_TR_NOOP("input × gradient"),
    "integrated_gradients": QT_TR_NOOP("integrated gradients"),
    "occlusion": QT_TR_NOOP("occlusion (word left out)"),
    "rollout": QT_TR_NOOP("attention rollout"),
    "norm": QT_TR_NOOP("norm-based ‖α·f(x)‖"),
}
METHOD_TIPS = {
    "attention": QT_TR_NOOP(
        "The attention weights themselves (a Transformer's: the last layer, heads averaged). Cost: one forward pass."
    ),
    "saliency": QT_TR_NOOP(
        "The length of the gradient of log P(chosen piece) with respect to each word's "
        "embedding: how much a small change there would move the choice. Always ≥ 0. "
        "Cost: one forward and backward pass per step."
    ),
    "input_x_gradient": QT_TR_NOOP(
        "The gradient times the embedding, summed over its values: a first-order "
        "estimate of what the word adds to log P. Signed. Cost: as saliency."
    ),
    "integrated_gradients": QT_TR_NOOP(
        "The gradient averaged along a straight path from a padding embedding to "
        "the real one, times the difference: the parts add up to the change in "
        "log P (the completeness error says how nearly). Cost: IG steps × output "
        "steps forward and backward passes."
    ),
    "occlusion": QT_TR_NOOP(
        "How far log P(chosen piece) falls when the word is left out (its pieces read as "
        "padding). Signed. Cost: one forward pass per source and prefix word."
    ),
    "rollout": QT_TR_NOOP(
        "Attention rolled out through the layers (Abnar & Zuidema 2020): each layer's "
        "attention, heads averaged, with the residual counted as half, multiplied through "
        "the encoder, the decoder's self-attention and its cross-attention. Cost: one forward."
    ),
    "norm": QT_TR_NOOP(
        "Norm-based contributions (Kobayashi et al. 2020): the length of what each source word "
        "adds through the last layer's cross-attention, ‖Σ α·W_O·W_V x‖, not its weight alone. "
        "Cost: one forward."
    ),
}
PREFIX_X_TITLES = (QT_TR_NOOP("target prefix words (<s> and the output before)"), QT_TR_NOOP("prefix words"),
                   QT_TR_NOOP("prefix"))  # fmt: skip
STEP_Y_TITLES = (QT_TR_NOOP("output pieces (decoder steps)"), QT_TR_NOOP("output pieces"), QT_TR_NOOP("output"))
SOURCE_COLOUR, PREFIX_COLOUR = "#4c78a8", "#f58518"


def method_label(name: str) -> str:
    if name in METHOD_LABELS:
        return tr(METHOD_LABELS[name])
    from models.inspection.attribution import METHODS

    return METHODS[name].label if name in METHODS else name


def normalised_rows(matrix: np.ndarray) -> np.ndarray:
    """Each row divided by the sum of its absolute values (a row of zeros stays zero): signals of
    any unit on one scale, the way attention rows sum to 1."""
    matrix = np.asarray(matrix, dtype=np.float64)
    total = np.abs(matrix).sum(axis=1, keepdims=True)
    return np.divide(matrix, total, out=np.zeros_like(matrix), where=total > 0)


def signed(matrix: np.ndarray) -> bool:
    return bool(np.any(np.asarray(matrix) < 0))


class SignalCanvas(AttentionCanvas):
    """The attention heatmap for any per-row-normalised signal: 0…1 (viridis) when every value is
    ≥ 0, −1…1 (red for, blue against) when some are negative."""

    def set_map(self, matrix: np.ndarray | None, columns: list[str], rows: list[str], title: str,
                x_titles=WORD_X_TITLES, value_name: str = QT_TR_NOOP("share"),
                two_sided: bool | None = None) -> None:  # fmt: skip
        if matrix is None:
            self.show_message(tr("This signal has no map here."))
            return
        two_sided = signed(matrix) if two_sided is None else two_sided
        self._colours = colour_table("RdBu_r" if two_sided else "viridis")
        self._value_range = (-1.0, 1.0) if two_sided else (0.0, 1.0)
        self.value_name = value_name
        self.colorbar_label = tr(value_name)
        self.x_titles, self.y_titles = x_titles, STEP_Y_TITLES
        self.set_attention(matrix, columns, rows, title=title)


class ShareCanvas(FigureCanvas):
    """At each step, the share of the evidence (absolute values) from the source and from the prefix."""

    def __init__(self, parent=None):
        super().__init__(6.0, 1.6, parent)
        self.axes = self.figure.add_subplot(1, 1, 1)
        self.share: np.ndarray | None = None

    def set_share(self, share: np.ndarray | None, pieces: list[str]) -> None:
        self.axes.clear()
        self.share = None if share is None else np.nan_to_num(np.asarray(share, dtype=np.float64), nan=0.0)
        if self.share is not None and len(self.share):
            steps = np.arange(len(self.share))
            self.axes.bar(steps, self.share, color=SOURCE_COLOUR, label=tr("from the source"))
            self.axes.bar(steps, 1.0 - self.share, bottom=self.share, color=PREFIX_COLOUR,
                          label=tr("from the target prefix"))  # fmt: skip
            self.axes.set_xticks(steps, [display_piece(p) for p in pieces], fontsize=8, rotation=45, ha="right")
            self.axes.set_xlim(-0.5, len(self.share) - 0.5)
            self.axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
        self.axes.set_ylim(0, 1)
        self.axes.set_yticks([0, 0.5, 1])
        self.axes.set_title(tr("Share of the evidence at each step"), fontsize=9)
        self.draw_idle()


class AttributionView(QWidget):
    """The four maps (signal over the source, signal over the prefix, attention, signal − attention)
    and the share chart; `set_maps` takes models.inspection.attribution.AttributionMaps."""

    hovered = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.maps = None
        self.source_map, self.prefix_map = SignalCanvas(self), SignalCanvas(self)
        self.attention_map, self.difference_map = SignalCanvas(self), SignalCanvas(self)
        self.canvases = (self.source_map, self.prefix_map, self.attention_map, self.difference_map)
        self.share = ShareCanvas(self)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.figure = QWidget(self)  # what the image export paints: the maps and the share
        grid = QGridLayout(self.figure)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, canvas in enumerate(self.canvases):
            grid.addWidget(canvas, index // 2, index % 2)
            canvas.hovered.connect(self.hovered)
            canvas.row_clicked.connect(self.select_row)
        grid.addWidget(self.share, 2, 0, 1, 2)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 3)
        grid.setRowStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.figure, 1)
        self.show_message(tr("Choose a signal and compute: its maps appear here beside the attention."))

    def show_message(self, text: str) -> None:
        self.maps = None
        for canvas in self.canvases:
            canvas.show_message(text if canvas is self.source_map else "")
        self.share.set_share(None, [])
        self.summary.setText("")

    def select_row(self, row: int) -> None:
        for canvas in self.canvases:
            canvas.select_row(row)

    def set_maps(self, maps) -> None:
        self.maps = maps
        signal, attention = maps.signal, maps.attention
        sentence = signal.sentence
        name = method_label(signal.method)
        rows = sentence.target_pieces
        self.source_map.set_map(normalised_rows(signal.source), sentence.source_units, rows,
                                tr("{signal}: source words").format(signal=name))  # fmt: skip
        if signal.prefix is None:
            self.prefix_map.show_message(tr("{signal} does not reach the target prefix.").format(signal=name))
        else:
            self.prefix_map.set_map(normalised_rows(signal.prefix), sentence.prefix_units, rows,
                                    tr("{signal}: target prefix").format(signal=name), PREFIX_X_TITLES)  # fmt: skip
        if attention is None:
            for canvas in (self.attention_map, self.difference_map):
                canvas.show_message(tr("This model has no attention to compare with."))
        else:
            self.attention_map.set_map(attention.source, sentence.source_units, rows, tr("Attention weights"),
                                       value_name=QT_TR_NOOP("weight"))  # fmt: skip
            difference = normalised_rows(signal.source) - attention.source
            self.difference_map.set_map(difference, sentence.source_units, rows,
                                        tr("{signal} − attention").format(signal=name),
                                        value_name=QT_TR_NOOP("difference"), two_sided=True)  # fmt: skip
        self.share.set_share(signal.source_share, rows)
        self.summary.setText(self.summary_text())

    def summary_text(self) -> str:
        from models.inspection.attribution import METHODS

        signal = self.maps.signal
        name = method_label(signal.method)
        share = np.nanmean(signal.source_share) if len(signal.source_share) else float("nan")
        if signal.method in METHODS and not METHODS[signal.method].contrastive:  # read from the attention layers
            first = tr("<b>{signal}</b> is read from the attention layers, not from log P; each row is normalised "
                       "to sum to 1.").format(signal=name)  # fmt: skip
        else:
            what = tr("log P(chosen) − log P(alternative)") if signal.contrastive else tr("log P of the chosen piece")
            first = tr("<b>{signal}</b> explains {what}, step by step; each row is normalised to sum to 1 in "
                       "absolute value.").format(signal=name, what=what)  # fmt: skip
        parts = [first, tr("On average {share:.0%} of the evidence comes from the source.").format(share=share)]
        if signal.completeness_error is not None:
            parts.append(tr("Completeness error (|Σ attributions − Δ log P|): {error:.3f} on average.").format(
                error=float(np.mean(signal.completeness_error))))  # fmt: skip
        parts.append(tr("Computed in {seconds:.2f} s.").format(seconds=signal.seconds))
        return " ".join(parts)

    def csv_rows(self) -> tuple[list[str], list[list]]:
        """Every step's values: the signal over the source and the prefix (raw and normalised), the
        attention, the source share."""
        signal, attention = self.maps.signal, self.maps.attention
        sentence = signal.sentence
        header = ["step", "piece", "map", *range(max(len(sentence.source_units), len(sentence.prefix_units)))]
        rows = [
            ["", "", "columns: source", *sentence.source_units],
            ["", "", "columns: prefix", *sentence.prefix_units],
        ]
        maps = [(f"{signal.method} source", signal.source), (f"{signal.method} source normalised",
                normalised_rows(signal.source))]  # fmt: skip
        if signal.prefix is not None:
            maps += [(f"{signal.method} prefix", signal.prefix),
                     (f"{signal.method} prefix normalised", normalised_rows(signal.prefix))]  # fmt: skip
        if attention is not None:
            maps.append(("attention source", attention.source))
        for step, piece in enumerate(sentence.target_pieces):
            for name, matrix in maps:
                rows.append([step, piece, name, *(f"{v:.6f}" for v in matrix[step])])
            rows.append([step, piece, "source share", f"{signal.source_share[step]:.6f}"])
            rows.append([step, piece, "explained value", f"{signal.log_probs[step]:.6f}"])
        return [str(h) for h in header], rows
