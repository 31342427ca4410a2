"""Light snapshots of a run's weights, taken at each evaluation, to replay a sentence through
a run's history.

A run folder holds them beside best.s2s and last.s2s:
    snapshots/index.json             the list (step, time, scores, file) and the thinning stride
    snapshots/step-0001000.safetensors   half-precision weights, nothing else

Tokenizers and configuration never change within a run, so a snapshot is weights only and is
read with the run's last.s2s. Their number and disk use are bounded: when a bound is reached the
stride doubles and every snapshot off the new stride goes, so those kept stay evenly spread
over the run (the first always stays; the newest stays until the next one comes).
"""

from __future__ import annotations

import bisect
import json
import os
import stat
from collections import OrderedDict
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
from safetensors import SafetensorError
from safetensors.torch import load as load_tensors
from safetensors.torch import save as save_tensors

from models.checkpoint import SUFFIX, ModelBundle, check_finite, load_checkpoint, parse_json
from models.errors import CheckpointError
from models.run_folder import remove_orphan_temporaries

FOLDER = "snapshots"
INDEX = "index.json"
INDEX_FORMAT = "seq2seq-studio-snapshots"
MAX_SNAPSHOT_FILE = 1 << 30
MAX_INDEX_FILE = 16 << 20  # ~100,000 entries: far beyond any run's thinned list
NEAREST_NAMED = 3  # steps named on each side of one that has no snapshot


@dataclass
class SnapshotInfo:
    """One snapshot: where in the run it was taken and how the model scored then."""

    ordinal: int  # 0 for the run's first evaluation, 1 for the second, ...
    step: int
    seconds: float  # training time when it was taken
    epoch: float
    dev_loss: float
    bleu: float
    chrf: float
    file: str  # name inside the snapshots folder
    bytes: int


def snapshot_folder(run_dir: str | Path) -> Path:
    return Path(run_dir) / FOLDER


def list_snapshots(run_dir: str | Path) -> list[SnapshotInfo]:
    """The run's snapshots, oldest first; [] when it has none (or an unreadable index)."""
    return _read_index(snapshot_folder(run_dir))[1]


def read_regular_file(path: Path, limit: int) -> bytes:
    """A regular file's bytes (a symlink to one is fine), at most `limit`: a FIFO, a device or a
    socket is refused before it is opened, so a read never blocks or runs without end."""
    info = path.stat()  # FileNotFoundError passes to the caller
    if not stat.S_ISREG(info.st_mode):
        raise CheckpointError(f"{path}: is not a regular file (a pipe, a device or a socket?); refused")
    if info.st_size > limit:
        raise CheckpointError(f"{path}: {info.st_size:,} bytes, more than the {limit:,} it may hold; refused")
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:  # grew while being read
        raise CheckpointError(f"{path}: more than the {limit:,} bytes it may hold; refused")
    return data


def _read_index(folder: Path) -> tuple[int, list[SnapshotInfo]]:
    try:
        data = parse_json(read_regular_file(folder / INDEX, MAX_INDEX_FILE), str(folder / INDEX))
        if data.get("format") != INDEX_FORMAT:
            return 1, []
        entries = [SnapshotInfo(**entry) for entry in data["snapshots"]]
        stride = int(data.get("stride", 1))
    except (OSError, ValueError, TypeError, KeyError, AttributeError, CheckpointError):
        return 1, []
    # A file name from the index is only ever a plain name inside the folder.
    entries = [e for e in entries if Path(e.file).name == e.file and isinstance(e.step, int)]
    return max(1, stride), sorted(entries, key=lambda e: e.step)


