"""Every option is validated where it is declared (issue 24, item 3): the configurations' bounds,
the command line's sentences before any preparation, and a resumed run that applies a changed
option (and says so) or refuses it, never recording one value while training with another."""

import json
import math

import pytest

from models.checkpoint import load_checkpoint
from models.cli import DECODE_BOUNDS, TRAIN_BOUNDS, main
from models.config import MAX_BEAM, DecodeConfig, TokenizerConfig, TrainConfig, bound_of
from models.nn.family import model_config
from models.training import RunHistory, Step, Trainer
from tests.conftest import toy_corpus

NAN, INF = float("nan"), float("inf")


@pytest.mark.parametrize(
    "config, label, allowed",
    [
        (TrainConfig(max_steps=0), "the steps budget", "a whole number at least 1"),
        (TrainConfig(max_epochs=0.0), "the epochs budget", "a finite number above 0"),
        (TrainConfig(max_minutes=NAN), "the minutes budget", "a finite number above 0"),
        (TrainConfig(threads=0), "threads", "a whole number at least 1"),
        (TrainConfig(clip_norm=-0.5), "gradient clipping", "a finite number at least 0"),
        (TrainConfig(clip_norm=INF), "gradient clipping", "a finite number at least 0"),
        (TrainConfig(label_smoothing=1.0), "label smoothing", "a finite number at least 0 and below 1"),
        (TrainConfig(label_smoothing=-0.1), "label smoothing", "a finite number at least 0 and below 1"),
        (TrainConfig(learning_rate=0.0), "learning rate", "a finite number above 0"),
        (TrainConfig(learning_rate=NAN), "learning rate", "a finite number above 0"),
        (TrainConfig(learning_rate=INF), "learning rate", "a finite number above 0"),
        (TrainConfig(batch_size=0), "batch size", "a whole number at least 1"),
        (TrainConfig(eval_every=0), "steps between evaluations", "a whole number at least 1"),
        (TrainConfig(adam_beta2=1.0), "Adam beta2", "a finite number at least 0 and below 1"),
        (TrainConfig(teacher_forcing=1.5), "teacher forcing", "a finite number from 0 to 1"),
        (TrainConfig(early_stopping_patience=0), "patience", "a whole number at least 1"),
        (TrainConfig(max_steps=2.5), "the steps budget", "a whole number at least 1"),
        (DecodeConfig(beam_size=0), "beam size", f"a whole number from 1 to {MAX_BEAM}"),
        (DecodeConfig(beam_size=MAX_BEAM + 1), "beam size", f"a whole number from 1 to {MAX_BEAM}"),
        (DecodeConfig(nbest=0), "n-best", f"a whole number from 1 to {MAX_BEAM}"),
        (DecodeConfig(temperature=0.0), "temperature", "a finite number above 0"),
        (DecodeConfig(temperature=INF), "temperature", "a finite number above 0"),
        (DecodeConfig(top_k=-1), "top-k", "a whole number at least 0"),
        (DecodeConfig(length_penalty=NAN), "length penalty", "a finite number"),
        (DecodeConfig(max_len_ratio=0.0), "max-length ratio", "a finite number above 0"),
        (DecodeConfig(max_len_ratio=INF), "max-length ratio", "a finite number above 0"),
        (model_config(dropout=1.0), "dropout", "a finite number at least 0 and below 1"),
    ],
)
def test_each_bound_is_one_sentence_naming_the_option_and_its_range(config, label, allowed):
    with pytest.raises(ValueError) as caught:
        config.validate()
    assert str(caught.value).startswith(f"{label} must be {allowed}, not ")


def test_values_at_the_edges_are_allowed_and_nbest_stays_within_the_beam():
    TrainConfig(clip_norm=0.0, label_smoothing=0.0, threads=None, max_minutes=None, max_steps=1).validate()
    TrainConfig(label_smoothing=0.999, teacher_forcing=0.0, max_epochs=0.01).validate()
    DecodeConfig(method="beam", beam_size=MAX_BEAM, nbest=MAX_BEAM, top_k=0, length_penalty=-1.0).validate()
    with pytest.raises(ValueError, match=r"n-best \(3\) must be at most the beam size \(2\)"):
        DecodeConfig(method="beam", beam_size=2, nbest=3).validate()


def test_the_command_line_reads_its_bounds_from_the_declarations():
    assert TRAIN_BOUNDS["--lr"] is bound_of(TrainConfig, "learning_rate")
    assert TRAIN_BOUNDS["--label-smoothing"] is bound_of(TrainConfig, "label_smoothing")
    assert DECODE_BOUNDS["--beam"] is bound_of(DecodeConfig, "beam_size") and DECODE_BOUNDS["--beam"].high == MAX_BEAM


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# A corpus and a model that do not exist: had any preparation run, the message would be about them.
NEW_RUN = ["train", "--corpus", "/no/such/corpus.tsv", "--out", "/no/such/folder"]


