"""Persistent settings (QSettings): window layout, decoding choices, recent models."""

from __future__ import annotations

import json

from PySide6.QtCore import QSettings

MAX_RECENT = 8


def settings() -> QSettings:
    # An INI file in the user's config folder on every system; tests point its folder elsewhere
    # with QSettings.setPath (which the (organization, application) constructor would ignore).
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Seq2SeqStudio", "Seq2Seq Studio")


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
    value = settings().value(key, "[]")
    try:
        items = json.loads(value) if isinstance(value, str) else list(value or [])
    except (TypeError, ValueError):
        return []
    return [str(v) for v in items][:MAX_RECENT]


def _add_recent(key: str, path: str) -> list[str]:
    items = [path] + [p for p in _recent(key) if p != path]
    settings().setValue(key, json.dumps(items[:MAX_RECENT]))
    return items[:MAX_RECENT]


def load_json(key: str, default):
    value = settings().value(key)
    try:
        return json.loads(value) if isinstance(value, str) else default
    except (TypeError, ValueError):
        return default


def save_json(key: str, value) -> None:
    settings().setValue(key, json.dumps(value))
