"""Panels that analyse the Translate tab's sentence: they follow it, and compute when shown."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from app.i18n import tr


class FollowsTranslation(QWidget):
    """A view of one registered analysis (models/inspection/registry.py) of the Translate tab's
    sentence. A subclass declares its `purpose` (its own line of requests: the newest wins) and
    builds its typed request in `analysis_request(text)`; the analysis runs when the panel is
    visible, or as soon as it is shown. The reply, whose `result` is the analysis's typed result,
    reaches `show_reply`; progress reaches `show_progress`; failures are said in `status_label()`."""

    purpose = ""

    def __init__(self, service, parent=None):
        super().__init__(parent)
        self.service = service  # TranslationService
        self.controls_source = None  # DecodeControls of the Translate tab (set by the window)
        self._stale = True
        self.sentence = QLineEdit()
        self.sentence.setClearButtonEnabled(True)
        self.sentence.setPlaceholderText(tr("The sentence to look into (follows the Translate tab)"))
        self.sentence.returnPressed.connect(self.request)
        # A bound method, not a lambda: the connection goes with the panel when the language changes.
        service.model_loaded.connect(self.mark_stale)
        service.translated.connect(self._on_translated)
        service.failed.connect(self._on_failed)
        service.progressed.connect(self._on_progressed)

    def request(self) -> None:
        """Run the panel's analysis on its sentence now."""
        self._stale = False
        analysis = self.analysis_request(self.sentence.text().strip())
        if analysis is not None:
            text = self.sentence.text().strip() or "."
            self.service.translate(text, self.decode_config(), purpose=self.purpose, trace=False, analysis=analysis)

    def sentence_row(self, *buttons) -> QHBoxLayout:
        """The sentence field, stretched, with the panel's buttons after it."""
        row = QHBoxLayout()
        row.addWidget(self.sentence, 1)
        for button in buttons:
            row.addWidget(button)
        return row

    def analysis_request(self, text: str):
        """The typed request of the panel's analysis for `text`, or None when something is missing
        (the panel then says what in its status label)."""
        raise NotImplementedError

    def _on_progressed(self, progress) -> None:
        if progress.purpose == self.purpose:
            self.show_progress(progress.done, progress.total)

    def show_progress(self, done: int, total: int) -> None:
        """A long analysis on its way: the status label says how far."""
        if total > 1:
            self.status_label().setText(tr("Computing… {percent}%").format(percent=round(100 * done / total)))

    def _on_translated(self, reply) -> None:
        if reply.purpose == self.purpose:
            self.show_reply(reply)

    def _on_failed(self, purpose: str, message: str) -> None:
        if purpose == self.purpose:
            label = self.status_label()
            rich = label.textFormat() == Qt.TextFormat.RichText
            label.setText(tr("Could not compute: {value}").format(value=html.escape(message) if rich else message))

    def show_reply(self, reply) -> None:
        raise NotImplementedError

    def status_label(self):
        raise NotImplementedError

    def follow(self, translation) -> None:
        if translation.source != self.sentence.text():
            self.sentence.setText(translation.source)
            self.mark_stale()

    def mark_stale(self, *_model_info) -> None:
        self._stale = True
        if self.isVisible():
            self.request()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self.request()

    def decode_config(self):
        """Inside the model decodes greedily, whatever the Translate tab's method: one output that
        stays put (sampling would change it at each look) and says so (`decoding_note`). The Translate
        tab's maximum length is kept."""
        from models.config import DecodeConfig

        chosen = self.controls_source.config() if self.controls_source is not None else DecodeConfig()
        return DecodeConfig(method="greedy", max_len_ratio=chosen.max_len_ratio, trace_top_k=chosen.trace_top_k)


def decoding_name() -> str:
    """How every view of Inside the model decodes (decode_config), as the Translate tab names it."""
    from app.panels.decode_controls import method_name

    return method_name("greedy")


def decoding_note() -> str:
    """ "(Greedy)", grey, for a rich-text header that shows an output of Inside the model."""
    return f" <span style='color:#666'>({decoding_name()})</span>"
