"""The lessons' experiments (models/experiments): each runs shortened through the same code path as
in the app, its measurement is read from the numbers, and BLEU by source length is what sacrebleu
gives each bucket's sentences."""

import json
import random

import pytest
import sacrebleu

from models.experiments import (
    EXPERIMENTS,
    ExperimentFinished,
    Measuring,
    RunEvent,
    beam_size,
    bottleneck,
    rnn_vs_transformer,
    run_experiment,
    shortened,
    teacher_forcing,
)
from models.experiments.data import stratified
from models.metrics import LENGTH_BUCKETS, LengthBucket, bleu_by_length, length_bucket
from models.training import Step, TrainingControl


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    """Every experiment once, shortened, on a small file corpus: (result, the events it reported)."""
    from tests.conftest import TOY_PAIRS

    folder = tmp_path_factory.mktemp("experiments")
    corpus = folder / "toy.tsv"
    corpus.write_text("".join(f"{s}\t{t}\n" for s, t in TOY_PAIRS), encoding="utf-8")
    outcomes = {}
    for name, experiment in EXPERIMENTS.items():
        events = []
        end = run_experiment(experiment, folder / name, events.append, scale=shortened(corpus=str(corpus)))
        outcomes[name] = (end, events)
    return outcomes


@pytest.mark.parametrize("name", sorted(EXPERIMENTS))
def test_each_experiment_runs_shortened_and_reports_its_progress(finished, name):
    end, events = finished[name]
    assert isinstance(end, ExperimentFinished) and not end.cancelled, end
    assert events[-1] is end and end.result is not None
    experiment = EXPERIMENTS[name]
    runs = [e for e in events if isinstance(e, RunEvent)]
    if runs:  # the bundled model needs no training
        assert {e.index for e in runs} == set(range(len(experiment.runs)))
        assert any(isinstance(e.event, Step) for e in runs)
    assert any(isinstance(e, Measuring) for e in events)
    assert end.result.expectation == experiment.expectation and end.result.verdict.text()


def test_the_bottleneck_draws_bleu_by_length_of_each_run(finished):
    result = finished["bottleneck"][0].result
    assert len(result.by_length) == len(result.labels) == 2
    assert all(len(buckets) == len(LENGTH_BUCKETS) for buckets in result.by_length)
    assert [b.sentences for b in result.by_length[0]] == [b.sentences for b in result.by_length[1]]
    assert result.steps == [4, 4]  # the same budget, in steps


def test_teacher_forcing_finds_where_free_running_parts(finished):
    result = finished["teacher-forcing"][0].result
    assert result.ratios == [1.0, 0.5] and result.sentences >= 1
    assert all(step >= 1 for step in result.first_parting)
    assert all(len(curve) >= 1 for curve in result.curves)


def test_beam_size_measures_every_beam_with_and_without_the_penalty(finished):
    result = finished["beam-size"][0].result
    settings = {(p.beam, p.length_penalty) for p in result.points}
    assert settings == {(b, a) for b in beam_size.BEAMS for a in beam_size.PENALTIES}
    greedy = result.point(1, 0.0)
    assert (greedy.bleu, greedy.mean_length) == (result.point(1, 1.0).bleu, result.point(1, 1.0).mean_length)


def test_rnn_against_transformer_overlays_curves_and_compares_one_sentence(finished):
    result = finished["rnn-vs-transformer"][0].result
    assert len(result.curves) == 2 and all(result.curves)
    assert result.sentence.source == rnn_vs_transformer.SENTENCE and len(result.sentence.outputs) == 2


def test_stopping_during_the_first_run_trains_no_other_and_measures_nothing(tmp_path, toy_tsv):
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(2)  # the runs train on one thread; the process gets its own count back
    control = TrainingControl()
    events = []

    def on_event(event):
        events.append(event)
        if isinstance(event, RunEvent) and isinstance(event.event, Step):
            control.cancel()

    end = run_experiment(EXPERIMENTS["bottleneck"], tmp_path, on_event, control, shortened(40, str(toy_tsv)))
    assert end.cancelled and end.result is None
    assert {e.index for e in events if isinstance(e, RunEvent)} == {0}
    assert not any(isinstance(e, Measuring) and e.fraction > 0 for e in events)
    assert torch.get_num_threads() == 2
    torch.set_num_threads(before)


def test_every_lesson_experiment_is_declared_with_its_lesson():
    from app.lessons import lessons

    offered = {lesson.experiment: lesson.key for lesson in lessons() if lesson.experiment}
    assert offered == {name: experiment.lesson for name, experiment in EXPERIMENTS.items()}


# ------------------------------------------------------------------ the measurements' verdicts
def _buckets(*bleus):
    return [LengthBucket(low, high, 30, bleu) for (low, high), bleu in zip(LENGTH_BUCKETS, bleus)]


