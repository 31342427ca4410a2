#!/usr/bin/env python3
"""Replay figures: how long one position of the replay slider takes on a bundled-size model.

    python bench/replay_scrub.py [--model default-en-fr] [--snapshots 12] [--rounds 3]
                                 (offscreen, or under xvfb-run -a)

A run folder is made from the bundled model: its file as last.s2s, and snapshots of its weights
written by the trainer's own SnapshotStore, each with a little noise so that every position
really loads different weights (their size, not their values, sets the cost). Then:
  - engine: reading a snapshot's weights into the model and translating the sentence, first
    reading (from disk) and again (weights already read);
  - app: the Replay tab of the real window, from moving the slider to the heatmap of that
    position painted (request to the worker, weights, translation, reply, redraw).
Medians and maxima in ms; the bar is 150 ms per position.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import write_json  # noqa: E402
from bench.gui_common import wait_until  # noqa: E402

SENTENCE = "I would like to book a table for two people tonight."


def make_run(model: str, count: int, folder: Path) -> Path:
    import shutil

    import torch

    from models.checkpoint import load_checkpoint, resolve_model_path
    from models.snapshots import SnapshotStore

    run = folder / "replay-bench"
    run.mkdir(parents=True)
    shutil.copyfile(resolve_model_path(model), run / "last.s2s")
    bundle = load_checkpoint(run / "last.s2s")
    store = SnapshotStore(run, max_count=count, max_megabytes=1000)
    original = {k: v.clone() for k, v in bundle.model.state_dict().items()}
    generator = torch.Generator().manual_seed(0)
    for n in range(count):
        with torch.no_grad():
            for name, tensor in bundle.model.state_dict().items():
                if tensor.is_floating_point():
                    noise = torch.randn(tensor.shape, generator=generator) * 0.01 * (count - 1 - n) / count
                    tensor.copy_(original[name] + noise)
        store.add(bundle.model, n, (n + 1) * 500, 60.0 * n, n * 0.5, 1.0, 10.0 + n, 20.0 + n)
    return run


def engine_figures(run: Path, rounds: int) -> dict:
    from models.snapshots import RunReplay
    from models.translator import Translator

    replay = RunReplay(run)
    steps = [s.step for s in replay.snapshots()]
    first, again = [], []
    for round_ in range(rounds):
        replay = RunReplay(run) if round_ else replay  # a new replay: nothing read yet
        for times in (first, again):
            for step in steps[: replay.CACHED]:
                start = time.perf_counter()
                Translator(replay.load(step)).translate(SENTENCE)
                times.append(1000 * (time.perf_counter() - start))
    return {
        "engine_first_read_median_ms": round(statistics.median(first), 1),
        "engine_first_read_max_ms": round(max(first), 1),
        "engine_cached_median_ms": round(statistics.median(again), 1),
    }


def app_figures(run: Path, rounds: int) -> dict:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp(prefix="s2s-bench-"))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from app.main_window import MainWindow

    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    wait_until(app, lambda: window.translate_panel.translation is not None, 60)
    panel = window.replay_panel
    window.tabs.setCurrentWidget(panel)
    panel.sentence.setText(SENTENCE)
    panel.open_run(str(run))
    wait_until(app, lambda: panel.shown_step is not None, 60)
    draws = [0]
    panel.attention.canvas.painted.connect(lambda: draws.__setitem__(0, draws[0] + 1))
    times = []
    for round_ in range(rounds):
        order = range(len(panel.snapshots)) if round_ % 2 == 0 else reversed(range(len(panel.snapshots)))
        for index in order:
            if index == panel.slider.value():
                continue
            step, before = panel.snapshots[index].step, draws[0]
            start = time.perf_counter()
            panel.slider.setValue(index)
            ok = wait_until(app, lambda s=step, b=before: panel.shown_step == s and draws[0] > b, 10)
            if ok:
                times.append(1000 * (time.perf_counter() - start))
    window.close()
    return {
        "app_positions": len(times),
        "app_median_ms": round(statistics.median(times), 1),
        "app_p90_ms": round(sorted(times)[int(0.9 * (len(times) - 1))], 1),
        "app_max_ms": round(max(times), 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="default-en-fr")
    parser.add_argument("--snapshots", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb" if os.environ.get("DISPLAY") else "offscreen")
    run = make_run(args.model, args.snapshots, Path(tempfile.mkdtemp(prefix="s2s-replay-")))
    sizes = [p.stat().st_size for p in (run / "snapshots").glob("*.safetensors")]
    figures = {"model": args.model, "snapshots": len(sizes), "snapshot_mb": round(sizes[0] / 2**20, 2)}
    figures.update(engine_figures(run, args.rounds))
    figures.update(app_figures(run, args.rounds))
    figures["bar_ms"] = 150
    print(json.dumps(figures))
    write_json("replay_scrub", figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
