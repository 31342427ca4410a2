"""Beam search as a tree: every extension the search weighed, kept/pruned/finished, n-best marked."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSimpleTextItem, QGraphicsView

from app.i18n import QT_TR_NOOP, tr
from app.views.heatmap_canvas import display_piece

STYLE = {  # fill, text colour
    "root": ("#666666", "#ffffff"),
    "kept": ("#4c78a8", "#ffffff"),
    "finished": ("#54a24b", "#ffffff"),
    "pruned": ("#e8e8e8", "#777777"),
}
STATUS_NAMES = (QT_TR_NOOP("kept"), QT_TR_NOOP("finished"), QT_TR_NOOP("pruned"))  # BeamNode.status, for tr()
NODE_W, NODE_H, GAP_X, GAP_Y = 92, 30, 34, 8


class BeamTreeView(QGraphicsView):
    node_clicked = Signal(int)  # step of the clicked node

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setMinimumHeight(180)
        self._nodes_by_item = {}
        self._home_pending = False
        self.show_message(tr("Choose beam search in the Translate tab to see the search tree here."))

    def show_message(self, text: str) -> None:
        scene = self.scene()
        scene.clear()
        self._nodes_by_item = {}
        item = scene.addText(text)
        item.setDefaultTextColor(QColor("#555555"))

    def set_tree(self, nodes) -> None:
        """nodes: list of models.translator.TreeNode."""
        scene = self.scene()
        scene.clear()
        self._nodes_by_item = {}
        if not nodes:
            self.show_message(tr("No tree: this translation was not made by beam search."))
            return
        # Column per step; within a column, children follow their parent's order, best first,
        # so the picture stays as tall as one step's 2K candidates.
        positions: dict[int, tuple[float, float]] = {}
        by_step: dict[int, list] = {}
        for n in nodes:
            by_step.setdefault(n.step, []).append(n)
        for step in sorted(by_step):
            column = sorted(by_step[step], key=lambda n: (positions.get(n.parent, (0, 0))[1], -n.score))
            for row, n in enumerate(column):
                positions[n.id] = ((step + 1) * (NODE_W + GAP_X), row * (NODE_H + GAP_Y))
        for n in nodes:  # the root sits at the top, in view beside the legend when the tree opens
            if n.status == "root":
                positions[n.id] = (0.0, 0.0)
        font = QFont()
        font.setPointSize(8)
        for n in nodes:
            x, y = positions[n.id]
            if n.parent in positions:
                px, py = positions[n.parent]
                pen = QPen(
                    QColor("#bbbbbb" if n.status == "pruned" else "#555555"), 1.0 if n.status == "pruned" else 1.6
                )
                scene.addLine(px + NODE_W, py + NODE_H / 2, x, y + NODE_H / 2, pen)
        for n in nodes:
            x, y = positions[n.id]
            fill, text_colour = STYLE.get(n.status, STYLE["kept"])
            pen = QPen(QColor("#f58518"), 3.0) if n.in_nbest else QPen(QColor("#333333"), 0.6)
            rect = scene.addRect(QRectF(x, y, NODE_W, NODE_H), pen, QBrush(QColor(fill)))
            label = display_piece(n.piece) if n.status != "root" else "<s>"
            text = QGraphicsSimpleTextItem(f"{label[:12]}\n{n.score:.2f}" if n.status != "root" else label, rect)
            text.setFont(font)
            text.setBrush(QBrush(QColor(text_colour)))
            text.setPos(x + 4, y + 1)
            rect.setToolTip(
                tr(
                    "'{piece}' at step {step}\nstatus: {status}{value}\nlog p(piece) = {log_prob:.3f}\npath log-probability = {score:.3f}"
                ).format(
                    piece=display_piece(n.piece),
                    step=n.step + 1,
                    status=tr(n.status),
                    value=tr(" (in the n-best list)") if n.in_nbest else "",
                    log_prob=n.log_prob,
                    score=n.score,
                )
            )
            rect.setCursor(Qt.CursorShape.PointingHandCursor)
            self._nodes_by_item[rect] = n
        legend = scene.addText(tr("blue: kept   green: finished (EOS)   grey: pruned   orange border: final n-best"))
        legend.setDefaultTextColor(QColor("#333333"))
        legend.setPos(0, -28)
        self.setSceneRect(scene.itemsBoundingRect().adjusted(-10, -10, 10, 10))
        self._home_pending = True
        self.scroll_home()

    def scroll_home(self) -> None:
        """Show the legend and the root (top left). Scroll ranges are only known once the view has
        its size, so this is repeated on show and resize until the person scrolls or drags."""
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().minimum())
        self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._home_pending:
            QTimer.singleShot(0, self, self.scroll_home)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self._home_pending:
            self.scroll_home()

    def wheelEvent(self, event) -> None:  # noqa: N802
        self._home_pending = False
        super().wheelEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._home_pending = False
        item = self.itemAt(event.position().toPoint())
        while item is not None and item not in self._nodes_by_item:
            item = item.parentItem()
        if item is not None:
            node = self._nodes_by_item[item]
            if node.status != "root":
                self.node_clicked.emit(node.step)
        super().mousePressEvent(event)
