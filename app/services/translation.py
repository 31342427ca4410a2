"""Translation off the GUI thread: one latest-request-wins worker (app/services/requests.py)
holding the current model.

A request translates one sentence and, when a view asks, runs one registered analysis on the
translation (models/inspection/registry.py: a typed request in, a typed result out). Views never
add flags here: a new view registers an analysis in the engine and passes its request.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal, Slot

from app.i18n import tr
from app.services.requests import JobContext, JobDone, JobFailed, JobProgress, LatestRequests

LOAD = "load"  # the purpose of model loads: the newest load wins, like any other request


@dataclass(frozen=True)
class TranslationReply:
    id: int
    purpose: str
    translation: object  # models.translator.Translation
    seconds: float  # the translation's own time, without the analysis
    model: str = ""  # the name of the model that made it, so a reply is never taken for another's
    result: object | None = None  # the typed result of the analysis asked for (None when none was)


@dataclass(frozen=True)
class AnalysisProgress:
    purpose: str
    done: int
    total: int


@dataclass(frozen=True)
class Translated:
    """What a translation job answers on the worker's thread (the service adds its id and purpose)."""

    translation: object
    seconds: float
    model: str
    result: object | None


@dataclass
class ModelInfo:
    """What the GUI shows about the loaded model (plain data, detached from the model)."""

    name: str
    path: str | None
    description: dict
    history: dict
    has_attention: bool
    example: str
    corpus: str
    in_training: bool = False
    extra: dict = field(default_factory=dict)
    card: str = ""  # the model card (Markdown) shipped beside a bundled model
    has_self_attention: bool = False  # multi-head attention layers (a Transformer's): their views and signals apply


def model_info(bundle, in_training: bool = False) -> ModelInfo:
    from models.checkpoint import model_card

    train = bundle.train_config
    example = (train.probe_sentence if train else "") or ("Friday, February 15, 2019" if "en-" in bundle.corpus else "")
    return ModelInfo(
        name=bundle.name,
        path=bundle.path,
        description=bundle.describe(),
        history=bundle.history,
        has_attention=bundle.model_config.has_attention,
        example=example,
        corpus=bundle.corpus,
        in_training=in_training,
        card="" if in_training else model_card(bundle.path),
        has_self_attention=bundle.model.has_self_attention,
    )


class _LoadedModel:
    """The translator the jobs use; read and replaced only on the worker's thread."""

    def __init__(self):
        self.translator = None


class TranslationService(QObject):
    """GUI-thread facade: call methods, connect to the signals."""

    translated = Signal(TranslationReply)
    failed = Signal(str, str)  # purpose, message
    progressed = Signal(AnalysisProgress)  # a long analysis on its way
    model_loaded = Signal(ModelInfo)
    model_failed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._loaded = _LoadedModel()
        self._requests = LatestRequests("translation", self)
        self._requests.done.connect(self._on_done)
        self._requests.failed.connect(self._on_failed)
        self._requests.progressed.connect(self._on_progressed)
        self.model: ModelInfo | None = None

    def load_model(self, source) -> None:
        """`source`: a model path/spec, or a ModelBundle snapshot of a model in training."""
        self._requests.submit(LOAD, lambda _context: _load(self._loaded, source))

    def translate(
        self,
        text: str,
        config,
        purpose: str = "main",
        prefix: list[int] | None = None,
        trace: bool = True,
        analysis: object | None = None,
    ) -> int:
        """Translate `text` with `config` (models.config.DecodeConfig); with `analysis` (a request
        registered in models/inspection/registry.py), also run it on the translation. The reply
        comes on `translated` (or `failed`) only if no newer request of `purpose` was made."""
        loaded = self._loaded

        def work(context: JobContext) -> Translated:
            return _translate(loaded, text, config, prefix, trace, analysis, context)

        return self._requests.submit(purpose, work)

    def forget(self, purpose: str) -> None:
        """The replies still to come for `purpose` are not wanted (and its queued requests are skipped)."""
        self._requests.forget(purpose)

    def latest(self, purpose: str) -> int:
        return self._requests.latest(purpose)

    def target_ids(self, pieces: list[str]) -> list[int]:
        translator = self._loaded.translator
        return translator.target_pieces_to_ids(pieces) if translator else []

    @Slot(JobDone)
    def _on_done(self, answer: JobDone) -> None:
        if answer.purpose == LOAD:
            self.model = answer.result
            self.model_loaded.emit(answer.result)
            return
        made: Translated = answer.result
        self.translated.emit(TranslationReply(answer.id, answer.purpose, made.translation, made.seconds, made.model,
                                              made.result))  # fmt: skip

    @Slot(JobFailed)
    def _on_failed(self, answer: JobFailed) -> None:
        if answer.purpose == LOAD:
            self.model_failed.emit(answer.message)
        else:
            self.failed.emit(answer.purpose, answer.message)

    @Slot(JobProgress)
    def _on_progressed(self, answer: JobProgress) -> None:
        self.progressed.emit(AnalysisProgress(answer.purpose, answer.done, answer.total))

    def shutdown(self, timeout_ms: int = 200) -> None:
        self._requests.shutdown(timeout_ms)


def _load(loaded: _LoadedModel, source) -> ModelInfo:
    from models.checkpoint import ModelBundle, load_checkpoint
    from models.errors import StudioError
    from models.translator import Translator

    try:
        in_training = isinstance(source, ModelBundle)
        bundle = source if in_training else load_checkpoint(source)
        loaded.translator = Translator(bundle)
        return model_info(bundle, in_training)
    except StudioError:
        raise
    except Exception as err:  # a message box, never a crash
        message = tr("the model could not be loaded: {error_type}: {err}").format(
            error_type=type(err).__name__, err=err
        )
        raise StudioError(message) from err


def _translate(
    loaded: _LoadedModel, text: str, config, prefix, trace: bool, analysis, context: JobContext
) -> Translated:
    from models.errors import StudioError

    translator = loaded.translator
    if translator is None:
        raise StudioError(tr("no model is loaded yet"))
    start = time.perf_counter()
    translation = translator.translate(text, config, prefix=prefix, trace=trace)
    seconds = time.perf_counter() - start
    result = None
    if analysis is not None:
        from models.inspection.registry import run_analysis

        result = run_analysis(translator, translation, analysis, context.progress, context.cancelled)
    return Translated(translation, seconds, translator.bundle.name, result)
