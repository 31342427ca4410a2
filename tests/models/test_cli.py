import json

import pytest

from models.cli import main


def run(capsys, *argv, stdin=None, monkeypatch=None):
    if stdin is not None:
        import io

        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_translate_one_line_and_json(capsys, toy_model_path):
    code, out, _ = run(capsys, "translate", "--model", str(toy_model_path), "the red car")
    assert code == 0 and out == "la voiture rouge\n"
    code, out, _ = run(
        capsys, "translate", "--model", str(toy_model_path), "--beam", "3", "--nbest", "2", "--json", "a big dog"
    )
    data = json.loads(out)
    assert data["translation"] == "un grand chien" and len(data["nbest"]) == 2
    assert len(data["nbest"][0]["attention"]) == len(data["nbest"][0]["pieces"])
    assert data["nbest"][0]["score"] >= data["nbest"][1]["score"]


def test_translate_stdin_one_output_line_per_input_line(capsys, toy_model_path, monkeypatch):
    code, out, _ = run(capsys, "translate", "--model", str(toy_model_path),
                       stdin="thank you\n\ngood morning\n", monkeypatch=monkeypatch)  # fmt: skip
    assert code == 0 and out.splitlines() == ["merci", "", "bonjour"]


def test_evaluate_json(capsys, toy_model_path, toy_tsv):
    code, out, _ = run(capsys, "evaluate", "--model", str(toy_model_path), "--corpus", str(toy_tsv), "--json")
    scores = json.loads(out.splitlines()[-1])
    assert code == 0 and scores["sentences"] == 20 and scores["exact_match"] == 100.0
    assert {"bleu", "chrf", "exact_match"} <= set(scores)


def test_train_prints_summary_json_last(capsys, toy_tsv, tmp_path):
    code, out, err = run(capsys, "train", "--corpus", str(toy_tsv), "--out", str(tmp_path / "r"), "--preset", "tiny",
                         "--steps", "20", "--eval-every", "10", "--tokenizer", "word", "--vocab-size", "60", "--json")  # fmt: skip
    assert code == 0, err
    summary = json.loads(out.splitlines()[-1])
    assert summary["steps"] == 20 and summary["model"].endswith("best.s2s")
    assert {"epochs", "seconds", "target_tokens_per_s", "dev_bleu", "dev_chrf"} <= set(summary)
    code, out, err = run(capsys, "train", "--resume", str(tmp_path / "r"), "--corpus", str(toy_tsv), "--steps", "5",
                         "--json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out.splitlines()[-1])["steps"] == 25


def test_resume_from_another_folder_takes_the_corpus_given_or_says_what_is_missing(
    capsys, toy_tsv, tmp_path, monkeypatch
):
    monkeypatch.chdir(toy_tsv.parent)
    code, _, err = run(capsys, "train", "--corpus", toy_tsv.name, "--out", str(tmp_path / "r"), "--preset", "tiny",
                       "--steps", "10", "--eval-every", "10", "--tokenizer", "word", "--vocab-size", "60")  # fmt: skip
    assert code == 0, err
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # the stored corpus path is relative to where the run started
    code, _, err = run(capsys, "train", "--resume", str(tmp_path / "r"), "--steps", "5")
    assert code == 2 and "toy.tsv) is not found from here; give it again (--corpus FILE)" in err
    code, out, err = run(capsys, "train", "--resume", str(tmp_path / "r"), "--corpus", str(toy_tsv), "--steps", "5",
                         "--json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out.splitlines()[-1])["steps"] == 15


@pytest.mark.parametrize(
    "argv, message",
    [
        (["translate", "--model", "/no/such/model", "hi"], "no such model"),
        (["corpus", "/no/such.tsv"], "no such file"),
        (["train", "--corpus", "builtin:en-fr"], "--out"),
        (["translate", "--beam", "0", "hi"], "beam size"),
    ],
)
def test_errors_are_one_sentence_on_stderr(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and message in err and "Traceback" not in err and err.count("\n") == 1


def test_corpus_stats(capsys, toy_tsv):
    code, out, _ = run(capsys, "corpus", str(toy_tsv), "--stats")
    assert code == 0 and "pairs: 20" in out
    code, out, _ = run(capsys, "corpus", str(toy_tsv), "--json")
    assert json.loads(out)["pairs"] == 20
