"""The model families behind one interface (#23 item 1): every family implements the protocol of
models/nn/interface.py, its configuration is a member of the discriminated union ModelConfig, and
no module outside a family's subpackage (and the registry) asks which family it holds."""

from __future__ import annotations

import dataclasses
import inspect
import re
from pathlib import Path

import pytest

from models.config import from_dict, to_dict
from models.nn import interface
from models.nn.family import FAMILIES, ModelConfig, build_model, model_config, with_family

ROOT = Path(__file__).resolve().parents[2]
# Branching on a family: comparing a family name, naming one as a string, or asking whether a
# model is one family's class.
BRANCHES = re.compile(
    r"""family\s*[!=]=|[!=]=\s*["'](rnn|transformer)["']|["']transformer["']|"""
    r"""isinstance\([^)]*\b(TransformerSeq2Seq|Seq2Seq)\b"""
)
# Where a family may be named: its own subpackage and the registry.
FAMILY_HOMES = ("models/nn/rnn/", "models/nn/transformer/", "models/nn/family.py")
ALLOWED = {
    # The declared choices: the family's value and label (the registry checks it has each one).
    "models/choices.py",
    # The presets name their models' settings; their configuration classes say the family.
    "models/presets.py",
}


def _sources():
    for folder in ("models", "app"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


def test_no_module_outside_a_family_branches_on_a_family():
    found = []
    for name, text in _sources():
        if name.startswith(FAMILY_HOMES) or name in ALLOWED:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            code = line.split("#", 1)[0]
            if BRANCHES.search(code):
                found.append(f"{name}:{number}: {line.strip()}")
    assert not found, "branches on a model family outside its subpackage:\n" + "\n".join(found)


def test_the_scan_sees_a_branch():
    assert BRANCHES.search('if config.family == "transformer":')
    assert BRANCHES.search("decoder = model.decoder if isinstance(model, Seq2Seq) else None")
    assert not BRANCHES.search("if model.has_self_attention:")


@pytest.mark.parametrize("name", list(FAMILIES))
def test_every_family_implements_the_protocol(name):
    family = FAMILIES[name]
    config = model_config(name, src_vocab_size=12, tgt_vocab_size=12)
    assert config.family == name and isinstance(config, family.config_class)
    model = build_model(config)
    assert type(model).family == name
    for member in ("encode", "decode_step", "forward", "project", "training_cells", "layer_states",
                   "attention_calculations", "self_attention_weights", "embedding_table", "num_parameters"):  # fmt: skip
        assert callable(getattr(model, member)), member
    for member in ("single_attention", "has_self_attention"):
        assert isinstance(getattr(type(model), member), bool), member
    for member in ("validate", "architecture", "key_settings", "sized_tensors"):
        assert callable(getattr(config, member)), member
    assert isinstance(family.config_class.teacher_forcing_only, bool)
    # the sized tensors are the model's own names and shapes
    shapes = {key: tuple(value.shape) for key, value in model.state_dict().items()}
    for key, shape in config.sized_tensors().items():
        assert shapes[key] == shape, key
    assert set(inspect.signature(interface.Model.decode_step).parameters) <= set(
        inspect.signature(model.decode_step).parameters) | {"self"}  # fmt: skip


def test_the_model_config_is_a_union_read_back_by_its_family():
    for name in FAMILIES:
        config = model_config(name, hidden_size=32, layers=2)
        assert from_dict(ModelConfig, to_dict(config)) == config


def test_a_stored_config_of_older_files_with_every_field_side_by_side_still_reads():
    flat = {"family": "transformer", "cell": "gru", "layers": 2, "bidirectional": True, "embedding_size": 64,
            "hidden_size": 64, "attention": "additive", "decoder_style": "luong", "dropout": 0.1, "src_vocab_size": 9,
            "tgt_vocab_size": 9, "heads": 4, "ff_size": 128, "decoder_layers": 0, "positions": "sinusoidal",
            "norm": "pre", "shared_embeddings": False}  # fmt: skip
    transformer = from_dict(ModelConfig, flat)
    assert transformer.family == "transformer" and transformer.heads == 4 and transformer.target_layers == 2
    recurrent = from_dict(ModelConfig, {**flat, "family": "rnn"})
    assert recurrent.family == "rnn" and recurrent.embedding_size == 64 and not hasattr(recurrent, "heads")
    oldest = {k: v for k, v in flat.items() if k != "family"}
    assert from_dict(ModelConfig, oldest).family == "rnn"
    with pytest.raises(ValueError, match="family must be one of rnn, transformer"):
        from_dict(ModelConfig, {**flat, "family": "lstm"})


def test_changing_family_keeps_the_fields_both_have():
    rnn = model_config("rnn", hidden_size=48, layers=3, dropout=0.2)
    transformer = with_family(rnn, "transformer", heads=6, cell="lstm")
    assert (transformer.hidden_size, transformer.layers, transformer.dropout, transformer.heads) == (48, 3, 0.2, 6)
    assert not any(f.name == "cell" for f in dataclasses.fields(transformer))
