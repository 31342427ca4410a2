"""Hidden states: the encoder's states over the source pieces and the decoder's over the output,
each projected on its first two principal components and drawn as a path in order."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout

from app.i18n import QT_TR_NOOP, tr
from app.panels.follows_translation import FollowsTranslation
from app.views.export import button_row, export_csv, export_image
from app.views.trajectory_view import TrajectoryView

PURPOSE = "hidden-states"
HINT = QT_TR_NOOP(
    "Hover a point to read its piece and its state. Each path runs from the first piece (blue) to the last (orange)."
)


class HiddenStatesPanel(FollowsTranslation):
    purpose = PURPOSE

    def __init__(self, service, parent=None):
        super().__init__(service, parent)
        self.trajectories: list = []
        compute = QPushButton(tr("Compute"))
        compute.setToolTip(tr("Translate the sentence and read the model's hidden states"))
        self.encoder_view, self.decoder_view = TrajectoryView(), TrajectoryView()
        self.info = QLabel(tr(HINT))
        self.info.setWordWrap(True)
        inputs = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.sentence, 1)
        row.addWidget(compute)
        inputs.addRow(tr("Sentence"), row)
        self.views = views = QSplitter(Qt.Orientation.Horizontal)
        views.addWidget(self.encoder_view)
        views.addWidget(self.decoder_view)
        layout = QVBoxLayout(self)
        layout.addLayout(inputs)
        layout.addWidget(views, 1)
        layout.addLayout(button_row(
            self.info,
            (tr("Export figure…"), tr("Save both paths as PNG or SVG"),
             lambda: export_image(self, self.views, tr("Export the paths"), "hidden-states.png")),
            (tr("Export states…"), tr("Save every state (all its values) and its projection as CSV"), self._export_states),
        ))  # fmt: skip
        compute.clicked.connect(self.request)
        for view in (self.encoder_view, self.decoder_view):
            view.hovered.connect(lambda text: self.info.setText(text or tr(HINT)))

    def request(self) -> None:
        self._stale = False
        text = self.sentence.text().strip()
        if not text:
            self.info.setText(tr("Type a sentence."))
            return
        self.info.setText(tr("Computing…"))
        self.service.translate(text, self.decode_config(), purpose=self.purpose, trace=False, with_hidden_states=True)

    def status_label(self):
        return self.info

    def show_reply(self, reply) -> None:
        if not reply.hidden_states:
            return
        self.trajectories = reply.hidden_states
        self.encoder_view.set_trajectory(self.trajectories[0])
        self.decoder_view.set_trajectory(self.trajectories[1])
        self.info.setText(tr(HINT))

    def _export_states(self) -> None:
        if not self.trajectories:
            self.info.setText(tr("Nothing to export yet: compute a sentence first."))
            return
        width = max(t.states.shape[1] for t in self.trajectories)
        header = ["states", "position", "piece", "pc1", "pc2"] + [f"h[{i}]" for i in range(width)]
        rows = [[t.name, i, piece, f"{x:.6f}", f"{y:.6f}"] + [f"{v:.6f}" for v in state]
                for t in self.trajectories
                for i, (piece, (x, y), state) in enumerate(zip(t.pieces, t.points, t.states))]  # fmt: skip
        export_csv(self, tr("Export the states"), "hidden-states.csv", header, rows)
