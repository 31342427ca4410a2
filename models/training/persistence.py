"""A training's run folder as it writes it: the lock and the checks before training, best.s2s and
last.s2s in a safe order, the snapshots, and the repair of best.s2s when a run resumes."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch

from models.checkpoint import SUFFIX, ModelBundle, read_meta, save_checkpoint
from models.config import TrainConfig
from models.errors import CheckpointError, TrainingError
from models.run_folder import RunLock, check_writable, holds_run, remove_orphan_temporaries, why_not_written
from models.snapshots import RunReplay, SnapshotStore, list_snapshots
from models.training.events import CheckpointSaved, TrainingEvent
from models.training.history import EvaluationRecord, RunHistory, RunState

BEST_TOLERANCE = 0.006  # histories keep BLEU to two decimals


class RunFolder:
    """best.s2s and last.s2s (and the snapshots) of the run in `out_dir`."""

    def __init__(self, out_dir: Path, callback: Callable[[TrainingEvent], None]):
        self.out_dir = out_dir
        self.callback = callback
        self.best_path = out_dir / f"best{SUFFIX}"
        self.last_path = out_dir / f"last{SUFFIX}"
        self.saved_last = False  # last.s2s holds this run's state (saved this session, or resumed from)
        self.saved_step = 0  # the step last.s2s holds
        self.snapshots: SnapshotStore | None = None
        self._lock: RunLock | None = None

    # ----------------------------------------------------------------- before training
    def claim(self, resume: bool, overwrite: bool) -> None:
        """Before any preparation: lock the folder (refused, naming the holder, when another
        training writes it), write a test file (a read-only folder or a full disk is found now),
        refuse a folder that holds another run unless told to replace it, and remove temporary
        files that killed saves left."""
        self._lock = RunLock(self.out_dir).acquire()
        check_writable(self.out_dir)
        existing = holds_run(self.out_dir)
        if existing and not resume and not overwrite:
            raise TrainingError(
                f"{self.out_dir} already holds a training run ({existing}); continue it with --resume "
                f"{self.out_dir}, or give a new folder (--out), or replace it on purpose with --overwrite"
            )
        remove_orphan_temporaries(self.out_dir)

    def release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def check_space(self, model: torch.nn.Module, cfg: TrainConfig) -> None:
        """Refuse before training when the folder's disk cannot hold what the run writes: best.s2s
        (weights), last.s2s (weights and Adam's two moments), a temporary copy while either is
        replaced, and the snapshots' budget."""
        weights = 4 * sum(p.numel() for p in model.parameters())
        existing = sum(p.stat().st_size for p in (self.best_path, self.last_path) if p.exists())
        need = weights * (1 + 3 + 3) + (cfg.snapshot_megabytes * 2**20 if cfg.snapshots else 0) - existing
        try:
            free = shutil.disk_usage(self.out_dir).free
        except OSError:
            return
        if free < need:
            raise TrainingError(
                f"{self.out_dir} has {free / 2**20:,.0f} MB free, and this run needs about {need / 2**20:,.0f} MB "
                "(best.s2s, last.s2s and its snapshots); free some space or train into another folder"
            )

    def open(self, cfg: TrainConfig, resume: bool) -> None:
        """Open the snapshot store; a new run in a used folder (only with overwrite) removes the
        old run's models and snapshots."""
        if cfg.snapshots:
            self.snapshots = SnapshotStore(self.out_dir, cfg.snapshots, cfg.snapshot_megabytes)
        if not resume:
            for path in (self.best_path, self.last_path):
                path.unlink(missing_ok=True)
            if self.snapshots is not None:
                self.snapshots.clear()

    def resumed_at(self, step: int) -> None:
        self.saved_last, self.saved_step = True, step

    # ----------------------------------------------------------------- while training
    def save(self, bundle: ModelBundle, is_best: bool, state: RunState, optimizer, scheduler, scaler=None) -> None:
        """best.s2s (when `is_best`) and last.s2s with the trainer's state; every tensor is written
        from the CPU (models/checkpoint.py), so a run trained on a GPU opens on a machine without."""
        trainer_state = {
            "optimizer": optimizer.state_dict(),
            "scheduler": scheduler.state_dict() if scheduler is not None else None,
            "scaler": scaler.state_dict() if scaler is not None else None,  # fp16's gradient scaler
            "run": state.counters(),
            "history": state.history.to_json(),
        }
        # The best model first, then the record of its score (in last.s2s): a kill between the two
        # leaves a best.s2s ahead of the record, which resuming takes as the best (never behind it).
        if is_best:
            self.write(self.best_path, lambda: save_checkpoint(self.best_path, bundle))
        self.write(self.last_path, lambda: save_checkpoint(self.last_path, bundle, trainer_state))
        self.saved_last, self.saved_step = True, state.step
        self.callback(CheckpointSaved(state.step, str(self.last_path), "last"))
        if is_best:
            self.callback(CheckpointSaved(state.step, str(self.best_path), "best"))

    def snapshot(self, model: torch.nn.Module, state: RunState, dev_loss: float, bleu: float, chrf: float) -> None:
        """A half-precision copy of the weights at this evaluation (where the run keeps them)."""
        store = self.snapshots
        if store is None:
            return
        ordinal = len(state.history.evaluations) - 1
        info = self.write(store.folder, lambda: store.add(
            model, ordinal, state.step, state.seconds, state.epoch, dev_loss, bleu, chrf))  # fmt: skip
        self.callback(CheckpointSaved(state.step, str(store.folder / info.file), "snapshot"))

    def write(self, path: Path, save: Callable[[], Any]) -> Any:
        """Run `save`; a full disk or an unwritable folder becomes a sentence with the path."""
        try:
            return save()
        except OSError as err:
            raise TrainingError(f"cannot write {path}: {why_not_written(err)}") from None

    def existing(self, path: Path) -> str | None:
        return str(path) if path.exists() else None

    # ----------------------------------------------------------------- on resume
    def repair_best(self, state: RunState, device: str, note: Callable[[str], None]) -> None:
        """best.s2s must hold the best score the run records. A record ahead of the file (the
        file missing, or older) is repaired from the snapshot of that evaluation, or reported and
        the record set back to the file's; a file ahead of the record (a kill between writing
        best.s2s and last.s2s) is taken as the record."""
        recorded = state.history.best()  # the first of the best
        if recorded is None:
            return
        held = self._best_file_evaluation()
        if held is not None and held.bleu >= recorded.bleu - BEST_TOLERANCE:
            if held.bleu > state.best_bleu + BEST_TOLERANCE:
                state.best_bleu = held.bleu
                note(f"best.s2s (BLEU {held.bleu:.2f}, step {held.step}) is newer than the run's record "
                     "(the run was stopped between its two saves); it is kept as the best")  # fmt: skip
            return
        if self._restore_best(recorded.step, state.history, device):
            note(f"best.s2s did not hold the best score recorded (BLEU {recorded.bleu:.2f} at step "
                 f"{recorded.step}); it was restored from that step's snapshot (half precision)")  # fmt: skip
            return
        state.best_bleu = held.bleu if held is not None else -1.0
        what = "is missing" if held is None else f"holds step {held.step} (BLEU {held.bleu:.2f})"
        note(f"best.s2s {what}, not the best score recorded (BLEU {recorded.bleu:.2f} at step "
             f"{recorded.step}), whose weights were not kept; the next evaluation that does better "
             "replaces it")  # fmt: skip

    def _best_file_evaluation(self) -> EvaluationRecord | None:
        """The evaluation best.s2s was saved at (the last of its history), or None."""
        try:
            meta = read_meta(self.best_path)
        except (CheckpointError, OSError):
            return None
        history = RunHistory.read(meta.get("history") if isinstance(meta.get("history"), dict) else None)
        return history.evaluations[-1] if history.evaluations else None

    def _restore_best(self, step: int, history: RunHistory, device: str) -> bool:
        if not any(info.step == step for info in list_snapshots(self.out_dir)):
            return False
        try:
            bundle = RunReplay(self.out_dir, device).load(step)
        except CheckpointError:
            return False
        bundle.history, bundle.name = history.up_to(step).to_json(), self.out_dir.name or "model"
        self.write(self.best_path, lambda: save_checkpoint(self.best_path, bundle))
        return True
