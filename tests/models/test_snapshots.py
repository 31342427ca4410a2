"""Snapshots at each evaluation: bounded, evenly thinned, kept on resume, replayable."""

import pytest
import torch
from safetensors.torch import save as save_tensors

from models.config import TokenizerConfig, TrainConfig
from models.errors import CheckpointError
from models.nn.family import model_config
from models.snapshots import RunReplay, SnapshotStore, list_snapshots, load_model, snapshot_folder
from models.training import Trainer
from models.translator import Translator
from tests.conftest import toy_corpus


def _add(store, model, ordinal):
    return store.add(model, ordinal, step=100 * (ordinal + 1), seconds=ordinal, epoch=0.1 * ordinal,
                     dev_loss=1.0, bleu=float(ordinal), chrf=float(ordinal))  # fmt: skip


def test_count_bound_thins_evenly_and_keeps_first_and_newest(tmp_path):
    model = torch.nn.Linear(8, 8)
    store = SnapshotStore(tmp_path, max_count=8, max_megabytes=100)
    for ordinal in range(37):
        _add(store, model, ordinal)
        assert len(store.entries) <= 8
    ordinals = [e.ordinal for e in list_snapshots(tmp_path)]
    assert ordinals[0] == 0 and ordinals[-1] == 36
    gaps = {b - a for a, b in zip(ordinals, ordinals[1:-1])}
    assert len(gaps) == 1, f"kept snapshots are not evenly spread: {ordinals}"
    on_disk = sorted(p.name for p in snapshot_folder(tmp_path).glob("step-*.safetensors"))
    assert on_disk == sorted(e.file for e in list_snapshots(tmp_path))


def test_disk_bound(tmp_path):
    model = torch.nn.Linear(256, 256)  # 128 KiB in half precision
    store = SnapshotStore(tmp_path, max_count=100, max_megabytes=0.6)
    for ordinal in range(20):
        _add(store, model, ordinal)
    total = sum(p.stat().st_size for p in snapshot_folder(tmp_path).glob("step-*.safetensors"))
    assert 0 < total <= 0.6 * 2**20
    assert len(list_snapshots(tmp_path)) >= 3


def _train(out, steps, resume=False, snapshots=24):
    model = model_config(embedding_size=32, hidden_size=64, dropout=0.0)
    tok = TokenizerConfig(model_type="word", src_vocab_size=60, tgt_vocab_size=60)
    train = TrainConfig(batch_size=5, max_minutes=None, max_steps=steps, eval_every=40, learning_rate=1e-2,
                        lr_schedule="constant", seed=3, eval_sentences=50, snapshots=snapshots)  # fmt: skip
    if resume:
        return Trainer(out, toy_corpus(), train_config=train, resume=True).run()
    return Trainer(out, toy_corpus(), model, tok, train).run()


@pytest.fixture(scope="module")
def toy_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("snap-run")
    _train(out, 200)
    return out


def test_training_keeps_a_snapshot_per_evaluation_and_resume_adds_to_them(tmp_path):
    out = tmp_path / "run"
    _train(out, 120)
    first = list_snapshots(out)
    assert [s.step for s in first] == [40, 80, 120]
    assert all(s.bytes > 0 and s.dev_loss > 0 for s in first)
    _train(out, 80, resume=True)
    assert [s.step for s in list_snapshots(out)] == [40, 80, 120, 160, 200]
    # A new run in the same folder starts its own history.
    _train(out, 40)
    assert [s.step for s in list_snapshots(out)] == [40]


def test_no_snapshots_when_turned_off(tmp_path):
    _train(tmp_path / "run", 80, snapshots=0)
    assert list_snapshots(tmp_path / "run") == []
    assert not snapshot_folder(tmp_path / "run").exists()


def test_replay_swaps_weights_and_matches_the_saved_final_model(toy_run):
    replay = RunReplay(toy_run)
    steps = [s.step for s in replay.snapshots()]
    assert steps == [40, 80, 120, 160, 200]
    final = load_model(str(toy_run / "last.s2s"))
    sentence = "the red car"
    at_end = Translator(replay.load(200)).translate(sentence)
    assert at_end.text == Translator(final).translate(sentence).text
    assert replay.bundle.name.endswith("@ step 200")
    early = Translator(replay.load(40)).translate(sentence)
    assert early.best.attention.shape[1] == len(early.source_pieces)
    # Different weights give different scores for the same sentence.
    assert early.best.log_prob != pytest.approx(at_end.best.log_prob)
    # RUN@STEP names a snapshot anywhere a model is given.
    assert load_model(f"{toy_run}@40").name.endswith("@ step 40")


def test_replay_refuses_missing_steps_and_foreign_weights(toy_run, tmp_path):
    replay = RunReplay(toy_run)
    with pytest.raises(CheckpointError, match="no snapshot at step 55"):
        replay.load(55)
    with pytest.raises(CheckpointError, match="not a training run folder"):
        RunReplay(tmp_path)
    # A snapshot file replaced by weights of another shape is refused with a sentence.
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(toy_run, copy)
    info = list_snapshots(copy)[0]
    state = RunReplay(copy).bundle.model.state_dict()
    key = next(iter(state))
    state = {k: v.half() if v.is_floating_point() else v for k, v in state.items()}
    state[key] = torch.zeros(3, 3, dtype=torch.float16)
    (snapshot_folder(copy) / info.file).write_bytes(save_tensors(state))
    with pytest.raises(CheckpointError, match=key):
        RunReplay(copy).load(info.step)
    (snapshot_folder(copy) / info.file).unlink()
    with pytest.raises(CheckpointError, match="is gone"):
        RunReplay(copy).load(info.step)
