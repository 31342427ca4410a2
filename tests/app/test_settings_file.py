"""The app starts whatever its settings file holds: an unusable value is reset to its default with
a message naming the file, an unwritable settings folder is reported once, and runs go where the
settings say. The settings files are written here, as a person or another version might."""

import json
from pathlib import Path

from PySide6.QtCore import QSettings

from app import settings as app_settings

HOSTILE = """[General]
decoding="{\\"beam\\": 1e308, \\"temperature\\": -1, \\"method\\": \\"beam\\", \\"nbest\\": 2, \\"top_k\\": \\"many\\"}"
training="{\\"form\\": {\\"budget\\": \\"lots\\", \\"preset\\": \\"tiny\\"}, \\"probe\\": 5}"
recent_models="{\\"not\\": \\"a list\\"}"
recent_runs=[[[[[[
[window]
geometry=hello
state=3
tab=a, b, c
[interface]
language=1, 2
"""


def _settings_file(tmp_path) -> Path:
    return Path(QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Seq2SeqStudio",
                          "Seq2Seq Studio").fileName())  # fmt: skip


def _write(tmp_path, text: str) -> Path:
    path = _settings_file(tmp_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_unusable_settings_are_reset_to_their_defaults_with_a_message_naming_the_file(tmp_path):
    path = _write(tmp_path, HOSTILE)
    app_settings.take_messages()
    s = app_settings.settings()
    messages = app_settings.take_messages()
    assert messages and all(m.startswith(f"{path}: the setting ") for m in messages)
    named = " ".join(messages)
    for key in ("decoding.beam", "decoding.temperature", "decoding.top_k", "training.form.budget", "training.probe",
                "recent_models", "recent_runs", "window/geometry", "window/state", "window/tab",
                "interface/language"):  # fmt: skip
        assert f"the setting {key} held" in named, key
    assert "reset to its default" in messages[0]
    # the usable parts are kept, the rest are gone (their defaults apply)
    assert app_settings.load_json("decoding", {}) == {"method": "beam", "nbest": 2}
    assert app_settings.load_json("training", {}) == {"form": {"preset": "tiny"}}
    assert app_settings.recent_models() == [] and app_settings.recent_runs() == []
    assert s.value("window/geometry") is None and s.value("window/tab") is None
    assert app_settings.settings() is not None and app_settings.take_messages() == []  # checked once


def test_the_app_starts_whatever_its_settings_hold(tmp_path, qtbot, toy_model_path, dialogs):
    from app.main_window import MainWindow

    _write(tmp_path, HOSTILE)
    window = MainWindow(model=str(toy_model_path))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.translate_panel.translation is not None, timeout=20_000)
    assert window.translate_panel.controls.beam_size.value() == 5  # the default, not 1e308
    window.close()


def test_a_json_setting_of_another_type_gives_the_default(tmp_path):
    _write(tmp_path, '[General]\ndecoding="[1, 2, 3]"\ntraining="\\"text\\""\n')
    assert app_settings.load_json("decoding", {}) == {} and app_settings.load_json("training", {}) == {}


def test_an_unwritable_settings_folder_is_reported_once(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the settings folder should be")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(blocker / "settings"))
    app_settings.take_messages()
    assert not app_settings.set_value("window/tab", "translate")
    app_settings.add_recent_model("/a/model.s2s")
    app_settings.save_json("decoding", {"beam": 3})
    messages = [m for m in app_settings.take_messages() if "cannot be saved" in m]
    assert len(messages) == 1 and "is not writable" in messages[0] and str(blocker) in messages[0]
    assert app_settings.recent_models() == ["/a/model.s2s"]  # kept for the session


def test_runs_go_where_the_settings_say(tmp_path):
    assert app_settings.runs_folder() == app_settings.default_runs_folder()
    assert app_settings.set_runs_folder(tmp_path / "my runs")
    assert app_settings.runs_folder() == tmp_path / "my runs"
    _write(tmp_path, "[runs]\nfolder=1, 2\n")
    app_settings._checked.clear()
    app_settings.take_messages()
    assert app_settings.runs_folder() == app_settings.default_runs_folder()
    assert any("the setting runs/folder held" in m for m in app_settings.take_messages())


def test_settings_written_by_the_app_pass_the_check_unchanged(tmp_path):
    for key, value in {"decoding": {"method": "sample", "beam": 4, "nbest": 2, "alpha": 0.6, "temperature": 0.7,
                                    "top_k": 10, "max_len_ratio": 1.5},
                       "training": {"form": {"preset": "tiny", "budget": 2.0, "budget_kind": "minutes"}, "probe": ""}
                       }.items():  # fmt: skip
        app_settings.save_json(key, value)
    app_settings.add_recent_run(str(tmp_path / "run"))
    app_settings._checked.clear()
    app_settings.take_messages()
    app_settings.settings()
    assert app_settings.take_messages() == []
    assert json.loads(app_settings.settings().value("decoding"))["top_k"] == 10


def test_the_window_says_which_settings_were_reset_and_runs_go_where_the_settings_say(qtbot, tmp_path, toy_model_path):
    from PySide6.QtCore import QSettings

    from app import settings as app_settings
    from app.main_window import MainWindow

    s = app_settings.settings()
    s.setValue("decoding", '{"beam": 1e308}')
    s.sync()
    app_settings._checked.clear()  # a new session reads the file anew
    window = MainWindow(model=str(toy_model_path))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.translation.model_loaded, timeout=60_000):
        window.show()
    assert "decoding.beam" in window.statusBar().currentMessage()
    assert isinstance(s, QSettings)
    from app.panels.train_panel import default_runs_folder

    assert default_runs_folder() == tmp_path / "runs"  # the default (tests/app/conftest.py)
    app_settings.set_runs_folder(tmp_path / "my-runs")
    assert default_runs_folder() == tmp_path / "my-runs"  # new runs go where the settings say
