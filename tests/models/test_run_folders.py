"""A run folder is never overwritten or shared by accident, and the best model is never lost
(issue 24, item 1): the refusal of a used folder, the lock, the best model's consistency with
its record across kills, a read-only folder or a full disk, orphan temporary files."""

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

import models.training.persistence as persistence
from models.checkpoint import load_checkpoint, read_meta
from models.config import TokenizerConfig, TrainConfig
from models.nn.family import model_config
from models.run_folder import LOCK_FILE, RunLock, locked_by, remove_orphan_temporaries
from models.runs import read_run
from models.snapshots import RunReplay, SnapshotStore, list_snapshots, load_model, snapshot_folder
from models.training import CheckpointSaved, Phase, Step, Trainer

ROOT = Path(__file__).resolve().parents[2]
MODEL = model_config(embedding_size=16, hidden_size=32, dropout=0.0)
TOKENS = TokenizerConfig(model_type="word", src_vocab_size=50, tgt_vocab_size=50)
# Sentences of six words, so that BLEU (up to 4-grams) rises from one evaluation to the next
# (the shared toy pairs have at most three words: their BLEU stays 0 and no later model is "best").
NOUNS = [("cat", "chat"), ("dog", "chien"), ("car", "train"), ("house", "livre"), ("boy", "garçon")]
ADJECTIVES = [("big", "grand"), ("small", "petit"), ("old", "vieux"), ("new", "neuf")]
PAIRS = [
    (f"the {n} is very {a} today", f"le {nf} est très {af} aujourd'hui") for n, nf in NOUNS for a, af in ADJECTIVES
]


def long_corpus():
    from models.corpus.dataset import Corpus
    from models.corpus.readers import SkipReport

    return Corpus("long", list(PAIRS), list(PAIRS), list(PAIRS), SkipReport())


def _config(steps=20, eval_every=10, **overrides):
    return TrainConfig(batch_size=4, max_minutes=None, max_steps=steps, eval_every=eval_every, learning_rate=1e-2,
                       lr_schedule="constant", seed=3, eval_sentences=20, **overrides)  # fmt: skip


def _train(out, steps=20, callback=None, overwrite=False, resume=False, **overrides):
    config = _config(steps, **overrides)
    if resume:
        return Trainer(out, long_corpus(), train_config=config, callback=callback, resume=True).run()
    return Trainer(out, long_corpus(), replace(MODEL), replace(TOKENS), config, callback, overwrite=overwrite).run()


def _record(run):
    """(best BLEU recorded in last.s2s, the evaluation best.s2s was saved at)."""
    _, state = load_checkpoint(Path(run) / "last.s2s", with_trainer_state=True)
    held = read_meta(Path(run) / "best.s2s")["history"]["evaluations"][-1]
    return state["run"]["best_bleu"], held


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _holder(folder, script=None):
    """A separate process holding `folder`'s lock until killed."""
    code = script or f"from models.run_folder import RunLock; RunLock({str(folder)!r}).acquire(); print('locked', flush=True); " \
                     "import time; time.sleep(120)"  # fmt: skip
    process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
    assert process.stdout.readline().strip() == "locked"
    return process


# --------------------------------------------------------------------------- a used folder
def test_a_folder_holding_a_run_is_refused_unless_resumed_or_replaced_on_purpose(tmp_path):
    out = tmp_path / "run"
    assert not _train(out, steps=10).failed
    before = {p.name: p.read_bytes() for p in out.glob("*.s2s")}
    events = []
    result = _train(out, steps=10, callback=events.append)
    assert result.failed and "already holds a training run (last.s2s)" in result.failed
    assert f"--resume {out}" in result.failed and "--out" in result.failed and "--overwrite" in result.failed
    assert not any(isinstance(e, (Phase, Step)) for e in events)  # refused before any preparation
    assert {p.name: p.read_bytes() for p in out.glob("*.s2s")} == before  # nothing of the run was touched
    assert not _train(out, steps=10, resume=True).failed  # resuming it is what the folder is for
    replaced = _train(out, steps=10, overwrite=True)
    assert not replaced.failed and replaced.summary.steps == 10
    assert [e["step"] for e in load_checkpoint(out / "last.s2s").history["evaluations"]] == [10]


