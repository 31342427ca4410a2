"""Snapshot files are read as a model file is: bounded, regular files only, declared dtypes,
finite weights; and the messages around RUN@STEP and compare say what is wrong."""

import json
import os
import shutil
import threading

import pytest
import torch
from safetensors.torch import save as save_tensors

from models.cli import main
from models.errors import CheckpointError
from models.snapshots import RunReplay, list_snapshots, nearest_steps, snapshot_folder, split_snapshot_spec
from tests.models.test_snapshots import _train


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("snapshot-files")
    _train(out, 120)
    return out


@pytest.fixture
def copy(run, tmp_path):
    target = tmp_path / "run"
    shutil.copytree(run, target)
    return target


def _write_snapshot(copy, change):
    info = list_snapshots(copy)[0]
    state = {k: v.half() if v.is_floating_point() else v for k, v in RunReplay(copy).bundle.model.state_dict().items()}
    key = next(k for k, v in state.items() if v.is_floating_point())
    state[key] = change(state[key])
    (snapshot_folder(copy) / info.file).write_bytes(save_tensors(state))
    return info, key


def test_a_snapshot_with_nan_weights_is_refused_by_name(copy):
    info, key = _write_snapshot(copy, lambda t: torch.full_like(t, float("nan")))
    with pytest.raises(CheckpointError, match=f"{key} holds NaN"):
        RunReplay(copy).load(info.step)


def test_a_snapshot_stored_in_another_dtype_is_refused(copy):
    info, key = _write_snapshot(copy, lambda t: t.float())
    with pytest.raises(CheckpointError, match=f"{key} is stored as torch.float32, a snapshot holds torch.float16"):
        RunReplay(copy).load(info.step)


def test_a_fifo_in_place_of_a_snapshot_is_refused_without_blocking(copy):
    info = list_snapshots(copy)[0]
    path = snapshot_folder(copy) / info.file
    path.unlink()
    os.mkfifo(path)
    outcome = []
    reader = threading.Thread(target=lambda: outcome.append(_try(lambda: RunReplay(copy).load(info.step))), daemon=True)
    reader.start()
    reader.join(timeout=30)
    assert outcome and "not a regular file" in outcome[0]


def test_a_fifo_index_reads_as_no_snapshots_without_blocking(copy):
    index = snapshot_folder(copy) / "index.json"
    index.unlink()
    os.mkfifo(index)
    outcome = []
    reader = threading.Thread(target=lambda: outcome.append(list_snapshots(copy)), daemon=True)
    reader.start()
    reader.join(timeout=30)
    assert outcome == [[]]


def _try(action) -> str:
    try:
        action()
    except CheckpointError as err:
        return str(err)
    return "no error"


def test_an_absent_step_names_the_nearest_steps_not_all_of_them():
    class Info:
        def __init__(self, step):
            self.step = step

    many = [Info(step) for step in range(100, 500_100, 100)]  # 5,000 snapshots
    message = nearest_steps(many, 12_345)
    assert "5,000 snapshots from step 100 to 500000" in message
    assert message.endswith("12100, 12200, 12300, 12400, 12500, 12600") and len(message) < 120
    assert nearest_steps([], 5) == "the run has no snapshots"


def test_run_at_step_with_other_digits_gets_a_sentence(run):
    assert split_snapshot_spec(f"{run}@40") == (str(run), 40)
    for digits in ("٤٠", "４０", "4²"):
        with pytest.raises(CheckpointError, match="digits 0-9"):
            split_snapshot_spec(f"{run}@{digits}")
    assert split_snapshot_spec("model.s2s") == ("model.s2s", None)


def test_evaluate_takes_run_at_step_as_its_help_says(run, toy_tsv, capsys):
    step = list_snapshots(run)[0].step
    assert main(["evaluate", "--model", f"{run}@{step}", "--corpus", str(toy_tsv), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["name"].endswith(f"@ step {step}")


def test_compare_warns_when_the_models_write_different_languages(capsys):
    assert main(["compare", "--model", "default-en-fr", "--model", "default-en-zh", "good morning"]) == 0
    err = capsys.readouterr().err
    assert "warning:" in err and "write different languages" in err
    main(["compare", "--model", "default-en-fr", "--model", "default-en-fr", "good morning"])
    assert "warning" not in capsys.readouterr().err
