"""The typed seams of a training run: its history (named records, versioned on disk, version 1
still read) and its summary (attributes, and the JSON keys `train --json` has always printed)."""

import json

import pytest

from models.bundled import RESOURCES
from models.checkpoint import load_checkpoint, read_meta
from models.nn.family import model_config
from models.training.history import HISTORY_VERSION, EvaluationRecord, RunHistory, RunState, StepRecord
from models.training.summary import TrainingSummary
from tests.conftest import train_toy

VERSION_1 = {  # as runs wrote it before the history had a version
    "steps": [[5, 8.2399, 0.001, 3588.5, 1.25], [10, 7.7054, 0.001, 4223.2, 1.73]],
    "evaluations": [
        {"step": 10, "epoch": 0.4294, "seconds": 2.5, "dev_loss": 3.2014, "bleu": 3.36, "chrf": 17.66,
         "exact_match": 0.0},
        {"step": 20, "epoch": 0.8588, "seconds": 5.1, "dev_loss": 2.9, "bleu": 5.5, "chrf": 20.1,
         "exact_match": 1.5, "aer": 0.4321},
    ],
    "precision": {"requested": "auto", "used": "fp32", "reason": "no bf16 here", "fp32_seconds": None,
                  "bf16_seconds": None},
}  # fmt: skip


@pytest.fixture(scope="module")
def toy_run_result(tmp_path_factory):
    return train_toy(tmp_path_factory.mktemp("records-run"), steps=20)


@pytest.fixture(scope="module")
def toy_run(toy_run_result):
    from pathlib import Path

    return Path(toy_run_result.last_path).parent


def test_a_version_1_history_reads_as_named_records():
    history = RunHistory.from_json(VERSION_1)
    assert history.steps == [StepRecord(5, 8.2399, 0.001, 3588.5, 1.25), StepRecord(10, 7.7054, 0.001, 4223.2, 1.73)]
    assert history.evaluations[0] == EvaluationRecord(10, 0.4294, 2.5, 3.2014, 3.36, 17.66, 0.0)
    assert history.evaluations[1].aer == 0.4321 and history.precision["used"] == "fp32"
    assert history.best() == history.evaluations[1]


def test_a_history_is_written_as_version_2_with_named_fields_and_reads_back():
    history = RunHistory.from_json(VERSION_1)
    stored = json.loads(json.dumps(history.to_json()))  # as meta.json holds it
    assert stored["version"] == HISTORY_VERSION == 2
    assert stored["steps"][0] == {"step": 5, "loss": 8.2399, "learning_rate": 0.001, "tokens_per_s": 3588.5,
                                  "seconds": 1.25}  # fmt: skip
    # The evaluations keep the keys they always had (scripts read them); aer only where measured.
    assert stored["evaluations"] == VERSION_1["evaluations"] and stored["precision"] == VERSION_1["precision"]
    assert RunHistory.from_json(stored) == history
    assert RunHistory.from_json(stored).to_json() == stored


def test_an_empty_history_and_a_history_up_to_a_step():
    assert RunHistory.from_json(None) == RunHistory.from_json({}) == RunHistory()
    assert RunHistory().to_json() == {"version": 2, "steps": [], "evaluations": []}
    assert RunHistory().best() is None
    early = RunHistory.from_json(VERSION_1).up_to(10)
    assert [s.step for s in early.steps] == [5, 10] and [e.step for e in early.evaluations] == [10]


@pytest.mark.parametrize(
    "data, words",
    [
        ({"version": 3, "steps": []}, "version 3"),
        ({"steps": [[1, 2.0, 0.1]]}, "5 numbers"),
        ({"steps": [{"step": 1, "loss": 2.0}]}, "learning_rate"),
        ({"evaluations": [{"step": 1}]}, "no "),
        ({"evaluations": ["bleu"]}, "an object"),
        ({"steps": "many"}, "lists"),
        ({"steps": [["a", 1, 1, 1, 1]]}, "invalid literal"),
    ],
)
def test_a_damaged_history_is_a_value_error_naming_it(data, words):
    with pytest.raises(ValueError, match=words):
        RunHistory.from_json(data)
    assert RunHistory.read(data) == RunHistory()  # views show what they can: nothing


