"""Translation off the GUI thread: a worker holding the current model, fed by queued requests.

Only the latest request of each purpose runs: older ones still queued are skipped, and the
GUI drops any result that is not the latest it asked for, so a stale result never overwrites
a newer one.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal, Slot

from app.i18n import tr
from app.workers import WorkerThread


@dataclass
class TranslationRequest:
    id: int
    purpose: str  # "main", "whatif", ...
    text: str
    config: object  # models.config.DecodeConfig
    prefix: list[int] | None = None
    trace: bool = True
    with_attention_math: bool = False  # also the attention computation along the output
    batch_with: tuple[str, ...] = ()  # other sentences in its batch (their padding shows)
    reference: str = ""  # a reference translation: also teacher forcing against free running
    with_hidden_states: bool = False  # also the encoder's and decoder's states as trajectories
    embeddings_side: str = ""  # "source" or "target": also that side's piece embeddings, projected
    with_self_attention: bool = False  # a Transformer's: also its encoder's and decoder's self-attention


@dataclass
class TranslationReply:
    id: int
    purpose: str
    translation: object  # models.translator.Translation
    seconds: float
    model: str = ""  # the name of the model that made it, so a reply is never taken for another's
    attention_math: list | None = (
        None  # [layer][head] of models.inspection.attention_math.AttentionMath, when asked for
    )
    exposure: object | None = None  # models.inspection.exposure.ExposureComparison, when a reference was given
    hidden_states: list | None = None  # models.inspection.hidden_states.Trajectory: encoder, decoder
    embeddings: object | None = None  # models.inspection.embeddings.EmbeddingMap, when a side was asked for
    self_attention: list | None = None  # models.inspection.self_attention.SelfAttentionMaps per n-best entry


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
    )


class TranslationWorker(QObject):
    translated = Signal(object)  # TranslationReply
    failed = Signal(int, str, str)  # request id, purpose, message
    model_loaded = Signal(object)  # ModelInfo
    model_failed = Signal(str)

    def __init__(self):
        super().__init__()
        self._translator = None
        self._latest: dict[str, int] = {}
        self._lock = threading.Lock()

    def mark_latest(self, purpose: str, request_id: int) -> None:
        """Called from the GUI thread so that older queued requests are skipped."""
        with self._lock:
            self._latest[purpose] = request_id

    def _superseded(self, request: TranslationRequest) -> bool:
        with self._lock:
            return self._latest.get(request.purpose, request.id) != request.id

    @Slot(object)
    def load(self, source) -> None:
        """`source`: a model path/spec, or a ModelBundle snapshot of a model in training."""
        from models.checkpoint import ModelBundle, load_checkpoint
        from models.errors import StudioError
        from models.translator import Translator

        try:
            in_training = isinstance(source, ModelBundle)
            bundle = source if in_training else load_checkpoint(source)
            self._translator = Translator(bundle)
            self.model_loaded.emit(model_info(bundle, in_training))
        except StudioError as err:
            self.model_failed.emit(str(err))
        except Exception as err:  # noqa: BLE001 - a message box, never a crash
            self.model_failed.emit(
                tr("the model could not be loaded: {error_type}: {err}").format(error_type=type(err).__name__, err=err)
            )

    @Slot(object)
    def translate(self, request: TranslationRequest) -> None:
        import time

        from models.errors import StudioError

        if self._superseded(request):
            return
        if self._translator is None:
            self.failed.emit(request.id, request.purpose, "no model is loaded yet")
            return
        try:
            start = time.perf_counter()
            result = self._translator.translate(
                request.text, request.config, prefix=request.prefix, trace=request.trace
            )
            seconds = time.perf_counter() - start
            model = self._translator.bundle.name
            math = None
            if request.with_attention_math:
                from models.inspection.attention_math import attention_math_grid

                others = [self._translator.translate(text, request.config) for text in request.batch_with]
                math = attention_math_grid(self._translator, result, others)
            exposure = None
            if request.reference:
                from models.inspection.exposure import compare_exposure

                exposure = compare_exposure(self._translator, request.text, request.reference)
            trajectories = None
            if request.with_hidden_states:
                from models.inspection.hidden_states import hidden_trajectories

                trajectories = hidden_trajectories(self._translator, result)
            embeddings = None
            if request.embeddings_side:
                from models.inspection.embeddings import embedding_map

                embeddings = embedding_map(self._translator, request.embeddings_side)
            self_attention = None
            if request.with_self_attention and self._translator.model.has_self_attention:
                from models.inspection.self_attention import self_attention_maps

                self_attention = self_attention_maps(self._translator, result)
            reply = TranslationReply(request.id, request.purpose, result, seconds, model, math, exposure, trajectories,
                                     embeddings, self_attention)  # fmt: skip
            self.translated.emit(reply)
        except StudioError as err:  # a sentence for the person (too long, not valid text…)
            self.failed.emit(request.id, request.purpose, str(err))
        except Exception as err:  # noqa: BLE001
            self.failed.emit(request.id, request.purpose, f"{type(err).__name__}: {err}")

    def target_ids(self, pieces: list[str]) -> list[int]:
        return self._translator.target_pieces_to_ids(pieces) if self._translator else []


class TranslationService(QObject):
    """GUI-thread facade: call methods, connect to the signals."""

    translated = Signal(object)
    failed = Signal(str, str)  # purpose, message
    model_loaded = Signal(object)
    model_failed = Signal(str)
    _load_requested = Signal(object)
    _translate_requested = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._worker = TranslationWorker()
        self._thread = WorkerThread(self._worker, "translation")
        self._load_requested.connect(self._worker.load)
        self._translate_requested.connect(self._worker.translate)
        self._worker.translated.connect(self._on_translated)
        self._worker.failed.connect(self._on_failed)
        self._worker.model_loaded.connect(self._on_model_loaded)
        self._worker.model_failed.connect(self.model_failed)
        self._next_id = 0
        self._latest: dict[str, int] = {}
        self.model: ModelInfo | None = None
        self._thread.start()

    def load_model(self, source) -> None:
        self._load_requested.emit(source)

    def translate(
        self,
        text: str,
        config,
        purpose: str = "main",
        prefix: list[int] | None = None,
        trace: bool = True,
        with_attention_math: bool = False,
        batch_with: tuple[str, ...] = (),
        reference: str = "",
        with_hidden_states: bool = False,
        embeddings_side: str = "",
        with_self_attention: bool = False,
    ) -> int:
        self._next_id += 1
        self._latest[purpose] = self._next_id
        self._worker.mark_latest(purpose, self._next_id)
        self._translate_requested.emit(TranslationRequest(self._next_id, purpose, text, config, prefix, trace,
                                                          with_attention_math, tuple(batch_with), reference,
                                                          with_hidden_states, embeddings_side,
                                                          with_self_attention))  # fmt: skip
        return self._next_id

    def forget(self, purpose: str) -> None:
        """The replies still to come for `purpose` are not wanted (and its queued requests are skipped)."""
        self._next_id += 1
        self._latest[purpose] = self._next_id
        self._worker.mark_latest(purpose, self._next_id)

    def latest(self, purpose: str) -> int:
        return self._latest.get(purpose, 0)

    @Slot(object)
    def _on_translated(self, reply: TranslationReply) -> None:
        if reply.id == self._latest.get(reply.purpose):
            self.translated.emit(reply)

    @Slot(int, str, str)
    def _on_failed(self, request_id: int, purpose: str, message: str) -> None:
        if request_id == self._latest.get(purpose):
            self.failed.emit(purpose, message)

    @Slot(object)
    def _on_model_loaded(self, info: ModelInfo) -> None:
        self.model = info
        self.model_loaded.emit(info)

    def shutdown(self, timeout_ms: int = 200) -> None:
        self._worker.mark_latest("main", -1)  # queued requests are skipped
        self._worker.mark_latest("whatif", -1)
        self._thread.stop(timeout_ms)
