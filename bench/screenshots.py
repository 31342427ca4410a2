#!/usr/bin/env python3
"""Walk through the app as a person would and save a PNG of every view, at two window sizes.

    xvfb-run -a -s "-screen 0 1600x1000x24" python bench/screenshots.py [--train-seconds 20]

At each size (1400×900 into docs/screenshots/, 1000×700 into docs/screenshots/small/) it
translates with beam search, translates a long sentence of another field (marked low
confidence), steps through the decoding and asks a what-if, opens the Train
tab (the selected built-in corpus is read at once), trains the 'tiny' preset, stops, trains
again, opens both results and translates with each, switches corpus, and shows the Model tab
and the Help guide; with --switch-language it then switches the interface to the other language
in the open window. Every Qt warning printed on the way is counted and listed at the end; the
exit status is 1 if there was any, or if a flow did not reach its end.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.gui_common import wait_until  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZES = {"": (1400, 900), "small": (1000, 700)}


def settle(app, seconds: float = 0.5) -> None:
    wait_until(app, lambda: False, seconds)


def check(ok: bool, what: str, failures: list[str]) -> None:
    print(("  ok   " if ok else "  FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)


def hidden_states_shot(app, window, shots: dict, name: str, failures: list[str]) -> None:
    hidden = window.hidden_states_panel
    hidden.trajectories = []
    window.show_panel(hidden)
    check(wait_until(app, lambda: bool(hidden.trajectories), 30), f"{name} computed", failures)
    settle(app)
    shots[name] = window.grab()


def save_shots(shots: dict, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, pixmap in shots.items():
        path = folder / f"{name}.png"
        pixmap.save(str(path))
        print(f"wrote {path}")


def walk(app, size: tuple[int, int], folder: Path, args, failures: list[str]) -> None:
    from app.main_window import MainWindow

    window = MainWindow()
    window.resize(*size)
    window.tabs.setCurrentWidget(window.translate_panel)  # whatever tab the previous walk ended on
    window.show()
    shots = {}
    panel = window.translate_panel
    check(wait_until(app, lambda: panel.translation is not None), "the default model translates", failures)
    if args.everyday:  # each bundled model on an everyday sentence
        from models.bundled import bundled_models

        for name in bundled_models():
            window.open_model(name)
            loaded = wait_until(app, lambda n=name: (window.translation.model is not None
                                                     and window.translation.model.path.endswith(f"{n}.s2s")), 60)  # fmt: skip
            panel.translation = None
            panel.set_text_and_translate(args.everyday)
            check(loaded and wait_until(app, lambda: panel.translation is not None, 30), f"{name} translates", failures)
            settle(app)
            shots[f"translate-{name}"] = window.grab()
        window.open_model("default")
        wait_until(app, lambda: window.translation.model.path.endswith("default-en-fr.s2s"), 60)
    panel.controls.method.setCurrentIndex(1)  # beam search
    panel.set_text_and_translate(args.sentence)
    check(wait_until(app, lambda: panel.translation is not None and panel.translation.method == "beam"),
          "beam search translation", failures)  # fmt: skip
    settle(app)
    shots["translate"] = window.grab()

    panel.controls.method.setCurrentIndex(0)  # a long sentence from another field: marked low confidence
    panel.translation = None
    panel.set_text_and_translate(args.long_sentence)
    check(wait_until(app, lambda: panel.translation is not None, 30) and not panel.confidence.isHidden(),
          "a long out-of-domain sentence is marked low confidence", failures)  # fmt: skip
    settle(app)
    shots["translate-long"] = window.grab()
    panel.controls.method.setCurrentIndex(1)
    panel.translation = None
    panel.set_text_and_translate(args.sentence)
    check(wait_until(app, lambda: panel.translation is not None and panel.translation.method == "beam"),
          "  and beam search again", failures)  # fmt: skip

    steps = window.steps_panel
    window.tabs.setCurrentWidget(steps)
    steps.slider.setValue(min(3, steps.slider.maximum()))
    steps.try_candidate(1)
    check(wait_until(app, lambda: steps.whatif is not None, 20), "what-if continues the decoding", failures)
    settle(app)
    shots["decoding-steps"] = window.grab()

    inside = window.attention_math_panel
    inside.math = None
    inside.batch_with.setText(args.batch_with)
    window.show_panel(inside)  # computes the Translate tab's sentence in that batch
    check(wait_until(app, lambda: inside.math is not None and len(inside.math.batch_sources) == 2, 30),
          "attention computed with a batch", failures)  # fmt: skip
    inside.slider.setValue(min(1, inside.slider.maximum()))
    check(inside.bars.bars is not None, "the score bars show a step", failures)
    settle(app)
    shots["inside-attention"] = window.grab()

    exposure = window.exposure_panel
    exposure.comparison = None
    window.show_panel(exposure)
    exposure.reference.setText(args.reference)
    exposure.request()
    check(wait_until(app, lambda: exposure.comparison is not None, 30), "teacher forcing compared", failures)
    settle(app)
    shots["teacher-forcing"] = window.grab()

    hidden_states_shot(app, window, shots, "hidden-states", failures)

    embeddings = window.embeddings_panel
    embeddings.map = None
    window.show_panel(embeddings)
    check(wait_until(app, lambda: embeddings.map is not None, 30), "embeddings projected", failures)
    embeddings.search.setText(args.neighbours_of)
    embeddings._search()
    check(embeddings.neighbours.count() > 0, "nearest neighbours found", failures)
    settle(app)
    shots["embeddings"] = window.grab()

    train = window.train_panel
    train.form.apply_preset("tiny")
    train.form.budget.setValue(args.train_seconds / 60)
    train.form.eval_every.setValue(50)
    window.tabs.setCurrentWidget(train)  # opening the tab reads the selected corpus
    check(wait_until(app, lambda: train.data.preview is not None, 180), "the selected corpus is read", failures)
    train.data._train_vocab()
    wait_until(app, lambda: train.data.tokenizers is not None, 60)
    train.setup_tabs.setCurrentIndex(0)
    settle(app, 0.3)
    shots["train-data"] = window.grab()

    results = []
    for run in range(2):  # a second run in the same session must work like the first
        train.start()
        check(wait_until(app, lambda: window.training.is_running(), 10), f"training run {run + 1} starts", failures)
        if run == 0:
            wait_until(app, lambda: train.snapshot is not None, args.train_seconds + 60)
            train.stop()  # stopped by hand
        wait_until(app, lambda: not window.training.is_running(), args.train_seconds + 90)
        check(train.best_path is not None, f"training run {run + 1} leaves a model", failures)
        results.append(train.best_path)
        settle(app, 0.5)
    train.setup_tabs.setCurrentIndex(1)
    settle(app, 0.5)
    shots["train-live"] = window.grab()
    check(len(set(results)) == 2, "the two runs wrote two models", failures)
    for path in results:
        if path is None:
            continue
        window.open_model(path)
        check(wait_until(app, lambda p=path: window.translation.model is not None and window.translation.model.path == p, 30),
              f"open {Path(path).parent.name}", failures)  # fmt: skip
        panel.translation = None
        panel.set_text_and_translate("Monday, March 3, 2014")
        check(wait_until(app, lambda: panel.translation is not None, 20), "  and translate with it", failures)

    train.data.choice.setCurrentIndex(3)  # switch corpus (English → Chinese)
    train.data.load(train.data.choice.currentData())
    check(wait_until(app, lambda: train.data.preview is not None, 180), "switch to the Chinese corpus", failures)
    unit = train.data.preview.stats.tgt_length_unit
    check(unit == "characters", f"Chinese lengths counted in {unit}", failures)
    train.setup_tabs.setCurrentIndex(0)
    settle(app, 0.3)
    shots["train-data-zh"] = window.grab()

    replay = window.replay_panel
    if args.replay_run:  # a longer run, where alignment visibly emerges
        from app import settings as app_settings

        app_settings.add_recent_run(args.replay_run)
    window.tabs.setCurrentWidget(replay)
    replay.sentence.setText(args.sentence)
    replay.open_run(args.replay_run or str(Path(results[-1]).parent))
    check(wait_until(app, lambda: replay.shown_step is not None, 30), "replay shows the run's last snapshot", failures)
    replay.slider.setValue(min(2, replay.slider.maximum()))
    target = replay.snapshots[replay.slider.value()].step if replay.snapshots else None
    check(wait_until(app, lambda: replay.shown_step == target, 30), "replay scrubs to an early snapshot", failures)
    settle(app)
    shots["replay"] = window.grab()

    compare = window.compare_panel
    window.tabs.setCurrentWidget(compare)
    settle(app, 0.3)
    run = args.replay_run or str(Path(results[-1]).parent)
    compare.model_a.set_current(run)
    compare.model_b.set_current(run)
    if replay.snapshots:
        compare.model_b.select_snapshot(replay.snapshots[min(2, len(replay.snapshots) - 1)].step)
    compare.sentence.setText(args.sentence)
    compare.comparison = None
    compare.compare()
    check(wait_until(app, lambda: compare.comparison is not None, 30), "compare a run with its snapshot", failures)
    settle(app)
    shots["compare"] = window.grab()
    compare.model_b.set_current("default-en-fr")
    compare.comparison = None
    compare.compare()
    check(wait_until(app, lambda: compare.comparison is not None, 30), "compare with a bundled model", failures)
    settle(app)
    shots["compare-bundled"] = window.grab()

    runs = window.runs_panel
    window.tabs.setCurrentWidget(runs)
    check(wait_until(app, lambda: len(runs.runs) >= 2, 30), "overlay two runs", failures)
    settle(app)
    shots["runs"] = window.grab()

    window.tabs.setCurrentWidget(window.model_panel)
    settle(app)
    shots["model"] = window.grab()
    window.show_guide()
    settle(app, 0.3)
    shots["guide"] = window._guide.grab()
    window._guide.close()

    if args.switch_language:  # the other language at once: the model, the sentence and the window stay
        from app import i18n

        back = i18n.current_language()
        model, sentence = window.translation.model, window.translate_panel.source.text()
        window.choose_language("zh_CN" if back == i18n.ENGLISH else i18n.ENGLISH)
        panel = window.translate_panel
        check(wait_until(app, lambda: window.translate_panel.translation is not None, 30)
              and window.translation.model is model and panel.source.text() == sentence,
              "the language switches, keeping the model and the sentence", failures)  # fmt: skip
        settle(app)
        shots["switched-model"] = window.grab()
        window.tabs.setCurrentWidget(panel)
        settle(app)
        shots["switched-translate"] = window.grab()
        window.choose_language(back)

    save_shots(shots, folder)
    window.close()


def transformer_walk(app, size: tuple[int, int], folder: Path, args, failures: list[str]) -> None:
    """A Transformer's own views: its heads, its self-attention, a head's computation, its layers."""
    from app.main_window import MainWindow

    window = MainWindow(model=args.transformer)
    window.resize(*size)
    window.show()
    shots = {}
    panel = window.translate_panel
    window.tabs.setCurrentWidget(panel)  # a first launch opens on the Learn tab
    check(wait_until(app, lambda: panel.translation is not None and panel.translation.best.heads is not None, 60),
          "the Transformer translates", failures)  # fmt: skip
    panel.translation = None
    panel.set_text_and_translate(args.sentence)
    check(wait_until(app, lambda: panel.translation is not None, 30), "  the sentence", failures)
    panel.choose_head(0, 1)
    settle(app)
    shots["translate-transformer-heads"] = window.grab()
    panel.attention_kind.setCurrentIndex(panel.attention_kind.findData("decoder"))
    panel.head_map.setCurrentIndex(panel.head_map.findData("mean-last"))
    check(panel.attention.canvas.source[:1] == ["<s>"], "the decoder's self-attention", failures)
    settle(app)
    shots["translate-transformer-decoder-self"] = window.grab()
    panel.attention_kind.setCurrentIndex(panel.attention_kind.findData("encoder"))
    settle(app)
    shots["translate-transformer-encoder-self"] = window.grab()

    inside = window.attention_math_panel
    inside.math = None
    window.show_panel(inside)
    check(wait_until(app, lambda: inside.math is not None, 30), "a head's attention computed", failures)
    inside.head.setCurrentIndex(1)
    inside.slider.setValue(min(1, inside.slider.maximum()))
    settle(app)
    shots["inside-attention-transformer"] = window.grab()
    hidden_states_shot(app, window, shots, "hidden-states-transformer", failures)
    save_shots(shots, folder)
    window.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--train-seconds", type=float, default=20)
    parser.add_argument("--sentence", default="Friday, February 15, 2019")
    parser.add_argument(
        "--batch-with",
        default="The meeting moved to Monday, March 4, 2019 at noon.",
        help="a longer sentence batched with --sentence in Inside the model",
    )
    parser.add_argument(
        "--reference",
        default="Le vendredi 15 février 2019",
        help="a reference translation of --sentence, for teacher forcing against free running",
    )
    parser.add_argument("--neighbours-of", default="Friday", help="a word searched in the Embeddings view")
    parser.add_argument("--everyday", default="Where is the train station?", help="shown with each bundled model")
    parser.add_argument(
        "--long-sentence",
        default="The committee concluded that the proposed amendments to the regional zoning ordinance would "
        "significantly increase the density of residential developments near the river, while the environmental "
        "impact assessment failed to account for the cumulative effects of stormwater runoff on downstream wetlands.",
        help="a long sentence from another field, shown with its low-confidence mark",
    )
    parser.add_argument("--switch-language", action="store_true", help="end by switching the language in the window")
    parser.add_argument("--out", default=str(OUT), help="the folder of the screenshots (default docs/screenshots)")
    parser.add_argument("--replay-run", default="", help="a run folder to show in Replay and Compare")
    parser.add_argument("--sizes", default=",".join(SIZES), help="which sizes: '' (1400×900) and/or 'small'")
    parser.add_argument("--transformer", default="", help="a Transformer model whose own views are shown too")
    parser.add_argument("--transformer-only", action="store_true", help="show only the --transformer model's views")
    parser.add_argument(
        "--language", default="en", help="the interface's language: en or zh_CN (into docs/screenshots/zh_CN)"
    )
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb" if os.environ.get("DISPLAY") else "offscreen")
    from PySide6.QtCore import QSettings, QtMsgType, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    # Settings and runs of the walk-through stay out of the person's own.
    scratch = Path(tempfile.mkdtemp(prefix="s2s-walk-"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(scratch / "settings"))
    import app.panels.train_panel as train_panel

    train_panel.default_runs_folder = lambda: scratch / "runs"
    warnings: list[str] = []

    def on_message(kind, _context, message) -> None:
        if kind != QtMsgType.QtDebugMsg:
            warnings.append(message)
            print(f"  Qt: {message}", flush=True)

    qInstallMessageHandler(on_message)
    app = QApplication(sys.argv[:1])
    from app import i18n

    language = i18n.install(args.language)
    if language != args.language:
        print(f"no catalogue for {args.language}", file=sys.stderr)
        return 2
    out = Path(args.out) if language == i18n.ENGLISH else Path(args.out) / language
    failures: list[str] = []
    for key in args.sizes.split(","):
        size = SIZES[key]
        print(f"--- {size[0]}×{size[1]}", flush=True)
        if not args.transformer_only:
            walk(app, size, out / key if key else out, args, failures)
        if args.transformer:
            transformer_walk(app, size, out / key if key else out, args, failures)
    # The offscreen platform (no display) always says this of top-level windows; it is not ours.
    ours = [w for w in warnings if "propagateSizeHints" not in w]
    print(f"Qt warnings: {len(ours)}" + "".join(f"\n  {w}" for w in sorted(set(ours))))
    print(f"flows that failed: {len(failures)}" + "".join(f"\n  {f}" for f in failures))
    return 1 if ours or failures else 0


if __name__ == "__main__":
    sys.exit(main())
