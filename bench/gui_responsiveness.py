#!/usr/bin/env python3
"""GUI figures: time to first paint, and the longest event-loop stall while a model trains.

    python bench/gui_responsiveness.py [--train-seconds 60] [--view replay]   (offscreen, or xvfb-run -a)

First paint is measured from the start of this script (before Qt, torch or matplotlib are
imported) to the main window's first paint event. The stall probe is a 5 ms timer on the GUI
thread: the largest gap between its ticks, minus 5 ms, is the longest time the GUI could not
react. Training uses the 'default' preset on builtin:en-fr, as a user would start it.
With --view replay, the Replay tab is open while the run trains: it follows the run's snapshots
as they are written, and the slider is moved to another snapshot every half second, as a
person scrubbing would.
With --view inside, Inside the model is open (attention, step by step) and recomputes its sentence every half
second, alternately alone and in a batch with a longer one, and shows another step.
With --view heads --model TRANSFORMER, the Translate tab shows that Transformer's layers and heads:
every half second another sentence is typed (translated as you type, self-attention read
too), and the map shown moves on: cross-attention by head, then the encoder's and the
decoder's self-attention.
With --view inside-all, every half second the next of Inside the model's views is opened and
computes its sentence (attention step by step, teacher forcing vs free running with a
reference, hidden states, embeddings); --model picks the model (a Transformer too).
"""

from __future__ import annotations

import time

