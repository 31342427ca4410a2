"""Damaged and crafted model files: each is refused with one clear sentence, before it costs
time or memory (the files are made here, from the toy model)."""

import os
import resource
import zipfile

import pytest

from models.checkpoint import load_checkpoint
from models.errors import CheckpointError
from models.tokenizer import train_tokenizer
from tests.conftest import rewrite_meta, rewrite_model


def _rewrite(source, target, change=None, extra=(), compression=zipfile.ZIP_STORED):
    return rewrite_model(source, target, change, extra, compression)


def _with_meta(toy_model_path, tmp_path, edit):
    return rewrite_meta(toy_model_path, tmp_path / "crafted.s2s", edit)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_member_that_inflates_past_its_cap_is_refused_unread(toy_model_path, tmp_path):
    zeros = bytes(40 << 20)  # 40 MB of zeros deflate to ~40 kB; the cap for a vocabulary is 32 MB
    bomb = _rewrite(toy_model_path, tmp_path / "bomb.s2s",
                    lambda n, c: zeros if n == "source.spm" else c, compression=zipfile.ZIP_DEFLATED)  # fmt: skip
    assert bomb.stat().st_size < 2 << 20
    with pytest.raises(CheckpointError, match=r"source.spm would inflate to 40 MB .* refused"):
        load_checkpoint(bomb)
    meta_bomb = _rewrite(toy_model_path, tmp_path / "meta-bomb.s2s",
                         lambda n, c: b" " * (40 << 20) + c if n == "meta.json" else c,
                         compression=zipfile.ZIP_DEFLATED)  # fmt: skip
    with pytest.raises(CheckpointError, match="meta.json would inflate"):
        load_checkpoint(meta_bomb)


def test_duplicate_member_names_are_refused(toy_model_path, tmp_path):
    with zipfile.ZipFile(toy_model_path) as src:
        meta = src.read("meta.json")
    with pytest.warns(UserWarning, match="Duplicate name"):
        crafted = _rewrite(toy_model_path, tmp_path / "dup.s2s", extra=[("meta.json", meta)])
    with pytest.raises(CheckpointError, match="two members named 'meta.json'"):
        load_checkpoint(crafted)


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda m: [m], "must hold an object, not a list"),
        (lambda m: {k: v for k, v in m.items() if k != "model_config"}, "no model configuration"),
        (lambda m: {**m, "model_config": "gru"}, "no model configuration"),
        (lambda m: {**m, "model_config": {**m["model_config"], "hidden_size": "64"}},
         "ModelConfig.hidden_size must be int, not str '64'"),
        (lambda m: {**m, "model_config": {**m["model_config"], "cell": "transformer"}},
         "cell must be one of gru, lstm, rnn"),
        (lambda m: {**m, "model_config": {**m["model_config"], "tgt_vocab_size": 0}}, "too small for any model"),
        (lambda m: {**m, "model_config": {**m["model_config"], "src_vocab_size": 4_000_000}},
         "from 0 to 256,000, not 4,000,000"),
        (lambda m: {**m, "train_config": {"batch_size": [64]}}, "TrainConfig.batch_size must be int"),
    ],
)  # fmt: skip
def test_malformed_metadata_gets_a_sentence(toy_model_path, tmp_path, edit, message):
    with pytest.raises(CheckpointError, match=message):
        load_checkpoint(_with_meta(toy_model_path, tmp_path, edit))


def test_a_config_claiming_a_huge_model_is_refused_before_building_it(toy_model_path, tmp_path):
    before = _peak_rss_mb()
    crafted = _with_meta(toy_model_path, tmp_path,
                         lambda m: {**m, "model_config": {**m["model_config"], "hidden_size": 2048, "layers": 4}})  # fmt: skip
    with pytest.raises(CheckpointError, match=r"weights do not match the saved configuration \(.* is \("):
        load_checkpoint(crafted)
    assert _peak_rss_mb() - before < 200  # a 2048×4 model would take well over a gigabyte


def test_tokenizer_and_model_vocabulary_sizes_are_cross_checked(toy_model_path, tmp_path):
    other = train_tokenizer(["a b c d e f g h i j k l m n o p"] * 5, 24, "word")
    crafted = _rewrite(
        toy_model_path, tmp_path / "vocab.s2s", lambda n, c: other.model_proto if n == "source.spm" else c
    )
    with pytest.raises(CheckpointError, match="source vocabulary has .* pieces but the model was built for"):
        load_checkpoint(crafted)


def test_something_that_only_starts_like_a_zip_is_not_read_whole(tmp_path):
    fake = tmp_path / "big.s2s"
    with open(fake, "wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(3 << 30)  # 3 GB, sparse: costs no disk
    before = _peak_rss_mb()
    with pytest.raises(CheckpointError, match="corrupt or truncated"):
        load_checkpoint(fake)
    assert _peak_rss_mb() - before < 100


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_pipe_or_device_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "model.s2s"
    os.mkfifo(fifo)
    with pytest.raises(CheckpointError, match="not a regular file"):
        load_checkpoint(fifo)
    with pytest.raises(CheckpointError, match="not a regular file"):
        load_checkpoint("/dev/zero")
