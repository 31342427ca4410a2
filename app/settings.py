"""Persistent settings (QSettings): window layout, decoding choices, recent models, folders.

Every setting is declared here with its default and what a usable value is. The settings file is
checked the first time it is opened in a session: a value of the wrong type or out of range is
reset to its default, with a message naming the file, so the app starts whatever the file holds
(edited by hand, written by another version, damaged). A settings folder that cannot be written
is reported once; the app then keeps its settings until it closes.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from models.config import MAX_BEAM

MAX_RECENT = 8
RUNS_FOLDER = "runs/folder"  # the setting that says where training runs go


def default_runs_folder() -> Path:
    """Where training runs go unless the settings say otherwise (`runs/folder`)."""
    return Path.home() / "Seq2SeqStudio" / "runs"


def _is_int(value, low: int, high: int | None = None) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= low and (high is None or value <= high)


def _is_number(value, low: float | None = None, high: float | None = None, above: float | None = None) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
            and (low is None or value >= low) and (high is None or value <= high)
            and (above is None or value > above))  # fmt: skip


def _is_text(value) -> bool:
    return isinstance(value, str) and len(value) <= 4096


@dataclass(frozen=True)
class Setting:
    """One declared setting: its default, whether a stored value is usable, and in words what is."""

    key: str
    default: Any
    usable: Callable[[Any], bool]
    expected: str
    json: bool = False  # stored as JSON text
    fields: dict[str, tuple[Callable[[Any], bool], str]] | None = None  # a JSON object's checked fields


DECODING_FIELDS = {
    "method": (lambda v: v in ("greedy", "beam", "sample"), "greedy, beam or sample"),
    "beam": (lambda v: _is_int(v, 1, MAX_BEAM), f"a whole number from 1 to {MAX_BEAM}"),
    "nbest": (lambda v: _is_int(v, 1, MAX_BEAM), f"a whole number from 1 to {MAX_BEAM}"),
    "alpha": (lambda v: _is_number(v, 0.0, 10.0), "a number from 0 to 10"),
    "temperature": (lambda v: _is_number(v, high=100.0, above=0.0), "a number above 0, at most 100"),
    "top_k": (lambda v: _is_int(v, 0, 1_000_000), "a whole number of 0 or more"),
    "max_len_ratio": (lambda v: _is_number(v, high=100.0, above=0.0), "a number above 0, at most 100"),
}
TRAINING_FIELDS = {
    "form": (lambda v: isinstance(v, dict) and all(isinstance(k, str) for k in v), "an object"),
    "probe": (_is_text, "a text"),
}
FORM_FIELDS = {
    "preset": (_is_text, "a preset's name"),
    "budget": (lambda v: _is_number(v, 0.0, 1e7), "a number of 0 or more"),
    "budget_kind": (lambda v: v in ("minutes", "epochs"), "minutes or epochs"),
}


def _json_list_of_text(value) -> bool:
    return isinstance(value, list) and all(_is_text(v) for v in value)


DECLARED = {
    s.key: s
    for s in (
        Setting("window/geometry", None, lambda v: isinstance(v, QByteArray), "saved window geometry"),
        Setting("window/state", None, lambda v: isinstance(v, QByteArray), "a saved window layout"),
        Setting("window/tab", "", _is_text, "a tab's name"),
        Setting("interface/language", "", _is_text, "a language code"),
        Setting("decoding", {}, lambda v: isinstance(v, dict), "a JSON object", json=True, fields=DECODING_FIELDS),
        Setting("training", {}, lambda v: isinstance(v, dict), "a JSON object", json=True, fields=TRAINING_FIELDS),
        Setting("recent_models", [], _json_list_of_text, "a JSON list of paths", json=True),
        Setting("recent_runs", [], _json_list_of_text, "a JSON list of paths", json=True),
        Setting(RUNS_FOLDER, "", _is_text, "a folder"),
        Setting("learn/done", [], _json_list_of_text, "a JSON list of lesson names", json=True),
        Setting(
            "interface/chinese_script",
            "simplified",
            lambda v: v in ("simplified", "traditional-taiwan", "traditional-hong-kong"),
            "simplified, traditional-taiwan or traditional-hong-kong",
        ),  # app/chinese_output.py
    )
}
FOLDER_PREFIX = "folders/"  # folders/<kind>: the folder a file dialog of that kind opened last

_checked: set[str] = set()  # settings files checked in this session
_unwritable: set[str] = set()  # settings files already reported as not writable
_messages: list[str] = []
_unsaved: dict[tuple[str, str], Any] = {}  # (file, key): values set this session that could not be written


def settings() -> QSettings:
    # An INI file in the user's config folder on every system; tests point its folder elsewhere
    # with QSettings.setPath (which the (organization, application) constructor would ignore).
    s = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Seq2SeqStudio", "Seq2Seq Studio")
    if s.fileName() not in _checked:
        _checked.add(s.fileName())
        check_settings(s)
    return s


def take_messages() -> list[str]:
    """Messages about the settings not yet shown (reset values, an unwritable folder)."""
    shown = list(_messages)
    _messages.clear()
    return shown


def _tell(message: str) -> None:
    _messages.append(message)
    print(f"Seq2Seq Studio: {message}", file=sys.stderr)


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_settings(s: QSettings) -> list[str]:
    """Reset every declared setting whose stored value is unusable to its default, saying so."""
    told = []

    def reset(key: str, value: Any, expected: str, field: str = "") -> None:
        name = f"{key}.{field}" if field else key
        told.append(f"{s.fileName()}: the setting {name} held {_shown(value)}, not {expected}; "
                    "it was reset to its default")  # fmt: skip

    if s.status() == QSettings.Status.FormatError:
        told.append(f"{s.fileName()}: the settings file cannot be read; the defaults are used")
    for key in s.allKeys():
        value = s.value(key)
        setting = DECLARED.get(key)
        if setting is None:
            if key.startswith(FOLDER_PREFIX) and not _is_text(value):
                reset(key, value, "a folder")
                s.remove(key)
            continue
        if setting.json:
            try:
                parsed = json.loads(value) if isinstance(value, str) else value
            except (ValueError, RecursionError):
                parsed = value
            if not isinstance(value, str) or not setting.usable(parsed):
                reset(key, value, setting.expected)
                s.remove(key)
                continue
            cleaned = _clean_fields(key, parsed, setting.fields, reset)
            if key == "training" and isinstance(cleaned.get("form"), dict):
                cleaned["form"] = _clean_fields(key + ".form", cleaned["form"], FORM_FIELDS, reset)
            if cleaned != parsed:
                s.setValue(key, json.dumps(cleaned))
        elif not setting.usable(value):
            reset(key, value, setting.expected)
            s.remove(key)
    for message in told:
        _tell(message)
    _sync(s)
    return told


def _clean_fields(key: str, value: Any, fields, reset) -> Any:
    """A JSON object without the fields that are unusable (each reset to its default)."""
    if not fields or not isinstance(value, dict):
        return value
    cleaned = dict(value)
    for field, (usable, expected) in fields.items():
        if field in cleaned and not usable(cleaned[field]):
            reset(key, cleaned.pop(field), expected, field)
    return cleaned


def _sync(s: QSettings) -> bool:
    """Write the settings now; a folder that cannot be written is reported once."""
    s.sync()
    if s.status() == QSettings.Status.AccessError:
        if s.fileName() not in _unwritable:
            _unwritable.add(s.fileName())
            _tell(f"{s.fileName()}: the settings cannot be saved (the folder {Path(s.fileName()).parent} is not "
                  "writable); changes last until Seq2Seq Studio closes")  # fmt: skip
        return False
    return True


def set_value(key: str, value: Any) -> bool:
    """Store one setting and write it at once; False (reported once) where it cannot be written."""
    s = settings()
    s.setValue(key, value)
    if _sync(s):
        _unsaved.pop((s.fileName(), key), None)
        return True
    _unsaved[(s.fileName(), key)] = value
    return False


def value(key: str, default: Any = None) -> Any:
    """A setting as stored, or as set this session where it could not be written."""
    s = settings()
    return _unsaved.get((s.fileName(), key), s.value(key, default))


def runs_folder() -> Path:
    """Where training runs go: the settings' `runs/folder`, else the default folder."""
    folder = value(RUNS_FOLDER, "")
    return Path(folder).expanduser() if isinstance(folder, str) and folder.strip() else default_runs_folder()


