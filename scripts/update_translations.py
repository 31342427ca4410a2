#!/usr/bin/env python3
"""Refresh the interface's translation catalogues and compile them.

    python scripts/update_translations.py            # every language of app/i18n.py
    python scripts/update_translations.py --check    # exit 1 if a catalogue lacks a string or a translation

1. `pyside6-lupdate` reads every `tr("…")` and `QT_TR_NOOP("…")` in app/ (and the engine's declared
   choices, models/choices.py) and updates
   resources/translations/seq2seq_studio_<language>.ts: new strings are added as unfinished,
   strings no longer in the code are marked obsolete, translations already made are kept.
2. Translate the unfinished entries in Qt Linguist (`pyside6-linguist <file>.ts`) or any editor.
3. `pyside6-lrelease` compiles each .ts to the .qm that the app loads (both files are committed).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.i18n import ENGLISH, LANGUAGES, TRANSLATIONS, catalogue_path  # noqa: E402


def tool(name: str) -> str:
    """A PySide6 tool, from the interpreter's environment first."""
    local = Path(sys.executable).parent / name
    found = str(local) if local.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} is not installed (it comes with PySide6-Essentials)")
    return found


# The engine's declarations of choices and attention types carry labels and help the app shows (marked QT_TR_NOOP).
ENGINE_SOURCES = (
    "models/choices.py", "models/attention_types.py", "models/presets.py", "models/runs.py",
    "models/nn/rnn/config.py", "models/nn/transformer/config.py",
)  # fmt: skip


def sources() -> list[str]:
    experiments = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "models" / "experiments").glob("*.py"))
    return (
        sorted(str(path.relative_to(ROOT)) for path in (ROOT / "app").rglob("*.py"))
        + list(ENGINE_SOURCES)
        + experiments
    )


def unfinished(ts: Path) -> list[str]:
    """Source texts still used by the code whose translation is missing."""
    missing = []
    for message in ET.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        kind = translation.get("type") if translation is not None else None
        if kind in ("obsolete", "vanished"):
            continue
        if translation is None or kind == "unfinished" or not (translation.text or "").strip():
            missing.append(message.findtext("source") or "")
    return missing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only report; change nothing")
    args = parser.parse_args()
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    status = 0
    for language in LANGUAGES:
        if language.code == ENGLISH:
            continue  # the source language
        ts = catalogue_path(language.code, ".ts")
        target = ts
        if args.check:
            target = Path(TRANSLATIONS / f".check_{language.code}.ts")
            shutil.copyfile(ts, target)
        subprocess.run([tool("pyside6-lupdate"), *sources(), "-no-obsolete", "-locations", "none", "-ts", str(target)],
                       cwd=ROOT, check=True, capture_output=args.check)  # fmt: skip
        missing = unfinished(target)
        if args.check:
            target.unlink()
        else:
            subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(catalogue_path(language.code))], check=True)
        if missing:
            status = 1
            print(f"{language.code}: {len(missing)} strings without a translation:", file=sys.stderr)
            for text in missing:
                print(f"    {text!r}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
