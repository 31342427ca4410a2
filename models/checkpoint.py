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
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError
from safetensors.torch import load as load_tensors
from safetensors.torch import save as save_tensors

from models.config import ModelConfig, TokenizerConfig, TrainConfig, from_dict, to_dict
from models.errors import CheckpointError
from models.nn import Seq2Seq
from models.tokenizer import Tokenizer, TokenizerPair

FORMAT_NAME = "seq2seq-studio"
FORMAT_VERSION = 1
SUFFIX = ".s2s"
RESOURCES = Path(__file__).resolve().parent.parent / "resources"
DEFAULT_MODEL = RESOURCES / "default-en-fr.s2s"


@dataclass
class ModelBundle:
    """Everything needed to translate with, inspect or keep training a model."""

    model: Seq2Seq
    tokenizers: TokenizerPair
    model_config: ModelConfig
    tokenizer_config: TokenizerConfig
    train_config: TrainConfig | None = None
    corpus: str = ""
    history: dict[str, Any] = field(default_factory=dict)  # "steps": [...], "evaluations": [...]
    name: str = "model"
    path: str | None = None

    def describe(self) -> dict[str, Any]:
        cfg = self.model_config
        return {
            "name": self.name,
            "path": self.path,
            "corpus": self.corpus,
            "architecture": f"{'bi-' if cfg.bidirectional else ''}{cfg.cell.upper()} ×{cfg.layers}, "
            f"attention {cfg.attention}, decoder {cfg.decoder_style}",
            "parameters": self.model.num_parameters(),
            "source_vocabulary": self.tokenizers.source.vocab_size,
            "target_vocabulary": self.tokenizers.target.vocab_size,
            "shared_vocabulary": self.tokenizers.shared,
            "model_config": to_dict(cfg),
            "tokenizer_config": to_dict(self.tokenizer_config),
            "train_config": to_dict(self.train_config) if self.train_config else None,
        }


def save_checkpoint(
    path: str | Path, bundle: ModelBundle, trainer_state: dict | None = None, half: bool = False
) -> Path:
    """Write atomically; `half` stores weights as float16 (a smaller file to ship)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    weights = {k: v.detach().to("cpu").contiguous() for k, v in bundle.model.state_dict().items()}
    if half:
        weights = {k: v.half() if v.is_floating_point() else v for k, v in weights.items()}
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
    }
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as archive:
            archive.writestr("meta.json", json.dumps(meta, indent=1))
            archive.writestr("model.safetensors", save_tensors(weights))
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


def resolve_model_path(spec: str | Path) -> Path:
    """`default`, a `.s2s` file, or a training run folder (its best, else last, model)."""
    if str(spec) == "default":
        if not DEFAULT_MODEL.exists():
            raise CheckpointError(f"the bundled default model is missing ({DEFAULT_MODEL})")
        return DEFAULT_MODEL
    path = Path(spec)
    if path.is_dir():
        for name in ("best" + SUFFIX, "last" + SUFFIX):
            if (path / name).exists():
                return path / name
        raise CheckpointError(f"{path}: this folder holds no saved model (best{SUFFIX} or last{SUFFIX})")
    if not path.exists():
        raise CheckpointError(f"{path}: no such model file or folder")
    return path


def load_checkpoint(spec: str | Path, device: str = "cpu", with_trainer_state: bool = False):
    """Load a model; returns the bundle, or (bundle, trainer_state or None) with_trainer_state."""
    path = resolve_model_path(spec)
    archive = _open_archive(path)
    with archive:
        names = set(archive.namelist())
        _refuse_unsafe(path, names)
        for required in ("meta.json", "model.safetensors", "source.spm"):
            if required not in names:
                raise CheckpointError(f"{path}: not a Seq2Seq Studio model (no {required} inside)")
        try:
            meta = json.loads(archive.read("meta.json"))
            weights = load_tensors(archive.read("model.safetensors"))
            source = Tokenizer(archive.read("source.spm"))
            target = Tokenizer(archive.read("target.spm")) if "target.spm" in names else source
            trainer_state = None
            if with_trainer_state and "trainer.safetensors" in names:
                trainer_state = _join_tensors(
                    load_tensors(archive.read("trainer.safetensors")), json.loads(archive.read("trainer.json"))
                )
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError, SafetensorError) as err:
            raise CheckpointError(f"{path}: the file is corrupt or truncated ({_short(err)})") from None
    if meta.get("format") != FORMAT_NAME:
        raise CheckpointError(f"{path}: not a Seq2Seq Studio model")
    if meta.get("format_version") != FORMAT_VERSION:
        raise CheckpointError(
            f"{path}: model format version {meta.get('format_version')} is not supported "
            f"(this version reads {FORMAT_VERSION})"
        )
    model_config = from_dict(ModelConfig, meta["model_config"])
    try:
        model = Seq2Seq(model_config)
        model.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in weights.items()})
    except (RuntimeError, ValueError, KeyError) as err:
        raise CheckpointError(f"{path}: the weights do not match the saved configuration ({_short(err)})") from None
    model.to(device).eval()
    bundle = ModelBundle(
        model=model,
        tokenizers=TokenizerPair(source, target),
        model_config=model_config,
        tokenizer_config=from_dict(TokenizerConfig, meta.get("tokenizer_config") or {}),
        train_config=from_dict(TrainConfig, meta["train_config"]) if meta.get("train_config") else None,
        corpus=meta.get("corpus", ""),
        history=meta.get("history") or {},
        name=meta.get("name") or path.stem,
        path=str(path),
    )
    return (bundle, trainer_state) if with_trainer_state else bundle


def _open_archive(path: Path) -> zipfile.ZipFile:
    try:
        head = path.read_bytes()[:4]
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
