"""A model is checked for sense, not only for shape: finite weights, the vocabularies it was saved
with, the dtypes the format declares, a size bounded before anything is allocated, and hostile
JSON refused with a sentence. Every crafted file is made here, from the toy model."""

import json
import math
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
import torch
from safetensors.torch import load as load_tensors
from safetensors.torch import save as save_tensors

from models import checkpoint
from models.checkpoint import MAX_JSON_DEPTH, MAX_PARAMETERS, load_checkpoint, read_meta, save_checkpoint
from models.cli import json_line, main
from models.errors import CheckpointError
from tests.conftest import rewrite_model

ROOT = Path(__file__).resolve().parents[2]


def _header(raw: bytes) -> dict:
    size = int.from_bytes(raw[:8], "little")
    return json.loads(raw[8 : 8 + size])


def _with_header(raw: bytes, edit) -> bytes:
    """The same tensors under an edited header (the edit keeps the header's length)."""
    size = int.from_bytes(raw[:8], "little")
    header = json.dumps(edit(_header(raw)), separators=(",", ":")).encode()
    assert len(header) <= size
    return raw[:8] + header.ljust(size) + raw[8 + size :]


def _edit_weights(source, target, edit, keep_metadata=True):
    """A copy whose tensors are `edit(tensors)`, saved under the original metadata (or none)."""

    def change(name, content):
        if name != "model.safetensors":
            return content
        tensors = dict(load_tensors(content))
        metadata = _header(content).get("__metadata__") if keep_metadata else None
        return save_tensors(edit(tensors) or tensors, metadata=metadata)

    return rewrite_model(source, target, change)


# ------------------------------------------------------------------------- finite weights
@pytest.mark.parametrize("value, kind", [(math.nan, "NaN"), (math.inf, "infinite"), (-math.inf, "infinite")])
def test_weights_with_nan_or_inf_are_refused_naming_the_tensor(toy_model_path, tmp_path, value, kind):
    def poison(tensors):
        tensors["decoder.embedding.weight"][3, 5] = value

    crafted = _edit_weights(toy_model_path, tmp_path / "nan.s2s", poison)
    with pytest.raises(CheckpointError, match=rf"the weight decoder.embedding.weight holds {kind}.*refused"):
        load_checkpoint(crafted)


def test_a_model_with_nan_weights_is_not_saved_over_a_good_one(toy_model_path, tmp_path):
    target = tmp_path / "model.s2s"
    save_checkpoint(target, load_checkpoint(toy_model_path))
    before = target.read_bytes()
    bundle = load_checkpoint(toy_model_path)
    with torch.no_grad():
        next(bundle.model.parameters())[0].fill_(math.nan)
    with pytest.raises(CheckpointError, match="holds NaN .* the previous one is kept"):
        save_checkpoint(target, bundle)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["model.s2s"]  # no temporary file left


def test_nan_in_the_optimizer_state_is_refused_when_resuming(toy_model_path, tmp_path):
    last = toy_model_path.with_name("last.s2s")  # the run's last model keeps the optimizer state
    bundle, state = load_checkpoint(last, with_trainer_state=True)
    assert state is not None
    raw = zipfile.ZipFile(last).read("trainer.safetensors")
    tensors = dict(load_tensors(raw))
    name = next(k for k, v in tensors.items() if v.is_floating_point() and v.numel() > 1)
    tensors[name][0] = math.nan
    crafted = rewrite_model(last, tmp_path / "state.s2s",
                            lambda n, c: save_tensors(tensors) if n == "trainer.safetensors" else c)  # fmt: skip
    with pytest.raises(CheckpointError, match=f"the optimizer state {name} holds NaN"):
        load_checkpoint(crafted, with_trainer_state=True)
    assert load_checkpoint(crafted).model is not None  # translating needs no optimizer state


def test_json_output_is_always_standard_json():
    line = json_line({"loss": math.nan, "best": [math.inf, -math.inf, 1.5], "name": "été", "n": (1, 2)})
    assert json.loads(line, parse_constant=lambda c: pytest.fail(f"non-standard {c}")) == {
        "loss": None, "best": [None, None, 1.5], "name": "été", "n": [1, 2]
    }  # fmt: skip
    assert "NaN" not in line and "Infinity" not in line and "\\u00e9" in line
    assert "été" in json_line({"name": "été"}, ensure_ascii=False)


