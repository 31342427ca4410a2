"""An attention type is declared once (models/attention_types.py). A toy type declared at run time
is offered by the choices that configurations, the command line and the form read, builds a model
that trains, is explained by the attention-math analysis, and is covered by the generated
equivalence tests of the fast paths, with no other file edited."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from models import attention_types, choices, config
from models.attention_types import AttentionType
from models.checkpoint import load_checkpoint
from models.cli import build_parser
from models.fast import numpy_rnn
from models.inspection.attention_math import attention_math
from models.nn import Seq2Seq
from models.nn.attention import ATTENTION_CLASSES, Attention, DotAttention
from models.nn.family import ModelConfig, model_config
from models.translator import Translator
from tests.conftest import train_toy
from tests.models.test_fast_paths import attention_cases, check_decoder_step, check_encoder_and_start

ROOT = Path(__file__).resolve().parents[2]


class GatedAttention(Attention):
    """A toy: score = vᵀ tanh(q ⊙ W_k·h). It keeps q ⊙ W_k·h and its tanh for backward."""

    def __init__(self, query_size: int, value_size: int):
        super().__init__(query_size, value_size)
        self.key_layer = nn.Linear(value_size, query_size, bias=False)
        self.v = nn.Linear(query_size, 1, bias=False)

    def prepare_keys(self, values: torch.Tensor) -> torch.Tensor:
        return self.key_layer(values)

    def score(self, query: torch.Tensor, keys: torch.Tensor) -> torch.Tensor:
        return self.v(torch.tanh(query.unsqueeze(2) * keys.unsqueeze(1))).squeeze(-1)  # (B, T, S)


def _shape(layer: nn.Linear) -> str:
    return "×".join(str(n) for n in layer.weight.shape)


GATED = AttentionType(
    "gated", "gated (toy)", "score(q, hⱼ) = vᵀ · tanh(q ⊙ W_k·hⱼ)", GatedAttention,
    lambda a: [f"W_k {_shape(a.key_layer)}", f"v {_shape(a.v)}"],
    lambda query_size, value_size: 2 * query_size,
)  # fmt: skip


class CopiedDotAttention(DotAttention):
    """Dot attention as a class of its own (registries match exact classes), declared with dot
    attention's numpy scores."""


COPIED_DOT = AttentionType(
    "copied-dot", "copied dot (toy)", "score(q, hⱼ) = q · kⱼ", CopiedDotAttention,
    lambda a: [] if a.key_projection is None else [f"W_k {_shape(a.key_projection)}"],
    lambda query_size, value_size: 0, numpy_scores=numpy_rnn.dot_scores,
)  # fmt: skip


@pytest.fixture
def gated():
    declared = attention_types.register(GATED)
    yield declared
    attention_types.unregister(GATED.name)


@pytest.fixture
def copied_dot():
    declared = attention_types.register(COPIED_DOT)
    yield declared
    attention_types.unregister(COPIED_DOT.name)


def small(attention: str, **overrides) -> ModelConfig:
    settings = dict(attention=attention, bidirectional=True, embedding_size=16, hidden_size=24, dropout=0.0,
                    src_vocab_size=40, tgt_vocab_size=30)  # fmt: skip
    return model_config(**{**settings, **overrides})


def test_a_declared_type_is_offered_by_the_choices_the_configurations_and_the_command_line(gated):
    assert "gated" in choices.ATTENTION.values() and "gated" in config.ATTENTIONS  # the values read at import
    assert choices.ATTENTION.label("gated") == "gated (toy)"
    assert choices.ATTENTION.choices[-2].value == "gated" and choices.ATTENTION.values()[-1] == "none"
    small("gated").validate()
    assert build_parser().parse_args(["train", "--attention", "gated"]).attention == "gated"
    assert ATTENTION_CLASSES["gated"] is GatedAttention


def test_a_type_no_longer_declared_is_no_longer_offered():
    parser = build_parser()
    attention_types.register(GATED)
    attention_types.unregister("gated")
    assert "gated" not in choices.ATTENTION.values() and "gated" not in ATTENTION_CLASSES
    with pytest.raises(ValueError, match="must be one of"):
        small("gated").validate()
    with pytest.raises(SystemExit):
        parser.parse_args(["train", "--attention", "gated"])


def test_a_name_is_declared_once():
    with pytest.raises(ValueError, match="already declared"):
        attention_types.register(dataclasses.replace(GATED, name="additive"))


