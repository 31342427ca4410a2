"""Errors the engine raises for a person to read: one clear sentence each."""


class StudioError(Exception):
    """Base class: the message is meant for the user as it is."""


class CorpusError(StudioError):
    """A corpus file or spec that cannot be used."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        where = ""
        if path is not None:
            where = f"{path}" + (f", line {line}" if line is not None else "") + ": "
        super().__init__(where + message)
        self.path = path
        self.line = line


class CheckpointError(StudioError):
    """A model file that is missing, corrupt, unsafe or of another format version."""


class TrainingError(StudioError):
    """Training stopped for a reason the user must know (NaN loss, out of memory, ...)."""


class InputError(StudioError):
    """Text to translate that cannot be translated as it is (too long, not valid text)."""


class WorkCancelled(Exception):
    """Work stopped because whoever asked for it no longer wants it (not an error to show)."""
