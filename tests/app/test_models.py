import torch


def test_open_bad_and_unsafe_files_gives_clear_message(window, qtbot, tmp_path, dialogs):
    bad = tmp_path / "broken.s2s"
    bad.write_bytes(b"PK\x03\x04 definitely not a zip")
    with qtbot.waitSignal(window.translation.model_failed, timeout=10_000):
        window.open_model(str(bad))
    pickle = tmp_path / "evil.pt"
    torch.save({"x": 1}, pickle)
    with qtbot.waitSignal(window.translation.model_failed, timeout=10_000):
        window.open_model(str(pickle))
    messages = [text for kind, text in dialogs if kind == "warning"]
    assert "corrupt or truncated" in messages[0] and "pickle" in messages[1]
    assert window.translation.model is not None  # the previous model stays usable


def test_switch_models_without_restart_and_recent_list(window, qtbot, toy_model_path, tmp_path):
    import shutil

    copy = tmp_path / "copy.s2s"
    shutil.copyfile(toy_model_path, copy)
    with qtbot.waitSignal(window.translation.model_loaded, timeout=10_000):
        window.open_model(str(copy))
    assert window.translation.model.path == str(copy)
    assert str(copy) in [a.text() for a in window.recent_submenu.actions()]
    assert "Parameters" in window.model_panel.summary.text()
    assert window.model_panel.curves.data["dev_loss"][0]  # history curves drawn


def test_settings_persist(window, qtbot, toy_model_path, dialogs):
    from app.main_window import MainWindow

    window.translate_panel.controls.beam_size.setValue(7)
    window.translate_panel.controls.method.setCurrentIndex(1)
    window.close()
    again = MainWindow(model=str(toy_model_path))
    qtbot.addWidget(again)
    assert again.translate_panel.controls.beam_size.value() == 7
    assert again.translate_panel.controls.method.currentData() == "beam"
    again.close()