@pytest.mark.parametrize("style", ["luong", "input_feeding"])
def test_a_declared_type_builds_a_model_with_its_memory_contract_and_trains_one_step(gated, style):
    torch.manual_seed(0)
    model = Seq2Seq(small("gated", decoder_style=style)).train()
    attention = model.decoder.attention
    assert isinstance(attention, GatedAttention) and attention.energy_width == 2 * 24  # the declared contract
    assert model.decoder.attention_energy_width == (1 if style == "input_feeding" else 3) * 2 * 24
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    src, lengths, tgt = torch.randint(4, 40, (3, 6)), torch.tensor([6, 5, 3]), torch.randint(4, 30, (3, 5))
    before = attention.key_layer.weight.detach().clone()
    out = model(src, lengths, tgt)
    loss = nn.functional.cross_entropy(out.logits.reshape(-1, 30), tgt.reshape(-1))
    loss.backward()
    optimizer.step()
    assert torch.isfinite(loss) and not torch.equal(before, attention.key_layer.weight)
    assert out.attention.shape == (3, 5, 6) and torch.allclose(out.attention.sum(-1), torch.ones(3, 5), atol=1e-5)


def test_a_declared_type_trains_with_the_trainer_and_is_explained_by_the_attention_math(gated, tmp_path):
    result = train_toy(tmp_path, steps=1, attention="gated")  # one optimizer step, saved and loaded
    translator = Translator(load_checkpoint(Path(result.best_path)))
    assert isinstance(translator.model.decoder.attention, GatedAttention)
    translation = translator.translate("the red car", prefix=translator.target_tokenizer.encode("la voiture rouge"))
    math = attention_math(translator, translation)
    assert (math.kind, math.formula) == ("gated", GATED.formula)
    assert math.parameters == ["W_k 64×128", "v 1×64"]  # hidden 64, a bidirectional encoder's 128 values
    steps, real = len(translation.best.pieces), len(translation.source_pieces)
    assert steps >= 3 and math.scores.shape == math.weights.shape == (steps, real)
    shifted = np.exp(math.scores - math.scores.max(axis=-1, keepdims=True))
    assert np.allclose(shifted / shifted.sum(-1, keepdims=True), math.weights, atol=1e-6)
    assert np.allclose(math.weights @ math.values, math.contexts, atol=1e-5)


def test_the_generated_equivalence_tests_cover_a_declared_type_without_numpy_scores(gated):
    assert ("gated", "modules") in attention_cases()  # the decoder step runs its module
    for style in ("luong", "input_feeding"):
        for encoder in ("modules", "fast"):
            check_decoder_step("gated", "modules", "gru", style, encoder)
    check_encoder_and_start("gated", "modules", "lstm", True, 2)


def test_declared_numpy_scores_are_the_fast_path_and_are_tested(copied_dot):
    assert numpy_rnn.ATTENTION_SCORES.builder(CopiedDotAttention) is numpy_rnn.dot_scores
    assert CopiedDotAttention in numpy_rnn.ATTENTION_SCORES.classes()
    assert ("copied-dot", "numpy") in attention_cases()
    for encoder in ("modules", "fast"):
        check_decoder_step("copied-dot", "numpy", "gru", "luong", encoder)  # asserts the fast path ran
    check_encoder_and_start("copied-dot", "numpy", "gru", True, 2)


def test_the_built_in_declarations():
    built_in = [declared.name for declared in attention_types.attention_types()]
    assert built_in == ["additive", "dot", "general", "concat", "none"]  # the form's order, "none" last
    assert list(choices.ATTENTION.values()) == built_in
    for declared in attention_types.attention_types():
        cls = declared.module_class()
        assert (cls is None) == (declared.name == "none")
        assert cls is None or (issubclass(cls, Attention) and ATTENTION_CLASSES[declared.name] is cls)
        assert declared.formula.startswith("score(q, hⱼ) =") or declared.name == "none"
    # Their labels and notes are in the app's catalogue (pyside6-lupdate reads models/attention_types.py).
    ts = ROOT / "resources" / "translations" / "seq2seq_studio_zh_CN.ts"
    translated = {m.findtext("source"): m.findtext("translation") for m in ET.parse(ts).getroot().iter("message")}
    for declared in attention_types.attention_types():
        for text in filter(None, (declared.label, declared.note)):
            assert translated.get(text), text
