"""Self-contained model files: one zip archive holding safetensors weights, JSON config and
history, and both sentencepiece models. Never pickle: loading cannot run code.

Layout of a `.s2s` file:
    meta.json            format name and version, configs, corpus, training history
    model.safetensors    weights
    source.spm, target.spm (target.spm absent when the vocabulary is shared)
    trainer.safetensors, trainer.json   optional: optimizer state for resuming training

A training run directory holds `best.s2s` and `last.s2s`. Saving writes a temporary file,
fsyncs it and renames it over the old one, so a crash leaves the previous file intact.
"""

from __future__ import annotations

import json
import os
import stat
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError
from safetensors.torch import load as load_tensors
from safetensors.torch import save as save_tensors

from models.bundled import BUNDLED, DEFAULT_MODEL, RESOURCES, bundled_models, model_card  # noqa: F401
from models.config import TokenizerConfig, TrainConfig, from_dict, to_dict
from models.errors import CheckpointError
from models.nn.family import ModelConfig, build_model
from models.nn.interface import Model
from models.tokenizer import Tokenizer, TokenizerPair, proto_fingerprint

FORMAT_NAME = "seq2seq-studio"
FORMAT_VERSION = 1
SUFFIX = ".s2s"


@dataclass
class ModelBundle:
    """Everything needed to translate with, inspect or keep training a model."""

    model: Model  # any family (models/nn/interface.py)
    tokenizers: TokenizerPair
    model_config: ModelConfig
    tokenizer_config: TokenizerConfig
    train_config: TrainConfig | None = None
    corpus: str = ""
    history: dict[str, Any] = field(default_factory=dict)  # "steps": [...], "evaluations": [...]
    name: str = "model"
    path: str | None = None
    # How a shipped model was made (script, data and credit, split, seed, minutes): shown in the app.
    recipe: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> dict[str, Any]:
        cfg = self.model_config
        return {
            "name": self.name,
            "path": self.path,
            "corpus": self.corpus,
            "architecture": architecture(cfg),
            "parameters": self.model.num_parameters(),
            "source_vocabulary": self.tokenizers.source.vocab_size,
            "target_vocabulary": self.tokenizers.target.vocab_size,
            "shared_vocabulary": self.tokenizers.shared,
            "model_config": to_dict(cfg),
            "tokenizer_config": to_dict(self.tokenizer_config),
            "train_config": to_dict(self.train_config) if self.train_config else None,
            "recipe": dict(self.recipe),
        }


def architecture(cfg: ModelConfig) -> str:
    """One line: "bi-GRU ×1, attention: additive (Bahdanau), decoder: Luong" or "Transformer 2+2 layers, …"."""
    return cfg.architecture()


