"""Speed paths, kept apart from the canonical modules of models/nn.

models/nn holds the model's mathematics once, as plain PyTorch modules. This package holds
faster ways to compute the same thing, each built from a module through a registry keyed by the
module's exact class (`registry.Registry`); a class with no entry runs its canonical module, never
a guess. `inference(model)` is the one place that picks the path for decoding. Tests are
generated from the registries, so every registered stand-in is compared with its module.
"""

from models.fast.inference import Inference, inference

__all__ = ["Inference", "inference"]
