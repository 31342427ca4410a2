"""Hidden states: the encoder's states over the source pieces and the decoder's over the output,
each projected on its first two principal components and drawn as a path in order."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout

from app.i18n import QT_TR_NOOP, tr
from app.panels.follows_translation import FollowsTranslation, decoding_name
from app.views.export import button_row, export_csv, export_image
from app.views.trajectory_view import TrajectoryView

PURPOSE = "hidden-states"
HINT = QT_TR_NOOP(
    "Hover a point to read its piece and its state. Each path runs from the first piece (blue) to the last (orange)."
)


def title_of(trajectory) -> str:
    """ "Encoder, layer 2 of 2 (both directions, 512 values)", in the interface's language."""
    size = trajectory.states.shape[1]
    side = tr("Encoder") if trajectory.side == "encoder" else tr("Decoder")
    if trajectory.bidirectional:
        return tr("{side}, layer {layer} of {layers} (both directions, {size} values)").format(
            side=side, layer=trajectory.layer, layers=trajectory.layers, size=size)  # fmt: skip
    return tr("{side}, layer {layer} of {layers} ({size} values)").format(
        side=side, layer=trajectory.layer, layers=trajectory.layers, size=size)  # fmt: skip


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
        self.layer = QComboBox()
        self.layer.setToolTip(
            tr("Which layer's states: the top one is what attention reads and the output is made from")
        )
        self.layer.setMinimumContentsLength(10)
        inputs = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.sentence, 1)
        row.addWidget(QLabel(tr("Layer")))
        row.addWidget(self.layer)
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
        self.layer.currentIndexChanged.connect(lambda _i: self._show_layer())
        for view in (self.encoder_view, self.decoder_view):
            view.hovered.connect(lambda text: self.info.setText(text or tr(HINT)))

    def analysis_request(self, text: str):
        from models.inspection.hidden_states import HiddenStatesRequest

        if not text:
            self.info.setText(tr("Type a sentence."))
            return None
        self.info.setText(tr("Computing…"))
        return HiddenStatesRequest()

    def status_label(self):
        return self.info

    def show_reply(self, reply) -> None:
        if not reply.result.trajectories:
            return
        self.trajectories = reply.result.trajectories
        layers = max(t.layers for t in self.trajectories)
        chosen = self.layer.currentData()
        self.layer.blockSignals(True)
        self.layer.clear()
        for number in range(layers, 0, -1):  # the top layer first: the one attention reads
            self.layer.addItem(tr("{layer} (top)").format(layer=number) if number == layers else str(number), number)
        self.layer.setCurrentIndex(
            max(0, self.layer.findData(chosen)) if chosen is not None and chosen <= layers else 0
        )
        self.layer.blockSignals(False)
        self.layer.setEnabled(layers > 1)
        self._show_layer()
        self.info.setText(tr(HINT))

    def shown(self, side: str):
        """The trajectory of `side` ("encoder" or "decoder") at the chosen layer (top by default)."""
        number = self.layer.currentData()
        side_layers = [t for t in self.trajectories if t.side == side]
        return next((t for t in side_layers if t.layer == number), side_layers[-1])

    def _show_layer(self) -> None:
        if self.trajectories:
            self.encoder_view.set_trajectory(self.shown("encoder"), title_of(self.shown("encoder")))
            self.decoder_view.set_trajectory(self.shown("decoder"),
                                             f"{title_of(self.shown('decoder'))} · {decoding_name()}")  # fmt: skip

    def _export_states(self) -> None:
        if not self.trajectories:
            self.info.setText(tr("Nothing to export yet: compute a sentence first."))
            return
        width = max(t.states.shape[1] for t in self.trajectories)
        header = ["states", "position", "piece", "pc1", "pc2"] + [f"h[{i}]" for i in range(width)]
        rows = [[f"{t.side} layer {t.layer}", i, piece, f"{x:.6f}", f"{y:.6f}"] + [f"{v:.6f}" for v in state]
                for t in self.trajectories
                for i, (piece, (x, y), state) in enumerate(zip(t.pieces, t.points, t.states))]  # fmt: skip
        export_csv(self, tr("Export the states"), "hidden-states.csv", header, rows)
