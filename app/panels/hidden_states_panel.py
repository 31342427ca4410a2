"""Hidden states: the encoder's states over the source pieces and the decoder's over the output,
each projected on its first two principal components and drawn as a path in order."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout

from app.panels.follows_translation import FollowsTranslation
from app.views.trajectory_view import TrajectoryView

PURPOSE = "hidden-states"
HINT = "Hover a point to read its piece and its state. Each path runs from the first piece (blue) to the last (orange)."


class HiddenStatesPanel(FollowsTranslation):
    def __init__(self, service, parent=None):
        super().__init__(service, parent)
        self.trajectories: list = []
        compute = QPushButton("Compute")
        compute.setToolTip("Translate the sentence and read the model's hidden states")
        self.encoder_view, self.decoder_view = TrajectoryView(), TrajectoryView()
        self.info = QLabel(HINT)
        self.info.setWordWrap(True)
        inputs = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.sentence, 1)
        row.addWidget(compute)
        inputs.addRow("Sentence", row)
        views = QSplitter(Qt.Orientation.Horizontal)
        views.addWidget(self.encoder_view)
        views.addWidget(self.decoder_view)
        layout = QVBoxLayout(self)
        layout.addLayout(inputs)
        layout.addWidget(views, 1)
        layout.addWidget(self.info)
        compute.clicked.connect(self.request)
        for view in (self.encoder_view, self.decoder_view):
            view.hovered.connect(lambda text: self.info.setText(text or HINT))
        service.translated.connect(self._on_translated)
        service.failed.connect(self._on_failed)

    def request(self) -> None:
        self._stale = False
        text = self.sentence.text().strip()
        if not text:
            self.info.setText("Type a sentence.")
            return
        self.info.setText("Computing…")
        self.service.translate(text, self.decode_config(), purpose=PURPOSE, trace=False, with_hidden_states=True)

    def _on_failed(self, purpose: str, message: str) -> None:
        if purpose == PURPOSE:
            self.info.setText(f"Could not compute: {message}")

    def _on_translated(self, reply) -> None:
        if reply.purpose != PURPOSE or not reply.hidden_states:
            return
        self.trajectories = reply.hidden_states
        self.encoder_view.set_trajectory(self.trajectories[0])
        self.decoder_view.set_trajectory(self.trajectories[1])
        self.info.setText(HINT)
