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
    value = settings().value("recent_models", "[]")
    try:
        items = json.loads(value) if isinstance(value, str) else list(value or [])
    except (TypeError, ValueError):
        return []
    return [str(v) for v in items][:MAX_RECENT]


def add_recent_model(path: str) -> list[str]:
    items = [path] + [p for p in recent_models() if p != path]
    settings().setValue("recent_models", json.dumps(items[:MAX_RECENT]))
    return items[:MAX_RECENT]


def load_json(key: str, default):
    value = settings().value(key)
    try:
        return json.loads(value) if isinstance(value, str) else default
    except (TypeError, ValueError):
        return default


def save_json(key: str, value) -> None:
    settings().setValue(key, json.dumps(value))
