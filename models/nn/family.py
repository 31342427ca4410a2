"""The model families, registered once: each a name, a configuration class and a builder.

A family lives in its own subpackage (models/nn/rnn/, models/nn/transformer/) with its
configuration dataclass (config.py, torch-free) and its module (model.py), which implements the
model interface of models/nn/interface.py. `ModelConfig` is the discriminated union of the
families' configurations: `family` names the member, and `models.config.from_dict(ModelConfig,
data)` reads a stored one (older files store every family's fields side by side; the others'
are ignored). Nothing outside a family's subpackage and this registry asks which family a model
or a configuration is: tests/models/test_family_protocol.py scans the sources for it.

The model classes are imported when a model is built, so that a configuration can be read (the
app's form, the command line's help) without loading torch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from models import choices
from models.nn import rnn, transformer
from models.nn.rnn.config import RNNConfig
from models.nn.transformer.config import TransformerConfig

if TYPE_CHECKING:
    from models.nn.interface import Model

ModelConfig = RNNConfig | TransformerConfig  # discriminated by `family`


@dataclass(frozen=True)
class Family:
    name: str  # the value of `family` (choices.FAMILY)
    config_class: type
    model_class: Callable[[], type[Model]]  # the module's class, imported at first use

    def build(self, config: Any) -> Model:
        return self.model_class()(config)


FAMILIES: dict[str, Family] = {
    family.name: family
    for family in (
        Family("rnn", RNNConfig, rnn.model_class),
        Family("transformer", TransformerConfig, transformer.model_class),
    )
}
assert tuple(FAMILIES) == choices.FAMILY.values(), "every family is a choice, and every choice a family"


def family_of(config: Any) -> Family:
    return FAMILIES[config.family]


def build_model(config: ModelConfig) -> Model:
    """The model `config` describes (its family's module, freshly initialised)."""
    return family_of(config).build(config)


def model_config(family: str = "rnn", **values: Any) -> ModelConfig:
    """A configuration of `family` with `values` (a TypeError names a field the family has not)."""
    if family not in FAMILIES:
        raise ValueError(f"family must be one of {', '.join(FAMILIES)}; got {family!r}")
    return FAMILIES[family].config_class(**values)


def with_family(config: ModelConfig, family: str, **values: Any) -> ModelConfig:
    """`config` as a configuration of `family` (the fields both have carried over: sizes, layers,
    dropout, vocabularies), with `values` set where `family` has such a field (the others are
    another family's options, which this one does not use)."""
    target = FAMILIES[family].config_class
    names = {f.name for f in fields(target) if f.init and f.name != "family"}
    kept = {f.name: getattr(config, f.name) for f in fields(config) if f.name in names}
    kept.update({name: value for name, value in values.items() if name in names and value is not None})
    return target(**kept)
