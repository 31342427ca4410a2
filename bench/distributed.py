#!/usr/bin/env python3
"""Two gloo processes under torchrun against one process, on this machine (#28 item 5;
docs/benchmarks.md, by bench/figures_table.py).

    python bench/distributed.py [--seconds 60] [--preset ref]

Runs the real commands one after the other, each for the same training time on the Tatoeba en→fr
split of ../shared/data/tatoeba-eng-fra (bench/tatoeba_reference.py makes it):

- one process with as many threads as the machine has cores (`seq2seq-studio train --threads N`),
- one process with one thread (what each of the two processes below gets),
- two processes with one thread each (`torchrun --standalone --nproc-per-node 2 --no-python
  seq2seq-studio train …`, gloo, DistributedDataParallel; torchrun sets OMP_NUM_THREADS=1).

The same global batch (the preset's) and seed in each, fp32 (so that `auto`'s calibration cannot
choose differently between runs). Prints JSON with each run's target tokens/s (training steps
alone, and the wall clock of the training loop), steps and world_size from `train --json`, and
the load average before each run; writes bench/out/distributed.json. On 2 cores, 2 processes of
one thread each have no more arithmetic than 1 process of two threads, and add an all-reduce of
every gradient each step: expect no speed-up here. The figure is about the overhead; the gain is
where each process has a GPU or a machine of its own.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import SHARED_TATOEBA, write_json  # noqa: E402

LAUNCHER = Path(sys.executable).parent / "seq2seq-studio"


def train(command: list[str], out: Path, args, threads: int) -> dict:
    """One run of `command` (a train command line without its options); its --json summary and timings."""
    from bench.tatoeba_reference import make_split

    split = make_split()
    options = ["train", "--corpus", str(split / "train.tsv"), "--dev-corpus", str(split / "dev.tsv"),
               "--out", str(out), "--preset", args.preset, "--minutes", str(args.seconds / 60),
               "--eval-every", "1000000", "--precision", "fp32", "--threads", str(threads), "--json", "--quiet"]  # fmt: skip
    load = os.getloadavg()[0]
    start = time.perf_counter()
    env = {**os.environ, "OMP_NUM_THREADS": str(threads)}
    done = subprocess.run(command + options, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        "world_size": summary["world_size"],
        "threads_per_process": threads,
        "steps": summary["steps"],
        "seconds": summary["seconds"],
        "target_tokens_per_s": summary["target_tokens_per_s"],
        "step_tokens_per_s": summary["step_tokens_per_s"],
        "command_seconds": round(time.perf_counter() - start, 1),  # start-up, preparation and last evaluation too
        "load_average_before": round(load, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60.0, help="training time of each run")
    parser.add_argument("--preset", default="ref", choices=("ref", "tiny", "transformer-ref"))
    args = parser.parse_args()
    if not (SHARED_TATOEBA / "eng-fra.tsv").exists():
        print(
            f"cannot run: {SHARED_TATOEBA} is absent (this benchmark needs the shared Tatoeba corpus)", file=sys.stderr
        )
        return 2
    cores = os.cpu_count() or 1
    one = [str(LAUNCHER)] if LAUNCHER.exists() else [sys.executable, "-m", "models.cli"]
    torchrun = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc-per-node", "2"]
    torchrun += ["--no-python", str(LAUNCHER)] if LAUNCHER.exists() else ["-m", "models.cli"]
    runs = []
    with tempfile.TemporaryDirectory() as folder:
        for name, command, threads in ((f"1 process, {cores} threads", one, cores), ("1 process, 1 thread", one, 1),
                                       ("2 processes (torchrun, gloo)", torchrun, 1)):  # fmt: skip
            print(f"{name} ...", file=sys.stderr, flush=True)
            runs.append({"run": name, **train(command, Path(folder) / f"run-{len(runs)}", args, threads)})
    two = runs[-1]
    figures = {
        "preset": args.preset,
        "seconds_each": args.seconds,
        "precision": "fp32",
        "corpus": "Tatoeba en→fr train split (bench/tatoeba_reference.py)",
        "runs": runs,
        # against each one-process run: tokens/s over the training steps
        "two_processes_over": {
            run["run"]: round(two["step_tokens_per_s"] / run["step_tokens_per_s"], 3) for run in runs[:-1]
        },
        "note": f"{cores} cores: two processes of one thread have no more arithmetic than one process of {cores} "
        "threads and all-reduce every gradient each step; no speed-up is expected on this machine",
    }
    write_json("distributed", figures)
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
