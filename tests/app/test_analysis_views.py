"""A new view costs one analysis and one panel: a toy analysis registered at run time and a toy
panel that follows the Translate tab see their result for a translation, through the one
latest-request-wins translation worker, with nothing else edited."""

from dataclasses import dataclass

import pytest
from PySide6.QtWidgets import QLabel, QVBoxLayout

from app.panels.follows_translation import FollowsTranslation
from models.inspection.registry import analysis, unregister


@dataclass(frozen=True)
class PieceCountRequest:
    side: str


@dataclass
class PieceCount:
    side: str
    count: int


@pytest.fixture
def piece_count():
    @analysis(PieceCountRequest)
    def count_pieces(translator, translation, request: PieceCountRequest, steps) -> PieceCount:
        pieces = translation.source_pieces if request.side == "source" else translation.best.pieces
        return PieceCount(request.side, len(pieces))

    yield
    unregister(PieceCountRequest)


class PieceCountPanel(FollowsTranslation):
    purpose = "piece count"

    def __init__(self, service):
        super().__init__(service)
        self.label = QLabel()
        self.shown = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.sentence)
        layout.addWidget(self.label)

    def analysis_request(self, text: str):
        if not text:
            self.label.setText("Type a sentence.")
            return None
        return PieceCountRequest("source")

    def show_reply(self, reply) -> None:
        self.shown = reply.result
        self.label.setText(f"{reply.result.count} source pieces")

    def status_label(self):
        return self.label


def test_a_toy_analysis_and_panel_run_on_a_translation(window, qtbot, piece_count):
    panel = PieceCountPanel(window.translation)
    qtbot.addWidget(panel)
    panel.show()
    with qtbot.waitSignal(window.translate_panel.translation_shown, timeout=10_000) as shown:
        window.translate_panel.set_text_and_translate("the red car")
    with qtbot.waitSignal(window.translation.translated, timeout=10_000,
                          check_params_cb=lambda reply: reply.purpose == panel.purpose) as replied:  # fmt: skip
        panel.follow(shown.args[0])
    assert replied.args[0].result == PieceCount("source", len(shown.args[0].source_pieces))
    assert panel.label.text() == f"{len(shown.args[0].source_pieces)} source pieces"


def test_only_the_newest_request_of_a_purpose_is_answered(window, qtbot, piece_count):
    service, answered = window.translation, []
    service.translated.connect(lambda reply: answered.append(reply.id) if reply.purpose == "piece count" else None)
    first = service.translate("one", window.translate_panel.controls.config(), purpose="piece count",
                              analysis=PieceCountRequest("source"))  # fmt: skip
    with qtbot.waitSignal(service.translated, timeout=10_000,
                          check_params_cb=lambda reply: reply.purpose == "piece count"):  # fmt: skip
        second = service.translate("two", window.translate_panel.controls.config(), purpose="piece count",
                                   analysis=PieceCountRequest("target"))  # fmt: skip
    assert second > first and answered == [second]


def test_an_analysis_that_fails_is_said_in_the_panel(window, qtbot):
    panel = PieceCountPanel(window.translation)  # its analysis is not registered in this test
    qtbot.addWidget(panel)
    panel.show()
    with qtbot.waitSignal(window.translation.failed, timeout=10_000):
        panel.sentence.setText("one")
        panel.request()
    assert "PieceCountRequest" in panel.label.text()