def save_checkpoint(
    path: str | Path, bundle: ModelBundle, trainer_state: dict | None = None, half: bool = False
) -> Path:
    """Write atomically; `half` stores weights as float16 (a smaller file to ship)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    weights = {k: v.detach().to("cpu").contiguous() for k, v in bundle.model.state_dict().items()}
    if half:
        weights = {k: v.half() if v.is_floating_point() else v for k, v in weights.items()}
    check_finite(path, weights, "the weights to save", "; the file was not written and the previous one is kept")
    meta = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "saved": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "name": bundle.name,
        "corpus": bundle.corpus,
        "model_config": to_dict(bundle.model_config),
        "tokenizer_config": to_dict(bundle.tokenizer_config),
        "train_config": to_dict(bundle.train_config) if bundle.train_config else None,
        "shared_vocabulary": bundle.tokenizers.shared,
        "history": bundle.history,
        "recipe": bundle.recipe,
    }
    _remove_orphans(path)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as archive:
            archive.writestr("meta.json", json.dumps(meta, indent=1))
            archive.writestr("model.safetensors", save_tensors(weights, metadata=_weights_metadata(bundle, half)))
            archive.writestr("source.spm", bundle.tokenizers.source.model_proto)
            if not bundle.tokenizers.shared:
                archive.writestr("target.spm", bundle.tokenizers.target.model_proto)
            if trainer_state is not None:
                tensors, plain = _split_tensors(trainer_state)
                archive.writestr("trainer.safetensors", save_tensors(tensors))
                archive.writestr("trainer.json", json.dumps(plain))
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def _remove_orphans(path: Path) -> None:
    """Temporary files of saves whose process died (killed while saving) are deleted."""
    for tmp in path.parent.glob(f".{path.name}.tmp*"):
        pid = tmp.name.rsplit(".tmp", 1)[-1]
        if pid.isdigit() and int(pid) != os.getpid() and not _process_alive(int(pid)):
            tmp.unlink(missing_ok=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process, or a system that cannot tell: leave its file alone
    return True


def resolve_model_path(spec: str | Path) -> Path:
    """`default`, a `.s2s` file, or a training run folder (its best, else last, model)."""
    name = "default-en-fr" if str(spec) == "default" else str(spec)
    if name in BUNDLED:
        if not BUNDLED[name].exists():
            raise CheckpointError(f"the bundled model {name} is missing ({BUNDLED[name]})")
        return BUNDLED[name]
    path = Path(spec)
    if path.is_dir():
        for name in ("best" + SUFFIX, "last" + SUFFIX):
            if (path / name).exists():
                return path / name
        raise CheckpointError(f"{path}: this folder holds no saved model (best{SUFFIX} or last{SUFFIX})")
    if not path.exists():
        raise CheckpointError(f"{path}: no such model file or folder")
    return path


def read_meta(spec: str | Path) -> dict[str, Any]:
    """Only a model's meta.json (configs, corpus, history): cheap, no weights are read."""
    path = resolve_model_path(spec)
    with _open_archive(path) as archive:
        members = _members(path, archive)
        try:
            return _parse_meta(path, _read(path, archive, members, "meta.json"))
        except (zipfile.BadZipFile, OSError, EOFError) as err:
            raise CheckpointError(f"{path}: the file is corrupt or truncated ({_short(err)})") from None


def load_checkpoint(spec: str | Path, device: str = "cpu", with_trainer_state: bool = False):
    """Load a model; returns the bundle, or (bundle, trainer_state or None) with_trainer_state.

    Everything that could cost time or memory is checked first, from sizes the archive declares:
    member sizes against caps, the stored configuration's types and bounds, the weights' header
    (names, shapes, dtypes) against the model the configuration builds, and that model's
    parameter count and memory against MAX_PARAMETERS and MAX_LOAD_MEMORY, all before a weight
    is read or a parameter allocated. So a damaged or crafted file is refused in well under a
    second, whatever it claims. Then the weights must be finite and each vocabulary must be the
    one the weights were saved with (its fingerprint, where the file records one).
    """
    path = resolve_model_path(spec)
    archive = _open_archive(path)
    with archive:
        members = _members(path, archive)
        for required in ("meta.json", "model.safetensors", "source.spm"):
            if required not in members:
                raise CheckpointError(f"{path}: not a Seq2Seq Studio model (no {required} inside)")
        try:
            meta = _parse_meta(path, _read(path, archive, members, "meta.json"))
            model_config = from_dict(ModelConfig, meta["model_config"])
            model_config.validate()
            tokenizer_config = from_dict(TokenizerConfig, meta.get("tokenizer_config") or {})
            train_config = from_dict(TrainConfig, meta["train_config"]) if meta.get("train_config") else None
        except (ValueError, TypeError) as err:
            raise CheckpointError(f"{path}: the stored configuration is invalid ({_short(err)})") from None
        try:
            header, metadata = _weights_header(path, archive, members["model.safetensors"])
            _check_shapes(path, model_config, {k: tuple(v["shape"]) for k, v in header.items()})
            _check_against_model(path, model_config, header, metadata.get("dtype"),
                                 members["model.safetensors"].file_size)  # fmt: skip
            weights = load_tensors(_read(path, archive, members, "model.safetensors"))
            check_finite(path, weights, "the weight")
            spm = {
                name: _read(path, archive, members, name) for name in ("source.spm", "target.spm") if name in members
            }
            source = Tokenizer(spm["source.spm"])
            target = Tokenizer(spm["target.spm"]) if "target.spm" in spm else source
            trainer_state = None
            if with_trainer_state and "trainer.safetensors" in members:
                tensors = load_tensors(_read(path, archive, members, "trainer.safetensors"))
                check_finite(path, tensors, "the optimizer state")
                plain = parse_json(_read(path, archive, members, "trainer.json"), f"{path}: its trainer.json")
                trainer_state = _join_tensors(tensors, plain)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, TypeError, RuntimeError, SafetensorError,
                KeyError) as err:  # fmt: skip
            raise CheckpointError(f"{path}: the file is corrupt or truncated ({_short(err)})") from None
    for side, tokenizer, size in (("source", source, model_config.src_vocab_size),
                                  ("target", target, model_config.tgt_vocab_size)):  # fmt: skip
        if tokenizer.vocab_size != size:
            raise CheckpointError(
                f"{path}: the {side} vocabulary has {tokenizer.vocab_size:,} pieces but the model was "
                f"built for {size:,}; the file is inconsistent"
            )
    _check_fingerprints(path, metadata, spm)
    for name, tokenizer in (("source.spm", source), ("target.spm", target if target is not source else None)):
        stored = metadata.get(f"{name} pieces sha256")
        if tokenizer is not None and stored is not None and tokenizer.pieces_fingerprint() != stored:
            raise CheckpointError(
                f"{path}: the pieces of its {name} are not those of the vocabulary the weights were saved "
                "with (a swapped or replaced tokenizer); refused"
            )
    try:
        model = build_model(model_config)
        model.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in weights.items()})
    except (RuntimeError, ValueError, KeyError) as err:
        raise CheckpointError(f"{path}: the weights do not match the saved configuration ({_short(err)})") from None
    model.to(device).eval()
    bundle = ModelBundle(
        model=model,
        tokenizers=TokenizerPair(source, target),
        model_config=model_config,
        tokenizer_config=tokenizer_config,
        train_config=train_config,
        corpus=meta.get("corpus") if isinstance(meta.get("corpus"), str) else "",
        history=meta.get("history") if isinstance(meta.get("history"), dict) else {},
        name=meta.get("name") if isinstance(meta.get("name"), str) and meta.get("name") else path.stem,
        path=str(path),
        recipe=meta.get("recipe") if isinstance(meta.get("recipe"), dict) else {},
    )
    return (bundle, trainer_state) if with_trainer_state else bundle


