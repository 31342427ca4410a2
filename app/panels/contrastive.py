"""Why this piece rather than that one? At a decoding step, pick another candidate: the attribution
of log P(chosen) − log P(alternative) says which source and prefix words push towards the chosen
piece and which towards the alternative (models/inspection/attribution.AttributionMapsRequest with
`alternatives`), computed in the background."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.i18n import tr
from app.interface_text import content, mark_content
from app.views.attribution_view import METHOD_TIPS, method_label
from app.views.canvas import FigureCanvas
from app.views.heatmap_canvas import display_piece

PURPOSE = "contrastive"
CONTRASTIVE_METHODS = ("input_x_gradient", "integrated_gradients", "occlusion", "saliency")
SOURCE_COLOUR, PREFIX_COLOUR = "#4c78a8", "#f58518"


def step_bars(maps, step: int) -> tuple[list[str], np.ndarray, list[bool]]:
    """The words of one step's contrastive attribution: the source words, then the prefix words
    the step has read (<s> and the output before), their values normalised to sum to 1 in absolute
    value, and which of them are source words."""
    signal = maps.signal
    sentence = signal.sentence
    read = sentence.prefix_unit_of_position[step] + 1  # prefix units read by this step
    source = signal.source[step]
    prefix = signal.prefix[step, :read] if signal.prefix is not None else np.zeros(0)
    values = np.concatenate([source, prefix])
    total = np.abs(values).sum()
    values = values / total if total > 0 else values
    words = list(sentence.source_units) + list(sentence.prefix_units[:read])
    return words, values, [True] * len(source) + [False] * len(prefix)


class ContrastCanvas(FigureCanvas):
    def __init__(self, parent=None):
        super().__init__(4.5, 3.0, parent)
        self.axes = self.figure.add_subplot(1, 1, 1)
        self.values: np.ndarray | None = None
        self.show_message(tr("Pick an alternative: the words that pushed towards each appear here."))

    def show_message(self, text: str) -> None:
        self.values = None
        self.axes.clear()
        self.axes.set_axis_off()
        self.axes.text(0.5, 0.5, text, ha="center", va="center", wrap=True, fontsize=9, transform=self.axes.transAxes)
        self.draw_idle()

    def set_bars(self, words: list[str], values: np.ndarray, is_source: list[bool], chosen: str, rival: str) -> None:
        self.values = values
        axes = self.axes
        axes.clear()
        axes.set_axis_on()
        y = np.arange(len(words))
        colours = [SOURCE_COLOUR if s else PREFIX_COLOUR for s in is_source]
        axes.barh(y, values, color=colours)
        axes.axvline(0.0, color="#555555", linewidth=0.8)
        labels = [display_piece(w) if s else f"↳ {display_piece(w)}" for w, s in zip(words, is_source)]
        axes.set_yticks(y, labels, fontsize=8)
        axes.set_ylim(len(words) - 0.5, -0.5)
        reach = max(0.05, float(np.abs(values).max()) if len(values) else 1.0) * 1.1
        axes.set_xlim(-reach, reach)
        axes.set_xlabel(tr("← towards '{rival}'   ·   towards '{chosen}' →").format(
            rival=display_piece(rival), chosen=display_piece(chosen)), fontsize=8)  # fmt: skip
        axes.set_title(tr("Why '{chosen}' rather than '{rival}'?").format(
            chosen=display_piece(chosen), rival=display_piece(rival)), fontsize=10)  # fmt: skip
        self.draw_idle()


class ContrastiveBox(QWidget):
    """Set a step with `set_step(translation, index)`; the question is asked when an alternative
    is picked (or the step changes while the box is shown)."""

    def __init__(self, service, parent=None):
        super().__init__(parent)
        self.service = service
        self.translation = None
        self.index = 0
        self.alternative = mark_content(QComboBox())  # the model's pieces
        self.alternative.setToolTip(tr("Another candidate of this step: what made the model prefer its choice?"))
        self.method = QComboBox()
        for name in CONTRASTIVE_METHODS:
            self.method.addItem(method_label(name), name)
            self.method.setItemData(self.method.count() - 1, tr(METHOD_TIPS[name]), Qt.ItemDataRole.ToolTipRole)
        self.method.setToolTip(tr("How the difference is attributed to the words"))
        self.explain = QPushButton(tr("Explain"))
        self.explain.setToolTip(tr("Attribute log P(chosen) − log P(alternative) to the source and prefix words"))
        self.canvas = ContrastCanvas(self)
        self.info = QLabel(tr("Blue: source words; orange (↳): the output before this step."))
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.RichText)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Rather than")))
        row.addWidget(self.alternative, 1)
        row.addWidget(self.method)
        row.addWidget(self.explain)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.info)
        self.explain.clicked.connect(self.request)
        self.alternative.activated.connect(lambda _i: self.request())
        self.method.activated.connect(lambda _i: self.request())
        service.translated.connect(self._on_translated)
        service.failed.connect(self._on_failed)

    def set_step(self, translation, index: int | None) -> None:
        moved = translation is not self.translation or index != self.index
        self.translation, self.index = translation, index or 0
        self.alternative.clear()
        step = translation.steps[self.index] if translation is not None and translation.steps else None
        if step is None:
            self.canvas.show_message(tr("Pick an alternative: the words that pushed towards each appear here."))
            self.service.forget(PURPOSE)
            return
        for candidate in step.candidates:
            if candidate.token_id != step.chosen_id:
                self.alternative.addItem(f"{display_piece(candidate.piece)}  ({candidate.probability:.3f})",
                                         candidate.token_id)  # fmt: skip
        self.explain.setEnabled(self.alternative.count() > 0)
        if moved and self.isVisible() and self.alternative.count():
            self.request()
        elif moved:
            self.canvas.show_message(tr("Pick an alternative: the words that pushed towards each appear here."))

    def request(self) -> None:
        from models.config import DecodeConfig
        from models.inspection.attribution import AttributionMapsRequest

        t = self.translation
        if t is None or self.alternative.currentData() is None:
            return
        ids = tuple(s.chosen_id for s in t.steps[: self.index + 1])
        rival = int(self.alternative.currentData())
        analysis = AttributionMapsRequest(self.method.currentData(), target_ids=ids,
                                          alternatives=((self.index, rival),), with_attention=False)  # fmt: skip
        self._asked = (self.index, rival)
        self.info.setText(tr("Computing…"))
        self.service.translate(t.source, DecodeConfig(), purpose=PURPOSE, trace=False, analysis=analysis)

    def _on_translated(self, reply) -> None:
        if reply.purpose != PURPOSE or self.translation is None or reply.result is None:
            return
        step, rival_id = self._asked
        steps = self.translation.steps
        if step >= len(steps):
            return
        maps = reply.result
        words, values, is_source = step_bars(maps, step)
        rival = next((c.piece for c in steps[step].candidates if c.token_id == rival_id), str(rival_id))
        self.canvas.set_bars(words, values, is_source, steps[step].chosen, rival)
        difference = float(maps.signal.log_probs[step])
        self.info.setText(tr("log P('{chosen}') − log P('{rival}') = {difference:.2f}. Blue: source words; "
                             "orange (↳): the output before this step. {method}, each bar a share of the "
                             "total.").format(chosen=content(display_piece(steps[step].chosen)),
                                              rival=content(display_piece(rival)), difference=difference,
                                              method=method_label(maps.signal.method)))  # fmt: skip

    def _on_failed(self, purpose: str, message: str) -> None:
        if purpose == PURPOSE:
            self.info.setText(tr("Could not compute: {value}").format(value=message))