# ------------------------------------------------------------------ vocabularies bound to the weights
def _same_size_replacement(proto: bytes) -> bytes:
    """The vocabulary with two pieces of the same length swapped: the same size, the same
    number of pieces, a valid sentencepiece model, and every id of the two pieces wrong."""
    from models.tokenizer import Tokenizer

    tokenizer = Tokenizer(proto)
    pieces = [tokenizer.id_to_piece(i) for i in range(4, tokenizer.vocab_size)]
    encoded = {p: b"\x0a" + bytes([len(p.encode())]) + p.encode() for p in pieces}
    by_length: dict[int, list[str]] = {}
    for piece in pieces:
        if proto.count(encoded[piece]) == 1:
            by_length.setdefault(len(piece.encode()), []).append(piece)
    a, b = next(group[:2] for group in by_length.values() if len(group) >= 2)
    swapped = proto.replace(encoded[a], b"\x00MARK\x00").replace(encoded[b], encoded[a])
    swapped = swapped.replace(b"\x00MARK\x00", encoded[b])
    assert len(swapped) == len(proto) and swapped != proto
    replaced = Tokenizer(swapped)
    assert replaced.vocab_size == tokenizer.vocab_size and replaced.piece_to_id(a) == tokenizer.piece_to_id(b)
    return swapped


def test_a_replaced_vocabulary_of_the_same_size_is_refused(toy_model_path, tmp_path):
    crafted = rewrite_model(toy_model_path, tmp_path / "replaced.s2s",
                            lambda n, c: _same_size_replacement(c) if n == "source.spm" else c)  # fmt: skip
    with pytest.raises(CheckpointError, match="its source.spm is not the vocabulary the weights were saved with"):
        load_checkpoint(crafted)


def test_swapped_vocabularies_are_refused(toy_model_path, tmp_path):
    with zipfile.ZipFile(toy_model_path) as archive:
        source, target = archive.read("source.spm"), archive.read("target.spm")
    swap = {"source.spm": target, "target.spm": source}
    crafted = rewrite_model(toy_model_path, tmp_path / "swapped.s2s", lambda n, c: swap.get(n, c))
    with pytest.raises(CheckpointError, match=r"(vocabulary has .* pieces but|is not the vocabulary the weights)"):
        load_checkpoint(crafted)


def test_a_vocabulary_the_weights_were_not_saved_with_is_refused(toy_model_path, tmp_path):
    with zipfile.ZipFile(toy_model_path) as archive:
        source = archive.read("source.spm")
    crafted = _edit_weights(toy_model_path, tmp_path / "extra.s2s", lambda t: None)
    # a model saved with a shared vocabulary records no target.spm: one added is refused
    raw = zipfile.ZipFile(crafted).read("model.safetensors")
    metadata = {k: v for k, v in _header(raw)["__metadata__"].items() if not k.startswith("target.spm")}
    crafted = rewrite_model(crafted, tmp_path / "extra2.s2s", lambda n, c: (
        save_tensors(load_tensors(c), metadata=metadata) if n == "model.safetensors" else c))  # fmt: skip
    with pytest.raises(CheckpointError, match="holds a target.spm the weights were not saved with"):
        load_checkpoint(crafted)
    assert source  # the source vocabulary itself is untouched


def test_files_saved_without_fingerprints_load_as_before(toy_model_path, tmp_path):
    old = _edit_weights(toy_model_path, tmp_path / "old.s2s", lambda t: None, keep_metadata=False)
    assert "__metadata__" not in _header(zipfile.ZipFile(old).read("model.safetensors"))
    assert load_checkpoint(old).model.num_parameters() == load_checkpoint(toy_model_path).model.num_parameters()
    # default-en-fr was shipped before fingerprints: unchanged, and loading; default-en-zh, retrained
    # since, carries them.
    path = checkpoint.BUNDLED["default-en-fr"]
    assert "__metadata__" not in _header(zipfile.ZipFile(path).read("model.safetensors"))
    assert load_checkpoint(path).tokenizers.source.vocab_size > 0
    fingerprinted = _header(zipfile.ZipFile(checkpoint.BUNDLED["default-en-zh"]).read("model.safetensors"))
    assert "source.spm sha256" in fingerprinted["__metadata__"]