@pytest.mark.parametrize("pair", ["en-fr", "en-zh"])
def test_the_bundled_models_histories_still_read(pair):
    """resources/*.s2s were written with version-1 histories and are not rewritten."""
    meta = read_meta(RESOURCES / f"default-{pair}.s2s")
    assert "version" not in meta["history"]
    history = RunHistory.from_json(meta["history"])
    assert history.steps and history.evaluations
    assert history.steps[0].step == meta["history"]["steps"][0][0]


def test_a_run_folder_stores_a_version_2_history(toy_run):
    history = load_checkpoint(toy_run / "last.s2s").history
    assert history["version"] == 2 and isinstance(history["steps"][0], dict)
    record = RunHistory.from_json(history)
    assert (
        record.steps[0].step == 5 and record.evaluations[-1].step > 0 and record.precision["used"] in ("fp32", "bf16")
    )


def test_the_run_state_keeps_its_counters_for_resuming():
    state = RunState(step=30, epoch=1.5, seconds=12.0, target_tokens=900, best_bleu=4.2,
                     history=RunHistory.from_json(VERSION_1))  # fmt: skip
    stored = {"run": state.counters(), "history": state.history.to_json()}
    resumed = RunState.resumed(json.loads(json.dumps(stored)))
    assert resumed == state
    assert RunState.resumed({"run": state.counters(), "history": VERSION_1}) == state  # an old last.s2s


SUMMARY_KEYS = {
    "steps", "epochs", "seconds", "target_tokens_per_s", "step_tokens_per_s", "dev_bleu", "dev_chrf",
    "dev_exact_match", "model", "last", "stopped", "warning", "resumed_changes", "skipped", "parameters",
    "model_config", "precision", "world_size",
}  # fmt: skip


def test_the_summary_json_has_the_keys_it_always_had():
    from models.training.precision import PrecisionChoice

    summary = TrainingSummary(
        steps=20, epochs=1.25, seconds=3.5, target_tokens_per_s=100.0, step_tokens_per_s=120.0, dev_bleu=50.0,
        dev_chrf=60.0, dev_exact_match=40.0, model="run/best.s2s", last="run/last.s2s", stopped="budget reached",
        resumed_changes={"learning_rate": [0.001, 0.01]}, skipped={"too long": 2}, parameters=1234,
        model_config=model_config(), precision=PrecisionChoice("auto", "fp32", "no bf16"),
    )  # fmt: skip
    data = json.loads(json.dumps(summary.to_json()))
    assert set(data) == SUMMARY_KEYS
    assert data["steps"] == 20 and data["model"] == "run/best.s2s" and data["resumed_changes"]["learning_rate"] == [
        0.001, 0.01]  # fmt: skip
    assert data["precision"]["used"] == "fp32" and data["model_config"]["hidden_size"] == model_config().hidden_size
    assert summary.saved == "run/best.s2s"
    empty = TrainingSummary().to_json()
    assert set(empty) == SUMMARY_KEYS and empty["model_config"] is None and empty["precision"] is None
    assert TrainingSummary(last="run/last.s2s").saved == "run/last.s2s" and TrainingSummary().saved is None


def test_a_runs_summary_is_typed(toy_run_result):
    summary = toy_run_result.summary
    assert isinstance(summary, TrainingSummary) and summary.steps > 0
    assert summary.model == toy_run_result.best_path and summary.parameters > 0
    assert summary.precision.used in ("fp32", "bf16") and summary.model_config.family


def test_the_trainer_is_in_parts_each_short_with_its_attributes_set_in_init():
    """models/training/: every module under 300 lines; no class creates an attribute outside __init__."""
    import ast
    from pathlib import Path

    import models.training

    folder = Path(models.training.__file__).parent
    for path in sorted(folder.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) < 300, path.name
        for cls in (node for node in ast.walk(ast.parse(text)) if isinstance(node, ast.ClassDef)):
            methods = [node for node in cls.body if isinstance(node, ast.FunctionDef)]
            declared = {node.target.id for node in cls.body if isinstance(node, ast.AnnAssign)}  # dataclass fields

            def assigned(function):
                targets = [
                    t for node in ast.walk(function) for t in getattr(node, "targets", [getattr(node, "target", None)])
                ]
                targets += [e for t in targets if isinstance(t, ast.Tuple) for e in t.elts]
                return {t.attr for t in targets
                        if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self"}  # fmt: skip

            declared |= {name for m in methods if m.name == "__init__" for name in assigned(m)}
            for method in methods:
                assert assigned(method) <= declared, (
                    f"{path.name}: {cls.name}.{method.name} creates {assigned(method) - declared}"
                )
