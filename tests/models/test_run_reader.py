"""Reading a run folder that another training writes: what is new at each look, half-written
files never read, files that go or are replaced between two looks tolerated."""

import threading

from models.config import TokenizerConfig, TrainConfig
from models.nn.family import model_config
from models.run_reader import RunReader, dev_pairs_of, translate_followed
from models.training import CheckpointSaved, Evaluation, Trainer
from tests.conftest import TOY_PAIRS


def _toy_file(tmp_path):
    path = tmp_path / "toy.tsv"
    path.write_text("".join(f"{s}\t{t}\n" for s, t in TOY_PAIRS), encoding="utf-8")
    return path


def _trainer(run_dir, corpus, callback, steps=30):
    config = TrainConfig(batch_size=4, max_minutes=None, max_steps=steps, eval_every=10, learning_rate=5e-3, seed=5)
    model = model_config(embedding_size=16, hidden_size=32)
    tok = TokenizerConfig(model_type="word", src_vocab_size=50, tgt_vocab_size=50)
    return Trainer(run_dir, str(corpus), model, tok, config, callback)


def test_each_look_says_what_the_training_added(tmp_path):
    """A training in another thread waits after each snapshot until the reader has looked: each
    look finds that evaluation's records, the checkpoints and the snapshot, and nothing twice."""
    run_dir = tmp_path / "run"
    reader = RunReader(run_dir)
    assert not reader.read()  # nothing there yet: nothing to say
    looked, saved = threading.Semaphore(0), threading.Semaphore(0)
    evaluations = []

    def on_event(event):
        if isinstance(event, Evaluation):
            evaluations.append(event)
        if isinstance(event, CheckpointSaved) and event.kind == "snapshot":
            saved.release()
            looked.acquire(timeout=60)

    trainer = _trainer(run_dir, _toy_file(tmp_path), on_event)
    thread = threading.Thread(target=trainer.run)
    thread.start()
    seen_steps, seen_evaluations, snapshot_steps = [], [], []
    try:
        for _ in range(3):
            assert saved.acquire(timeout=60)
            changes = reader.read()
            assert changes and not changes.restarted and not changes.problem
            assert changes.state.writer  # the training holds the folder's lock
            seen_steps += [r.step for r in changes.new_steps]
            seen_evaluations += [e.step for e in changes.new_evaluations]
            kinds = {s.kind for s in changes.saved}
            assert {"last", "snapshot"} <= kinds
            snapshot_steps += [s.step for s in changes.saved if s.kind == "snapshot"]
            assert not reader.read()  # a second look at an unchanged folder finds nothing new
            looked.release()
    finally:
        looked.release()
        thread.join(timeout=60)
    assert seen_evaluations == [e.step for e in evaluations] == snapshot_steps
    assert seen_steps == sorted(set(seen_steps)) and seen_steps[-1] == evaluations[-1].step
    ended = reader.read()
    assert ended.writer_changed and ended.state.writer is None and ended.state.budget_reached()
    assert ended.state.fraction() == 1.0


def test_temporary_and_half_written_files_are_never_read(tmp_path):
    run_dir = tmp_path / "run"
    trainer = _trainer(run_dir, _toy_file(tmp_path), None, steps=10)
    trainer.run()
    reader = RunReader(run_dir)
    first = reader.read()
    assert first.state.step == 10 and not first.problem
    # A save in progress (its temporary name) and a snapshot being written: no change is seen.
    (run_dir / ".last.s2s.tmp99999").write_bytes(b"PK\x03\x04 half a zip")
    (run_dir / "snapshots" / ".index.json.tmp99999").write_text('{"format": ', encoding="utf-8")
    (run_dir / "snapshots" / ".step-0000020.safetensors.tmp99999").write_bytes(b"\0" * 100)
    assert not reader.read()
    assert reader.state.step == 10 and [s.step for s in reader.state.snapshots] == [10]


def test_a_file_that_goes_or_is_damaged_is_read_again_at_the_next_look(tmp_path):
    run_dir = tmp_path / "run"
    _trainer(run_dir, _toy_file(tmp_path), None, steps=10).run()
    reader = RunReader(run_dir)
    reader.read()
    good = (run_dir / "last.s2s").read_bytes()
    (run_dir / "last.s2s").write_bytes(good[: len(good) // 3])  # not how a training writes; said, not raised
    damaged = reader.read()
    assert damaged.problem and damaged.state.step == 10  # what was read before stays
    (run_dir / "last.s2s").unlink()
    (run_dir / "snapshots" / "index.json").unlink()
    gone = reader.read()
    assert gone.state.last is None and gone.state.snapshots == [] and gone.snapshots_changed
    assert gone.restarted and not gone.new_steps  # the views clear their curves
    (run_dir / "last.s2s").write_bytes(good)
    back = reader.read()
    assert back.state.step == 10 and not back.problem
    assert back.new_steps == back.state.history.steps and back.new_evaluations == back.state.history.evaluations


def test_a_new_run_in_the_folder_restarts_the_curves(tmp_path):
    run_dir = tmp_path / "run"
    corpus = _toy_file(tmp_path)
    _trainer(run_dir, corpus, None, steps=20).run()
    reader = RunReader(run_dir)
    assert len(reader.read().new_evaluations) == 2
    config = TrainConfig(batch_size=4, max_minutes=None, max_steps=10, eval_every=10, learning_rate=1e-3, seed=9)
    Trainer(run_dir, str(corpus), model_config(embedding_size=16, hidden_size=32),
            TokenizerConfig(model_type="word", src_vocab_size=50, tgt_vocab_size=50), config, overwrite=True).run()  # fmt: skip
    changes = reader.read()
    assert changes.restarted and [e.step for e in changes.new_evaluations] == [10]


def test_the_probe_and_samples_are_those_the_training_showed(tmp_path):
    """Translated from last.s2s (saved at each evaluation) with the corpus split as the training
    split it: the same samples and probe output as the training's own last evaluation."""
    run_dir = tmp_path / "run"
    corpus = _toy_file(tmp_path)
    evaluations = []
    _trainer(run_dir, corpus, lambda e: evaluations.append(e) if isinstance(e, Evaluation) else None, 20).run()
    reader = RunReader(run_dir)
    state = reader.read().state
    pairs, missing = dev_pairs_of(state.corpus, run_dir)
    assert pairs and missing is None
    followed = translate_followed(run_dir, state.train_config.get("probe_sentence", ""), pairs)
    last = evaluations[-1]
    assert followed.step == last.step
    assert followed.samples == last.samples
    assert followed.probe.translation == last.probe.translation
    assert followed.probe.source_pieces == last.probe.source_pieces
    assert followed.probe.weights.shape == last.probe.weights.shape


def test_a_corpus_that_is_not_here_is_said(tmp_path):
    pairs, missing = dev_pairs_of("/nowhere/server/corpus.tsv", tmp_path)
    assert pairs == [] and missing.why == "absent" and "not on this machine" in str(missing)
    assert dev_pairs_of("", tmp_path)[1].why == "unnamed"
