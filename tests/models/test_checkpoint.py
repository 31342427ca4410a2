import pytest
import torch

from models.checkpoint import load_checkpoint, save_checkpoint
from models.config import DecodeConfig
from models.errors import CheckpointError
from models.translator import Translator
from tests.conftest import TOY_PAIRS, rewrite_meta


def test_round_trip_gives_identical_translations(toy_model_path, tmp_path):
    bundle = load_checkpoint(toy_model_path)
    copy = tmp_path / "copy.s2s"
    save_checkpoint(copy, bundle)
    again = load_checkpoint(copy)
    for src, _ in TOY_PAIRS:
        a = Translator(bundle).translate(src, DecodeConfig(method="beam", beam_size=3, nbest=2))
        b = Translator(again).translate(src, DecodeConfig(method="beam", beam_size=3, nbest=2))
        assert a.text == b.text and [e.score for e in a.nbest] == [e.score for e in b.nbest]
    assert Translator(bundle).translate("the red car").text == "la voiture rouge"


def test_folder_resolves_to_best(toy_model_path):
    assert load_checkpoint(toy_model_path.parent).path.endswith("best.s2s")


def test_half_precision_file_is_smaller_and_still_translates(toy_model_path, tmp_path):
    half = save_checkpoint(tmp_path / "half.s2s", load_checkpoint(toy_model_path), half=True)
    assert half.stat().st_size < toy_model_path.stat().st_size
    assert Translator(load_checkpoint(half)).translate("the blue house").text == "la maison bleue"


def test_pickle_files_are_refused(tmp_path):
    path = tmp_path / "evil.pt"
    torch.save({"weights": torch.zeros(2)}, path)
    with pytest.raises(CheckpointError, match="pickle"):
        load_checkpoint(path)
    raw = tmp_path / "raw.s2s"
    raw.write_bytes(b"\x80\x04\x95" + b"x" * 20)
    with pytest.raises(CheckpointError, match="pickle"):
        load_checkpoint(raw)


def test_truncated_corrupt_other_version_and_missing(toy_model_path, tmp_path):
    data = toy_model_path.read_bytes()
    truncated = tmp_path / "t.s2s"
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(CheckpointError, match="corrupt or truncated"):
        load_checkpoint(truncated)
    garbage = tmp_path / "g.s2s"
    garbage.write_bytes(b"hello world")
    with pytest.raises(CheckpointError, match="not a Seq2Seq Studio model"):
        load_checkpoint(garbage)
    newer = rewrite_meta(toy_model_path, tmp_path / "v99.s2s", lambda m: {**m, "format_version": 99})
    with pytest.raises(CheckpointError, match="version 99"):
        load_checkpoint(newer)
    with pytest.raises(CheckpointError, match="no such"):
        load_checkpoint(tmp_path / "missing.s2s")
    with pytest.raises(CheckpointError, match="no saved model"):
        load_checkpoint(tmp_path)


def test_interrupted_save_leaves_previous_file_intact(toy_model_path, tmp_path, monkeypatch):
    target = tmp_path / "m.s2s"
    bundle = load_checkpoint(toy_model_path)
    save_checkpoint(target, bundle)
    before = target.read_bytes()

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("models.checkpoint.os.replace", crash)
    with pytest.raises(OSError):
        save_checkpoint(target, bundle)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["m.s2s"]