def test_an_empty_or_unrelated_folder_is_fine(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert not _train(tmp_path, steps=10).failed
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


# --------------------------------------------------------------------------- the lock
def test_a_folder_being_written_is_locked_naming_the_process_readable_and_freed_by_a_kill(tmp_path):
    out = tmp_path / "run"
    assert not _train(out, steps=10).failed
    holder = _holder(out)
    try:
        assert locked_by(out) == holder.pid
        events = []
        result = _train(out, steps=10, resume=True, callback=events.append)
        assert result.failed and f"being written by another training (process {holder.pid})" in result.failed
        assert not any(isinstance(e, (Phase, Step)) for e in events)
        # Translating, replaying and drawing the curves of a folder being written stay allowed.
        assert load_model(str(out)).model is not None
        step = list_snapshots(out)[0].step
        assert RunReplay(out).load(step).name.endswith(f"step {step}")
        assert read_run(out).eval_steps == [10]
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    # The kill left the lock file (with the dead pid in it) but no lock: training goes on.
    assert (out / LOCK_FILE).exists() and locked_by(out) is None
    resumed = _train(out, steps=10, resume=True)
    assert not resumed.failed and resumed.summary.steps == 20


def test_the_lock_is_released_when_a_run_ends_or_fails(tmp_path):
    assert not _train(tmp_path, steps=10).failed
    assert locked_by(tmp_path) is None
    with RunLock(tmp_path):  # a second lock in this very process is refused too
        result = _train(tmp_path, steps=5, resume=True)
        assert result.failed and "(this program)" in result.failed
    assert not _train(tmp_path, steps=5, resume=True).failed


# --------------------------------------------------------------------------- the best model and its record
KILLED_DURING_BEST_SAVE = """
import os, sys, time
sys.path.insert(0, {root!r})
from models.config import TokenizerConfig, TrainConfig
from models.nn.family import ModelConfig, model_config
from models.training import Trainer
from tests.models.test_run_folders import long_corpus

real_replace, saves = os.replace, []

def slow_replace(src, dst):
    # The best model's file is written; it is about to take best.s2s's place: the kill comes now.
    if str(dst).endswith("best.s2s"):
        saves.append(dst)
        if len(saves) == 2:
            open({marker!r}, "w").close()
            time.sleep(120)
    real_replace(src, dst)

os.replace = slow_replace
config = TrainConfig(batch_size=4, max_minutes=None, max_steps=60, eval_every=10, learning_rate=1e-2,
                     lr_schedule="constant", seed=3, eval_sentences=20)
Trainer({out!r}, long_corpus(), model_config(embedding_size=16, hidden_size=32, dropout=0.0),
        TokenizerConfig(model_type="word", src_vocab_size=50, tgt_vocab_size=50), config).run()
"""


def test_a_kill_during_the_best_models_save_leaves_best_s2s_equal_to_the_best_score_recorded(tmp_path):
    out, marker = tmp_path / "run", tmp_path / "saving-best"
    script = tmp_path / "train.py"
    script.write_text(KILLED_DURING_BEST_SAVE.format(root=str(ROOT), marker=str(marker), out=str(out)))
    process = subprocess.Popen([sys.executable, str(script)], cwd=ROOT)
    try:
        deadline = time.monotonic() + 240
        while not marker.exists():
            assert process.poll() is None, "the training ended before its second best model"
            assert time.monotonic() < deadline
            time.sleep(0.1)
        process.send_signal(signal.SIGKILL)
        process.wait()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert list(out.glob(".best.s2s.tmp*"))  # the save was cut short: its temporary file is left
    recorded, held = _record(out)
    assert held["bleu"] == pytest.approx(recorded, abs=0.006)
    assert load_checkpoint(out / "best.s2s").model is not None
    # Resuming removes what the killed save left and keeps the two together.
    resumed = _train(out, steps=10, resume=True)
    assert not resumed.failed and not list(out.glob(".*.tmp*"))
    recorded, held = _record(out)
    assert held["bleu"] == pytest.approx(recorded, abs=0.006)


class _Killed(BaseException):
    """Stands for a kill: nothing in the trainer catches it, so nothing after it runs."""


def test_a_kill_between_the_best_model_and_its_record_keeps_the_newer_best(tmp_path, monkeypatch):
    real_save, best_saves = persistence.save_checkpoint, []

    def save(path, bundle, trainer_state=None):
        if Path(path).name == "last.s2s" and len(best_saves) == 2:
            raise _Killed
        real_save(path, bundle, trainer_state)
        if Path(path).name == "best.s2s":
            best_saves.append(bundle.history["evaluations"][-1]["step"])

    monkeypatch.setattr(persistence, "save_checkpoint", save)
    with pytest.raises(_Killed):
        _train(tmp_path, steps=60)
    monkeypatch.setattr(persistence, "save_checkpoint", real_save)
    assert locked_by(tmp_path) is None
    recorded, held = _record(tmp_path)
    assert held["step"] == best_saves[-1] and held["bleu"] > recorded  # the file is ahead of its record
    events = []
    resumed = _train(tmp_path, steps=1, eval_every=1000, resume=True, callback=events.append)
    assert not resumed.failed
    assert any(isinstance(e, Phase) and "newer than the run's record" in e.message for e in events)
    new_record, new_held = _record(tmp_path)
    assert new_held["bleu"] >= held["bleu"] - 0.006  # never replaced by a worse model
    assert new_held["bleu"] == pytest.approx(new_record, abs=0.006)


def test_a_best_model_behind_its_record_is_restored_from_the_snapshot_or_reported(tmp_path):
    out = tmp_path / "run"
    first_best = tmp_path / "first-best.s2s"

    def keep_first_best(event):
        if isinstance(event, CheckpointSaved) and event.kind == "best" and not first_best.exists():
            shutil.copy(event.path, first_best)

    assert not _train(out, steps=40, callback=keep_first_best).failed
    recorded, held = _record(out)
    assert held["step"] > 10  # the run improved after its first evaluation
    shutil.copy(first_best, out / "best.s2s")  # best.s2s older than its record
    events = []
    assert not _train(out, steps=1, eval_every=1000, resume=True, callback=events.append).failed
    assert any(isinstance(e, Phase) and "restored from that step's snapshot" in e.message for e in events)
    now_record, now_held = _record(out)
    assert now_held["bleu"] >= held["bleu"] - 0.006 and now_held["bleu"] == pytest.approx(now_record, abs=0.006)

    # Without the snapshot the repair cannot be made: said, and the record follows the file.
    shutil.copy(first_best, out / "best.s2s")
    shutil.rmtree(snapshot_folder(out))
    events = []
    result = _train(out, steps=1, eval_every=1000, resume=True, callback=events.append)
    assert not result.failed and "whose weights were not kept" in result.summary.warning
    assert any(isinstance(e, Phase) and "whose weights were not kept" in e.message for e in events)
    now_record, now_held = _record(out)
    assert now_held["bleu"] == pytest.approx(now_record, abs=0.006)


# --------------------------------------------------------------------------- read-only folders and full disks
def _refuse_writes_in(monkeypatch, folder, code):
    """Writes under `folder` fail with `code`, as on a read-only file system or a full disk."""
    real_open, real_os_open = open, os.open
    folder = str(folder)

    def guarded(path, *args, **kwargs):
        if str(path).startswith(folder):
            raise OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr("builtins.open", lambda path, *a, **k: guarded(path) or real_open(path, *a, **k))
    monkeypatch.setattr(os, "open", lambda path, *a, **k: guarded(path) or real_os_open(path, *a, **k))


@pytest.mark.parametrize(
    "code, reason", [(errno.EROFS, "the file system is read-only"), (errno.ENOSPC, "no space is left on the device")]
)
def test_a_read_only_folder_or_a_full_disk_is_found_before_training(tmp_path, monkeypatch, code, reason):
    out = tmp_path / "run"
    out.mkdir()
    _refuse_writes_in(monkeypatch, out, code)
    events = []
    result = _train(out, steps=10, callback=events.append)
    assert result.failed == f"{out} cannot be written ({reason}); training needs a folder it can write its models " \
                            "into, so nothing was started"  # fmt: skip
    assert not any(isinstance(e, (Phase, Step)) for e in events)


def test_too_little_free_space_for_the_run_is_found_before_training(tmp_path, monkeypatch):
    real = shutil.disk_usage
    monkeypatch.setattr(persistence.shutil, "disk_usage", lambda p: real(p)._replace(free=3 * 2**20))
    result = _train(tmp_path, steps=10)  # the snapshots alone may take 80 MB
    assert result.failed and "has 3 MB free, and this run needs about" in result.failed
    assert not (tmp_path / "last.s2s").exists()


def test_a_disk_that_fills_during_training_gets_a_sentence_with_the_path_and_what_was_kept(tmp_path, monkeypatch):
    real_save = persistence.save_checkpoint

    def save(path, bundle, trainer_state=None):
        if Path(path).name == "last.s2s" and bundle.history["evaluations"][-1]["step"] == 20:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real_save(path, bundle, trainer_state)

    monkeypatch.setattr(persistence, "save_checkpoint", save)
    result = _train(tmp_path, steps=40)
    last = tmp_path / "last.s2s"
    assert result.failed.startswith(f"cannot write {last}: no space is left on the device.")
    assert f"The last good checkpoint is kept: {last} (step 10); the 10 steps trained after it are not saved." in (
        result.failed
    )
    assert result.last_path == str(last) and load_checkpoint(last).history["evaluations"][-1]["step"] == 10
    assert locked_by(tmp_path) is None


def test_a_snapshot_that_cannot_be_written_stops_the_run_with_a_sentence(tmp_path, monkeypatch):
    import models.snapshots as snapshots_module

    def full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(snapshots_module, "_write_atomically", full)
    result = _train(tmp_path, steps=20)
    assert result.failed.startswith(f"cannot write {snapshot_folder(tmp_path)}: no space is left on the device.")
    assert "The last good checkpoint is kept" in result.failed


def _mount_tiny_filesystem(folder, size):
    if sys.platform != "linux" or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tiny file system needs root on Linux")
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"no tiny file system here: {done.stderr.decode(errors='replace').strip()}")


