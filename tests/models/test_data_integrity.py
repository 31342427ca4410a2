"""Nothing silently wrong or lost: line splitting, tiny corpora, stopping early, killed saves."""

import os
import subprocess
import sys

from models.checkpoint import load_checkpoint, save_checkpoint
from models.cli import main
from models.config import TokenizerConfig, TrainConfig
from models.corpus import load_corpus
from models.corpus.readers import file_lines
from models.nn.family import model_config
from models.training import Phase, Trainer, TrainingControl
from tests.conftest import TOY_PAIRS


def test_only_newlines_end_lines():
    assert file_lines("a\u2028b\nc\u0085d\r\ne\x0cf\rg\n") == ["a\u2028b", "c\u0085d", "e\x0cf", "g"]
    assert file_lines("") == [] and file_lines("\n") == [""]


def test_aligned_files_with_unicode_line_separators_stay_aligned(tmp_path):
    sources = [f"sentence {i}" for i in range(20)]
    targets = [f"phrase {i}" for i in range(20)]
    sources[7] = "a line\u2028separator 7"  # str.splitlines() would split here
    targets[12] = "a next-line\u0085character 12"
    (tmp_path / "c.src").write_text("\n".join(sources) + "\n", encoding="utf-8")
    (tmp_path / "c.tgt").write_text("\n".join(targets) + "\n", encoding="utf-8")
    corpus = load_corpus(f"{tmp_path / 'c.src'},{tmp_path / 'c.tgt'}")
    pairs = dict(corpus.train + corpus.dev + corpus.test)
    assert len(pairs) == 20
    assert all(src.split()[-1] == tgt.split()[-1] for src, tgt in pairs.items())  # every pair is i ↔ i


def test_tsv_errors_name_the_right_line(tmp_path):
    path = tmp_path / "p.tsv"
    path.write_text("one\tun\ntwo\u2028more\tdeux\nno tab here\n", encoding="utf-8")
    try:
        load_corpus(str(path))
    except Exception as err:  # noqa: BLE001
        assert "line 3" in str(err)
    else:
        raise AssertionError("a line without a tab must be refused")


def test_a_corpus_too_small_to_hold_out_says_so(tmp_path, capsys):
    path = tmp_path / "tiny.tsv"
    path.write_text("".join(f"{s}\t{t}\n" for s, t in TOY_PAIRS[:8]), encoding="utf-8")
    stats = load_corpus(str(path)).stats()
    assert not stats.held_out and "dev and test scores are measured on training pairs" in stats.warning
    assert main(["corpus", str(path), "--stats"]) == 0
    assert "warning: only 8 distinct source sentences" in capsys.readouterr().out
    assert main(["train", "--corpus", str(path), "--out", str(tmp_path / "r"), "--preset", "tiny", "--steps", "3",
                 "--eval-every", "3", "--tokenizer", "word", "--vocab-size", "40"]) == 0  # fmt: skip
    assert "warning: tiny.tsv has fewer than 10 distinct source sentences" in capsys.readouterr().out
    path.write_text("".join(f"{s}\t{t}\n" for s, t in TOY_PAIRS), encoding="utf-8")
    assert load_corpus(str(path)).stats().warning == ""  # 20 sources: dev and test are held out


def test_stopping_during_preparation_saves_no_untrained_model(tmp_path):
    control = TrainingControl()
    events = []

    def on_event(event):
        events.append(event)
        if isinstance(event, Phase) and event.message.startswith("training sentencepiece"):
            control.cancel()  # as Ctrl+C would, while the vocabularies are being trained

    config = TrainConfig(batch_size=4, max_minutes=None, max_steps=50, eval_every=10)
    result = Trainer(tmp_path / "run", _toy_file(tmp_path), model_config(
        embedding_size=16, hidden_size=32), TokenizerConfig(model_type="word", src_vocab_size=50, tgt_vocab_size=50),
        config, on_event, control).run()  # fmt: skip
    assert result.cancelled and result.best_path is None and result.last_path is None
    assert not (tmp_path / "run" / "best.s2s").exists() and result.summary.steps == 0
    assert result.summary.stopped == "cancelled before training began"


def _toy_file(tmp_path):
    path = tmp_path / "toy.tsv"
    path.write_text("".join(f"{s}\t{t}\n" for s, t in TOY_PAIRS), encoding="utf-8")
    return str(path)


def test_a_save_killed_halfway_leaves_no_orphan_for_long(toy_model_path, tmp_path):
    target = tmp_path / "m.s2s"
    # A process that dies: its pid is free once it has been waited for.
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    orphan = tmp_path / f".m.s2s.tmp{int(dead.stdout)}"
    orphan.write_bytes(b"half a model")
    alive = tmp_path / f".m.s2s.tmp{os.getppid()}"  # a live process's save in progress is left alone
    alive.write_bytes(b"being written")
    save_checkpoint(target, load_checkpoint(toy_model_path))
    assert not orphan.exists() and alive.exists() and load_checkpoint(target).path == str(target)


def test_bleu_splits_chinese_into_characters():
    from models.metrics import bleu_tokenizer, score_translations

    references = ["我喜欢猫。", "他们去了车站。"]
    assert bleu_tokenizer(references) == "zh" and bleu_tokenizer(["I like cats."]) == "13a"
    partly = score_translations(["我喜欢狗。", "他们去了车站。"], references, tokenize="zh")["bleu"]
    assert 0 < partly < 100  # one wrong character costs some n-grams, not the whole sentence
