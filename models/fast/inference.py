"""Decoding through the fast path where one applies, else through the canonical modules: the one
place where the choice is made.

`inference(model)` gives every decoding method (greedy, beam, sampling, forced prefixes, traces,
batches) the same two calls as the model's own, `encode` and `decode_step`. They run the numpy
snapshots of models/fast/numpy_rnn.py when the registries hold the model's encoder, decoder and
attention classes and the work is fp32 on the CPU without autograd or autocast; otherwise the
modules run, unchanged. Snapshots are rebuilt when a weight changes: pointers and version counters
catch in-place updates, `load_state_dict` and `.to()`. Fused optimizers update weights without
bumping version counters, so every optimizer step, by any optimizer, bumps the counters of the
parameters it stepped (`_bump_stepped_versions`, registered once for all optimizers): no training
path can forget to tell the runners.
"""

from __future__ import annotations

import weakref

import torch
from torch import nn
from torch.optim.optimizer import register_optimizer_step_post_hook

from models.fast.numpy_kernels import single_threaded_blas
from models.fast.numpy_rnn import DECODERS, ENCODERS, STARTS
from models.fast.numpy_transformer import NumpyDecoderState, NumpyTransformerStep
from models.fast.registry import Registry
from models.nn.interface import StepOutput
from models.nn.rnn.decoder import DecoderState, EncoderState
from models.nn.rnn.model import Seq2Seq
from models.nn.transformer.model import TransformerSeq2Seq


def applies(ids: torch.Tensor, floats: torch.Tensor) -> bool:
    """The numpy path takes fp32 CPU work without autograd or autocast; anything else runs the modules.

    `ids` is the input (token ids), `floats` a float tensor the work meets (weights or encoder outputs).
    """
    return (
        ids.device.type == "cpu"
        and floats.dtype == torch.float32
        and not torch.is_grad_enabled()
        and not torch.is_autocast_enabled("cpu")
    )


def _bump_stepped_versions(optimizer: torch.optim.Optimizer, _args, _kwargs) -> None:
    """After any optimizer's step: its parameters' version counters move on, as an in-place update's
    would, so the snapshots built from them are rebuilt at the next sentence."""
    for group in optimizer.param_groups:
        for param in group["params"]:
            torch.autograd.graph.increment_version(param)


# Registered at import: a snapshot can only exist once this module is imported, so no step that
# could make one stale is missed.
register_optimizer_step_post_hook(_bump_stepped_versions)


class WeightSnapshot:
    """A module's fast stand-in from `registry`, rebuilt when its weights change; None when the
    registry has nothing for the module's class."""

    def __init__(self, module: nn.Module, registry: Registry) -> None:
        self._module = weakref.ref(module)
        self._registry = registry
        self._key: tuple | None = None
        self._params: list[torch.Tensor] = []
        self._snapshot = None

    @property
    def built(self):
        """The stand-in last built (None before the first fast call, or when unsupported)."""
        return self._snapshot

    @property
    def supported(self) -> bool:
        return self._registry.builder(self._module()) is not None

    def get(self):
        module = self._module()
        # Parameters are looked up once per rebuild; `.to()` and load_state_dict keep the
        # Parameter objects, so pointers and version counters catch every change to them.
        key = tuple((p.data_ptr(), p._version) for p in self._params)
        if self._key is None or key != self._key:  # None: never built
            single_threaded_blas()
            self._params = list(module.parameters())
            self._snapshot = self._registry.build(module)
            self._key = tuple((p.data_ptr(), p._version) for p in self._params)
        return self._snapshot

    def current(self):
        """The stand-in as `get()` last checked it: each decoding step uses the one its sentence's
        `encode` checked, rather than comparing every weight's pointer and version again (a
        Transformer has sixty tensors)."""
        return self._snapshot if self._key is not None else self.get()


