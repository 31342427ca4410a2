#!/usr/bin/env python3
"""Train the `ref` preset (the input-feeding decoder, trained on the step-wise path) on the Tatoeba
eng-fra split in the real window for a few minutes, then grab the Train tab and check what it
drew: the dev BLEU of each evaluation beside its dev loss, and the probe's translation at the last
evaluation against the finished model's translation of the probe sentence.

    xvfb-run -s "-screen 0 1400x900x24" python bench/training_curves_real.py [--minutes 4] [--eval-every 150]

Writes docs/screenshots/train-tatoeba-ref.png and bench/out/training-curves-real.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import OUT, SHARED_TATOEBA, write_json  # noqa: E402
from bench.gui_common import wait_until  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=4.0)
    parser.add_argument("--eval-every", type=int, default=150)
    args = parser.parse_args()
    if not (SHARED_TATOEBA / "eng-fra.tsv").exists():
        print(f"cannot run: {SHARED_TATOEBA} is absent", file=sys.stderr)
        return 2
    split = OUT / "tatoeba-split"
    if not (split / "train.tsv").exists():
        subprocess.run([sys.executable, str(SHARED_TATOEBA / "make_splits.py"), str(SHARED_TATOEBA / "eng-fra.tsv"),
                        str(split)], check=True)  # fmt: skip

    from PySide6.QtWidgets import QApplication

    from app.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow(model="default")
    window.resize(1400, 900)
    window.show()
    wait_until(app, lambda: window.translation.model is not None, 120)
    train = window.train_panel
    window.tabs.setCurrentWidget(train)
    train.data.load(str(split / "train.tsv"))
    if not wait_until(app, lambda: train.data.preview is not None, 300):
        print("the corpus was not read", file=sys.stderr)
        return 1
    form = train.form
    form.apply_preset("ref")
    form._select(form.budget_kind, "minutes")
    form.budget.setValue(args.minutes)
    form.eval_every.setValue(args.eval_every)
    evaluations = []
    window.training.evaluation.connect(evaluations.append)
    train.start()
    wait_until(app, lambda: window.training.is_running(), 60)
    wait_until(app, lambda: not window.training.is_running(), args.minutes * 60 + 600)
    train.setup_tabs.setCurrentIndex(1)
    wait_until(app, lambda: False, 1.0)  # let the curves draw
    shot = ROOT / "docs" / "screenshots" / "train-tatoeba-ref.png"
    window.grab().save(str(shot))

    from models.checkpoint import load_checkpoint
    from models.translator import Translator

    last = evaluations[-1]
    sentence = "".join(last.probe.source_pieces).replace("\u2581", " ").strip()
    finished = Translator(load_checkpoint(Path(train.run_dir) / "last.s2s")).translate(sentence)
    figures = {
        "corpus": str(split / "train.tsv"),
        "preset": "ref",
        "minutes": args.minutes,
        "evaluations": [[e.step, round(e.dev_loss, 4), round(e.bleu, 2)] for e in evaluations],
        "probe": sentence,
        "probe_at_last_evaluation": last.probe.translation,
        "probe_by_finished_model": finished.text,
        "same_probe": last.probe.translation == finished.text,
        "screenshot": str(shot.relative_to(ROOT)),
    }
    print(json.dumps(figures, ensure_ascii=False))
    print(f"written to {write_json('training-curves-real', figures)}")
    window.close()
    return 0 if figures["same_probe"] else 1


if __name__ == "__main__":
    sys.exit(main())
