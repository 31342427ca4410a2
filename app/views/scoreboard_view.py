"""The scoreboard as a chart: every signal's alignment error (AER) against gold word alignments,
aligned at the output step and shifted by one, with its precision and recall.

`set_table` takes models.inspection.scoreboard.SignalTable. By default each method's own map is
drawn; `every_part` adds each layer and head ("attention.layer2.head1") where the model has them.
"""

from __future__ import annotations

import numpy as np

from app.i18n import tr
from app.views.canvas import FigureCanvas

AT_STEP, SHIFTED_COLOUR = "#4c78a8", "#f58518"
SHIFTED = ".shifted"


def chart_rows(table, every_part: bool) -> list[tuple[str, object, object]]:
    """(signal, its score at the output step, its score shifted by one) in the table's order; only
    the methods' own maps unless `every_part`."""
    at_step = {row.signal: row.score for row in table.rows if not row.shifted}
    shifted = {row.signal.removesuffix(SHIFTED): row.score for row in table.rows if row.shifted}
    names = [name for name in at_step if every_part or "." not in name]
    names += [name for name in shifted if name not in at_step and (every_part or "." not in name)]
    return [(name, at_step.get(name), shifted.get(name)) for name in names]


class ScoreboardCanvas(FigureCanvas):
    def __init__(self, parent=None):
        super().__init__(6.0, 4.0, parent)
        self.axes = self.figure.add_subplot(1, 1, 1)
        self.table = None
        self.every_part = False
        self.show_message(tr("Compute the scoreboard: each signal's alignment error against gold alignments."))

    def show_message(self, text: str) -> None:
        self.table = None
        self.axes.clear()
        self.axes.set_axis_off()
        self.axes.text(0.5, 0.5, text, ha="center", va="center", wrap=True, fontsize=10, transform=self.axes.transAxes)
        self.draw_idle()

    def set_every_part(self, on: bool) -> None:
        self.every_part = on
        if self.table is not None:
            self.set_table(self.table)

    def set_table(self, table) -> None:
        from app.views.attribution_view import method_label

        self.table = table
        rows = chart_rows(table, self.every_part)
        axes = self.axes
        axes.clear()
        axes.set_axis_on()
        if not rows:
            self.show_message(tr("No signal could be scored: no gold-aligned word was found."))
            return
        y = np.arange(len(rows))
        height = 0.4
        for offset, index, colour, label in ((-height / 2, 1, AT_STEP, tr("at the output step")),
                                             (height / 2, 2, SHIFTED_COLOUR, tr("shifted by one step"))):  # fmt: skip
            values = [row[index].aer if row[index] is not None else np.nan for row in rows]
            bars = axes.barh(y + offset, values, height, color=colour, label=label)
            for bar, row in zip(bars, rows):
                score = row[index]
                if score is not None:
                    axes.text(bar.get_width() + 0.01, bar.get_y() + bar.get_height() / 2,
                              f"{score.aer:.1%}  P {score.precision:.0%} R {score.recall:.0%}",
                              va="center", fontsize=7)  # fmt: skip
        labels = [method_label(name) if "." not in name else name for name, _, _ in rows]
        axes.set_yticks(y, labels, fontsize=8)
        axes.set_ylim(len(rows) - 0.5, -0.5)
        axes.set_xlim(0, 1.35)
        axes.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0%", "25%", "50%", "75%", "100%"])
        axes.set_xlabel(tr("alignment error rate (AER): lower is better"))
        best = table.best()
        axes.set_title(tr("{sentences} gold-aligned sentences · best: {signal} ({aer:.1%})").format(
            sentences=table.sentences, signal=best.signal if best else "–", aer=best.score.aer if best else 0.0),
            fontsize=10)  # fmt: skip
        axes.legend(loc="lower right", fontsize=8)
        self.draw_idle()

    def csv_rows(self) -> tuple[list[str], list[list]]:
        header = ["signal", "shifted", "aer", "precision", "recall", "sentences", "scored_words"]
        rows = [[row.signal.removesuffix(SHIFTED), row.shifted, f"{row.score.aer:.6f}", f"{row.score.precision:.6f}",
                 f"{row.score.recall:.6f}", row.score.sentences, row.score.scored_words]
                for row in self.table.rows]  # fmt: skip
        return header, rows
