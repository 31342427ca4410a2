#!/usr/bin/env python3
"""Cost of one refresh of the live training curves after N steps, at 10k, 100k and 300k points:
the GUI thread's work when new steps arrive (thin and hand the points over), and the time until
the render thread's pixels are on screen. Neither may grow with the length of the run.

    python bench/curves_refresh.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


class _Step:
    def __init__(self, step: int):
        self.step, self.loss, self.learning_rate, self.tokens_per_s = step, 5.0 / (1 + step) ** 0.3, 1e-3, 5000.0


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.views.curves_view import CurvesCanvas

    app = QApplication(sys.argv[:1])
    canvas = CurvesCanvas()
    canvas.resize(760, 380)
    canvas.show()
    app.processEvents()

    def until_current() -> None:
        while not canvas.is_current():
            app.processEvents()
            time.sleep(0.0005)

    for total in (10_000, 100_000, 300_000):
        canvas.clear()
        canvas.add_steps([_Step(i) for i in range(1, total + 1)])
        start = time.perf_counter()
        canvas._update()  # the first refresh after a jump widens the axes: full draws
        until_current()
        first = (time.perf_counter() - start) * 1000
        gui, shown = [], []
        for i in range(30):  # then steps arrive in small groups, as during training
            canvas.add_steps([_Step(total + 10 * i + k) for k in range(1, 11)])
            canvas._timer.stop()
            start = time.perf_counter()
            canvas._update()
            gui.append((time.perf_counter() - start) * 1000)
            until_current()
            shown.append((time.perf_counter() - start) * 1000)
        print(f"{total:>7,} points: GUI thread per refresh median {statistics.median(gui):.1f} ms, "
              f"max {max(gui):.1f} ms; on screen after median {statistics.median(shown):.1f} ms, "
              f"max {max(shown):.1f} ms (first, full draws of the four plots: {first:.0f} ms)")  # fmt: skip
    canvas._timer.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
