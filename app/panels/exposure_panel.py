"""Teacher forcing against free running: type a reference translation and see, step by step, the
probability the model gives each reference piece when fed the reference (as in training) beside
what it writes when fed its own output (as in translation), and where the two part."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)  # fmt: skip

from app.i18n import QT_TR_NOOP, tr
from app.interface_text import content
from app.panels.follows_translation import FollowsTranslation
from app.views.attention_view import AttentionView
from app.views.export import button_row, export_csv, export_image
from app.views.heatmap_canvas import display_piece

PURPOSE = "exposure"
PARTED_BRUSH = QBrush(QColor("#ffe0b3"))
UNLIKELY_BRUSH = QBrush(QColor("#f8d0d0"))
UNLIKELY = 0.1  # a reference piece the model gives less than this is marked
HEADERS = [QT_TR_NOOP("step"), QT_TR_NOOP("reference piece"), QT_TR_NOOP("P (teacher forced)"), QT_TR_NOOP("model's first choice there"),
           QT_TR_NOOP("model's own piece (free running)"), QT_TR_NOOP("P (own)")]  # fmt: skip


def _piece(piece: str | None) -> str:
    return "" if piece is None else display_piece(piece)


def _probability(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.3f}" if value >= 0.001 else f"{value:.1e}"  # a tiny probability is not 0


class ExposurePanel(FollowsTranslation):
    purpose = PURPOSE

    def __init__(self, service, parent=None):
        super().__init__(service, parent)
        self.comparison = None  # models.inspection.exposure.ExposureComparison
        self.reference = QLineEdit()
        self.reference.setClearButtonEnabled(True)
        self.reference.setPlaceholderText(tr("A reference translation of the sentence (what training would feed)"))
        compare = QPushButton(tr("Compare"))
        compare.setToolTip(tr("Feed the model the reference (teacher forcing) and its own output (free running)"))
        self.summary = QLabel(tr("Type a reference translation and press Enter."))
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels([tr(h) for h in HEADERS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.resizeColumnsToContents()  # the headers read in full before the first comparison too
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)  # compact rows
        self.table.setToolTip(tr("Orange: the first step where the model's own output leaves the reference. Red: a reference piece the model gives less than {unlikely:.0%}.").format(unlikely=UNLIKELY))  # fmt: skip
        self.forced_view = AttentionView(self, compact=True, title=tr("Teacher forced: fed the reference"))
        self.own_view = AttentionView(self, compact=True, title=tr("Free running: fed its own output"))

        inputs = QFormLayout()
        inputs.addRow(tr("Sentence"), self.sentence_row())
        reference_row = QHBoxLayout()
        reference_row.addWidget(self.reference, 1)
        reference_row.addWidget(compare)
        inputs.addRow(tr("Reference"), reference_row)
        self.maps = maps = QSplitter(Qt.Orientation.Horizontal)
        maps.addWidget(self.forced_view)
        maps.addWidget(self.own_view)
        exports = button_row(
            None,
            (tr("Export maps…"), tr("Save both attention maps as PNG or SVG"),
             lambda: export_image(self, self.maps, tr("Export the maps"), "teacher-forcing.png")),
            (tr("Export table…"), tr("Save the steps as CSV"), self._export_table),
        )  # fmt: skip
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(self.table)
        body.addWidget(maps)
        body.setStretchFactor(1, 3)
        body.setSizes([160, 480])  # the maps get the room (at 1000×700 they were squashed under the table)
        layout = QVBoxLayout(self)
        layout.addLayout(inputs)
        layout.addWidget(self.summary)
        layout.addWidget(body, 1)
        layout.addLayout(exports)

        compare.clicked.connect(self.request)
        self.reference.returnPressed.connect(self.request)

    def analysis_request(self, text: str):
        from models.inspection.exposure import ExposureRequest

        reference = self.reference.text().strip()
        if not text or not reference:
            self.summary.setText(tr("Type a sentence and a reference translation of it."))
            return None
        self.summary.setText(tr("Comparing…"))
        return ExposureRequest(reference)

    def status_label(self):
        return self.summary

    def show_reply(self, reply) -> None:
        self.comparison = c = reply.result
        if c.first_difference is None:
            parted = tr("The model writes the reference itself: fed its own output, it never leaves it.")
        else:
            step = c.steps[c.first_difference]
            parted = (tr("They part at step {first_difference}: the reference has <b>{reference}</b>, the model wrote <b>{own}</b>. From there on the model is fed a prefix that training never fed it (exposure bias): compare the two maps below.").format(first_difference=c.first_difference + 1, reference=content(_piece(step.reference_piece)) if step.reference_piece else tr('its end'), own=content(_piece(step.own_piece)) if step.own_piece else tr('its end')))  # fmt: skip
        self.summary.setText(
            tr(
                "Teacher forced, log P(reference) = {reference_log_prob:.2f}; free running, the model wrote <b>{own_text}</b> with log P = {own_log_prob:.2f}. {parted}"
            ).format(
                reference_log_prob=c.reference_log_prob,
                own_text=content(c.own_text),
                own_log_prob=c.own_log_prob,
                parted=parted,
            )
        )
        self.table.setUpdatesEnabled(False)
        self.table.setRowCount(len(c.steps))
        for r, step in enumerate(c.steps):
            cells = [str(step.step + 1), _piece(step.reference_piece), _probability(step.reference_probability),
                     _piece(step.forced_top_piece), _piece(step.own_piece), _probability(step.own_probability)]  # fmt: skip
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col in (0, 2, 5):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if c.first_difference is not None and r == c.first_difference:
                    item.setBackground(PARTED_BRUSH)
                elif col == 2 and step.reference_probability is not None and step.reference_probability < UNLIKELY:
                    item.setBackground(UNLIKELY_BRUSH)
                self.table.setItem(r, col, item)
        self.table.resizeColumnsToContents()
        self.table.setUpdatesEnabled(True)
        self.forced_view.set_attention(c.reference_attention, c.source_pieces, c.reference_pieces)
        self.own_view.set_attention(c.own_attention, c.source_pieces, c.own_pieces)

    def _export_table(self) -> None:
        c = self.comparison
        if c is None:
            self.summary.setText(tr("Nothing to export yet: compare with a reference first."))
            return
        rows = [[s.step + 1, s.reference_piece or "", "" if s.reference_probability is None else s.reference_probability,
                 s.forced_top_piece or "", s.own_piece or "", "" if s.own_probability is None else s.own_probability]
                for s in c.steps]  # fmt: skip
        export_csv(self, tr("Export the steps"), "teacher-forcing.csv", [tr(h) for h in HEADERS], rows)