# What a model may cost, declared once and checked before anything is allocated: far above the
# models this app trains (the bundled ones have 4.8 million parameters), far below what hurts.
MAX_PARAMETERS = 300_000_000
MAX_LOAD_MEMORY = 4 << 30  # bytes: the model in float32 plus the stored weights while they are read
MAX_JSON_DEPTH = 64  # nesting of meta.json, trainer.json and the weights' header
MAX_TENSOR_HEADER = 16 << 20  # bytes of a safetensors header (names, dtypes, shapes, offsets)
# The dtypes the format stores floating-point weights in: float32, or float16 (save with half=True).
WEIGHT_DTYPES = ("F32", "F16")
SAFETENSORS_DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64",
                      torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8",
                      torch.uint8: "U8", torch.bool: "BOOL"}  # fmt: skip
FINGERPRINTED = ("source.spm", "target.spm")


def parse_json(raw: bytes | str, where: str) -> Any:
    """JSON from a file, or a sentence: invalid, too deeply nested, or with a number too long to
    read (Python refuses integers of over 4,300 digits) are all refused as damaged or crafted."""
    try:
        value = json.loads(raw)
    except RecursionError:
        value = None
        depth = MAX_JSON_DEPTH + 1
    except (UnicodeDecodeError, ValueError) as err:  # json.JSONDecodeError is a ValueError
        raise CheckpointError(f"{where} is not valid JSON ({_short(err)})") from None
    else:
        depth = json_depth(value)
    if depth > MAX_JSON_DEPTH:
        raise CheckpointError(
            f"{where} nests more than {MAX_JSON_DEPTH} levels deep; a damaged or crafted file, refused"
        )
    return value


