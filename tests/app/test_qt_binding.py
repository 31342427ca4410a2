"""The installed Qt binding keeps Python's reference counts: the app emits a signal for every
training report, translation and plot render, so a binding that drops a reference per emit
(PySide6 6.12.0 drops one of True's) aborts a long session."""

import sys

from PySide6.QtCore import QObject, Signal


class _Sender(QObject):
    sent = Signal(object)


class _Receiver(QObject):
    def take(self, payload) -> None:
        self.last = payload


def test_emitting_to_a_python_slot_keeps_reference_counts():
    sender, receiver = _Sender(), _Receiver()
    sender.sent.connect(receiver.take)
    payload = (1, "piece", [0.5])
    sender.sent.emit(payload)  # warm up: the first emit builds caches
    true_refs, false_refs, payload_refs = sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(payload)
    for _ in range(200):
        sender.sent.emit(payload)
    assert receiver.last is payload
    # A tolerance for unrelated references taken meanwhile; the broken binding loses 200.
    assert abs(sys.getrefcount(True) - true_refs) < 20
    assert abs(sys.getrefcount(False) - false_refs) < 20
    assert sys.getrefcount(payload) == payload_refs