SCRIPT_START = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def start_stall_sampler(last: list[float], marks: list[tuple[float, str]]) -> None:
    """While the GUI thread has not ticked for 30 ms, note where it is (every 10 ms): the
    innermost frames of the app's own code and of the library it is in."""
    import threading
    import traceback

    gui_thread = threading.get_ident()

    def sample() -> None:
        while True:
            time.sleep(0.01)
            now = time.perf_counter()
            if now - last[0] > 0.03:
                frame = sys._current_frames().get(gui_thread)
                if frame is not None:
                    stack = traceback.extract_stack(frame)[-6:]
                    where = " < ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(stack))
                    marks.append((now, f"  GUI thread {1000 * (now - last[0]):.0f} ms into a stall: {where}"))

    threading.Thread(target=sample, daemon=True).start()

    import gc

    started: list[float] = []

    def collection(phase: str, info: dict) -> None:  # a collection holds the GIL: no thread runs
        if phase == "start":
            started[:] = [time.perf_counter()]
        elif started and time.perf_counter() - started[0] > 0.005:
            took = 1000 * (time.perf_counter() - started[0])
            marks.append(
                (time.perf_counter(), f"  garbage collection of generation {info['generation']}: {took:.0f} ms")
            )

    gc.callbacks.append(collection)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--train-seconds", type=float, default=60)
    parser.add_argument("--explain", action="store_true", help="list long stalls next to evaluations")
    parser.add_argument(
        "--view",
        choices=("train", "replay", "inside", "heads", "inside-all"),
        default="train",
        help="the tab open while training",
    )
    parser.add_argument("--model", default="", help="a model to open first (--view heads: a Transformer)")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb" if os.environ.get("DISPLAY") else "offscreen")
    from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    # The benchmark's settings stay out of the person's own (and theirs do not steer it).
    scratch = Path(tempfile.mkdtemp(prefix="s2s-bench-"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(scratch))
    import app.panels.train_panel as train_panel

    train_panel.default_runs_folder = lambda: scratch / "runs"  # the person's own runs stay out of it
    app = QApplication(sys.argv[:1])
    from app.main_window import MainWindow

    first_paint = {}

    class PaintProbe(QObject):
        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == QEvent.Type.Paint and "t" not in first_paint:
                first_paint["t"] = time.perf_counter() - SCRIPT_START
            return False

    window = MainWindow()
    probe = PaintProbe()
    window.installEventFilter(probe)
    window.show()
    while "t" not in first_paint:
        app.processEvents()
    panel = window.translate_panel
    while panel.translation is None:
        app.processEvents()
        time.sleep(0.005)
    first_translation = time.perf_counter() - SCRIPT_START

    train = window.train_panel
    train.form.apply_preset("default")
    train.form.budget.setValue(args.train_seconds / 60)
    if args.view == "replay":
        train.form.eval_every.setValue(100)  # snapshots come often enough to scrub through
    train.data.load("builtin:en-fr")
    while train.data.preview is None:
        app.processEvents()
        time.sleep(0.01)

    gaps: list[float] = []
    last = [time.perf_counter()]

    marks: list[tuple[float, str]] = []  # (time, what) of GUI-thread events, to explain long stalls

    def tick():
        now = time.perf_counter()
        gaps.append(now - last[0])
        if now - last[0] > 0.04:
            marks.append((now, f"stall {1000 * (now - last[0]):.0f} ms"))
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    steps_seen = [0]
    window.training.steps.connect(lambda steps: steps_seen.__setitem__(0, steps[-1].step))
    window.training.evaluation.connect(lambda e: marks.append((time.perf_counter(), f"evaluation at step {e.step}")))
    train.start()
    while not window.training.is_running():
        app.processEvents()
    while steps_seen[0] == 0:  # measure once training really runs (after data preparation)
        app.processEvents()
        time.sleep(0.002)
    scrubs = [0]
    scrubber = QTimer()
    if args.view == "replay":
        replay = window.replay_panel
        window.tabs.setCurrentWidget(replay)

        def scrub() -> None:
            if replay.slider.maximum() > 0:
                replay.slider.setValue((replay.slider.value() + 1) % (replay.slider.maximum() + 1))
                scrubs[0] += 1

        scrubber.setInterval(500)
        scrubber.timeout.connect(scrub)
        scrubber.start()
    elif args.view == "heads":
        window.tabs.setCurrentWidget(panel)
        panel.translation = None
        window.open_model(args.model)
        while panel.translation is None or panel.translation.best.heads is None:
            app.processEvents()
            time.sleep(0.005)
        sentences = ("Friday, February 15, 2019", "Monday, March 4, 2019 at noon.", "I have 25 euros.")

        def type_and_look() -> None:  # another sentence typed, another map chosen
            n = scrubs[0]
            panel.source.setText(sentences[n % len(sentences)])
            panel.source.textEdited.emit(panel.source.text())
            kinds = panel.attention_kind
            kinds.setCurrentIndex((n // 3) % kinds.count())
            layers, heads = panel.translation.best.heads.shape[1:3]
            panel.choose_head((n // 2) % layers, n % heads)
            scrubs[0] += 1

        scrubber.setInterval(500)
        scrubber.timeout.connect(type_and_look)
        scrubber.start()
    elif args.view == "inside-all":
        if args.model:
            panel.translation = None
            window.open_model(args.model)
            while panel.translation is None:
                app.processEvents()
                time.sleep(0.005)
        views = (
            window.attention_math_panel,
            window.exposure_panel,
            window.hidden_states_panel,
            window.embeddings_panel,
        )
        window.exposure_panel.reference.setText("Le vendredi 15 février 2019")
        panel.set_text_and_translate("Friday, February 15, 2019")

        def next_view() -> None:
            view = views[scrubs[0] % len(views)]
            window.show_panel(view)
            view.request()
            scrubs[0] += 1

        scrubber.setInterval(500)
        scrubber.timeout.connect(next_view)
        scrubber.start()
    elif args.view == "inside":
        inside = window.attention_math_panel
        inside.sentence.setText("Friday, February 15, 2019")
        window.show_panel(inside)

        def recompute() -> None:  # alternately alone and batched with a longer sentence, then a step
            inside.batch_with.setText("" if scrubs[0] % 2 else "The meeting moved to Monday, March 4, 2019 at noon.")
            inside.request()
            inside.slider.setValue(scrubs[0] % (inside.slider.maximum() + 1))
            scrubs[0] += 1

        scrubber.setInterval(500)
        scrubber.timeout.connect(recompute)
        scrubber.start()
    last[0] = time.perf_counter()
    timer.start()
    if args.explain:
        start_stall_sampler(last, marks)
    while window.training.is_running():
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    scrubber.stop()
    stalls = sorted(max(0.0, g - 0.005) * 1000 for g in gaps)
    figures = {
        "first_paint_s": round(first_paint["t"], 2),
        "first_translation_s": round(first_translation, 2),
        "training_seconds_probed": args.train_seconds,
        "training_steps": steps_seen[0],
        "longest_stall_ms": round(stalls[-1], 1),
        "p99_stall_ms": round(stalls[int(0.99 * (len(stalls) - 1))], 1),
        "ticks": len(stalls),
        "view": args.view,
        "positions_shown": scrubs[0],  # replay positions, or attention computations (--view inside)
        "platform": os.environ["QT_QPA_PLATFORM"],
    }
    window.close()
    if "--explain" in sys.argv:
        for t, what in marks:
            print(f"{t:.3f} {what}")
    print(json.dumps(figures))
    from bench.common import write_json  # here, not above: importing torch early would delay the first paint

    write_json(f"gui{'' if args.view == 'train' else '-' + args.view}", figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