def set_runs_folder(path: str | Path) -> bool:
    return set_value(RUNS_FOLDER, str(path))


def recent_models() -> list[str]:
    return _recent("recent_models")


def add_recent_model(path: str) -> list[str]:
    return _add_recent("recent_models", path)


def recent_runs() -> list[str]:
    """Training run folders used lately (trained, replayed, compared or overlaid)."""
    return _recent("recent_runs")


def add_recent_run(path: str) -> list[str]:
    return _add_recent("recent_runs", path)


def _recent(key: str) -> list[str]:
    stored = value(key, "[]")
    try:
        items = json.loads(stored) if isinstance(stored, str) else list(stored or [])
    except (TypeError, ValueError, RecursionError):
        return []
    if not isinstance(items, list):
        return []
    return [str(v) for v in items][:MAX_RECENT]


def _add_recent(key: str, path: str) -> list[str]:
    items = [path] + [p for p in _recent(key) if p != path]
    set_value(key, json.dumps(items[:MAX_RECENT]))
    return items[:MAX_RECENT]


def load_json(key: str, default):
    """A JSON setting, or `default` where it is missing or not of the default's type."""
    stored = value(key)
    try:
        loaded = json.loads(stored) if isinstance(stored, str) else default
    except (TypeError, ValueError, RecursionError):
        return default
    return loaded if default is None or isinstance(loaded, type(default)) else default


def save_json(key: str, value) -> None:
    set_value(key, json.dumps(value))
