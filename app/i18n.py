"""The interface's languages, through Qt's translation system (tr(), .ts/.qm files, QTranslator).

Every visible string is written in English inside `tr("…")`; a string defined at import time is
marked `QT_TR_NOOP("…")` and passed to `tr()` where it is shown. Placeholders are named
(`tr("Saved {path}").format(path=…)`), so a translation may put them in any order.
`pyside6-lupdate` files bare `tr()` calls under one empty context, so one catalogue per language
holds them all: resources/translations/seq2seq_studio_<language>.ts, compiled to .qm by
`pyside6-lrelease` (scripts/update_translations.py does both; docs/architecture.md tells how to add a language).

The language is chosen at start-up: the one saved in the settings, else the system's; the
Language menu switches it in the open window (app/main_window.py builds its tabs again).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.settings import settings
from models.bundled import RESOURCES

CONTEXT = ""  # the context pyside6-lupdate gives bare tr() calls
TRANSLATIONS = RESOURCES / "translations"
CATALOGUE = "seq2seq_studio"
SETTING = "interface/language"
ENGLISH = "en"


@dataclass(frozen=True)
class Language:
    code: str  # a QLocale name: "en", "zh_CN"
    name: str  # in the language itself, as the menu shows it


LANGUAGES = (Language(ENGLISH, "English"), Language("zh_CN", "简体中文"))


def tr(text: str) -> str:
    """`text` in the interface's language (itself where no translation is installed)."""
    return QCoreApplication.translate(CONTEXT, text)


def QT_TR_NOOP(text: str) -> str:  # noqa: N802 (the name pyside6-lupdate looks for)
    """Marks a string for translation where it is defined; `tr()` translates it where it is shown."""
    return text


def catalogue_path(code: str, suffix: str = ".qm") -> Path:
    return TRANSLATIONS / f"{CATALOGUE}_{code}{suffix}"


def system_language() -> str:
    """The system's language if the interface has it (any Chinese locale but a traditional
    script reads the simplified catalogue), else English."""
    locale = QLocale.system()
    if locale.language() == QLocale.Language.Chinese and locale.script() != QLocale.Script.TraditionalChineseScript:
        return "zh_CN"
    return ENGLISH


def saved_language() -> str | None:
    """The language chosen in the Language menu, or None to follow the system."""
    code = settings().value(SETTING, "", str)
    return code if any(language.code == code for language in LANGUAGES) else None


def save_language(code: str | None) -> None:
    settings().setValue(SETTING, code or "")


_installed: list[QTranslator] = []
# The catalogues' bytes, kept alive while their translators use them: a QTranslator loaded from a
# file maps it, so a catalogue rebuilt while the app runs (scripts/update_translations.py) would
# change under it (strings fall back to English, or the process crashes).
_catalogues: list[bytes] = []
_current = ENGLISH


def current_language() -> str:
    """The code of the language the interface is in."""
    return _current


def install(code: str | None = None) -> str:
    """Install the translators of `code` (default: the saved choice, else the system's language)
    into the running application, replacing any installed before; returns the code in use."""
    global _current
    app = QCoreApplication.instance()
    code = code or saved_language() or system_language()
    _current = ENGLISH
    for translator in _installed:
        app.removeTranslator(translator)
        translator.setParent(None)  # deleted with the last reference, before its catalogue's bytes go
    _installed.clear()
    _catalogues.clear()
    if code == ENGLISH:
        return code
    ours = QTranslator(app)
    try:
        catalogue = catalogue_path(code).read_bytes()
    except OSError:
        return ENGLISH  # no catalogue for it: the interface stays in English
    if not ours.load(catalogue):
        return ENGLISH
    _catalogues.append(catalogue)
    # Qt's own strings (standard buttons, file dialogs) come from the catalogue Qt ships.
    qt = QTranslator(app)
    if qt.load(f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    app.installTranslator(ours)
    _installed.append(ours)
    _current = code
    return code