@pytest.mark.parametrize(
    "argv, message",
    [
        ([*NEW_RUN, "--steps", "0"], "--steps (the steps budget) must be a whole number at least 1, not 0"),
        ([*NEW_RUN, "--epochs", "-1"], "--epochs (the epochs budget) must be a finite number above 0, not -1.0"),
        ([*NEW_RUN, "--threads", "0"], "--threads must be a whole number at least 1, not 0"),
        ([*NEW_RUN, "--clip", "-1"], "--clip (gradient clipping) must be a finite number at least 0, not -1.0"),
        ([*NEW_RUN, "--label-smoothing", "1"], "--label-smoothing must be a finite number at least 0 and below 1"),
        ([*NEW_RUN, "--lr", "nan"], "--lr (learning rate) must be a finite number above 0, not nan"),
        ([*NEW_RUN, "--lr", "0"], "--lr (learning rate) must be a finite number above 0, not 0.0"),
        ([*NEW_RUN, "--lr", "inf"], "--lr (learning rate) must be a finite number above 0, not inf"),
        ([*NEW_RUN, "--batch-size", "0"], "--batch-size must be a whole number at least 1, not 0"),
        (["translate", "--model", "/no/such.s2s", "--beam", "0", "hi"], "--beam (beam size) must be a whole number from 1 to 64, not 0"),
        (["translate", "--model", "/no/such.s2s", "--beam", "65", "hi"], "--beam (beam size) must be a whole number from 1 to 64"),
        (["translate", "--model", "/no/such.s2s", "--beam", "2", "--nbest", "3", "hi"], "--nbest (3) must be at most the beam size --beam (2)"),
        (["translate", "--model", "/no/such.s2s", "--sample", "--temperature", "0", "hi"], "--temperature must be a finite number above 0, not 0.0"),
        (["translate", "--model", "/no/such.s2s", "--sample", "--temperature", "nan", "hi"], "--temperature must be a finite number above 0, not nan"),
        (["translate", "--model", "/no/such.s2s", "--sample", "--top-k", "-1", "hi"], "--top-k must be a whole number at least 0, not -1"),
        (["translate", "--model", "/no/such.s2s", "--length-penalty", "inf", "hi"], "--length-penalty must be a finite number, not inf"),
        (["translate", "--model", "/no/such.s2s", "--max-len-ratio", "0", "hi"], "--max-len-ratio (max-length ratio) must be a finite number above 0"),
        (["compare", "--model", "a", "--model", "b", "--beam", "0", "hi"], "--beam (beam size) must be a whole number from 1 to 64"),
        (["evaluate", "--model", "/no/such.s2s", "--corpus", "/no/such.tsv", "--limit", "0"], "--limit (the number of pairs to score) must be a whole number at least 1, not 0"),
        (["evaluate", "--model", "/no/such.s2s", "--corpus", "/no/such.tsv", "--limit", "-5"], "--limit (the number of pairs to score) must be a whole number at least 1, not -5"),
    ],
)  # fmt: skip
def test_a_bad_option_is_one_sentence_before_anything_is_read(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and err.startswith("error: " + message), err
    assert err.count("\n") == 1 and "Traceback" not in err and out == ""


def test_nbest_alone_sets_the_beam(capsys, toy_model_path):
    code, out, err = run(capsys, "translate", "--model", str(toy_model_path), "--nbest", "2", "--json", "a big dog")
    assert code == 0, err
    assert len(json.loads(out)["nbest"]) == 2


# --------------------------------------------------------------------------- resuming with other options
def _cli_run(capsys, folder, toy_tsv, *extra):
    return run(capsys, "train", "--corpus", str(toy_tsv), "--out", str(folder), "--preset", "tiny", "--steps", "10",
               "--eval-every", "10", "--tokenizer", "word", "--vocab-size", "60", "--lr-schedule", "constant", *extra)  # fmt: skip


def test_resuming_with_another_learning_rate_applies_it_says_so_and_records_it(capsys, toy_tsv, tmp_path):
    folder = tmp_path / "r"
    code, _, err = _cli_run(capsys, folder, toy_tsv)
    assert code == 0, err
    stored = load_checkpoint(folder / "last.s2s").train_config.learning_rate
    code, out, err = run(capsys, "train", "--resume", str(folder), "--corpus", str(toy_tsv), "--steps", "10",
                         "--lr", "0.01", "--clip", "0.5", "--json")  # fmt: skip
    assert code == 0, err
    assert f"resuming with changed settings: learning_rate {stored!r} → 0.01, clip_norm 1.0 → 0.5" in out + err
    summary = json.loads(out.splitlines()[-1])
    assert summary["resumed_changes"] == {"learning_rate": [stored, 0.01], "clip_norm": [1.0, 0.5]}
    bundle = load_checkpoint(folder / "last.s2s")
    assert bundle.train_config.learning_rate == 0.01 and bundle.train_config.clip_norm == 0.5
    # ... and the steps after the resume trained with it (the history keeps every fifth step's rate).
    rates = {s.step: s.learning_rate for s in RunHistory.from_json(bundle.history).steps}
    assert rates[10] == pytest.approx(stored) and rates[15] == pytest.approx(0.01) and rates[20] == pytest.approx(0.01)


def test_resuming_with_another_schedule_starts_it_afresh(capsys, toy_tsv, tmp_path):
    folder = tmp_path / "r"
    code, _, err = _cli_run(capsys, folder, toy_tsv)
    assert code == 0, err
    code, out, err = run(capsys, "train", "--resume", str(folder), "--corpus", str(toy_tsv), "--steps", "10",
                         "--lr-schedule", "inverse_sqrt", "--warmup-steps", "8")  # fmt: skip
    assert code == 0, err
    assert "lr_schedule 'constant' → 'inverse_sqrt'" in out + err and "starts afresh at this step" in out + err
    bundle = load_checkpoint(folder / "last.s2s")
    assert bundle.train_config.lr_schedule == "inverse_sqrt" and bundle.train_config.warmup_steps == 8
    lr = bundle.train_config.learning_rate
    rates = {s.step: s.learning_rate for s in RunHistory.from_json(bundle.history).steps}
    assert rates[15] == pytest.approx(lr * 6 / 8) and rates[20] == pytest.approx(lr * math.sqrt(8 / 11))


@pytest.mark.parametrize(
    "extra, message",
    [
        (
            ["--hidden-size", "128"],
            "--hidden-size cannot change when a run is resumed: the run's model was made with 64",
        ),
        (["--arch", "lstm"], "--arch cannot change when a run is resumed: the run's model was made with 'gru'"),
        (["--vocab-size", "500"], "--vocab-size cannot change when a run is resumed"),
        (["--preset", "tiny"], "--preset sets up a new run"),
        (["--overwrite"], "--overwrite replaces a run and --resume continues it"),
        (["--out", "/somewhere/else"], "--resume continues the run in"),
    ],
)
def test_resuming_refuses_options_that_cannot_apply(capsys, toy_tsv, tmp_path, extra, message):
    folder = tmp_path / "r"
    code, _, err = _cli_run(capsys, folder, toy_tsv)
    assert code == 0, err
    before = (folder / "last.s2s").read_bytes()
    code, _, err = run(capsys, "train", "--resume", str(folder), "--corpus", str(toy_tsv), "--steps", "5", *extra)
    assert code == 2 and message in err and err.count("\n") == 1
    assert (folder / "last.s2s").read_bytes() == before
    # The same value as the run's is no change at all.
    if extra[0] == "--hidden-size":
        code, _, err = run(capsys, "train", "--resume", str(folder), "--corpus", str(toy_tsv), "--steps", "5",
                           "--hidden-size", "64")  # fmt: skip
        assert code == 0, err


def test_train_refuses_a_folder_holding_a_run_unless_resumed_or_overwritten(capsys, toy_tsv, tmp_path):
    folder = tmp_path / "r"
    assert _cli_run(capsys, folder, toy_tsv)[0] == 0
    code, _, err = _cli_run(capsys, folder, toy_tsv)
    assert code == 2 and f"{folder} already holds a training run (last.s2s); continue it with --resume {folder}" in err
    assert err.count("\n") == 1
    code, out, err = _cli_run(capsys, folder, toy_tsv, "--overwrite", "--json")
    assert code == 0, err
    assert json.loads(out.splitlines()[-1])["steps"] == 10


def test_a_resumed_trainer_trains_with_the_beta2_and_learning_rate_it_records(tmp_path):
    model = model_config(embedding_size=16, hidden_size=32, dropout=0.0)
    tokens = TokenizerConfig(model_type="word", src_vocab_size=50, tgt_vocab_size=50)
    first = TrainConfig(batch_size=4, max_minutes=None, max_steps=10, eval_every=10, learning_rate=4e-3,
                        lr_schedule="plateau", seed=2)  # fmt: skip
    assert not Trainer(tmp_path, toy_corpus(), model, tokens, first).run().failed
    second = TrainConfig(**{**first.__dict__, "max_steps": 5, "adam_beta2": 0.98, "learning_rate": 2e-3})
    rates = []
    trainer = Trainer(tmp_path, toy_corpus(), train_config=second, resume=True,
                      callback=lambda e: rates.append(e.learning_rate) if isinstance(e, Step) else None)  # fmt: skip
    result = trainer.run()
    assert not result.failed and result.summary.resumed_changes == {
        "learning_rate": [4e-3, 2e-3], "adam_beta2": [0.999, 0.98]
    }  # fmt: skip
    assert trainer.optimizer.param_groups[0]["betas"][1] == 0.98
    assert rates and all(rate == pytest.approx(2e-3) for rate in rates)
    stored = load_checkpoint(result.last_path).train_config
    assert stored.adam_beta2 == 0.98 and stored.learning_rate == 2e-3