def test_the_bottleneck_verdict_is_read_from_the_gap_by_length():
    widening = bottleneck.verdict([20.0, 40.0], [_buckets(3, 20, 5), _buckets(40, 40, 40)])
    assert widening.shows is True and "50%" in widening.text() and "12%" in widening.text()  # 4–6 and 7–9 words
    assert "1–3" not in widening.text()  # too short for BLEU's four-word matches to say anything
    even = bottleneck.verdict([20.0, 40.0], [_buckets(20, 20, 20), _buckets(40, 40, 40)])
    assert even.shows is False
    untrained = bottleneck.verdict([0.2, 30.0], [_buckets(0, 0, 0), _buckets(40, 40, 40)])
    assert untrained.shows is None


def test_the_teacher_forcing_and_transformer_verdicts_follow_the_numbers():
    assert teacher_forcing.verdict([30.0, 28.0], [3.0, 4.5]).shows is True
    assert teacher_forcing.verdict([30.0, 20.0], [3.0, 2.5]).shows is False
    assert rnn_vs_transformer.verdict([10.0, 20.0], [500, 300], [9.0, 19.0], [60.0, 90.0]).shows is True
    assert rnn_vs_transformer.verdict([20.0, 10.0], [500, 300], [19.0, 9.0], [60.0, 90.0]).shows is False
    level = rnn_vs_transformer.verdict([20.0, 18.5], [500, 300], [19.0, 21.0], [60.0, 90.0])
    assert level.shows is None and "20.0" in level.text() and "21.0" in level.text()


def test_the_beam_verdict_needs_shorter_outputs_and_the_penalty_giving_length_back():
    def result(lengths_plain, lengths_penalised):
        points = [beam_size.BeamPoint(b, 0.0, 30.0, n, n / 6) for b, n in zip(beam_size.BEAMS, lengths_plain)]
        points += [beam_size.BeamPoint(b, 1.0, 31.0, n, n / 6) for b, n in zip(beam_size.BEAMS, lengths_penalised)]
        return beam_size.BeamSizeResult("d", "m", 10, 6.0, points, "", beam_size.Verdict(None, ""))

    assert beam_size.verdict(result([6, 6, 5.5, 5], [6, 6, 6, 6])).shows is True
    assert beam_size.verdict(result([6, 6, 6, 6], [6, 6, 6, 6])).shows is False


# ------------------------------------------------------------------ BLEU by source length
def test_bleu_by_length_scores_each_bucket_alone():
    sources = ["a b", "a b c d e", "one two three four five six seven eight", "x"]
    references = ["le chat noir", "il fait beau ce matin", "une longue phrase de huit mots ici", "oui"]
    hypotheses = ["le chat noir", "il fait beau", "une longue phrase de huit mots", "non"]
    buckets = bleu_by_length(sources, hypotheses, references)
    assert [(b.low, b.high) for b in buckets] == list(LENGTH_BUCKETS)
    assert [b.sentences for b in buckets][:3] == [2, 1, 1] and sum(b.sentences for b in buckets) == 4
    first = sacrebleu.corpus_bleu([hypotheses[0], hypotheses[3]], [[references[0], references[3]]]).score
    assert buckets[0].bleu == pytest.approx(first)
    assert buckets[3].bleu is None and buckets[3].to_json()["bleu"] is None
    assert length_bucket(0) == 0 and length_bucket(400) == len(LENGTH_BUCKETS) - 1


def test_bleu_by_length_counts_characters_for_a_source_without_spaces():
    buckets = bleu_by_length(["我爱你", "今天天气很好"], ["i love you", "fine"], ["i love you", "the weather is fine"])
    assert [b.sentences for b in buckets][:2] == [1, 1]  # 3 characters, then 6


def test_the_measured_sentences_are_spread_over_the_length_buckets():
    rng = random.Random(0)
    pairs = [(" ".join(["w"] * n) + f" {i}", "t") for n in range(1, 25) for i in range(20)]
    chosen = stratified(pairs, 5, rng)
    counts = [0] * len(LENGTH_BUCKETS)
    for source, _ in chosen:
        counts[length_bucket(len(source.split()))] += 1
    assert counts[:6] == [5] * 6 and len({s for s, _ in chosen}) == len(chosen)


def test_evaluate_json_has_bleu_by_length(capsys, toy_model_path, toy_tsv):
    from models.cli import main

    assert main(["evaluate", "--model", str(toy_model_path), "--corpus", str(toy_tsv), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    by_length = scores["bleu_by_length"]
    assert [(b["low"], b["high"]) for b in by_length] == [(low, high) for low, high in LENGTH_BUCKETS]
    assert sum(b["sentences"] for b in by_length) == scores["sentences"]


def test_a_measurement_waits_while_paused_and_stops_when_cancelled():
    import threading

    from models.experiments.base import Cancelled, Measurement

    control = TrainingControl()
    measurement = Measurement(None, [], control, lambda *_: None, shortened())
    control.pause()
    resumed = threading.Timer(0.05, control.resume)
    resumed.start()
    measurement.check()  # returns once resumed
    assert not control.paused
    control.cancel()
    with pytest.raises(Cancelled):
        measurement.check()
