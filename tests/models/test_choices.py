"""Each choice is declared once (models/choices.py); configurations, the command line and the
modules that implement the values all follow the declaration."""

from __future__ import annotations

import dataclasses

import pytest

from models import choices
from models.cli import build_parser
from models.config import TokenizerConfig, TrainConfig
from models.nn.attention import ATTENTION_CLASSES
from models.nn.encoder import RNN_CLASSES
from models.nn.family import FAMILIES, model_config

OPTIONS = [choices.CELL, choices.ATTENTION, choices.DECODER_STYLE, choices.TOKENIZER, choices.LR_SCHEDULE,
           choices.TEACHER_FORCING_SCHEDULE]  # fmt: skip


def test_the_modules_implement_exactly_the_declared_values():
    assert set(RNN_CLASSES) == set(choices.CELL.values())
    assert set(ATTENTION_CLASSES) | {"none"} == set(choices.ATTENTION.values())


@pytest.mark.parametrize("option", OPTIONS, ids=lambda o: o.field)
def test_the_command_line_offers_the_declared_values(option):
    parser = build_parser()
    for value in option.values():
        args = parser.parse_args(["train", option.flag, value])
        assert getattr(args, option.flag.removeprefix("--").replace("-", "_")) == value
    with pytest.raises(SystemExit):
        parser.parse_args(["train", option.flag, "not-a-choice"])


@pytest.mark.parametrize("option", OPTIONS, ids=lambda o: o.field)
def test_configurations_accept_the_declared_values_and_refuse_others(option):
    config_class = {"model_type": TokenizerConfig, "lr_schedule": TrainConfig, "teacher_forcing_schedule": TrainConfig,
                    "family": model_config}.get(option.field)  # fmt: skip
    if config_class is None:  # a model option: the family whose configuration has the field
        config_class = next(f.config_class for f in FAMILIES.values()
                            if option.field in {x.name for x in dataclasses.fields(f.config_class)})  # fmt: skip
    for value in option.values():
        config_class(**{option.field: value}).validate()
    with pytest.raises(ValueError, match="must be one of"):
        config_class(**{option.field: "not-a-choice"}).validate()