class SnapshotStore:
    """Writes a run's snapshots and keeps them within `max_count` files and `max_megabytes`."""

    def __init__(self, run_dir: str | Path, max_count: int = 24, max_megabytes: float = 80.0):
        self.folder = snapshot_folder(run_dir)
        self.max_count = max(2, max_count)
        self.max_bytes = int(max_megabytes * 2**20)
        self.stride, self.entries = _read_index(self.folder)
        # Half-written snapshots of a training that was killed while saving go, as best.s2s's do.
        remove_orphan_temporaries(self.folder)

    def clear(self) -> None:
        """A new run in a folder used before starts without the old run's snapshots."""
        if self.folder.exists():
            remove_orphan_temporaries(self.folder)
            for path in self.folder.glob("step-*.safetensors"):
                path.unlink(missing_ok=True)
            (self.folder / INDEX).unlink(missing_ok=True)
        self.stride, self.entries = 1, []

    def add(self, model: torch.nn.Module, ordinal: int, step: int, seconds: float, epoch: float,
            dev_loss: float, bleu: float, chrf: float) -> SnapshotInfo:  # fmt: skip
        """Save the model's weights in half precision, then thin the snapshots to the bounds."""
        self.folder.mkdir(parents=True, exist_ok=True)
        weights = {
            k: (v.detach().to("cpu").half() if v.is_floating_point() else v.detach().to("cpu")).contiguous()
            for k, v in model.state_dict().items()
        }
        data = save_tensors(weights)
        name = f"step-{step:07d}.safetensors"
        _write_atomically(self.folder / name, data)
        info = SnapshotInfo(ordinal, step, round(seconds, 2), round(epoch, 4), round(dev_loss, 4),
                            round(bleu, 2), round(chrf, 2), name, len(data))  # fmt: skip
        self.entries = [e for e in self.entries if e.step != step] + [info]
        self._thin(newest=info)
        # The new index first, then the thinned files go: a reader of the index never lists a
        # file that is already deleted (one listed just before the index changed may still go).
        self._write_index()
        self._remove_unlisted()
        return info

    def _thin(self, newest: SnapshotInfo) -> None:
        def keep(entry: SnapshotInfo) -> bool:
            return entry is newest or entry.ordinal % self.stride == 0

        self.entries = [e for e in self.entries if keep(e)]
        while (len(self.entries) > self.max_count or sum(e.bytes for e in self.entries) > self.max_bytes) and (
            self.stride <= newest.ordinal
        ):
            self.stride *= 2
            self.entries = [e for e in self.entries if keep(e)]

    def _remove_unlisted(self) -> None:
        kept = {e.file for e in self.entries}
        for path in self.folder.glob("step-*.safetensors"):
            if path.name not in kept:
                path.unlink(missing_ok=True)

    def _write_index(self) -> None:
        data = {"format": INDEX_FORMAT, "version": 1, "stride": self.stride,
                "snapshots": [asdict(e) for e in self.entries]}  # fmt: skip
        _write_atomically(self.folder / INDEX, json.dumps(data, indent=1).encode("utf-8"))


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