def test_a_tiny_full_file_system_is_found_before_training(tmp_path):
    tiny = tmp_path / "tiny"
    _mount_tiny_filesystem(tiny, "256k")
    try:
        result = _train(tiny / "run", steps=10)
        assert result.failed and "cannot be written (no space is left on the device)" in result.failed
        assert not list((tiny / "run").glob("*.tmp*"))  # the test write leaves nothing behind
    finally:
        subprocess.run(["umount", str(tiny)], check=False)


# --------------------------------------------------------------------------- orphan temporary files
def test_orphan_temporary_files_of_dead_processes_are_removed_others_kept(tmp_path):
    dead, alive = _dead_pid(), os.getppid()
    folder = snapshot_folder(tmp_path)
    folder.mkdir(parents=True)
    orphans = [folder / f".step-0000010.safetensors.tmp{dead}", folder / f".index.json.tmp{dead}",
               tmp_path / f".best.s2s.tmp{dead}", tmp_path / f".write-test.tmp{dead}"]  # fmt: skip
    busy = [folder / f".step-0000020.safetensors.tmp{alive}", tmp_path / f".last.s2s.tmp{alive}"]
    for path in orphans + busy:
        path.write_bytes(b"half written")
    SnapshotStore(tmp_path)  # a run's snapshot store, as a training opens it
    assert not any(p.exists() for p in orphans[:2]) and all(p.exists() for p in busy)
    assert sorted(remove_orphan_temporaries(tmp_path)) == sorted(orphans[2:])
    assert not any(p.exists() for p in orphans) and all(p.exists() for p in busy)


def test_a_run_removes_the_orphans_in_its_folder_before_training(tmp_path):
    dead = _dead_pid()
    orphans = [tmp_path / f".best.s2s.tmp{dead}", snapshot_folder(tmp_path) / f".step-0000010.safetensors.tmp{dead}"]
    orphans[1].parent.mkdir(parents=True)
    for path in orphans:
        path.write_bytes(b"half written")
    assert not _train(tmp_path, steps=10).failed
    assert not any(p.exists() for p in orphans)
