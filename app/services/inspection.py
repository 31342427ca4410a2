"""Replay, comparison and run curves off the GUI thread: one worker that keeps the models it
was asked for (a run's replay model, the two compared models) and answers with plain data.

As for translation, only the latest request of each purpose runs (app/services/requests.py): older
ones still queued are skipped, and the GUI ignores a reply that is not the latest it asked for.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal, Slot

from app.services.requests import JobDone, JobFailed, LatestRequests


@dataclass(frozen=True)
class ReplayReply:
    id: int
    run_dir: str
    step: int
    translation: object  # models.translator.Translation
    snapshots: list  # list[models.snapshots.SnapshotInfo], as the run has them now
    seconds: float


@dataclass(frozen=True)
class CompareReply:
    id: int
    comparison: object  # models.compare.Comparison
    seconds: float


@dataclass(frozen=True)
class LengthReply:
    """BLEU by source length of two models on one corpus (the Compare tab's chart)."""

    id: int
    corpus: str
    names: tuple[str, str]
    buckets: tuple[list, list]  # list[models.metrics.LengthBucket] of A, of B
    bleu: tuple[float, float]  # over the whole corpus
    sentences: int


@dataclass(frozen=True)
class RunsReply:
    id: int
    purpose: str
    runs: list  # list[models.runs.RunCurves]
    problems: list[str]  # one sentence per run that could not be read


def run_settings(run_dir: str) -> str:
    """What tells runs apart at a glance, for the Runs legend: a recurrent run's cell, size, attention
    and decoder; a Transformer's layers, heads and width (not the recurrent fields it does not use);
    then batch and learning rate. '' if the run's configuration cannot be read."""
    from pathlib import Path

    from models.checkpoint import SUFFIX, read_meta
    from models.config import TrainConfig, from_dict
    from models.errors import StudioError
    from models.nn.family import ModelConfig
    from models.runs import key_settings

    run = Path(run_dir)
    model_file = next((run / n for n in (f"last{SUFFIX}", f"best{SUFFIX}") if (run / n).exists()), None)
    try:
        meta = read_meta(model_file) if model_file is not None else {}
        model = from_dict(ModelConfig, meta["model_config"])
        train = from_dict(TrainConfig, meta["train_config"]) if isinstance(meta.get("train_config"), dict) else None
    except (KeyError, TypeError, ValueError, OSError, StudioError):
        return ""
    return key_settings(model, train)


class _LoadedModels:
    """The models the inspection jobs keep (a run's replay, the compared ones); used only on the
    worker's thread."""

    def __init__(self):
        self.replays: dict[str, object] = {}  # run folder -> RunReplay
        self.translators: dict[str, tuple] = {}  # spec -> (file time, Translator)

    def replay(self, run_dir: str):
        from models.snapshots import RunReplay

        replay = self.replays.get(run_dir)
        if replay is None:
            replay = RunReplay(run_dir)
            self.replays = {run_dir: replay}  # one run at a time: its model stays loaded
        return replay

    def translator(self, spec: str):
        """A model by spec, loaded once and again only when its file changed (a run still training)."""
        from models.checkpoint import resolve_model_path
        from models.snapshots import load_model, split_snapshot_spec
        from models.translator import Translator

        base, step = split_snapshot_spec(spec)
        stamp = None if step is not None else resolve_model_path(base).stat().st_mtime
        cached = self.translators.get(spec)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        translator = Translator(load_model(spec))
        self.translators[spec] = (stamp, translator)
        while len(self.translators) > 4:
            self.translators.pop(next(iter(self.translators)))
        return translator


class InspectionService(QObject):
    """GUI-thread facade: replay, comparison and run curves, each a job of the one
    latest-request-wins worker (app/services/requests.py), answered with typed replies."""

    replayed = Signal(ReplayReply)
    compared = Signal(CompareReply)
    measured_by_length = Signal(LengthReply)
    runs_read = Signal(RunsReply)
    failed = Signal(str, str)  # purpose, message

    def __init__(self, parent=None):
        super().__init__(parent)
        self._models = _LoadedModels()
        self._requests = LatestRequests("inspection", self)
        self._requests.done.connect(self._on_done)
        self._requests.failed.connect(self._on_failed)

    def replay(self, run_dir: str, step: int, text: str, config) -> int:
        models = self._models

        def work(_context) -> ReplayReply:
            from models.translator import Translator

            start = time.perf_counter()
            replay = models.replay(run_dir)
            translation = Translator(replay.load(step)).translate(text, config, trace=False)
            return ReplayReply(0, run_dir, step, translation, replay.snapshots(), time.perf_counter() - start)

        return self._requests.submit("replay", work)

    def compare(self, model_a: str, model_b: str, text: str, config) -> int:
        models = self._models

        def work(_context) -> CompareReply:
            from models.compare import compare

            start = time.perf_counter()
            a, b = models.translator(model_a), models.translator(model_b)
            names = (a.bundle.name, b.bundle.name)
            if names[0] == names[1]:
                names = (f"{names[0]} (A)", f"{names[1]} (B)")
            return CompareReply(0, compare(a, b, text, config, names), time.perf_counter() - start)

        return self._requests.submit("compare", work)

    def bleu_by_length(self, model_a: str, model_b: str, corpus: str, config, limit: int) -> int:
        """Both models translate the corpus's first `limit` pairs (a built-in corpus's test split, or
        a file's pairs); BLEU by source length of each."""
        models = self._models

        def work(context) -> LengthReply:
            from models.corpus.dataset import load_pairs_for_evaluation
            from models.errors import WorkCancelled
            from models.metrics import bleu_by_length, bleu_tokenizer, score_translations

            pairs = load_pairs_for_evaluation(corpus)[:limit]
            sources, references = [s for s, _ in pairs], [t for _, t in pairs]
            tokenize = bleu_tokenizer(references)
            chunk, buckets, bleus, names = 64, [], [], []
            for side, spec in enumerate((model_a, model_b)):
                translator = models.translator(spec)
                names.append(translator.bundle.name)
                hypotheses: list[str] = []
                for start in range(0, len(sources), chunk):
                    if context.cancelled():
                        raise WorkCancelled
                    context.progress(side * len(sources) + start, 2 * len(sources))
                    hypotheses += translator.translate_batch(sources[start : start + chunk], config)
                buckets.append(bleu_by_length(sources, hypotheses, references, tokenize))
                bleus.append(score_translations(hypotheses, references, tokenize)["bleu"])
            if names[0] == names[1]:
                names = [f"{names[0]} (A)", f"{names[1]} (B)"]
            return LengthReply(0, corpus, tuple(names), tuple(buckets), tuple(bleus), len(pairs))

        return self._requests.submit("compare-length", work)

    def read_runs(self, run_dirs: list[str], purpose: str = "runs") -> int:
        run_dirs = list(run_dirs)

        def work(_context) -> RunsReply:
            from models.errors import StudioError
            from models.runs import read_run

            runs, problems = [], []
            for run_dir in run_dirs:
                try:
                    curves = read_run(run_dir)
                    curves.settings = run_settings(run_dir) or curves.settings
                    runs.append(curves)
                except StudioError as err:
                    problems.append(str(err))
            return RunsReply(0, purpose, runs, problems)

        return self._requests.submit(purpose, work)

    # The jobs answer without knowing their id; the reply carries the one the job was given.
    @Slot(JobDone)
    def _on_done(self, answer: JobDone) -> None:
        reply = dataclasses.replace(answer.result, id=answer.id)
        if isinstance(reply, ReplayReply):
            self.replayed.emit(reply)
        elif isinstance(reply, CompareReply):
            self.compared.emit(reply)
        elif isinstance(reply, LengthReply):
            self.measured_by_length.emit(reply)
        elif isinstance(reply, RunsReply):
            self.runs_read.emit(reply)

    @Slot(JobFailed)
    def _on_failed(self, answer: JobFailed) -> None:
        self.failed.emit(answer.purpose, answer.message)

    def shutdown(self, timeout_ms: int = 200) -> None:
        self._requests.shutdown(timeout_ms)
