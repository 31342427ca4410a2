"""Inputs are bounded and streamed: corpus files and standard input are read within caps declared
once (models/corpus/readers.py), pipes and devices are refused before reading, a huge line costs
no memory, one bad line of a batch is skipped and reported, and `id<TAB>source<TAB>target` files
are read by their columns. Every file is made here."""

import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from models.cli import main
from models.corpus import readers
from models.corpus.dataset import load_corpus, load_pairs_for_evaluation
from models.corpus.readers import MAX_LINE_BYTES, SkipReport, file_lines, read_tsv, split_lines
from models.errors import CorpusError
from models.translator import MAX_SOURCE_CHARS

ROOT = Path(__file__).resolve().parents[2]
PAIRS = "".join(f"word{i}\tmot{i}\n" for i in range(30))


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


# ----------------------------------------------------------------------- what may be read at all
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_pipes_devices_and_links_to_them_are_refused_before_reading(tmp_path):
    fifo = tmp_path / "corpus.tsv"
    os.mkfifo(fifo)  # opening it would block until someone writes
    with pytest.raises(CorpusError, match="not a regular file"):
        load_corpus(str(fifo))
    link = tmp_path / "link.tsv"
    link.symlink_to(fifo)
    with pytest.raises(CorpusError, match="not a regular file"):
        load_corpus(str(link))
    device = tmp_path / "zero.tsv"
    device.symlink_to("/dev/zero")  # endless: reading it would never finish
    with pytest.raises(CorpusError, match="not a regular file"):
        load_corpus(str(device))
    source = write(tmp_path, "a.src", "one\n")
    with pytest.raises(CorpusError, match="not a regular file"):
        load_pairs_for_evaluation(f"{source},{fifo}")
    good = write(tmp_path, "good.tsv", PAIRS)
    (tmp_path / "good-link.tsv").symlink_to(good)  # a link to a regular file is read
    assert len(load_corpus(str(tmp_path / "good-link.tsv")).all_pairs) == 30


def test_a_file_over_the_size_cap_is_refused_unread(tmp_path):
    big = tmp_path / "big.tsv"
    with open(big, "wb") as handle:
        handle.write(b"one\tun\n")
        handle.truncate(readers.MAX_CORPUS_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(CorpusError, match=f"more than the {readers.MAX_CORPUS_BYTES >> 20:,} MB a corpus file"):
        load_corpus(str(big))


def test_a_file_over_the_line_count_cap_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_CORPUS_LINES", 20)
    with pytest.raises(CorpusError, match="more than 20 lines"):
        load_corpus(str(write(tmp_path, "many.tsv", PAIRS)))


# ----------------------------------------------------------------------------- streamed lines
@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 1 << 16])
def test_streamed_lines_split_as_file_lines_does_at_any_chunk_size(chunk):
    data = "a\u2028b\nc\u0085d\r\ne\x0cf\rg\n\r\n\nlast".encode()
    chunks = [data[i : i + chunk] for i in range(0, len(data), chunk)]
    assert [line.decode() for line in split_lines(chunks, 100)] == file_lines(data.decode())


def test_a_line_over_the_cap_is_skipped_and_counted_and_the_rest_read(tmp_path):
    long = "x" * (MAX_LINE_BYTES + 1)
    path = write(tmp_path, "long.tsv", f"one\tun\n{long}\tlong\r\ntwo\tdeux\rthree\ttrois")
    skipped = SkipReport()
    assert read_tsv(path, skipped) == [("one", "un"), ("two", "deux"), ("three", "trois")]
    assert skipped.counts == {f"line longer than {MAX_LINE_BYTES:,} bytes": 1}
    assert skipped.examples[f"line longer than {MAX_LINE_BYTES:,} bytes"] == "line 2"
    only = write(tmp_path, "only-long.tsv", long + "\n")
    with pytest.raises(CorpusError, match="no usable sentence pairs .*line longer than"):
        load_corpus(str(only))