def test_saving_records_the_fingerprints_and_the_dtype(toy_model_path, tmp_path):
    bundle = load_checkpoint(toy_model_path)
    for half, dtype in ((False, "F32"), (True, "F16")):
        saved = save_checkpoint(tmp_path / f"{dtype}.s2s", bundle, half=half)
        metadata = _header(zipfile.ZipFile(saved).read("model.safetensors"))["__metadata__"]
        assert metadata["dtype"] == dtype
        assert metadata["source.spm sha256"] == bundle.tokenizers.source.fingerprint()
        assert metadata["target.spm pieces sha256"] == bundle.tokenizers.target.pieces_fingerprint()
        assert load_checkpoint(saved).tokenizers.source.fingerprint() == bundle.tokenizers.source.fingerprint()


# ------------------------------------------------------------------------------- dtypes
@pytest.mark.parametrize("keep_metadata", [True, False])
def test_a_relabelled_dtype_is_refused(toy_model_path, tmp_path, keep_metadata):
    """float32 relabelled int32 has the same byte count: safetensors reads it, and PyTorch would
    copy its integers into the float parameters without a word."""
    base = _edit_weights(toy_model_path, tmp_path / "base.s2s", lambda t: None, keep_metadata=keep_metadata)

    def relabel(header):
        header["encoder.embedding.weight"]["dtype"] = "I32"
        return header

    crafted = rewrite_model(base, tmp_path / "relabelled.s2s",
                            lambda n, c: _with_header(c, relabel) if n == "model.safetensors" else c)  # fmt: skip
    with pytest.raises(
        CheckpointError, match=r"encoder.embedding.weight is stored as I32 where the format declares F32"
    ):
        load_checkpoint(crafted)


def test_weights_declared_in_a_dtype_the_format_does_not_store_are_refused(toy_model_path, tmp_path):
    def as_float64(tensors):
        for key in tensors:
            tensors[key] = tensors[key].double()

    crafted = _edit_weights(toy_model_path, tmp_path / "f64.s2s", as_float64, keep_metadata=False)
    with pytest.raises(CheckpointError, match="stored as F64, but this format stores them as F32 or F16"):
        load_checkpoint(crafted)


# --------------------------------------------------------------------- bounded before allocation
def test_the_parameter_bound_is_declared_once_and_stated(toy_model_path, monkeypatch):
    monkeypatch.setattr(checkpoint, "MAX_PARAMETERS", 1_000)
    with pytest.raises(CheckpointError, match=r"builds a model of [\d,]+ parameters .* at most 1,000 parameters"):
        load_checkpoint(toy_model_path)


CRAFT_AND_LOAD = """
import json, resource, sys, time, zipfile
from models.checkpoint import load_checkpoint
from models.errors import CheckpointError

source, target = sys.argv[1], sys.argv[2]
vocab, width, hidden = 200_000, 1024, 2048
shapes = {"encoder.embedding.weight": [vocab, width], "decoder.embedding.weight": [vocab, width],
          "encoder.rnn.weight_hh_l0": [3 * hidden, hidden], "decoder.rnn.weight_hh_l0": [3 * hidden, hidden]}
header, offset = {}, 0
for name, shape in shapes.items():
    size = 2 * shape[0] * shape[1]
    header[name] = {"dtype": "F16", "shape": shape, "data_offsets": [offset, offset + size]}
    offset += size
head = json.dumps(header).encode()
with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
    meta = json.loads(src.read("meta.json"))
    meta["model_config"].update(src_vocab_size=vocab, tgt_vocab_size=vocab, embedding_size=width,
                                hidden_size=hidden, layers=1)
    dst.writestr("meta.json", json.dumps(meta))
    with dst.open("model.safetensors", "w", force_zip64=True) as member:  # streamed: zeros cost nothing
        member.write(len(head).to_bytes(8, "little") + head)
        zeros = bytes(1 << 22)
        for _ in range(offset >> 22):
            member.write(zeros)
        member.write(bytes(offset & ((1 << 22) - 1)))
    for name in ("source.spm", "target.spm"):
        dst.writestr(name, src.read(name))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    load_checkpoint(target)
    message = "loaded"
except CheckpointError as err:
    message = str(err)
print(json.dumps({"message": message, "seconds": time.perf_counter() - start,
                  "grew_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024}))
"""


