"""The training run, coordinated: preparation (preparation.py), the step loop (loop.py), the
evaluations (evaluation.py) and the run folder (persistence.py). Knows nothing about user
interfaces: it reports plain events through a callback and honours a TrainingControl
(pause/resume/cancel) once per batch. Under torchrun one Trainer runs in each process, given its
place (distributed.py): rank 0 alone evaluates and writes the run folder, the others train their
shares and wait for it."""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from models.checkpoint import ModelBundle
from models.config import TokenizerConfig, TrainConfig
from models.corpus import Corpus
from models.corpus.readers import SkipReport
from models.errors import CheckpointError, TrainingError
from models.nn import family
from models.nn.family import ModelConfig
from models.training import evaluation
from models.training.control import TrainingControl
from models.training.distributed import SINGLE_PROCESS, Distributed
from models.training.evaluation import Evaluator
from models.training.events import Failed, Finished, Phase, TrainingEvent
from models.training.history import RunState
from models.training.loop import StepLoop
from models.training.persistence import RunFolder
from models.training.precision import PrecisionChoice
from models.training.preparation import CancelledBeforeTraining, Preparation, Prepared, RunSetup
from models.training.summary import TrainingSummary

Callback = Callable[[TrainingEvent], None]


@dataclass
class TrainResult:
    summary: TrainingSummary
    best_path: str | None
    last_path: str | None
    cancelled: bool = False
    failed: str | None = None


