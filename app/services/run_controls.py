"""Pause, resume and stop of a run in a worker, through its engine control (models.training.control):
the worker checks the flags between batches, so each takes effect at the next one."""

from __future__ import annotations


class RunControls:
    """Mixed into a service that keeps the current run's `TrainingControl` in `self.control`."""

    control = None

    def pause(self) -> None:
        if self.control:
            self.control.pause()

    def resume(self) -> None:
        if self.control:
            self.control.resume()

    def stop(self) -> None:
        """Ask the run to stop at its next batch (a training saves first and reports `finished`)."""
        if self.control:
            self.control.cancel()
