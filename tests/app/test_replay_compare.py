"""Replay a sentence through a run's snapshots, compare two models, overlay runs (pytest-qt)."""

import numpy as np
import pytest

from app import settings as app_settings
from models.config import TokenizerConfig, TrainConfig
from models.nn.family import model_config
from models.snapshots import list_snapshots
from models.training import Trainer
from tests.conftest import toy_corpus


def _train(out, steps=200, eval_every=40):
    model = model_config(embedding_size=32, hidden_size=64, dropout=0.0)
    tok = TokenizerConfig(model_type="word", src_vocab_size=60, tgt_vocab_size=60)
    train = TrainConfig(batch_size=5, max_minutes=None, max_steps=steps, eval_every=eval_every, learning_rate=1e-2,
                        lr_schedule="constant", seed=3, eval_sentences=50, probe_sentence="the red car")  # fmt: skip
    Trainer(out, toy_corpus(), model, tok, train).run()
    return out


@pytest.fixture(scope="module")
def toy_runs(tmp_path_factory):
    first = _train(tmp_path_factory.mktemp("runs") / "toy-a")
    second = _train(tmp_path_factory.mktemp("runs") / "toy-b", steps=120, eval_every=60)
    return first, second


def test_replay_scrubs_plays_and_marks_the_curves(window, qtbot, toy_runs):
    run = str(toy_runs[0])
    app_settings.add_recent_run(run)
    panel = window.replay_panel
    with qtbot.waitSignal(window.inspection.replayed, timeout=20_000) as first:
        window.tabs.setCurrentWidget(panel)
    steps = [s.step for s in list_snapshots(run)]
    assert panel.run_dir == run and panel.sentence.text() == "the red car"  # the run's probe
    assert first.args[0].step == steps[-1] and panel.slider.maximum() == len(steps) - 1
    trained = panel.output.text()
    assert "la voiture rouge" in trained
    with qtbot.waitSignal(window.inspection.replayed, timeout=10_000) as early:
        panel.slider.setValue(0)
    assert early.args[0].step == steps[0]
    qtbot.waitUntil(lambda: panel.shown_step == steps[0], timeout=5_000)
    assert f"step {steps[0]}" in panel.output.text()
    assert panel.curves.marked_step == steps[0]
    assert panel.attention.canvas.weights.shape[1] == 3  # the, red, car
    bleu_plot = panel.curves.plots[1]
    qtbot.waitUntil(
        lambda: bleu_plot.is_current() and len(bleu_plot.data.series["bleu"][0]) == len(steps), timeout=5_000
    )
    assert [list(m.get_xdata()) for m in bleu_plot.scene.markers] == [[steps[0], steps[0]]]  # drawn there
    # Play runs through every snapshot to the last and stops there.
    panel.toggle_play()
    qtbot.waitUntil(lambda: not panel._play_timer.isActive(), timeout=20_000)
    qtbot.waitUntil(lambda: panel.shown_step == steps[-1], timeout=5_000)
    # Typing another sentence re-translates it at the chosen snapshot.
    with qtbot.waitSignal(window.inspection.replayed, timeout=10_000) as typed:
        panel.sentence.setText("the blue house")
        panel.sentence.returnPressed.emit()
    assert typed.args[0].translation.source == "the blue house"


def test_replay_follows_a_run_while_it_trains(window, qtbot, toy_tsv):
    from tests.app.test_train import _prepare

    train = _prepare(window, qtbot, toy_tsv, budget=60, kind="epochs", eval_every=10)
    panel = window.replay_panel
    window.tabs.setCurrentWidget(panel)
    with qtbot.waitSignal(window.training.finished, timeout=120_000):
        train.start()
    qtbot.waitUntil(lambda: panel.run_dir == str(train.run_dir), timeout=10_000)
    qtbot.waitUntil(lambda: len(panel.snapshots) == len(list_snapshots(train.run_dir)) >= 3, timeout=10_000)
    qtbot.waitUntil(lambda: panel.shown_step == panel.snapshots[-1].step, timeout=10_000)


def test_compare_two_snapshots_and_a_bundled_model(window, qtbot, toy_runs):
    run = str(toy_runs[0])
    app_settings.add_recent_run(run)
    panel = window.compare_panel
    window.tabs.setCurrentWidget(panel)
    steps = [s.step for s in list_snapshots(run)]
    panel.model_a.set_current(run)
    panel.model_b.set_current(run)
    panel.model_a.select_snapshot(steps[-1])
    panel.model_b.select_snapshot(steps[0])
    assert panel.model_b.spec() == f"{run}@{steps[0]}"
    panel.sentence.setText("the red car")
    with qtbot.waitSignal(window.inspection.compared, timeout=20_000) as done:
        panel.compare()
    c = done.args[0].comparison
    assert c.same_pieces and c.a.name.endswith(f"@ step {steps[-1]}") and c.b.name.endswith(f"@ step {steps[0]}")
    assert panel.view_a.canvas.weights.shape == panel.view_difference.canvas.weights.shape == (len(c.rows), 3)
    assert np.allclose(panel.view_difference.canvas.weights, c.a_attention - c.b_attention, atol=1e-6)
    assert "la voiture rouge" in panel.output_a.text()
    # A bundled model cuts text differently: the maps are regrouped by words.
    panel.model_b.set_current("default-en-fr")
    with qtbot.waitSignal(window.inspection.compared, timeout=30_000) as done:
        panel.compare()
    c = done.args[0].comparison
    assert not c.same_pieces and panel.view_b.canvas.source == ["the", "red", "car"]
    assert "regrouped" in panel.explanation.text()
    # A model that cannot be read gets a sentence, not a crash.
    panel.model_b.set_current(str(toy_runs[0] / "missing.s2s"))
    with qtbot.waitSignal(window.inspection.failed, timeout=10_000):
        panel.compare()
    assert "no such model" in panel.explanation.text()


def test_overlay_runs_by_step_and_by_time(window, qtbot, toy_runs):
    for run in toy_runs:
        app_settings.add_recent_run(str(run))
    panel = window.runs_panel
    with qtbot.waitSignal(window.inspection.runs_read, timeout=10_000):
        window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: len(panel.runs) == 2, timeout=10_000)
    legend = [t.get_text() for t in panel.canvas.figure.legends[0].get_texts()]
    assert any("toy-a" in text and "GRU 64" in text and "batch 5" in text for text in legend)
    bleu_lines = [lines["bleu"] for lines in panel.canvas.lines.values()]
    assert sorted(len(line.get_xdata()) for line in bleu_lines) == [2, 5]
    panel.x_axis.setCurrentIndex(1)  # by training time, in minutes
    xs = [max(lines["loss"].get_xdata()) for lines in panel.canvas.lines.values()]
    assert all(0 < x < 5 for x in xs)
    # Unticking a run removes its lines from the plot and the legend.
    with qtbot.waitSignal(window.inspection.runs_read, timeout=10_000):
        panel.list.item(0).setCheckState(panel.list.item(0).checkState().__class__.Unchecked)
    assert len(panel.runs) == 1 and len(panel.canvas.figure.legends[0].get_texts()) == 1