def test_an_over_long_line_in_aligned_files_leaves_out_its_pair_only(tmp_path):
    src = write(tmp_path, "a.src", f"one\n{'y' * (MAX_LINE_BYTES + 5)}\nthree\n")
    tgt = write(tmp_path, "a.tgt", "un\ndeux\ntrois\n")
    assert load_pairs_for_evaluation(f"{src},{tgt}") == [("one", "un"), ("three", "trois")]


def test_invalid_utf8_is_reported_at_its_line_even_deep_in_a_chunk(tmp_path):
    path = write(tmp_path, "bad.tsv", PAIRS.encode() + b"\xe9t\xe9\tsummer\n" + PAIRS.encode())
    with pytest.raises(CorpusError, match="bad.tsv, line 31: is not valid UTF-8"):
        load_corpus(str(path))


BOUNDED_LINE = """
import json, resource, sys
from models.corpus.readers import SkipReport, read_tsv

path = sys.argv[1]
with open(path, "wb") as handle:
    handle.write(b"one\\tun\\n")
    block = b"z" * (1 << 20)
    for _ in range(300):  # one line of 300 MB
        handle.write(block)
    handle.write(b"\\ttrop long\\ntwo\\tdeux\\n")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
skipped = SkipReport()
pairs = read_tsv(path, skipped)
grew = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
print(json.dumps({"pairs": pairs, "skipped": skipped.counts, "grew_mb": grew}))
"""


def test_a_300_mb_line_is_refused_in_bounded_memory(tmp_path):
    path = tmp_path / "huge-line.tsv"
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(BOUNDED_LINE), str(path)],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)  # fmt: skip
    path.unlink(missing_ok=True)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["pairs"] == [["one", "un"], ["two", "deux"]]
    assert report["skipped"] == {f"line longer than {MAX_LINE_BYTES:,} bytes": 1}
    assert report["grew_mb"] < 50, f"reading grew the process by {report['grew_mb']:.0f} MB"


# ------------------------------------------------------------------ id<TAB>source<TAB>target files
def test_a_three_column_file_with_ids_is_read_by_its_columns(tmp_path):
    path = write(tmp_path, "ids.tsv", "".join(f"{1000 + i}\tword{i}\tmot{i}\n" for i in range(30)))
    pairs = load_pairs_for_evaluation(str(path))
    assert pairs[0] == ("word0", "mot0") and len(pairs) == 30
    assert not any(s.isdigit() for s, _ in pairs)  # never the ids as sources
    named = write(tmp_path, "named.tsv", "".join(f"s-{i:04d}\tword{i}\tmot{i}\textra\n" for i in range(30)))
    assert load_pairs_for_evaluation(str(named))[0] == ("word0", "mot0")


def test_an_attribution_third_column_is_still_ignored(tmp_path):
    text = "".join(f"Word {i}.\tMot {i}.\tCC-BY 2.0 (France) Attribution: tatoeba.org #{i} (CK)\n" for i in range(30))
    assert load_pairs_for_evaluation(str(write(tmp_path, "tatoeba.tsv", text)))[0] == ("Word 0.", "Mot 0.")


def test_an_ambiguous_or_broken_id_file_is_refused_with_a_sentence(tmp_path):
    mixed = "".join(f"{i}\tword{i}\tmot{i}\n" for i in range(20)) + "".join(f"w {i}\tm {i}\tx\n" for i in range(5))
    with pytest.raises(CorpusError, match=r"mixed.tsv, line 21: the first column looks like an id on 20 of"):
        load_corpus(str(write(tmp_path, "mixed.tsv", mixed)))
    rows = [f"{i}\tword{i}\tmot{i}\n" for i in range(1200)] + ["9999\tword\n"]  # past the lines looked at
    with pytest.raises(CorpusError, match="line 1201: has two columns where the lines before have 'id<TAB>"):
        load_corpus(str(write(tmp_path, "short.tsv", "".join(rows))))


# ------------------------------------------------------------------------- batch translation
def _translate(capsys, monkeypatch, model, stdin, *options):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["translate", "--model", str(model), *options])
    out, err = capsys.readouterr()
    return code, out, err


