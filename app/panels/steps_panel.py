"""Decoding steps: walk through a decoding step by step, see the beam tree, and ask "what if?"."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from app.i18n import QT_TR_NOOP, tr
from app.interface_text import content
from app.panels.contrastive import ContrastiveBox
from app.panels.decode_controls import method_name
from app.panels.intervention import InterventionBox
from app.views.attention_view import AttentionView
from app.views.beam_tree_view import BeamTreeView
from app.views.candidates_view import CandidatesCanvas
from app.views.heatmap_canvas import display_piece
from app.views.jump_slider import JumpSlider

PLAY_INTERVAL_MS = 700
WHATIF_HINT = QT_TR_NOOP(
    "What if? Click a candidate (its bar or its word) to force that piece at this step; the model continues from there."
)


class StepsPanel(QWidget):
    def __init__(self, service, parent=None):
        super().__init__(parent)
        self.service = service
        self.translation = None
        self.whatif = None
        self.controls_source = None  # DecodeControls of the Translate tab (set by the window)
        self.heading = QLabel(tr("Translate a sentence in the Translate tab, then step through how it was decoded."))
        self.heading.setWordWrap(True)
        self.output_so_far = QLabel("")
        self.output_so_far.setTextFormat(Qt.TextFormat.RichText)
        self.output_so_far.setWordWrap(True)
        style = self.style()
        self.first_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipBackward), "")
        self.prev_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_MediaSeekBackward), "")
        self.play_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay), tr("Play"))
        self.next_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_MediaSeekForward), "")
        self.last_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipForward), "")
        for button, tip in ((self.first_button, tr("First step")), (self.prev_button, tr("Previous step")),
                            (self.next_button, tr("Next step")), (self.last_button, tr("Last step")),
                            (self.play_button, tr("Play the decoding step by step"))):  # fmt: skip
            button.setToolTip(tip)
        self.slider = JumpSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.setToolTip(tr("Decoding step"))
        self.step_label = QLabel(tr("step –"))
        self.candidates = CandidatesCanvas()
        self.step_attention = AttentionView(self, compact=True)
        self.tree = BeamTreeView()
        self.whatif_label = QLabel(tr(WHATIF_HINT))
        self.whatif_label.setWordWrap(True)
        self.whatif_attention = AttentionView(self, compact=True)

        nav = QHBoxLayout()
        for w in (self.first_button, self.prev_button, self.play_button, self.next_button, self.last_button):
            nav.addWidget(w)
        nav.addWidget(self.slider, 1)
        nav.addWidget(self.step_label)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.candidates)
        top.addWidget(self.step_attention)
        top.setSizes([420, 600])
        tree_box = QGroupBox(tr("Beam search tree"))
        tree_layout = QVBoxLayout(tree_box)
        tree_layout.addWidget(self.tree)
        whatif_box = QGroupBox(tr("What if?"))
        # Side by side: stacked under its explanation, the alternative's heatmap was too flat to read in a small window.
        whatif_layout = QHBoxLayout(whatif_box)
        self.whatif_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.whatif_label.setMinimumWidth(140)
        whatif_layout.addWidget(self.whatif_label, 2)
        whatif_layout.addWidget(self.whatif_attention, 3)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(tree_box)
        bottom.addWidget(self._questions(whatif_box))
        bottom.setSizes([600, 420])
        vertical = QSplitter(Qt.Orientation.Vertical)
        vertical.addWidget(top)
        vertical.addWidget(bottom)
        vertical.setSizes([340, 360])
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.output_so_far)
        layout.addLayout(nav)
        layout.addWidget(vertical, 1)

        self.timer = QTimer(self)  # runs only while playing
        self.timer.setInterval(PLAY_INTERVAL_MS)
        self.timer.timeout.connect(self._advance)
        self.slider.valueChanged.connect(self.show_step)
        self.first_button.clicked.connect(lambda: self.slider.setValue(0))
        self.prev_button.clicked.connect(lambda: self.slider.setValue(self.slider.value() - 1))
        self.next_button.clicked.connect(lambda: self.slider.setValue(self.slider.value() + 1))
        self.last_button.clicked.connect(lambda: self.slider.setValue(self.slider.maximum()))
        self.play_button.clicked.connect(self.toggle_play)
        self.candidates.candidate_clicked.connect(self.try_candidate)
        self.tree.node_clicked.connect(self.slider.setValue)
        self.tree.whatif_requested.connect(self.try_path)
        service.translated.connect(self._on_translated)
        service.failed.connect(self._on_failed)
        self._set_enabled(False)
        self._clear_whatif()

    def set_model(self, info) -> None:
        """A new model: nothing of the previous one's decoding or what-if stays on screen."""
        self.stop_playing()
        self.translation = None
        self.whatif = None
        self._set_enabled(False)
        self._clear_whatif()
        self.heading.setText(
            tr("Model {name}: translate a sentence in the Translate tab, then step through it.").format(
                name=content(info.name)
            )
        )
        self.output_so_far.setText("")
        self.step_label.setText(tr("step –"))
        self.candidates.set_step(None)
        self._questions_follow(None)
        self.step_attention.show_message(tr("The attention of each step appears here."))
        self.tree.show_message(tr("Choose beam search in the Translate tab to see the search tree here."))

    def _clear_whatif(self) -> None:
        self.whatif_label.setText(tr(WHATIF_HINT))
        self.whatif_attention.show_message(tr("The alternative translation's attention appears here."))

    def _set_enabled(self, on: bool) -> None:
        for w in (
            self.first_button,
            self.prev_button,
            self.play_button,
            self.next_button,
            self.last_button,
            self.slider,
        ):
            w.setEnabled(on)

    # ----------------------------------------------------------------- showing a decoding
    def show_translation(self, translation) -> None:
        self.stop_playing()
        if self.translation is None or translation.source != self.translation.source:
            self.whatif = None
            self._clear_whatif()  # a what-if of another sentence
        self.translation = translation
        steps = translation.steps
        self.heading.setText(
            tr(
                "<b>{method}</b> decoding of “{source}” → “{text}” — {count} steps. Each step scores every target piece; the chosen one is fed back in."
            ).format(
                method=method_name(translation.method),
                source=content(translation.source),
                text=content(translation.text),
                count=len(steps),
            )
        )
        if translation.method == "beam":
            self.tree.set_tree(translation.tree, [s.chosen_id for s in translation.steps])
        else:
            self.tree.show_message(tr("This translation used greedy decoding or sampling: one path, no tree.\n"
                                   "Choose beam search in the Translate tab to see every hypothesis it weighed."))  # fmt: skip
        self._set_enabled(bool(steps))
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(0, len(steps) - 1))
        self.slider.setValue(0)
        self.slider.blockSignals(False)
        self.show_step(0)

    def show_step(self, index: int) -> None:
        t = self.translation
        if t is None or not t.steps:
            self.candidates.set_step(None)
            return
        index = max(0, min(index, len(t.steps) - 1))
        step = t.steps[index]
        self._questions_follow(index)
        self.step_label.setText(tr("step {index} / {count}").format(index=index + 1, count=len(t.steps)))
        self.candidates.set_step(step)
        self.tree.set_step(index)
        chosen = [display_piece(s.chosen) for s in t.steps]
        so_far = content(" ".join(chosen[:index])) + f" <b style='color:#f58518'>{content(chosen[index])}</b>"
        rest = content(" ".join(chosen[index + 1 :]))
        self.output_so_far.setText(
            tr("Output: {so_far} <span style='color:#999999'>{rest}</span>").format(so_far=so_far, rest=rest)
        )
        rows = [s.attention for s in t.steps[: index + 1]]
        if rows and rows[0] is not None:
            import numpy as np

            self.step_attention.set_attention(np.stack(rows), t.source_pieces, chosen[: index + 1],
                                              title=tr("Attention up to step {index}").format(index=index + 1))  # fmt: skip
            self.step_attention.canvas.select_row(index)
        else:
            self.step_attention.set_attention(None, t.source_pieces, chosen)

    # ----------------------------------------------------------------- playing
    def toggle_play(self) -> None:
        if self.timer.isActive():
            self.stop_playing()
        else:
            if self.slider.value() >= self.slider.maximum():
                self.slider.setValue(0)
            self.timer.start()
            self.play_button.setText(tr("Pause"))

    def stop_playing(self) -> None:
        self.timer.stop()
        self.play_button.setText(tr("Play"))

    def _advance(self) -> None:
        if self.slider.value() >= self.slider.maximum():
            self.stop_playing()
        else:
            self.slider.setValue(self.slider.value() + 1)

    # ----------------------------------------------------------------- what if
    def _questions(self, whatif_box) -> QWidget:
        """What if? beside the questions about the step's attribution and attention (their own
        modules): why this piece rather than another, and what if the attention changed."""
        from PySide6.QtWidgets import QTabWidget

        self.contrastive = ContrastiveBox(self.service)
        self.intervention = InterventionBox(self.service)
        self.questions = QTabWidget()
        self.questions.addTab(whatif_box, tr("What if?"))
        self.questions.addTab(self.contrastive, tr("Why this rather than that?"))
        self.questions.addTab(self.intervention, tr("What if it looked elsewhere?"))
        self.questions.setTabToolTip(0, tr(WHATIF_HINT))
        self.questions.setTabToolTip(1, tr("Which words made the model choose its piece rather than another candidate"))
        self.questions.setTabToolTip(2, tr("Change the attention at this step and decode again from here"))
        return self.questions

    def _questions_follow(self, index: int | None) -> None:
        self.contrastive.set_step(self.translation, index)
        self.intervention.set_step(self.translation, index)

    def try_candidate(self, candidate_index: int) -> None:
        t = self.translation
        if t is None or not t.steps:
            return
        index = self.slider.value()
        step = t.steps[index]
        candidate = step.candidates[candidate_index]
        prefix = [s.chosen_id for s in t.steps[:index]] + [candidate.token_id]
        config = self.controls_source.config() if self.controls_source is not None else None
        if config is not None and config.method == "sample":
            config.method = "greedy"  # a what-if continues deterministically
        self.whatif_label.setText(
            tr("What if step {index} had been '{piece}'? Decoding…").format(
                index=index + 1, piece=display_piece(candidate.piece)
            )
        )
        self._whatif_step = index
        self.service.translate(t.source, config, purpose="whatif", prefix=prefix)

    def try_path(self, nodes) -> None:
        """What if the beam search had gone through the last of `nodes` (a tree node, any step,
        pruned ones too): its path from the root is forced, the model continues greedily."""
        t = self.translation
        if t is None or not nodes:
            return
        config = self.controls_source.config() if self.controls_source is not None else None
        if config is not None:
            config.method = "greedy"  # one continuation, and no tree of its own
        self.whatif_label.setText(
            tr("What if the decoding had gone through '{piece}' at step {index}? Decoding…").format(
                index=nodes[-1].step + 1, piece=display_piece(nodes[-1].piece)
            )
        )
        self._whatif_step = nodes[-1].step
        self.service.translate(t.source, config, purpose="whatif", prefix=[n.token_id for n in nodes])

    def _on_translated(self, reply) -> None:
        if reply.purpose != "whatif" or self.translation is None:
            return
        alt = reply.translation
        self.whatif = alt
        self.whatif_label.setText(
            tr(
                "<b>Before:</b> {text}<br><b>What if:</b> {alternative}<br><span style='color:#777'>forced prefix: {prefix} · log P {log_prob:.2f} (was {before_log_prob:.2f})</span>"
            ).format(
                text=content(self.translation.text),
                alternative=content(alt.text),
                prefix=content(" ".join(display_piece(p) for p in alt.best.pieces[: len(alt.forced_prefix)])),
                log_prob=alt.best.log_prob,
                before_log_prob=self.translation.best.log_prob,
            )
        )
        self.whatif_attention.set_attention(alt.best.attention, alt.source_pieces, alt.best.pieces,
                                            title=tr("Attention of the alternative"))  # fmt: skip

    def _on_failed(self, purpose: str, message: str) -> None:
        if purpose == "whatif":
            self.whatif_label.setText(tr("Could not continue: {message}").format(message=message))