class Trainer:
    """Train a model on a corpus into `out_dir` (best.s2s and last.s2s)."""

    def __init__(
        self,
        out_dir: str | Path,
        corpus: str | Corpus,
        model_config: ModelConfig | None = None,
        tokenizer_config: TokenizerConfig | None = None,
        train_config: TrainConfig | None = None,
        callback: Callback | None = None,
        control: TrainingControl | None = None,
        dev_corpus: str | None = None,
        resume: bool = False,
        overwrite: bool = True,
        processes: Distributed = SINGLE_PROCESS,
    ):
        """`overwrite=False` refuses a folder that already holds a run (unless resuming it): the
        command line and the app pass False; True keeps the library's old behaviour, where a new
        run replaces the one in its folder. `processes`: this process's place when several train
        the run (distributed.session)."""
        self.out_dir = Path(out_dir)
        self.processes = processes
        self.setup = RunSetup(
            corpus_spec=corpus if isinstance(corpus, str) else corpus.name,
            corpus=corpus if isinstance(corpus, Corpus) else None,
            dev_corpus=dev_corpus,
            model_config=model_config or family.model_config(),
            tokenizer_config=tokenizer_config or TokenizerConfig(),
            train_config=train_config or TrainConfig(),
            resume=resume,
        )
        self.callback: Callback = callback or (lambda event: None)
        self.control = control or TrainingControl()
        self.overwrite = overwrite
        self.state = RunState()
        self.skipped = SkipReport()
        self.notes: list[str] = []  # what the user must know about this session (shown once)
        self.folder = RunFolder(self.out_dir, self.callback)
        self.preparation = Preparation(self.setup, self.folder, self.callback, self.control, self.skipped, self._note,
                                       processes)  # fmt: skip
        self.prepared: Prepared | None = None  # once preparation is done
        self.loop: StepLoop | None = None
        self.evaluator: Evaluator | None = None

    # ----------------------------------------------------------------- what tests, the app and benchmarks read
    @property
    def train_config(self) -> TrainConfig:
        return self.setup.train_config

    @property
    def model_config(self) -> ModelConfig:
        return self.setup.model_config

    @property
    def best_path(self) -> Path:
        return self.folder.best_path

    @property
    def last_path(self) -> Path:
        return self.folder.last_path

    @property
    def model(self):
        return self._prepared.model

    @property
    def tokenizers(self):
        return self._prepared.tokenizers

    @property
    def optimizer(self):
        return self._prepared.optimizer

    @property
    def train_examples(self) -> list:
        return self._prepared.train_examples

    @property
    def dev_pairs(self) -> list[tuple[str, str]]:
        return self._prepared.dev_pairs

    @property
    def precision(self) -> PrecisionChoice | None:
        """fp32 or bf16, chosen when the loop starts (None before)."""
        return None if self.loop is None else self.loop.precision

    @property
    def _prepared(self) -> Prepared:
        if self.prepared is None:
            raise TrainingError("the run is not prepared yet")
        return self.prepared

    # ----------------------------------------------------------------- the run
    def run(self) -> TrainResult:
        try:
            self.processes.from_main(lambda: self.folder.claim(self.setup.resume, self.overwrite))
            self._prepare()
            # The corpus, its encoded pairs and the libraries make a full cyclic garbage
            # collection long, and no thread runs during it (the app's window froze then).
            # Objects alive now stay for the whole run: keep them out of collections until it ends.
            gc.freeze()
            return self._train()
        except CancelledBeforeTraining:
            summary = self._summary("cancelled before training began", 0, self.state.seconds)
            self.callback(Finished(summary, cancelled=True))
            return TrainResult(
                summary, self.folder.existing(self.best_path), self.folder.existing(self.last_path), True
            )
        except (TrainingError, CheckpointError) as err:  # a model that cannot be saved (NaN weights, say)
            return self._fail(str(err))
        except MemoryError:
            return self._fail("ran out of memory; try a smaller batch size or model")
        except RuntimeError as err:
            if "out of memory" in str(err).lower():
                return self._fail("ran out of memory; try a smaller batch size or model")
            raise
        finally:
            gc.unfreeze()
            self.folder.release()

    def _prepare(self) -> None:
        self.prepared = self.preparation.run()
        self.state = self.prepared.state
        self.loop = StepLoop(self.prepared, self.train_config, self.callback, self.processes)
        self.evaluator = Evaluator(self.prepared, self.train_config.device, self.control)

    def _train(self) -> TrainResult:
        assert self.loop is not None
        end = self.loop.run(self.control, self._evaluate_and_save)
        st = self.state

        def keep() -> None:
            if end.cancelled and st.step > end.start_step:  # stop fast: keep the weights as they are, unscored
                self._save(self.bundle(), is_best=not self.best_path.exists())
            elif end.cancelled:
                pass  # stopped before its first step: nothing new to keep, and no untrained model is saved
            elif st.step != end.last_eval_step or not self.best_path.exists():
                self._score_and_save()

        self.processes.from_main(keep)  # the other processes wait for rank 0's last save
        summary = self._summary(end.stop_reason, st.target_tokens, end.start_seconds)
        self.callback(Finished(summary, cancelled=end.cancelled))
        return TrainResult(summary, self.folder.existing(self.best_path), self.folder.existing(self.last_path),
                           end.cancelled)  # fmt: skip

    def _evaluate_and_save(self) -> bool:
        """Score the dev set, save last (and best); True when early stopping says stop. Under DDP
        rank 0 does it, and every process steps a plateau schedule with its dev loss."""
        assert self.prepared is not None
        dev_loss, stop = self.processes.from_main(self._score_and_save)
        scheduler = self.prepared.scheduler
        if not self.processes.is_main and scheduler is not None and self.train_config.lr_schedule == "plateau":
            scheduler.step(dev_loss)
        return stop

    def _score_and_save(self) -> tuple[float, bool]:
        """The evaluation itself (rank 0's): returns the dev loss and whether early stopping says stop."""
        assert self.evaluator is not None and self.prepared is not None
        cfg, st = self.train_config, self.state
        scores = self.evaluator.evaluate(self.bundle())
        scheduler = self.prepared.scheduler
        if scheduler is not None and cfg.lr_schedule == "plateau":
            scheduler.step(scores.dev_loss)
        is_best = evaluation.record(st, scores, self.best_path.exists())
        self.callback(scores.event(st, is_best))
        self._save(self.bundle(), is_best)
        self.folder.snapshot(self.model, st, scores.dev_loss, scores.bleu, scores.chrf)
        patience = cfg.early_stopping_patience
        return scores.dev_loss, patience is not None and st.bad_evaluations >= patience

    def _save(self, bundle: ModelBundle, is_best: bool) -> None:
        self.folder.save(bundle, is_best, self.state, self.optimizer, self.prepared.scheduler if self.prepared else None,
                         None if self.loop is None else self.loop.scaler)  # fmt: skip

    def bundle(self) -> ModelBundle:
        """The model as it is now (not copied), with its tokenizers, configs and history."""
        return ModelBundle(
            model=self.model, tokenizers=self.tokenizers, model_config=self.model_config,
            tokenizer_config=self.setup.tokenizer_config, train_config=self.train_config,
            corpus=self.setup.corpus_spec, history=self.state.history.to_json(), name=self.out_dir.name or "model",
        )  # fmt: skip

    def _note(self, text: str) -> None:
        self.notes.append(text)
        self.callback(Phase("note: " + text))

    def _fail(self, message: str) -> TrainResult:
        """Stop with one sentence, saying what was kept and which of the session's work was not."""
        folder = self.folder
        good = str(self.last_path) if folder.saved_last and self.last_path.exists() else None
        if good:
            message = message.rstrip(".") + f". The last good checkpoint is kept: {good} (step {folder.saved_step})"
            lost = self.state.step - folder.saved_step
            if lost > 0:
                message += f"; the {lost} step{'s' if lost > 1 else ''} trained after it {'are' if lost > 1 else 'is'} not saved"
            message += "."
        self.callback(Failed(message, good))
        return TrainResult(self._summary(), folder.existing(self.best_path), good, failed=message)

    def _summary(self, stop_reason: str = "", session_tokens: int = 0, start_seconds: float = 0.0) -> TrainingSummary:
        st = self.state
        best = st.history.best()
        session_seconds = st.seconds - start_seconds
        step_seconds = 0.0 if self.loop is None else self.loop.step_seconds
        model = self.preparation.model
        return TrainingSummary(
            steps=st.step,
            epochs=round(st.epoch, 4),
            seconds=round(st.seconds, 1),
            target_tokens_per_s=round(session_tokens / session_seconds, 1) if session_seconds > 0 else 0.0,
            # over the training steps alone, evaluations and checkpoint saves left out (as JoeyNMT logs it)
            step_tokens_per_s=round(session_tokens / step_seconds, 1) if step_seconds > 0 else 0.0,
            dev_bleu=None if best is None else best.bleu,
            dev_chrf=None if best is None else best.chrf,
            dev_exact_match=None if best is None else best.exact_match,
            model=self.folder.existing(self.best_path),
            last=self.folder.existing(self.last_path),
            stopped=stop_reason,
            warning="; ".join(filter(None, [self.preparation.warning, *self.notes])),
            resumed_changes=dict(self.preparation.resumed_changes),
            skipped=dict(self.skipped.counts),
            parameters=None if model is None else model.num_parameters(),
            model_config=self.model_config,
            precision=self.precision,
            world_size=self.processes.world_size,
        )