def json_depth(value: Any) -> int:
    """How deeply lists and objects nest in a parsed JSON value (without recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            node = list(node.values())
        if isinstance(node, list):
            deepest = max(deepest, depth)
            if depth <= MAX_JSON_DEPTH:
                stack.extend((child, depth + 1) for child in node if isinstance(child, (list, dict)))
    return deepest


def _weights_metadata(bundle: ModelBundle, half: bool) -> dict[str, str]:
    """Stored in the weights' own header: their dtype, and a fingerprint of each vocabulary the
    weights were trained with, so that a replaced or swapped .spm member is refused on load."""
    metadata = {"format": FORMAT_NAME, "dtype": WEIGHT_DTYPES[1] if half else WEIGHT_DTYPES[0]}
    tokenizers = [("source.spm", bundle.tokenizers.source)]
    if not bundle.tokenizers.shared:
        tokenizers.append(("target.spm", bundle.tokenizers.target))
    for name, tokenizer in tokenizers:
        metadata[f"{name} sha256"] = tokenizer.fingerprint()
        metadata[f"{name} pieces sha256"] = tokenizer.pieces_fingerprint()
    return metadata


def _weights_header(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    """The safetensors header of the weights, read alone (8 bytes of length, then JSON): each
    tensor's dtype and shape, and the metadata (str to str) the file was saved with."""
    where = f"{path}: the header of its model.safetensors"
    with archive.open(info) as member:
        head = member.read(8)
        size = int.from_bytes(head, "little") if len(head) == 8 else -1
        if not 0 < size <= min(MAX_TENSOR_HEADER, info.file_size - 8):
            raise CheckpointError(
                f"{where} is damaged (it declares {size:,} bytes); a damaged or crafted file, refused"
            )
        header = parse_json(member.read(size), where)
    if not isinstance(header, dict):
        raise CheckpointError(f"{where} must be an object; a damaged or crafted file, refused")
    metadata = header.pop("__metadata__", None) or {}
    if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
        raise CheckpointError(f"{where} has metadata that are not text; a damaged or crafted file, refused")
    for key, entry in header.items():
        shape = entry.get("shape") if isinstance(entry, dict) else None
        if (not isinstance(entry.get("dtype") if isinstance(entry, dict) else None, str) or not isinstance(shape, list)
                or not all(isinstance(n, int) and not isinstance(n, bool) and 0 <= n < 2**40 for n in shape)):  # fmt: skip
            raise CheckpointError(f"{where} describes {key!r} wrongly; a damaged or crafted file, refused")
    return header, metadata


def _check_against_model(path: Path, config: ModelConfig, header: dict[str, dict], declared: str | None,
                         stored_bytes: int) -> None:  # fmt: skip
    """The model the configuration builds, built without memory (on PyTorch's meta device), must
    be within MAX_PARAMETERS and MAX_LOAD_MEMORY and hold exactly the tensors stored, each of the
    shape stored and of the dtype the format declares for it."""
    with torch.device("meta"):
        model = build_model(config)
    parameters = sum(p.numel() for p in model.parameters())
    elements = parameters + sum(b.numel() for b in model.buffers())
    memory = 4 * elements + 2 * stored_bytes  # the model in float32; the stored bytes and the tensors read from them
    if parameters > MAX_PARAMETERS or memory > MAX_LOAD_MEMORY:
        raise CheckpointError(
            f"{path}: its configuration builds a model of {parameters:,} parameters needing about "
            f"{memory / 2**30:.1f} GB to load; Seq2Seq Studio loads at most {MAX_PARAMETERS:,} parameters "
            f"and {MAX_LOAD_MEMORY / 2**30:.1f} GB; a damaged or crafted file, refused"
        )
    expected = {k: (tuple(v.shape), v.dtype) for k, v in model.state_dict().items()}
    mismatch = next((f"{k} is missing" for k in expected if k not in header), None) or next(
        (f"{k} is not a weight of this model" for k in header if k not in expected), None
    )
    if mismatch is None:
        mismatch = next((f"{k} is {tuple(header[k]['shape'])}, the configuration says {shape}"
                         for k, (shape, _) in expected.items() if tuple(header[k]["shape"]) != shape), None)  # fmt: skip
    if mismatch is not None:
        raise CheckpointError(f"{path}: the weights do not match the saved configuration ({mismatch})")
    floating = [k for k, (_, dtype) in expected.items() if dtype.is_floating_point]
    if declared is None:  # a file saved before the dtype was recorded: its floating weights share one
        declared = Counter(header[k]["dtype"] for k in floating).most_common(1)[0][0] if floating else WEIGHT_DTYPES[0]
    if declared not in WEIGHT_DTYPES:
        raise CheckpointError(f"{path}: its weights are stored as {declared}, but this format stores them as "
                              f"{' or '.join(WEIGHT_DTYPES)}; a damaged or crafted file, refused")  # fmt: skip
    for key, (_, dtype) in expected.items():
        want = declared if dtype.is_floating_point else SAFETENSORS_DTYPES.get(dtype, str(dtype))
        if header[key]["dtype"] != want:
            raise CheckpointError(
                f"{path}: the weight {key} is stored as {header[key]['dtype']} where the format declares "
                f"{want} (a relabelled tensor); a damaged or crafted file, refused"
            )


