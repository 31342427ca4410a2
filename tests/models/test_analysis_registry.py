"""The analyses registry: each view's analysis is declared once (typed request, typed result) and
runs on any translation through `run_analysis`, with progress and cooperative cancel."""

from dataclasses import dataclass

import numpy as np
import pytest

from models.checkpoint import load_checkpoint
from models.inspection.base import AnalysisCancelled
from models.inspection.registry import analysis, analysis_for, registered, run_analysis, unregister
from models.translator import Translator


@dataclass(frozen=True)
class LengthRequest:
    scale: float = 1.0


@dataclass
class LengthResult:
    source_length: int
    scaled: np.ndarray


@pytest.fixture
def toy_analysis():
    @analysis(LengthRequest)
    def source_length(translator, translation, request: LengthRequest, steps) -> LengthResult:
        steps.progress(1, 2)
        steps.check()
        return LengthResult(len(translation.source_pieces), np.arange(3) * request.scale)

    yield source_length
    unregister(LengthRequest)


def test_the_built_in_views_analyses_are_registered_with_typed_requests_and_results():
    names = {found.request_type.__name__: found.result_type.__name__ for found in registered()}
    assert names["AttentionMathRequest"] == "AttentionMathGrid"
    assert names["ExposureRequest"] == "ExposureComparison"
    assert names["HiddenStatesRequest"] == "HiddenTrajectories"
    assert names["EmbeddingsRequest"] == "EmbeddingMap"
    assert names["SelfAttentionRequest"] == "SelfAttentionSet"


def test_a_registered_analysis_runs_on_a_translation_with_progress(toy_model_path, toy_analysis):
    translator = Translator(load_checkpoint(toy_model_path))
    translation = translator.translate("the red car")
    reported = []
    result = run_analysis(translator, translation, LengthRequest(2.0), progress=lambda d, t: reported.append((d, t)))
    assert isinstance(result, LengthResult) and result.source_length == len(translation.source_pieces)
    assert result.scaled.tolist() == [0.0, 2.0, 4.0] and reported == [(1, 2)]
    assert analysis_for(LengthRequest()).name == "source_length"


def test_a_cancelled_analysis_stops_and_an_unknown_request_is_refused(toy_model_path, toy_analysis):
    translator = Translator(load_checkpoint(toy_model_path))
    translation = translator.translate("one")
    with pytest.raises(AnalysisCancelled):
        run_analysis(translator, translation, LengthRequest(), cancelled=lambda: True)

    @dataclass(frozen=True)
    class Unregistered:
        pass

    with pytest.raises(LookupError, match="Unregistered"):
        run_analysis(translator, translation, Unregistered())


def test_a_registration_states_its_result_type_and_is_checked():
    @dataclass(frozen=True)
    class Untyped:
        pass

    with pytest.raises(TypeError, match="annotate"):
        analysis(Untyped)(lambda translator, translation, request, steps: 1)
