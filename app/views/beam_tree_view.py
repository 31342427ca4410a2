"""Beam search as a tree: every extension the search weighed, kept/pruned/finished, n-best marked,
the chosen path drawn through, the decoding step's column shaded; a double-click (or the context
menu) on any node asks what the decoding would have made had it gone through that node."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSimpleTextItem, QGraphicsView, QMenu

from app.i18n import QT_TR_NOOP, tr
from app.views.heatmap_canvas import display_piece

STYLE = {  # fill, text colour
    "root": ("#666666", "#ffffff"),
    "kept": ("#4c78a8", "#ffffff"),
    "finished": ("#54a24b", "#ffffff"),
    "pruned": ("#e8e8e8", "#777777"),
}
STATUS_NAMES = (
    QT_TR_NOOP("root"),
    QT_TR_NOOP("kept"),
    QT_TR_NOOP("finished"),
    QT_TR_NOOP("pruned"),
)  # BeamNode.status, for tr()
NODE_W, NODE_H, GAP_X, GAP_Y = 92, 30, 34, 8
CHOSEN = "#d62728"  # the chosen path: the best hypothesis, root to end
STEP_SHADE = "#fff3c4"  # the column of the step the slider is at


def chosen_path(nodes, chosen_ids: list[int]) -> list[int]:
    """The ids of the nodes the best translation went through, root first: from the root, the
    child whose piece is the next chosen id (the trace's chosen ids, </s> included)."""
    children: dict[int, list] = {}
    root = None
    for n in nodes:
        if n.status == "root":
            root = n
        else:
            children.setdefault(n.parent, []).append(n)
    if root is None:
        return []
    path, current = [root.id], root
    for token in chosen_ids:
        current = next((c for c in children.get(current.id, []) if c.token_id == token and c.status != "pruned"), None)
        if current is None:
            break
        path.append(current.id)
    return path


def prefix_of(nodes, node_id: int) -> list:
    """The nodes from the root's first child to `node_id`: the pieces a what-if forces."""
    by_id = {n.id: n for n in nodes}
    path = []
    node = by_id.get(node_id)
    while node is not None and node.status != "root":
        path.append(node)
        node = by_id.get(node.parent)
    return path[::-1]


class BeamTreeView(QGraphicsView):
    node_clicked = Signal(int)  # step of the clicked node
    whatif_requested = Signal(list)  # the TreeNodes from the first step to the chosen node

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setMinimumHeight(180)
        self._nodes_by_item = {}
        self._nodes: list = []
        self._columns: dict[int, float] = {}  # step -> x of its column
        self._step_shade = None
        self._home_pending = False
        self.show_message(tr("Choose beam search in the Translate tab to see the search tree here."))

    def show_message(self, text: str) -> None:
        scene = self.scene()
        scene.clear()
        self._nodes_by_item, self._nodes, self._columns, self._step_shade = {}, [], {}, None
        item = scene.addText(text)
        item.setDefaultTextColor(QColor("#555555"))

    def set_tree(self, nodes, chosen_ids: list[int] | None = None) -> None:
        """nodes: list of models.translator.TreeNode; chosen_ids: the best translation's ids, step
        by step (its path is drawn through the tree)."""
        scene = self.scene()
        scene.clear()
        self._nodes_by_item, self._nodes, self._columns, self._step_shade = {}, list(nodes), {}, None
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
        self._columns = {step: (step + 1) * (NODE_W + GAP_X) for step in by_step}
        chosen = set(chosen_path(nodes, chosen_ids or []))
        font = QFont()
        font.setPointSize(8)
        for n in nodes:
            x, y = positions[n.id]
            if n.parent in positions:
                px, py = positions[n.parent]
                if n.id in chosen:
                    pen = QPen(QColor(CHOSEN), 3.0)
                else:
                    pen = QPen(
                        QColor("#bbbbbb" if n.status == "pruned" else "#555555"), 1.0 if n.status == "pruned" else 1.6
                    )
                line = scene.addLine(px + NODE_W, py + NODE_H / 2, x, y + NODE_H / 2, pen)
                line.setZValue(1 if n.id in chosen else 0)
        for n in nodes:
            x, y = positions[n.id]
            fill, text_colour = STYLE.get(n.status, STYLE["kept"])
            if n.id in chosen:
                pen = QPen(QColor(CHOSEN), 3.0)
            elif n.in_nbest:
                pen = QPen(QColor("#f58518"), 3.0)
            else:
                pen = QPen(QColor("#333333"), 0.6)
            rect = scene.addRect(QRectF(x, y, NODE_W, NODE_H), pen, QBrush(QColor(fill)))
            rect.setZValue(2)
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
                + (tr("\non the chosen path") if n.id in chosen else "")
                + ("" if n.status == "root" else tr("\nDouble-click: what if the decoding had gone through here?"))
            )
            rect.setCursor(Qt.CursorShape.PointingHandCursor)
            self._nodes_by_item[rect] = n
        legend = scene.addText(
            tr("blue: kept   green: finished (EOS)   grey: pruned   red: the chosen path   orange border: final n-best")
        )
        legend.setDefaultTextColor(QColor("#333333"))
        legend.setPos(0, -28)
        self.setSceneRect(scene.itemsBoundingRect().adjusted(-10, -10, 10, 10))
        self._home_pending = True
        self.scroll_home()

    def set_step(self, step: int) -> None:
        """Shade the column of decoding step `step` (0-based) and bring it into view."""
        scene = self.scene()
        if self._step_shade is not None:
            scene.removeItem(self._step_shade)
            self._step_shade = None
        x = self._columns.get(step)
        if x is None:
            return
        bottom = scene.itemsBoundingRect().bottom()  # from the nodes' top down: the legend above stays clear
        self._step_shade = scene.addRect(
            QRectF(x - GAP_X / 3, -GAP_Y / 2, NODE_W + 2 * GAP_X / 3, bottom + GAP_Y / 2),
            QPen(Qt.PenStyle.NoPen), QBrush(QColor(STEP_SHADE)),
        )  # fmt: skip
        self._step_shade.setZValue(-1)
        if step > 0:  # the first step is in view with the root and the legend
            self._home_pending = False
            self._reveal_step()
            QTimer.singleShot(0, self, self._reveal_step)  # again once a view just shown has its size

    def _reveal_step(self) -> None:
        """Scroll sideways so that the shaded step's column is in view (the rows stay)."""
        if self._step_shade is not None:
            column = self._step_shade.rect()
            self.ensureVisible(QRectF(column.left(), self.mapToScene(0, 0).y(), column.width(), 1), 20, 0)

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

    def _node_at(self, position):
        item = self.itemAt(position)
        while item is not None and item not in self._nodes_by_item:
            item = item.parentItem()
        node = self._nodes_by_item.get(item) if item is not None else None
        return node if node is not None and node.status != "root" else None

    def request_whatif(self, node) -> None:
        """Ask for the decoding forced through `node` (its path from the root)."""
        self.whatif_requested.emit(prefix_of(self._nodes, node.id))

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 - Qt's name
        node = self._node_at(event.position().toPoint())
        if node is not None:
            self.request_whatif(node)
            return
        super().mouseDoubleClickEvent(event)

    def contextMenuEvent(self, event) -> None:  # noqa: N802 - Qt's name
        node = self._node_at(event.pos())
        if node is None:
            return
        menu = QMenu(self)
        menu.addAction(
            tr("What if the decoding had gone through '{piece}' at step {step}?").format(
                piece=display_piece(node.piece), step=node.step + 1
            ),
            lambda: self.request_whatif(node),
        )
        menu.exec(event.globalPos())