def check_finite(path: Path, tensors: dict[str, torch.Tensor], what: str, consequence: str = "") -> None:
    """Weights with NaN or infinite values translate into nothing sensible: refused, by name."""
    for key, tensor in tensors.items():
        if tensor.is_floating_point() and not bool(torch.isfinite(tensor).all()):
            kind = "NaN (not-a-number) values" if bool(torch.isnan(tensor).any()) else "infinite values"
            raise CheckpointError(
                f"{path}: {what} {key} holds {kind}, so the model cannot translate (did its training "
                f"diverge?){consequence or '; refused'}"
            )


def _check_fingerprints(path: Path, metadata: dict[str, str], spm: dict[str, bytes]) -> None:
    """Each vocabulary must be the one the weights were saved with. Files saved before the
    fingerprints were recorded have none, and load as before."""
    if not any(f"{name} sha256" in metadata for name in FINGERPRINTED):
        return
    for name in FINGERPRINTED:
        stored = metadata.get(f"{name} sha256")
        if stored is None and name in spm:
            raise CheckpointError(f"{path}: holds a {name} the weights were not saved with; a crafted file, refused")
        if stored is not None and name not in spm:
            raise CheckpointError(f"{path}: its {name} is missing inside")
        if stored is not None and proto_fingerprint(spm[name]) != stored:
            raise CheckpointError(
                f"{path}: its {name} is not the vocabulary the weights were saved with (its sha256 "
                "fingerprint differs from the one stored with the weights: a swapped or replaced "
                "tokenizer); refused"
            )


# The largest each member may be once inflated: far above a real model's, far below what hurts.
MEMBER_LIMITS = {
    "meta.json": 32 << 20,
    "model.safetensors": 1 << 30,
    "source.spm": 32 << 20,
    "target.spm": 32 << 20,
    "trainer.safetensors": 2 << 30,
    "trainer.json": 32 << 20,
}
MAX_MODEL_FILE = 4 << 30


def _members(path: Path, archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    names = [info.filename for info in infos]
    _refuse_unsafe(path, set(names))
    if len(set(names)) != len(names):
        duplicate = next(n for n in names if names.count(n) > 1)
        raise CheckpointError(f"{path}: holds two members named {duplicate!r}; a damaged or crafted file, refused")
    for info in infos:
        limit = MEMBER_LIMITS.get(info.filename)
        if limit is not None and info.file_size > limit:
            raise CheckpointError(
                f"{path}: its {info.filename} would inflate to {info.file_size / 2**20:,.0f} MB "
                f"(at most {limit >> 20:,} MB); a damaged or crafted file, refused"
            )
    return {info.filename: info for info in infos}


def _read(path: Path, archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], name: str) -> bytes:
    """A member's bytes; zipfile stops at the declared (and checked) size, so a member that
    lies about its size fails its CRC check instead of growing without end."""
    if name not in members:
        raise CheckpointError(f"{path}: {name} is missing inside")
    with archive.open(members[name]) as member:
        return member.read(MEMBER_LIMITS.get(name, 32 << 20) + 1)


