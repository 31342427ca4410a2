"""Keeping a training run folder while a training writes it: a lock that names its holder, a
test write before training starts, and the removal of temporary files that killed processes left.

Reading a run folder (translating with its model, replaying its snapshots, drawing its curves,
models/runs.py) never takes the lock: it is allowed while a training writes the folder.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from models.checkpoint import SUFFIX, _process_alive
from models.errors import TrainingError

LOCK_FILE = ".training.lock"  # holds the pid of the training writing the folder
WRITE_TEST_BYTES = 1 << 20  # written (and removed) before training starts


def holds_run(run_dir: str | Path) -> str | None:
    """What shows that `run_dir` already holds a training run (a file name), or None."""
    run = Path(run_dir)
    for name in (f"last{SUFFIX}", f"best{SUFFIX}", "snapshots/index.json"):
        if (run / name).exists():
            return name
    return None


def why_not_written(err: OSError) -> str:
    """An OSError from writing, as the few words a person needs."""
    reasons = {
        errno.ENOSPC: "no space is left on the device",
        errno.EDQUOT: "the disk quota is used up",
        errno.EROFS: "the file system is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EFBIG: "the file is too large for the file system",
    }
    return reasons.get(err.errno, err.strerror or str(err))


def check_writable(run_dir: str | Path, size: int = WRITE_TEST_BYTES) -> None:
    """Write (and remove) a test file in `run_dir`, so that a read-only folder or a full disk is
    found before any preparation: TrainingError with the folder and the reason otherwise."""
    run = Path(run_dir)
    probe = run / f".write-test.tmp{os.getpid()}"
    try:
        run.mkdir(parents=True, exist_ok=True)
        with open(probe, "wb") as handle:
            handle.write(bytes(size))
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as err:
        raise TrainingError(
            f"{run} cannot be written ({why_not_written(err)}); training needs a folder it can write its models "
            "into, so nothing was started"
        ) from None
    finally:
        try:
            probe.unlink(missing_ok=True)
        except OSError:
            pass


def remove_orphan_temporaries(folder: str | Path) -> list[Path]:
    """Delete the temporary files (`.NAME.tmpPID`) that saves of processes no longer alive left
    behind (a kill while saving); returns those removed."""
    removed = []
    folder = Path(folder)
    if not folder.is_dir():
        return removed
    for tmp in folder.glob(".*.tmp*"):
        pid = tmp.name.rsplit(".tmp", 1)[-1]
        if pid.isdigit() and int(pid) != os.getpid() and not _process_alive(int(pid)):
            try:
                tmp.unlink(missing_ok=True)
                removed.append(tmp)
            except OSError:
                pass
    return removed


class RunLock:
    """An OS lock on a run folder's lock file (flock), held while a training writes the folder.

    The lock belongs to the open file: the system releases it when the process ends, however it
    ends, so a crash leaves no stale lock. The holder writes its pid into the file so that a
    second training is refused with a sentence naming it.
    """

    def __init__(self, run_dir: str | Path):
        self.run_dir = Path(run_dir)
        self.path = self.run_dir / LOCK_FILE
        self._fd: int | None = None

    def acquire(self) -> RunLock:
        try:
            self.run_dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as err:
            raise TrainingError(
                f"{self.run_dir} cannot be written ({why_not_written(err)}); training needs a folder it can write "
                "its models into, so nothing was started"
            ) from None
        if not _try_lock(fd):
            holder = _read_pid(fd)
            os.close(fd)
            who = "this program" if holder == os.getpid() else f"process {holder}" if holder else "another process"
            raise TrainingError(
                f"{self.run_dir} is being written by another training ({who}); wait until it ends, or train into "
                "another folder (translating with its models and replaying its snapshots work meanwhile)"
            )
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        except OSError:
            pass  # the lock holds without the pid; only the refusal's sentence is vaguer
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            try:
                os.ftruncate(fd, 0)
            except OSError:
                pass
            _unlock(fd)
            os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def locked_by(run_dir: str | Path) -> int | None:
    """The pid of the training writing `run_dir` now, or None (0 when it cannot be told)."""
    path = Path(run_dir) / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        if _try_lock(fd, shared=True):
            _unlock(fd)
            return None
        return _read_pid(fd) or 0
    finally:
        os.close(fd)


def _read_pid(fd: int) -> int | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 32).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


try:
    import fcntl

    def _try_lock(fd: int, shared: bool = False) -> bool:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError as err:
            if err.errno in (errno.EAGAIN, errno.EACCES):
                return False
            raise
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

except ImportError:  # Windows: a lock on the file's first byte, also released when the process ends
    import msvcrt

    def _try_lock(fd: int, shared: bool = False) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
