#!/usr/bin/env python3
"""From launch to a window, as a person waits for it: each figure counts from process start.

    python bench/launch_time.py [--runs 5] [--compare REV] [--model default]
    xvfb-run -a python bench/launch_time.py --compare HEAD~1   (a real X server: the window is mapped)

Every run is a fresh Python process started as `python -m app` is (the interpreter, Qt, the app's
imports included) with settings of its own. Printed per build, as medians over the runs:
the window's first paint, whether PyTorch was imported by then, the bundled model loaded, and
the first translation shown. With --compare REV, the same is measured side by side on that
revision of the repository (checked out with `git worktree` into a temporary folder).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The child: the same start as `python -m app` (app.main.main), with a probe on the application.
CHILD = r"""
import json, sys, time
T0 = float(sys.argv[1])
sys.path.insert(0, sys.argv[2])
from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[3])
app = QApplication(sys.argv[:1])
marks = {}

class Probe(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "paint" not in marks and isinstance(obj.window(), QMainWindow):
            marks["paint"] = time.time() - T0
            marks["torch_at_paint"] = "torch" in sys.modules
        return False

probe = Probe()
app.installEventFilter(probe)

def poll():
    windows = [w for w in app.topLevelWidgets() if isinstance(w, QMainWindow)]
    if not windows:
        return
    window = windows[0]
    if "loaded" not in marks and getattr(window, "translation", None) is not None and window.translation.model:
        marks["loaded"] = time.time() - T0
    panel = getattr(window, "translate_panel", None)
    if panel is not None and panel.translation is not None and "translated" not in marks:
        marks["translated"] = time.time() - T0
        print(json.dumps(marks), flush=True)
        window.close()

timer = QTimer()
timer.timeout.connect(poll)
timer.start(5)
QTimer.singleShot(60_000, app.quit)
from app.main import main
main(model=sys.argv[4] or None)
"""


def one_run(repo: Path, model: str) -> dict:
    settings = tempfile.mkdtemp(prefix="s2s-launch-")
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "xcb" if env.get("DISPLAY") else "offscreen")
    try:
        start = time.time()
        out = subprocess.run(
            [sys.executable, "-c", CHILD, repr(start), str(repo), settings, model],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        shutil.rmtree(settings, ignore_errors=True)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"no figures from {repo}: {out.stderr[-2000:]}")
    return json.loads(lines[-1])


def show(name: str, f: dict, runs: int) -> None:
    print(
        f"{name:>14}: first paint {f['paint']:.2f} s (runs {f['paints']}), torch imported by then in "
        f"{f['torch_at_paint']}/{runs}; model loaded {f['loaded']:.2f} s; first translation {f['translated']:.2f} s"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--compare", default="", help="a git revision measured side by side (e.g. HEAD~1)")
    parser.add_argument("--model", default="", help="the model to open (the bundled default if empty)")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, platform {os.environ.get('QT_QPA_PLATFORM') or 'auto'}; medians of {args.runs}")
    builds = [("this tree", ROOT)]
    worktree = None
    if args.compare:
        worktree = Path(tempfile.mkdtemp(prefix="s2s-rev-")) / "tree"
        subprocess.run(["git", "worktree", "add", "--detach", str(worktree), args.compare], cwd=ROOT, check=True,
                       capture_output=True)  # fmt: skip
        resources = worktree / "resources"
        for model in (ROOT / "resources").glob("*.s2s"):  # models may be LFS files or ignored: the same ones
            if not (resources / model.name).exists() or (resources / model.name).stat().st_size < 1000:
                shutil.copy2(model, resources / model.name)
        builds.append((args.compare, worktree))
    try:
        # Alternate the builds run by run so that a busy moment of the machine hits both alike.
        results: dict[str, list[dict]] = {name: [] for name, _ in builds}
        one_run(ROOT, args.model)  # warm the disk cache: every build reads the same libraries
        for _ in range(args.runs):
            for name, repo in builds:
                results[name].append(one_run(repo, args.model))
        for name, _ in builds:
            rs = results[name]
            figures = {key: statistics.median(r[key] for r in rs) for key in ("paint", "loaded", "translated")}
            figures["torch_at_paint"] = sum(r["torch_at_paint"] for r in rs)
            figures["paints"] = [round(r["paint"], 2) for r in rs]
            show(name, figures, args.runs)
    finally:
        if worktree is not None:
            subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT, capture_output=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