def test_a_small_file_cannot_expand_into_a_huge_model(toy_model_path, tmp_path):
    """A ~1 MB file whose weights deflate from 860 MB of zeros, and whose configuration builds
    hundreds of millions of parameters: refused from the header, before a weight is read."""
    target = tmp_path / "expands.s2s"
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(CRAFT_AND_LOAD), str(toy_model_path), str(target)],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert target.stat().st_size < 3 << 20
    assert f"at most {MAX_PARAMETERS:,} parameters" in report["message"] and "GB" in report["message"]
    assert report["grew_mb"] < 150 and report["seconds"] < 10


# --------------------------------------------------------------------------------- hostile JSON
def _meta_bytes(toy_model_path) -> bytes:
    return zipfile.ZipFile(toy_model_path).read("meta.json")


@pytest.mark.parametrize(
    "meta, message",
    [
        (b"[" * 200_000 + b"]" * 200_000, f"nests more than {MAX_JSON_DEPTH} levels deep"),
        (None, f"nests more than {MAX_JSON_DEPTH} levels deep"),  # deep inside the history, within Python's limit
        (b'{"format": ' + b"7" * 5_000 + b"}", "is not valid JSON"),  # an integer Python will not read
        (b'{"format": "seq2seq-studio", "format_version": 1, "model_config": {"hidden_size": {"a": [1]}}}',
         "ModelConfig.hidden_size"),
        (b"\xff\xfe{}", "is not valid JSON"),
    ],
)  # fmt: skip
def test_hostile_meta_json_gets_a_sentence(toy_model_path, tmp_path, capsys, meta, message):
    if meta is None:
        original = json.loads(_meta_bytes(toy_model_path))
        original["history"] = {"steps": json.loads("[" * 500 + "]" * 500)}
        meta = json.dumps(original).encode()
    crafted = rewrite_model(toy_model_path, tmp_path / "hostile.s2s", lambda n, c: meta if n == "meta.json" else c)
    with pytest.raises(CheckpointError, match=message):
        load_checkpoint(crafted)
    if "nests" in message:
        with pytest.raises(CheckpointError, match=message):
            read_meta(crafted)
    assert main(["translate", "--model", str(crafted), "one"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "unexpected failure" not in err


@pytest.mark.parametrize(
    "state", [b'{"__dict__": 5}', b'{"__tensor__": ["not", "a", "name"]}', b"[" * 100_000, b"NaN" * 3]
)
def test_hostile_trainer_json_gets_a_sentence(toy_model_path, tmp_path, state):
    crafted = rewrite_model(
        toy_model_path.with_name("last.s2s"), tmp_path / "state.s2s", lambda n, c: state if n == "trainer.json" else c
    )
    with pytest.raises(CheckpointError, match=r"(corrupt or truncated|not valid JSON|nests more than)"):
        load_checkpoint(crafted, with_trainer_state=True)


@pytest.mark.parametrize(
    "header",
    [b"[" * 5_000, b'{"a": 1}', b'{"__metadata__": {"dtype": 3}}', b'{"x": {"dtype": "F32", "shape": [true]}}'],
)
def test_a_hostile_weights_header_gets_a_sentence(toy_model_path, tmp_path, header):
    data = len(header).to_bytes(8, "little") + header
    crafted = rewrite_model(toy_model_path, tmp_path / "header.s2s",
                            lambda n, c: data if n == "model.safetensors" else c)  # fmt: skip
    with pytest.raises(CheckpointError, match="the header of its model.safetensors"):
        load_checkpoint(crafted)
    lying = (1 << 40).to_bytes(8, "little") + header
    crafted = rewrite_model(toy_model_path, tmp_path / "lying.s2s",
                            lambda n, c: lying if n == "model.safetensors" else c)  # fmt: skip
    with pytest.raises(CheckpointError, match="is damaged"):
        load_checkpoint(crafted)
