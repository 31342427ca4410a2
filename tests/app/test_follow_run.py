"""Following a run that another training writes (pytest-qt): a real Trainer in a background thread
trains into a folder the app follows; the Train tab's curves, probe and samples, Replay's snapshots
and Compare's lists follow its files; half-written files are never read; closing stops the follower."""

import threading

import numpy as np
import pytest

from models.config import TokenizerConfig, TrainConfig
from models.nn.family import model_config
from models.snapshots import list_snapshots
from models.training import CheckpointSaved, Evaluation, Trainer, TrainingControl
from tests.conftest import TOY_PAIRS

EVALUATIONS = 3
EVERY = 10


class GatedRun:
    """A training in a thread that waits after each snapshot until the test lets it go on, so the
    test sees each evaluation arrive as files (no sleeps: the test waits on the app's signals)."""

    def __init__(self, run_dir, corpus, control=None):
        self.saved, self.go_on = threading.Semaphore(0), threading.Semaphore(0)
        self.evaluations: list[Evaluation] = []
        config = TrainConfig(batch_size=4, max_minutes=None, max_steps=EVALUATIONS * EVERY, eval_every=EVERY,
                             learning_rate=5e-3, seed=4)  # fmt: skip
        self.trainer = Trainer(run_dir, str(corpus), model_config(embedding_size=16, hidden_size=32),
                               TokenizerConfig(model_type="word", src_vocab_size=50, tgt_vocab_size=50), config,
                               self._on_event, control)  # fmt: skip
        self.thread = threading.Thread(target=self.trainer.run, daemon=True)

    def _on_event(self, event):
        if isinstance(event, Evaluation):
            self.evaluations.append(event)
        if isinstance(event, CheckpointSaved) and event.kind == "snapshot":
            self.saved.release()
            self.go_on.acquire(timeout=120)

    def finish(self):
        for _ in range(EVALUATIONS + 1):
            self.go_on.release()
        if self.thread.ident is not None:
            self.thread.join(timeout=120)


@pytest.fixture
def gated_run(tmp_path):
    corpus = tmp_path / "toy.tsv"
    corpus.write_text("".join(f"{s}\t{t}\n" for s, t in TOY_PAIRS), encoding="utf-8")
    run_dir = tmp_path / "elsewhere" / "toy-torchrun"
    run_dir.mkdir(parents=True)
    run = GatedRun(run_dir, corpus)
    yield run_dir, run
    run.finish()


def test_the_app_follows_a_run_trained_elsewhere(window, qtbot, gated_run):
    run_dir, run = gated_run
    panel = window.train_panel
    follower = panel.follower
    window.tabs.setCurrentWidget(window.compare_panel)  # filled once shown: it lists runs from then on
    window.tabs.setCurrentWidget(panel)
    seen = []
    follower.evaluated.connect(seen.append)
    panel.follow(str(run_dir))
    assert "waiting for its first checkpoint" in panel.status.text() and not panel.start_button.isEnabled()
    run.thread.start()
    for n in range(1, EVALUATIONS + 1):
        qtbot.waitUntil(lambda: run.saved.acquire(blocking=False), timeout=60_000)
        step = n * EVERY
        # The training waits now: the app sees this evaluation's files, and its probe and samples.
        qtbot.waitUntil(lambda s=step: bool(seen) and seen[-1].step == s, timeout=30_000)
        reported = run.evaluations[-1]
        assert seen[-1].samples == reported.samples  # the training's own samples, from its saved weights
        assert seen[-1].probe.translation == reported.probe.translation
        qtbot.waitUntil(lambda s=step: panel.curves.data["bleu"][0][-1:] == [s], timeout=10_000)
        assert panel.curves.data["bleu"] == ([e.step for e in run.evaluations],
                                             [e.bleu for e in run.evaluations])  # fmt: skip
        assert panel.curves.data["train_loss"][0][-1] == step  # the curves grow with each save
        weights = panel.alignment.canvas.weights
        assert weights is not None and np.allclose(weights, reported.probe.weights, atol=1e-5)
        assert panel.samples.rowCount() == len(reported.samples) > 0
        assert panel.samples.item(0, 0).text() == reported.samples[0][0]
        assert f"step {step}" in panel.status.text() and "training (process" in panel.status.text()
        # Replay's slider holds the snapshots so far; Compare and Runs list the run.
        qtbot.waitUntil(lambda s=step: [i.step for i in window.replay_panel.snapshots][-1:] == [s], timeout=10_000)
        assert window.replay_panel.run_dir == str(run_dir)
        assert [i.step for i in window.replay_panel.snapshots] == [i.step for i in list_snapshots(run_dir)]
        assert window.compare_panel.model_b.combo.findData(str(run_dir)) >= 0
        run.go_on.release()
    run.thread.join(timeout=60)
    # The run has ended: the lock is free and the budget reached; the views keep its last state.
    qtbot.waitUntil(lambda: "has ended" in panel.status.text(), timeout=15_000)
    assert panel.open_best.isEnabled() and panel.progress.value() == 1000
    assert len(panel.curves.data["bleu"][0]) == EVALUATIONS


