import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path, monkeypatch):
    """Each test gets empty settings and a private runs folder."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    monkeypatch.setattr("app.settings.default_runs_folder", lambda: tmp_path / "runs")


class Dialogs(list):
    """The message boxes shown, as (kind, text); `answer` is what questions get."""

    answer = QMessageBox.StandardButton.Yes


@pytest.fixture
def dialogs(monkeypatch):
    """Record message boxes instead of blocking on them; questions get `dialogs.answer` (Yes)."""
    shown = Dialogs()
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append(("warning", text)))
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a, **k: shown.append(("info", text)))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: shown.append(("question", a[2])) or shown.answer)
    return shown


def open_window(qtbot, model, timeout_ms: int = 20_000):
    """The main window on `model`, shown, once it has translated its example; closed after the test."""
    from app.main_window import MainWindow

    win = MainWindow(model=str(model))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.translate_panel.translation is not None, timeout=timeout_ms)
    yield win
    if win.isVisible():
        win.close()


@pytest.fixture
def window(qtbot, toy_model_path, dialogs):
    yield from open_window(qtbot, toy_model_path)
