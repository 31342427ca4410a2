"""The attribution view's and the scoreboard's analyses, registered for the app's worker
(models/inspection/registry.py; #27 items 2–4)."""

from __future__ import annotations

import numpy as np
import pytest

from models.alignment_io import format_line
from models.checkpoint import load_checkpoint
from models.config import DecodeConfig
from models.inspection import AnalysisCancelled
from models.inspection.attribution import AttributionMapsRequest, best_ids
from models.inspection.registry import analysis_for, run_analysis
from models.inspection.scoreboard import ScoreboardRequest
from models.translator import Translator
from tests.conftest import TOY_PAIRS
from tests.models.test_attribution_scores import GOLD


@pytest.fixture(scope="module")
def rnn(toy_model_path):
    return Translator(load_checkpoint(toy_model_path))


def test_the_maps_explain_the_best_output_with_the_attention_beside(rnn):
    translation = rnn.translate("the red car", DecodeConfig())
    seen = []
    maps = run_analysis(rnn, translation, AttributionMapsRequest("occlusion"),
                        progress=lambda done, total: seen.append((done, total)))  # fmt: skip
    assert maps.signal.method == "occlusion" and maps.attention.method == "attention"
    assert maps.signal.sentence.target_ids == best_ids(translation)
    assert maps.signal.source.shape == maps.attention.source.shape == (len(best_ids(translation)), 3)
    np.testing.assert_allclose(maps.attention.source.sum(axis=1), 1.0, atol=1e-5)
    assert seen and seen[-1][0] == seen[-1][1]  # the method's own progress reaches the worker
    same = run_analysis(rnn, translation, AttributionMapsRequest("attention"))
    assert same.signal is same.attention


def test_a_contrastive_question_explains_the_difference_at_its_step(rnn):
    translation = rnn.translate("the red car", DecodeConfig())
    ids = best_ids(translation)
    rival = rnn.target_tokenizer.piece_to_id("▁bleue")
    plain = run_analysis(rnn, translation, AttributionMapsRequest("saliency", target_ids=tuple(ids[:3])))
    request = AttributionMapsRequest("input_x_gradient", target_ids=tuple(ids[:3]), alternatives=((2, rival),),
                                     with_attention=False)  # fmt: skip
    maps = run_analysis(rnn, translation, request)
    assert maps.attention is None and maps.signal.contrastive
    assert maps.signal.source.shape[0] == 3  # the steps up to the question's
    # the value explained at step 2 is log P(rouge) − log P(bleue) > 0: the model prefers its choice
    assert maps.signal.log_probs[2] > 0 > plain.signal.log_probs[2]
    with pytest.raises(ValueError, match="cannot answer a contrastive"):
        run_analysis(rnn, translation, AttributionMapsRequest("attention", alternatives=((0, rival),)))


def test_the_maps_stop_when_cancelled(rnn):
    translation = rnn.translate("the red car", DecodeConfig())
    with pytest.raises(AnalysisCancelled):
        run_analysis(rnn, translation, AttributionMapsRequest("integrated_gradients"), cancelled=lambda: True)


def test_the_scoreboard_reads_a_gold_file_and_scores_every_signal(rnn, toy_tsv, tmp_path):
    gold = {(s, t): links for s, t, links in GOLD}
    align = tmp_path / "toy.align"
    align.write_text("".join(format_line(gold.get(pair, {(0, 0)})) + "\n" for pair in TOY_PAIRS), encoding="utf-8")
    translation = rnn.translate("the red car", DecodeConfig())
    assert analysis_for(ScoreboardRequest("x")).name == "scoreboard_of"
    table = run_analysis(rnn, translation, ScoreboardRequest(str(toy_tsv), gold=str(align), sentences=6,
                                                             ig_steps=4))  # fmt: skip
    assert table.sentences == 6
    names = {row.signal for row in table.rows}
    assert {"attention", "attention.shifted", "saliency", "occlusion.shifted"} <= names
    assert all(0.0 <= row.score.aer <= 1.0 for row in table.rows)


def test_a_model_without_gold_says_how_to_get_some(rnn, toy_tsv):
    translation = rnn.translate("the red car", DecodeConfig())
    with pytest.raises(ValueError, match="Pharaoh"):
        run_analysis(rnn, translation, ScoreboardRequest(str(toy_tsv)))
