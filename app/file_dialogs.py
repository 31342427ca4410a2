"""Open and save dialogs that start where the person last was, else in their documents folder
(never in the folder the app happens to run from). Each kind of file remembers its own folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog

from app import settings as app_settings


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


def start_folder(kind: str) -> Path:
    """The last folder used for this kind of file, if it still exists, else the documents folder."""
    last = app_settings.settings().value(f"folders/{kind}")
    if isinstance(last, str) and last and Path(last).is_dir():
        return Path(last)
    return documents_folder()


def remember_folder(kind: str, path: str) -> None:
    app_settings.settings().setValue(f"folders/{kind}", str(Path(path).parent))


def open_file(parent, kind: str, title: str, file_filter: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, str(start_folder(kind)), file_filter)
    if path:
        remember_folder(kind, path)
    return path


def save_file(parent, kind: str, title: str, file_name: str, file_filter: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, title, str(start_folder(kind) / file_name), file_filter)
    if path:
        remember_folder(kind, path)
    return path