class RunReplay:
    """A run's model at any of its snapshots: the run's last.s2s gives the configuration and the
    tokenizers, each snapshot only its weights. One model is kept and its weights are swapped,
    so moving between snapshots costs a file read, not a model build; the last few weight sets
    read are kept in memory, so scrubbing back and forth does not read them again."""

    CACHED = 6

    def __init__(self, run_dir: str | Path, device: str = "cpu"):
        self.run_dir = Path(run_dir)
        base = self.run_dir / f"last{SUFFIX}"
        if not base.exists():
            base = self.run_dir / f"best{SUFFIX}"
        if not self.run_dir.is_dir() or not base.exists():
            raise CheckpointError(f"{self.run_dir}: not a training run folder (no last{SUFFIX} inside)")
        self.bundle = load_checkpoint(base, device=device)
        self.device = device
        self.run_name = self.run_dir.name
        self._shapes = {k: (tuple(v.shape), v.dtype) for k, v in self.bundle.model.state_dict().items()}
        self._cache: OrderedDict[str, dict[str, torch.Tensor]] = OrderedDict()
        self.step: int | None = None

    def snapshots(self) -> list[SnapshotInfo]:
        """Read again each time: a run still training adds (and thins) snapshots as it goes."""
        return list_snapshots(self.run_dir)

    def find(self, step: int) -> SnapshotInfo:
        snapshots = self.snapshots()
        for info in snapshots:
            if info.step == step:
                return info
        raise CheckpointError(f"{self.run_dir}: no snapshot at step {step} ({nearest_steps(snapshots, step)})")

    def load(self, step: int) -> ModelBundle:
        """The run's model with the weights of the snapshot at `step` (the same model object)."""
        info = self.find(step)
        weights = self._cache.get(info.file)
        if weights is None:
            weights = self._read_weights(info)
            self._cache[info.file] = weights
            while len(self._cache) > self.CACHED:
                self._cache.popitem(last=False)
        self._cache.move_to_end(info.file)
        with torch.no_grad():
            self.bundle.model.load_state_dict(weights)
        self.bundle.model.eval()
        self.step = step
        self.bundle.name = f"{self.run_name} @ step {step}"
        return self.bundle

    def _read_weights(self, info: SnapshotInfo) -> dict[str, torch.Tensor]:
        path = snapshot_folder(self.run_dir) / info.file
        try:
            weights = load_tensors(read_regular_file(path, MAX_SNAPSHOT_FILE))
        except FileNotFoundError:
            raise CheckpointError(
                f"the snapshot at step {info.step} is gone (the run thinned its snapshots); choose another"
            ) from None
        except (OSError, SafetensorError, ValueError) as err:
            raise CheckpointError(f"{path}: the snapshot cannot be read ({err})") from None
        if set(weights) != set(self._shapes):
            raise CheckpointError(f"{path}: this snapshot's weights are not those of the run's model")
        out = {}
        for key, tensor in weights.items():
            shape, dtype = self._shapes[key]
            if tuple(tensor.shape) != shape:
                raise CheckpointError(f"{path}: {key} is {tuple(tensor.shape)}, the run's model has {shape}")
            stored = torch.float16 if dtype.is_floating_point else dtype  # what SnapshotStore.add writes
            if tensor.dtype != stored:
                raise CheckpointError(f"{path}: {key} is stored as {tensor.dtype}, a snapshot holds {stored}; refused")
            out[key] = tensor.to(dtype=dtype, device=self.device)
        check_finite(path, out, "the snapshot's weight")
        return out


def nearest_steps(snapshots: list[SnapshotInfo], step: int) -> str:
    """The snapshots' steps nearest `step`, a few on each side, in words."""
    if not snapshots:
        return "the run has no snapshots"
    steps = [s.step for s in snapshots]
    at = bisect.bisect_left(steps, step)
    near = steps[max(0, at - NEAREST_NAMED) : at + NEAREST_NAMED]
    return (f"{len(steps):,} snapshots from step {steps[0]} to {steps[-1]}; the nearest: "
            + ", ".join(map(str, near)))  # fmt: skip


def split_snapshot_spec(spec: str) -> tuple[str, int | None]:
    """`RUN@STEP` names a run's snapshot; anything else is a model as it is. STEP is written in
    the digits 0-9 (other scripts' digits and superscripts are refused with a sentence)."""
    head, sep, tail = spec.rpartition("@")
    if not (sep and Path(head).is_dir()):
        return spec, None
    if tail.isascii() and tail.isdigit():
        return head, int(tail)
    if any(ch.isdigit() or ch.isnumeric() for ch in tail):
        raise CheckpointError(f"{spec}: the step after @ must be written with the digits 0-9, not {tail!r}")
    return spec, None


def load_model(spec: str, snapshot: int | None = None, device: str = "cpu") -> ModelBundle:
    """A model by name, file or run folder; `snapshot` (or `RUN@STEP`) picks a run's snapshot."""
    spec, step = split_snapshot_spec(spec)
    step = snapshot if snapshot is not None else step
    if step is None:
        return load_checkpoint(spec, device=device)
    return RunReplay(spec, device).load(step)
