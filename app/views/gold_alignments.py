"""Gold alignments over an attention heatmap (app/views/attention_view.py): the gold word links of
the sentence shown — a built-in corpus's, or those of a Pharaoh file the person opens — drawn
over the cells (a sure link a solid box, a possible one a dashed box: app/views/heatmap_marks.py),
with the sentence's alignment error rate in a caption. The engine finds and scores them
(models/inspection/gold_alignment.py).
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton

from app import file_dialogs
from app.i18n import tr
from app.interface_text import content
from app.views.heatmap_marks import GOLD_COLOUR, Block, GoldMarks


def gold_marks(overlay) -> GoldMarks | None:
    """The boxes to draw for a GoldOverlay (none where the output is not its target)."""
    if overlay is None or not overlay.matches:
        return None
    return GoldMarks([Block(*b) for b in overlay.sure], [Block(*b) for b in overlay.possible])


def gold_caption(overlay) -> str:
    """Where the links come from, how they are drawn, and the AER (rich text)."""
    colour = GOLD_COLOUR.name()
    origin = (tr("built-in corpus") if overlay.origin == "builtin"
              else html.escape(Path(overlay.origin).name))  # fmt: skip
    head = tr("<b>Gold alignment</b> ({origin})").format(origin=origin)
    if not overlay.matches:
        return head + " · " + tr("the output is not its target '{target}', so its links are not drawn and there "
                                 "is no AER to give: they link the words of that target.").format(
            target=content(overlay.pair.target))  # fmt: skip
    pair = overlay.pair
    legend = tr("<span style='color:{colour}'>━</span> sure link ({sure}) · "
                "<span style='color:{colour}'>╌</span> possible link ({possible})").format(
        colour=colour, sure=len(pair.sure), possible=len(pair.possible - pair.sure))  # fmt: skip
    score = overlay.score
    if score is None:
        return f"{head} · {legend}"
    aer = tr("AER {aer:.2f} (precision {precision:.2f}, recall {recall:.2f}, {words} words scored): each gold "
             "target word linked to the source word it weighs most; 0 when every link falls on gold").format(
        aer=score.aer, precision=score.precision, recall=score.recall, words=score.scored_words)  # fmt: skip
    return f"{head} · {legend} · {aer}"


class GoldAlignments(QObject):
    """The caption, the "Gold alignments…" button and the overlay of one heatmap."""

    def __init__(self, canvas, parent=None):
        super().__init__(parent)
        self.canvas = canvas  # app/views/heatmap_canvas.AttentionCanvas
        self.parent_widget = parent
        self.caption = QLabel("")
        self.caption.setTextFormat(Qt.TextFormat.RichText)
        self.caption.setWordWrap(True)
        self.caption.setVisible(False)
        self.button = QPushButton(tr("Gold alignments…"))
        self.button.setToolTip(tr("Draw the gold word alignments of a Pharaoh file (i-j sure, i?j possible, words "
                                  "counted from 0) over the heatmap, for the sentences of its pair file "
                                  "(corpus.tsv beside corpus.tsv.align)"))  # fmt: skip
        self.button.clicked.connect(self.open_file)
        self.pairs: list = []  # models.alignment.AlignedPair of the file opened
        self.file = ""
        self.corpus_of = lambda: ""  # the loaded model's corpus spec: built-in corpora have gold links
        self.overlay = None  # models.inspection.gold_alignment.GoldOverlay drawn, if any
        self._shown: tuple | None = None  # (weights, source pieces, target pieces) of a map over the source

    def show_for(self, weights, source, target, over_source: bool) -> None:
        """A new matrix is shown: its gold links if it is attention over the source and has some."""
        self._shown = (weights, list(source), list(target)) if over_source and weights is not None else None
        self.refresh()

    def clear(self) -> None:
        self._shown = None
        self.refresh()

    def refresh(self) -> None:
        self.overlay = None
        if self._shown is not None:
            from models.inspection.gold_alignment import builtin_gold, choose, find_in, overlay

            weights, source, target = self._shown
            text = "".join(source).replace("▁", " ").strip()  # the pieces spell the sentence
            from_file = find_in(self.pairs, text)
            pair = choose(from_file or builtin_gold(self.corpus_of(), text), target)
            if pair is not None:
                self.overlay = overlay(pair, weights, source, target, self.file if from_file else "builtin")
        self.canvas.set_gold(gold_marks(self.overlay))
        self.caption.setVisible(self.overlay is not None)
        self.caption.setText(gold_caption(self.overlay) if self.overlay is not None else "")

    def open_file(self) -> None:
        """Read a Pharaoh file and its pair file (beside it, or chosen); errors say which file and line."""
        from models.alignment_io import SUFFIXES
        from models.errors import StudioError
        from models.inspection.gold_alignment import pharaoh_gold

        parent = self.parent_widget
        path = file_dialogs.open_file(parent, "gold", tr("Open gold alignments (Pharaoh format)"),
                                      tr("Pharaoh alignments (*.align *.pharaoh);;All files (*)"))  # fmt: skip
        if not path:
            return
        beside = Path(path).with_suffix("")
        pairs_path = str(beside) if Path(path).suffix in SUFFIXES and beside.is_file() else ""
        if not pairs_path:
            pairs_path = file_dialogs.open_file(parent, "gold", tr("Open the sentence pairs these alignments are for"),
                                                tr("Sentence pairs, source<TAB>target (*.tsv *.txt);;All files (*)"))  # fmt: skip
            if not pairs_path:
                return
        try:
            pairs = pharaoh_gold(path, pairs_path)
        except (StudioError, OSError) as err:
            QMessageBox.warning(parent, tr("Gold alignments"),
                                tr("Could not read the gold alignments: {error}").format(error=err))  # fmt: skip
            return
        self.pairs, self.file = pairs, path
        self.refresh()
        if self._shown is not None and self.overlay is None:
            QMessageBox.information(parent, tr("Gold alignments"), tr(
                "{count} gold alignments read. None is for the sentence shown: translate one of the file's "
                "sources to see its links.").format(count=len(pairs)))  # fmt: skip
