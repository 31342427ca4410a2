"""Embeddings: every source or target piece's embedding on its principal components, in 2-D or a
3-D cloud that turns with the mouse; the sentence's pieces highlighted; search a word and see its
nearest neighbours by cosine similarity in the full space."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from app.i18n import QT_TR_NOOP, tr
from app.panels.follows_translation import FollowsTranslation
from app.views.embedding_view import EmbeddingView
from app.views.export import button_row, export_csv, export_image
from app.views.heatmap_canvas import display_piece

PURPOSE = "embeddings"
HINT = QT_TR_NOOP("Hover a point to name it; click one, or search a word, to see its nearest neighbours.")


class EmbeddingsPanel(FollowsTranslation):
    purpose = PURPOSE

    def __init__(self, service, parent=None):
        super().__init__(service, parent)
        self.map = None  # models.inspection.embeddings.EmbeddingMap
        self.side = QComboBox()
        for side in ("source", "target"):
            self.side.addItem(tr(side), side)
        self.side.setToolTip(tr("The encoder's (source) or the decoder's (target) embedding table"))
        self.three_d = QCheckBox("3-D")
        self.three_d.setChecked(True)
        self.three_d.setToolTip(tr("Three principal components, turned with the mouse; off: the first two, flat"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Search a word or piece"))
        self.search.setClearButtonEnabled(True)
        compute = QPushButton(tr("Show"))
        self.view = EmbeddingView()
        self.neighbours = QListWidget()
        self.neighbours.setToolTip(tr("The closest pieces by cosine similarity of their full embeddings"))
        self.info = QLabel(tr(HINT))
        self.info.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Sentence")))
        top.addWidget(self.sentence, 1)
        top.addWidget(compute)
        controls = QHBoxLayout()
        controls.addWidget(QLabel(tr("Embeddings of")))
        controls.addWidget(self.side)
        controls.addWidget(self.three_d)
        controls.addWidget(self.search, 1)
        side_panel = QWidget()
        side_layout = QVBoxLayout(side_panel)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(QLabel(tr("Nearest neighbours")))
        side_layout.addWidget(self.neighbours, 1)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self.view)
        body.addWidget(side_panel)
        body.setStretchFactor(0, 4)
        body.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(controls)
        layout.addWidget(body, 1)
        layout.addLayout(button_row(
            self.info,
            (tr("Export figure…"), tr("Save the cloud as PNG or SVG"),
             lambda: export_image(self, self.view, tr("Export the cloud"), "embeddings.png")),
            (tr("Export points…"), tr("Save every piece's coordinates on the three components as CSV"), self._export_points),
        ))  # fmt: skip
        compute.clicked.connect(self.request)
        self.side.currentIndexChanged.connect(lambda _i: self.request())
        self.three_d.toggled.connect(self.view.set_three_d)
        self.search.returnPressed.connect(self._search)
        self.view.piece_clicked.connect(self.choose)
        self.view.hovered.connect(lambda text: self.info.setText(text or tr(HINT)))

    def _fit_neighbours(self) -> None:
        """The list is as wide as its longest line: nothing is cut off at the right."""
        widest = self.neighbours.sizeHintForColumn(0)
        scroll = self.neighbours.verticalScrollBar().sizeHint().width()
        self.neighbours.setMinimumWidth(min(widest + 2 * self.neighbours.frameWidth() + scroll + 8, 320))

    def analysis_request(self, text: str):
        from models.inspection.embeddings import EmbeddingsRequest

        self.info.setText(tr("Projecting the embeddings…"))
        return EmbeddingsRequest(self.side.currentData())

    def status_label(self):
        return self.info

    def show_reply(self, reply) -> None:
        self.map = reply.result
        self.view.set_map(self.map)
        t = reply.translation
        pieces = t.source_pieces if self.map.side == "source" else t.best.pieces
        self.view.set_highlighted([self.map.index_of(p) for p in pieces])
        self.neighbours.clear()
        self.info.setText(tr(HINT))
        if self.search.text().strip():
            self._search()

    def _search(self) -> None:
        if self.map is None:
            return
        index = self.map.index_of(self.search.text())
        if index is None:
            self.info.setText(
                tr("No {side} piece '{word}' in this vocabulary.").format(
                    side=tr(self.map.side), word=self.search.text().strip()
                )
            )
            return
        self.choose(index)

    def choose(self, index: int) -> None:
        neighbours = self.map.nearest(index, 10)
        self.view.choose(index, [i for i, _ in neighbours])
        self.neighbours.clear()
        self.neighbours.addItems(
            [f"{display_piece(self.map.pieces[i])}    {similarity:.3f}" for i, similarity in neighbours]
        )
        self._fit_neighbours()
        self.info.setText(
            tr("'{pieces}' and its 10 nearest pieces (cosine similarity).").format(
                pieces=display_piece(self.map.pieces[index])
            )
        )

    def _export_points(self) -> None:
        if self.map is None:
            self.info.setText(tr("Nothing to export yet."))
            return
        m = self.map
        rows = [[i, piece, *(f"{v:.6f}" for v in point)] for i, (piece, point) in enumerate(zip(m.pieces, m.points))]
        export_csv(
            self, tr("Export the points"), f"embeddings-{m.side}.csv", ["id", "piece", "pc1", "pc2", "pc3"], rows
        )
