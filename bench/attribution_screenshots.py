"""Screenshots of attribution beside attention, the scoreboard, and the questions of Decoding steps
(why this rather than that, what if it looked elsewhere) with the bundled models, for docs/attribution.md.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/attribution_screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SENTENCE = "The red car is very fast and the small dog is tired."
SIZE = (1400, 900)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--sentences", type=int, default=20, help="gold-aligned sentences of the scoreboards")
    parser.add_argument("--language", default="en", help="the interface's language: en or zh_CN")
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)
    from app import i18n

    if i18n.install(args.language) != args.language:
        raise SystemExit(f"no catalogue for {args.language}")
    from app.main_window import MainWindow

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    window = MainWindow(model=str(ROOT / "resources" / "default-en-fr.s2s"))
    window.resize(*SIZE)
    window.show()
    replies = []
    window.translation.translated.connect(replies.append)

    def wait_until(done, seconds=600.0) -> None:
        end = time.time() + seconds
        while not done() and time.time() < end:
            app.processEvents()
            time.sleep(0.02)
        if not done():
            raise SystemExit("timed out")
        for _ in range(30):
            app.processEvents()

    def replied(purpose: str, method: str | None = None):
        return lambda: any(r.purpose == purpose and (method is None or r.result.signal.method == method)
                           for r in replies)  # fmt: skip

    def save(name: str) -> None:
        window.grab().save(str(out / name))
        print("wrote", out / name)

    def translate() -> None:
        replies.clear()
        window.translate_panel.set_text_and_translate(SENTENCE)
        wait_until(lambda: window.translate_panel.translation is not None
                   and window.translate_panel.translation.source.startswith("The red car"))  # fmt: skip

    def attribution(method: str, name: str, scoreboard: str) -> None:
        panel = window.inside_panel.attribution
        window.show_panel(panel)
        panel.tabs.setCurrentIndex(0)
        panel.signal.setCurrentIndex(panel.signal.findData(method))
        wait_until(replied("attribution", method))
        save(name)
        panel.tabs.setCurrentIndex(1)
        panel.scoreboard.sentences.setValue(args.sentences)
        panel.scoreboard.request()
        wait_until(replied("scoreboard"), 1800)
        save(scoreboard)

    wait_until(lambda: window.translate_panel.translation is not None)
    translate()
    attribution("integrated_gradients", "attribution-en-fr.png", "scoreboard-en-fr.png")
    steps = window.steps_panel
    window.show_panel(steps)
    steps.questions.setCurrentIndex(1)
    steps.slider.setValue(2)  # "rouge"
    wait_until(replied("contrastive"))
    save("why-rather-than.png")
    steps.questions.setCurrentIndex(2)
    box = steps.intervention
    box.kind.setCurrentIndex(box.kind.findData("zero"))
    box.piece.setCurrentIndex(1)  # "red": without it, is "rouge" still written?
    box.request()
    wait_until(replied("intervention"))
    save("what-if-it-looked-elsewhere.png")

    replies.clear()
    window.open_model(str(ROOT / "resources" / "default-transformer-en-fr.s2s"))
    wait_until(lambda: window.translation.model is not None and "transformer" in str(window.translation.model.path))
    translate()
    attribution("norm", "attribution-transformer.png", "scoreboard-transformer.png")
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
