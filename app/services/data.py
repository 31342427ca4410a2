"""Corpus reading and tokenisation previews off the GUI thread."""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal, Slot

from app.i18n import tr
from app.workers import WorkerThread

PREVIEW_ROWS = 200
TOKENIZER_SAMPLE = 20_000


@dataclass
class CorpusPreview:
    spec: str
    corpus: object  # models.corpus.Corpus, handed to the trainer as it is
    stats: object  # CorpusStats
    rows: list[tuple[str, str]]
    skipped: str


class _Cancelled(Exception):
    pass


class DataWorker(QObject):
    progress = Signal(str, float)
    loaded = Signal(CorpusPreview)
    failed = Signal(str)
    tokenizers_ready = Signal(object)  # models.tokenizer.TokenizerPair: sentencepiece loads after the window

    def __init__(self):
        super().__init__()
        self._stop = threading.Event()
        self._latest_load = ""  # the spec asked for last; set from the GUI thread
        self._current = ""

    def request_stop(self) -> None:
        """Called from the GUI thread on close; generation stops at its next progress report."""
        self._stop.set()

    def mark_latest(self, spec: str) -> None:
        """Called from the GUI thread: a corpus still being read for an older choice gives way."""
        self._latest_load = spec

    def _report(self, done: int, total: int) -> None:
        if self._stop.is_set() or self._latest_load != self._current:
            raise _Cancelled
        self.progress.emit(tr("generating the built-in corpus (first time only)"), done / total)

    @Slot(str)
    def load(self, spec: str) -> None:
        from models.corpus import load_corpus
        from models.errors import StudioError

        self._current = spec
        if self._latest_load != spec:
            return  # superseded while queued
        try:
            self.progress.emit(tr("reading {spec}").format(spec=spec), -1.0)
            corpus = load_corpus(spec, progress=self._report)
            rows = random.Random(0).sample(corpus.train, min(PREVIEW_ROWS, len(corpus.train)))
            self.loaded.emit(CorpusPreview(spec, corpus, corpus.stats(), rows, corpus.skipped.describe()))
        except _Cancelled:
            return
        except StudioError as err:
            self.failed.emit(str(err))
        except Exception as err:  # noqa: BLE001
            self.failed.emit(
                tr("the corpus could not be read: {error_type}: {err}").format(error_type=type(err).__name__, err=err)
            )

    @Slot(object, object)
    def train_tokenizers(self, corpus, config) -> None:
        from models.tokenizer import train_tokenizers

        try:
            self.tokenizers_ready.emit(train_tokenizers(corpus.train[:TOKENIZER_SAMPLE], config))
        except Exception as err:  # noqa: BLE001
            self.failed.emit(tr("the vocabulary could not be trained: {err}").format(err=err))


class DataService(QObject):
    progress = Signal(str, float)
    loaded = Signal(CorpusPreview)
    failed = Signal(str)
    tokenizers_ready = Signal(object)  # TokenizerPair (see DataWorker)
    _load = Signal(str)
    _tokenize = Signal(object, object)  # a Corpus and a TokenizerConfig, engine types loaded in the background

    def __init__(self, parent=None):
        super().__init__(parent)
        worker = DataWorker()
        self._worker = worker
        self._thread = WorkerThread(worker, "data")
        self._load.connect(worker.load)
        self._tokenize.connect(worker.train_tokenizers)
        for name in ("progress", "loaded", "failed", "tokenizers_ready"):
            getattr(worker, name).connect(getattr(self, name))
        self._thread.start()

    def load(self, spec: str) -> None:
        self._worker.mark_latest(spec)
        self._load.emit(spec)

    def preview_tokenizers(self, corpus, config) -> None:
        self._tokenize.emit(corpus, config)

    def shutdown(self, timeout_ms: int = 200) -> None:
        self._thread.stop(timeout_ms)