def _parse_meta(path: Path, raw: bytes) -> dict[str, Any]:
    meta = parse_json(raw, f"{path}: its meta.json")
    if not isinstance(meta, dict):
        raise CheckpointError(f"{path}: its meta.json must hold an object, not a {type(meta).__name__}")
    if meta.get("format") != FORMAT_NAME:
        raise CheckpointError(f"{path}: not a Seq2Seq Studio model")
    if meta.get("format_version") != FORMAT_VERSION:
        raise CheckpointError(
            f"{path}: model format version {meta.get('format_version')} is not supported "
            f"(this version reads {FORMAT_VERSION})"
        )
    if not isinstance(meta.get("model_config"), dict):
        raise CheckpointError(f"{path}: its meta.json has no model configuration")
    return meta


def _check_shapes(path: Path, config: ModelConfig, shapes: dict[str, tuple[int, ...]]) -> None:
    """Before the model is built: the tensors that carry the configuration's sizes (vocabularies,
    embedding and hidden sizes, layers) must have them. Then the model the configuration builds
    is the size of the weights stored (which the file's own size bounds), not whatever a damaged
    or crafted configuration claims; load_state_dict checks every other tensor afterwards."""
    if config.src_vocab_size < 5 or config.tgt_vocab_size < 5:
        raise CheckpointError(f"{path}: the stored vocabulary sizes ({config.src_vocab_size}, "
                              f"{config.tgt_vocab_size}) are too small for any model")  # fmt: skip
    expected = config.sized_tensors()  # the family names its own weights
    for key, shape in expected.items():
        if key not in shapes:
            raise CheckpointError(f"{path}: the weights do not match the saved configuration ({key} is missing)")
        if shapes[key] != shape:
            raise CheckpointError(
                f"{path}: the weights do not match the saved configuration "
                f"({key} is {shapes[key]}, the configuration says {shape})"
            )


def _open_archive(path: Path) -> zipfile.ZipFile:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise CheckpointError(f"{path}: not a regular file (a device, a pipe or a socket?)")
        if info.st_size > MAX_MODEL_FILE:
            raise CheckpointError(f"{path}: {info.st_size / 2**30:.1f} GB is far too large for a model file")
        with open(path, "rb") as handle:
            head = handle.read(4)
    except OSError as err:
        raise CheckpointError(f"{path}: cannot be read ({_short(err)})") from None
    if head[:1] == b"\x80":
        raise CheckpointError(f"{path}: is a Python pickle, which can run code when loaded; refused")
    if head != b"PK\x03\x04":
        raise CheckpointError(f"{path}: not a Seq2Seq Studio model file")
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as err:
        raise CheckpointError(f"{path}: the file is corrupt or truncated ({_short(err)})") from None


def _refuse_unsafe(path: Path, names: set[str]) -> None:
    """PyTorch's own .pt/.pth files are zip archives around a pickle: refuse them by content."""
    if any(n.endswith((".pkl", ".pickle")) or n.endswith("/data.pkl") for n in names):
        raise CheckpointError(
            f"{path}: holds pickled Python objects (a torch.save file?), which can run code when "
            "loaded; Seq2Seq Studio refuses them"
        )


def _short(err: Exception) -> str:
    text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return text[:160]


def _split_tensors(tree: Any, prefix: str = "") -> tuple[dict[str, torch.Tensor], Any]:
    """Separate tensors (to safetensors) from plain values (to JSON); tensors leave a reference."""
    tensors: dict[str, torch.Tensor] = {}

    def walk(node: Any, key: str) -> Any:
        if isinstance(node, torch.Tensor):
            tensors[key] = node.detach().cpu().contiguous()
            return {"__tensor__": key}
        if isinstance(node, dict):
            return {"__dict__": [[k, walk(v, f"{key}.{k}")] for k, v in node.items()]}
        if isinstance(node, (list, tuple)):
            return [walk(v, f"{key}.{i}") for i, v in enumerate(node)]
        return node

    return tensors, walk(tree, prefix or "s")


def _join_tensors(tensors: dict[str, torch.Tensor], plain: Any) -> Any:
    def walk(node: Any) -> Any:
        if isinstance(node, dict) and "__tensor__" in node:
            return tensors[node["__tensor__"]]
        if isinstance(node, dict) and "__dict__" in node:
            return {k: walk(v) for k, v in node["__dict__"]}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(plain)