def test_a_half_written_file_is_ignored_and_closing_stops_the_follower(window, qtbot, gated_run):
    run_dir, run = gated_run
    run.thread.start()
    run.finish()  # trained to its end before following starts
    panel = window.train_panel
    follower = panel.follower
    with qtbot.waitSignal(follower.evaluated, timeout=30_000):
        panel.follow(str(run_dir))
    step = follower.state.step
    # Saves in progress: a temporary last.s2s, a snapshot and an index under their temporary names.
    (run_dir / ".last.s2s.tmp99999").write_bytes(b"PK\x03\x04 half a zip")
    (run_dir / "snapshots" / ".index.json.tmp99999").write_text('{"format": ', encoding="utf-8")
    (run_dir / "snapshots" / ".step-0000040.safetensors.tmp99999").write_bytes(b"\0" * 64)
    with qtbot.assertNotEmitted(follower.updated), qtbot.assertNotEmitted(follower.checkpoint):
        with qtbot.waitSignal(follower.checked, timeout=10_000) as looked:
            follower.check_now()
    assert not looked.args[0] and follower.state.step == step
    # Stop following: the views keep what they show; Start is offered again.
    panel.stop_following()
    assert not follower.is_following() and panel.start_button.isEnabled()
    assert "Stopped following" in panel.status.text() and len(panel.curves.data["bleu"][0]) == EVALUATIONS
    # Following again, then closing the window: the follower's thread ends and nothing is watched.
    with qtbot.waitSignal(follower.checked, timeout=10_000):
        panel.follow(str(run_dir))
    thread = follower._thread.thread
    window.close()
    assert not follower.is_following() and follower._watcher is None
    qtbot.waitUntil(thread.isFinished, timeout=5_000)


def test_a_folder_that_sends_no_notification_is_followed_by_the_poll(qtbot, tmp_path, monkeypatch):
    """A synced or network folder may change without a notification: the slow poll finds it."""
    from app import run_follower
    from app.run_follower import RunFollower

    monkeypatch.setattr(run_follower, "POLL_MS", 200)
    run_dir = tmp_path / "synced"
    run_dir.mkdir()
    follower = RunFollower()
    with qtbot.waitSignal(follower.checked, timeout=10_000):
        follower.follow(str(run_dir))
    follower._watcher.removePaths(follower._watcher.directories() + follower._watcher.files())
    monkeypatch.setattr(follower, "_watch", lambda: None)  # no notification will come
    corpus = tmp_path / "toy.tsv"
    corpus.write_text("".join(f"{s}\t{t}\n" for s, t in TOY_PAIRS), encoding="utf-8")
    run = GatedRun(run_dir, corpus)
    run.thread.start()
    run.finish()
    with qtbot.waitSignal(follower.updated, timeout=10_000) as got:
        pass
    assert got.args[0].state.step == EVALUATIONS * EVERY
    follower.stop()


def test_a_burst_of_notifications_makes_one_look(qtbot, tmp_path):
    from app.run_follower import RunFollower

    follower = RunFollower()
    with qtbot.waitSignal(follower.checked, timeout=10_000):
        follower.follow(str(tmp_path))
    looks = []
    follower.checked.connect(looks.append)
    for _ in range(50):  # a save: a temporary file written, renamed, the index replaced…
        follower._watcher.directoryChanged.emit(str(tmp_path))
    with qtbot.waitSignal(follower.checked, timeout=10_000):
        pass
    assert len(looks) == 1
    follower.stop()
    assert not follower._poll.isActive() and not follower._gather.isActive()


def test_a_training_stopped_before_its_budget_is_said(window, qtbot, tmp_path):
    """A job stopped on the launcher (Ctrl+C) keeps its last checkpoint and frees the folder's lock."""
    corpus = tmp_path / "toy.tsv"
    corpus.write_text("".join(f"{s}\t{t}\n" for s, t in TOY_PAIRS), encoding="utf-8")
    run_dir = tmp_path / "stopped"
    run_dir.mkdir()
    control = TrainingControl()
    run = GatedRun(run_dir, corpus, control)
    panel = window.train_panel
    panel.follow(str(run_dir))
    run.thread.start()
    qtbot.waitUntil(lambda: run.saved.acquire(blocking=False), timeout=60_000)
    qtbot.waitUntil(lambda: "training (process" in panel.status.text(), timeout=15_000)
    control.cancel()
    run.finish()
    qtbot.waitUntil(lambda: "its training has stopped" in panel.status.text(), timeout=15_000)
    assert f"step {EVERY}" in panel.status.text() and "has ended" not in panel.status.text()
    panel.stop_following()


def test_a_run_from_a_server_without_its_corpus_shows_the_probe_and_says_why_no_samples(window, qtbot, gated_run):
    run_dir, run = gated_run
    run.thread.start()
    run.finish()
    (run_dir.parent.parent / "toy.tsv").unlink()  # the corpus stayed on the server
    panel = window.train_panel
    with qtbot.waitSignal(panel.follower.evaluated, timeout=30_000) as got:
        panel.follow(str(run_dir))
    assert got.args[0].samples == [] and panel.samples.rowCount() == 0
    assert "is not on this machine" in panel.samples_caption.text()
    # Its probe was the corpus's first dev sentence: the user types one, translated at once.
    assert got.args[0].probe is None and "Type a probe sentence" in panel.alignment.canvas.message
    with qtbot.waitSignal(panel.follower.evaluated, timeout=30_000) as typed:
        panel.probe.setText("the red car")
        panel.probe.editingFinished.emit()
    assert typed.args[0].probe.source_pieces and panel.alignment.canvas.weights is not None
    panel.stop_following()


def test_a_followed_run_is_still_followed_after_the_language_switches(window, qtbot, gated_run, dialogs):
    from app import i18n

    run_dir, run = gated_run
    run.thread.start()
    run.finish()
    with qtbot.waitSignal(window.train_panel.follower.evaluated, timeout=30_000):
        window.train_panel.follow(str(run_dir))
    old_panel = window.train_panel
    try:
        window.language_actions.actions()[2].trigger()  # 简体中文: the tabs are built again
        assert window.train_panel is not old_panel and not old_panel.follower.is_following()
        assert window.train_panel.follower.is_following()
        assert window.train_panel.follower.run_dir == str(run_dir)
    finally:
        window.language_actions.actions()[1].trigger()
        i18n.install(i18n.ENGLISH)
