"""Decoding controls: greedy / beam (size, length penalty, n-best) / sampling (temperature, top-k)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QSpinBox

from app.i18n import tr
from models import choices

# The decoding methods and their labels, declared once (models/choices.py: DECODE_METHOD).
METHODS = [(choice.label, choice.value) for choice in choices.DECODE_METHOD.choices]


def method_name(method: str) -> str:
    """A decoding method's name in the interface's language."""
    return next((tr(label) for label, value in METHODS if value == method), method)


class DecodeControls(QGroupBox):
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(tr("Decoding"), parent)
        self.method = QComboBox()
        for label, value in METHODS:
            self.method.addItem(tr(label), value)
        self.method.setToolTip(
            tr(
                "Greedy takes the most probable piece at each step. Beam search keeps the K best partial "
                "translations. Sampling draws each piece at random from the model's distribution."
            )
        )
        self.beam_size = _spin(1, 16, 5, tr("Beam size K: how many partial translations are kept at each step."))
        self.nbest = _spin(1, 16, 3, tr("How many finished translations to list (at most the beam size)."))
        self.length_penalty = _double(
            0.0,
            3.0,
            1.0,
            0.1,
            tr("Length penalty α (GNMT): higher favours longer outputs; 0 ranks by raw log-probability."),
        )
        self.temperature = _double(
            0.05, 5.0, 1.0, 0.1, tr("Temperature: below 1 sharpens the distribution, above 1 flattens it.")
        )
        self.top_k = _spin(0, 1000, 0, tr("Sample only among the k most probable pieces (0: the whole vocabulary)."))
        self.max_len_ratio = _double(
            0.5,
            5.0,
            2.0,
            0.5,
            tr("Maximum output length, in target pieces per source piece (plus 10): decoding always stops."),
        )
        form = QFormLayout(self)
        form.addRow(tr("Method"), self.method)
        form.addRow(tr("Beam size"), self.beam_size)
        form.addRow(tr("N-best"), self.nbest)
        form.addRow(tr("Length penalty"), self.length_penalty)
        form.addRow(tr("Temperature"), self.temperature)
        form.addRow(tr("Top-k"), self.top_k)
        form.addRow(tr("Max length ×"), self.max_len_ratio)
        self._form = form
        for widget in (self.beam_size, self.nbest, self.top_k):
            widget.valueChanged.connect(self._emit)
        for widget in (self.length_penalty, self.temperature, self.max_len_ratio):
            widget.valueChanged.connect(self._emit)
        self.method.currentIndexChanged.connect(self._emit)
        self._update_enabled()

    def _emit(self, *_):
        self._update_enabled()
        self.changed.emit()

    def _update_enabled(self) -> None:
        method = self.method.currentData()
        for widget, on in (
            (self.beam_size, method == "beam"), (self.nbest, method == "beam"), (self.length_penalty, method == "beam"),
            (self.temperature, method == "sample"), (self.top_k, method == "sample"),
        ):  # fmt: skip
            widget.setEnabled(on)

    def config(self):
        from models.config import DecodeConfig

        method = self.method.currentData()
        beam = self.beam_size.value()
        return DecodeConfig(
            method=method, beam_size=beam, nbest=min(self.nbest.value(), beam) if method == "beam" else 1,
            length_penalty=self.length_penalty.value(), temperature=self.temperature.value(), top_k=self.top_k.value(),
            max_len_ratio=self.max_len_ratio.value(), trace_top_k=8,
        )  # fmt: skip

    def state(self) -> dict:
        return {
            "method": self.method.currentData(), "beam": self.beam_size.value(), "nbest": self.nbest.value(),
            "alpha": self.length_penalty.value(), "temperature": self.temperature.value(), "top_k": self.top_k.value(),
            "max_len_ratio": self.max_len_ratio.value(),
        }  # fmt: skip

    def restore(self, state: dict) -> None:
        try:
            index = self.method.findData(state.get("method", "greedy"))
            self.method.setCurrentIndex(max(0, index))
            self.beam_size.setValue(int(state.get("beam", 5)))
            self.nbest.setValue(int(state.get("nbest", 3)))
            self.length_penalty.setValue(float(state.get("alpha", 1.0)))
            self.temperature.setValue(float(state.get("temperature", 1.0)))
            self.top_k.setValue(int(state.get("top_k", 0)))
            self.max_len_ratio.setValue(float(state.get("max_len_ratio", 2.0)))
        except (TypeError, ValueError):
            pass  # settings from another version: keep the defaults


def _spin(low: int, high: int, value: int, tip: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    box.setToolTip(tip)
    return box


def _double(low: float, high: float, value: float, step: float, tip: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setDecimals(2)
    box.setValue(value)
    box.setToolTip(tip)
    return box