class Inference:
    """A model's `encode` and `decode_step`, on the fast path where it applies."""

    def __init__(self, model: Seq2Seq):
        self._model = weakref.ref(model)  # the model owns its runner (see `inference`), not the reverse
        self.encoder = WeightSnapshot(model.encoder, ENCODERS)
        self.decoder = WeightSnapshot(model.decoder, DECODERS)
        self.start = WeightSnapshot(model, STARTS)

    @property
    def model(self) -> Seq2Seq:
        return self._model()

    def encode(self, src: torch.Tensor, lengths: torch.Tensor) -> tuple[EncoderState, DecoderState]:
        """src (B, S), lengths (B,) -> as Seq2Seq.encode. Unpadded batches only on the fast path."""
        model = self.model
        fast = (
            not model.training
            and applies(src, model.encoder.embedding.weight)
            and bool((lengths == src.size(1)).all())
            and self.encoder.supported
        )
        if not model.training and applies(src, model.encoder.embedding.weight) and self.decoder.supported:
            self.decoder.get()  # checked once per sentence; its steps take it as it is (`current`)
        snapshot = self.encoder.get() if fast else None
        if snapshot is None:
            return model.encode(src, lengths)
        outputs, final_h, final_c = snapshot(src.numpy())
        start = self.start.get()
        if start is not None:
            return start(outputs, final_h, final_c)
        final = model.encoder.merge_directions(torch.from_numpy(final_h))
        if final_c is not None:
            final = (final, model.encoder.merge_directions(torch.from_numpy(final_c)))
        return model.start_decoding(src, lengths, torch.from_numpy(outputs), final)

    def decode_step(self, tokens: torch.Tensor, enc: EncoderState, state: DecoderState) -> StepOutput:
        """tokens (B,) -> as Seq2Seq.decode_step."""
        model = self.model
        fast = not model.training and applies(tokens, enc.outputs) and self.decoder.supported
        snapshot = self.decoder.current() if fast else None
        if snapshot is None:
            return model.decode_step(tokens, enc, state)
        return snapshot(tokens, enc, state)  # its output layer rules out the never-emitted ids


class ModuleInference:
    """The model's own `encode` and `decode_step`: for a model class with no fast path."""

    def __init__(self, model):
        self._model = weakref.ref(model)

    def encode(self, src: torch.Tensor, lengths: torch.Tensor):
        return self._model().encode(src, lengths)

    def decode_step(self, tokens: torch.Tensor, enc, state) -> StepOutput:
        return self._model().decode_step(tokens, enc, state)


class TransformerInference:
    """A Transformer's `encode` and `decode_step` in numpy (its caches in numpy arrays:
    models/fast/numpy_transformer.py) where the fast path applies."""

    def __init__(self, model: TransformerSeq2Seq):
        self._model = weakref.ref(model)
        self.step = WeightSnapshot(model, TRANSFORMER_STEPS)

    @property
    def model(self) -> TransformerSeq2Seq:
        return self._model()

    def encode(self, src: torch.Tensor, lengths: torch.Tensor):
        model = self.model
        weights = model.transformer.source_embedding.weight
        snapshot = self.step.get() if not model.training and applies(src, weights) else None
        return model.encode(src, lengths) if snapshot is None else snapshot.encode(src.numpy(), lengths.cpu().numpy())

    def decode_step(self, tokens: torch.Tensor, enc, state) -> StepOutput:
        if isinstance(state, NumpyDecoderState):  # encode chose the fast path for this sentence
            step, _ = self.step.current()(tokens, state)
            return step
        return self.model.decode_step(tokens, enc, state)


TRANSFORMER_STEPS = Registry("numpy Transformer decoding step")
TRANSFORMER_STEPS.register(TransformerSeq2Seq)(NumpyTransformerStep)
FAST_MODELS = Registry("fast inference")
FAST_MODELS.register(Seq2Seq)(Inference)
FAST_MODELS.register(TransformerSeq2Seq)(TransformerInference)

_runners: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def inference(model) -> Inference | ModuleInference:
    """The model's decoding calls (one runner per model, kept while the model lives): the fast
    path registered for its class, or its own modules."""
    runner = _runners.get(model)
    if runner is None:
        runner = _runners[model] = FAST_MODELS.build(model) or ModuleInference(model)
    return runner