def test_one_over_long_sentence_of_a_batch_is_reported_and_skipped(toy_model_path, capsys, monkeypatch):
    long = "the red car " * (MAX_SOURCE_CHARS // 12 + 1)
    lines = ["thank you", "good morning", long, "", "a big dog", "the red car " * 200]  # 2,400 characters
    code, out, err = _translate(capsys, monkeypatch, toy_model_path, "\n".join(lines) + "\n")
    assert code == 0
    assert out.splitlines() == ["merci", "bonjour", "", "", "un grand chien", ""]
    assert "line 3: skipped: the text is too long to translate as one sentence" in err
    assert "line 6: skipped" in err and "2 of 6 lines skipped (first: line 3)" in err
    code, out, err = _translate(capsys, monkeypatch, toy_model_path, "\n".join(lines) + "\n", "--strict")
    assert code == 1 and out.splitlines()[4] == "un grand chien"
    code, out, _ = _translate(capsys, monkeypatch, toy_model_path, "\n".join(lines), "--json")
    records = [json.loads(line) for line in out.splitlines()]
    assert records[0]["translation"] == "merci" and records[2]["line"] == 3 and "too long" in records[2]["error"]


def test_a_line_that_is_not_utf8_is_skipped_not_fatal(toy_model_path, capsys, monkeypatch):
    text = "thank you\n" + b"caf\xe9\n".decode("utf-8", "surrogateescape") + "good morning\n"
    code, out, err = _translate(capsys, monkeypatch, toy_model_path, text)
    assert (
        code == 0 and out.splitlines() == ["merci", "", "bonjour"] and "line 2: skipped: the text is not valid" in err
    )


def test_standard_input_over_its_cap_is_refused(toy_model_path, capsys, monkeypatch):
    monkeypatch.setattr(readers, "MAX_INPUT_BYTES", 1000)
    code, _, err = _translate(capsys, monkeypatch, toy_model_path, "thank you\n" * 200)
    assert code == 2 and "standard input holds more than" in err
    monkeypatch.setattr(readers, "MAX_INPUT_BYTES", 1 << 20)
    monkeypatch.setattr(readers, "MAX_INPUT_LINES", 3)
    code, _, err = _translate(capsys, monkeypatch, toy_model_path, "thank you\n" * 4)
    assert code == 2 and "more than 3 lines" in err


BATCH_MEMORY = """
import resource, subprocess, sys
model, small, huge = sys.argv[1:4]
with open(small, "wb") as handle:
    handle.write(b"thank you\\ngood morning\\n")
with open(huge, "wb") as handle:
    handle.write(b"thank you\\n")
    block = b"red " * (1 << 18)
    for _ in range(300):
        handle.write(block)
    handle.write(b"\\ngood morning\\n")
peaks = []
for name in (small, huge):
    with open(name, "rb") as stdin:
        done = subprocess.run([sys.executable, "-m", "models.cli", "translate", "--model", model],
                              stdin=stdin, capture_output=True, text=True)
    peaks.append(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    print(repr(done.stdout), repr(done.stderr.splitlines()[:1]), done.returncode)
print(round(peaks[1] - peaks[0]))
"""


def test_a_300_mb_line_on_standard_input_is_skipped_in_bounded_memory(toy_model_path, tmp_path):
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(BATCH_MEMORY), str(toy_model_path),
                             str(tmp_path / "small.txt"), str(tmp_path / "huge.txt")],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)  # fmt: skip
    (tmp_path / "huge.txt").unlink(missing_ok=True)
    assert result.returncode == 0, result.stderr
    small, huge, grew = result.stdout.strip().splitlines()
    assert small.startswith("'merci\\nbonjour\\n'") and small.endswith(" 0")
    assert huge.startswith("'merci\\n\\nbonjour\\n'") and "line 2: skipped" in huge and huge.endswith(" 0")
    assert int(grew) < 50, f"the 300 MB line grew the peak by {grew} MB"
