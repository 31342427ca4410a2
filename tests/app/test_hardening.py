"""Bad input in the app: a sentence each, nothing stale left on screen, and a window that closes
whatever is running (the work still under way finishes after it, and nothing is lost)."""

from app.workers import LINGERING, wait_for_lingering
from tests.conftest import rewrite_meta


def test_a_crafted_model_file_gets_a_sentence_and_the_model_stays(window, qtbot, toy_model_path, tmp_path, dialogs):
    crafted = rewrite_meta(toy_model_path, tmp_path / "crafted.s2s",
                           lambda m: {**m, "model_config": {**m["model_config"], "hidden_size": 2048}})  # fmt: skip
    with qtbot.waitSignal(window.translation.model_failed, timeout=10_000):
        window.open_model(str(crafted))
    assert "weights do not match the saved configuration" in dialogs[-1][1]
    assert window.translation.model.path == str(toy_model_path)


def test_a_too_long_input_is_refused_with_a_sentence_and_clears_the_old_output(window, qtbot):
    panel = window.translate_panel
    with qtbot.waitSignal(panel.translation_shown, timeout=10_000):
        panel.set_text_and_translate("the red car")
    assert panel.output.text() == "la voiture rouge"
    with qtbot.waitSignal(window.translation.failed, timeout=10_000):
        panel.set_text_and_translate("the red car " * 300)
    assert "too long to translate as one sentence" in panel.status.text()
    assert "TypeError" not in panel.status.text() and "InputError" not in panel.status.text()
    assert panel.output.text() == "…" and panel.nbest.rowCount() == 0 and panel.translation is None


def test_the_window_closes_while_a_corpus_is_generated(window, qtbot):
    data = window.train_panel.data
    with qtbot.waitSignal(data.service.progress, timeout=30_000, check_params_cb=lambda m, f: "generating" in m):
        data.load("builtin:en-de")  # generated on first use: seconds of work
    window.close()
    assert not window.isVisible()
    wait_for_lingering()
    assert not LINGERING and not data.service._thread.is_running()


def test_the_window_closes_while_training_prepares_and_nothing_half_made_is_kept(window, qtbot, dialogs):
    train = window.train_panel
    window.tabs.setCurrentWidget(train)
    qtbot.waitUntil(lambda: train.data.preview is not None, timeout=120_000)  # builtin:en-fr
    train.form.apply_preset("tiny")
    phases = []
    window.training.phase.connect(lambda p: phases.append(p.message))
    train.start()
    qtbot.waitUntil(lambda: any("sentencepiece" in m for m in phases), timeout=30_000)
    window.close()  # while the vocabularies are trained: the run stops at the next stage
    assert not window.isVisible() and [k for k, _ in dialogs] == ["question"]
    wait_for_lingering()
    assert not (train.run_dir / "best.s2s").exists()  # no untrained model saved


def test_the_window_closes_during_a_translation(window, qtbot):
    panel = window.translate_panel
    panel.controls.method.setCurrentIndex(1)
    panel.controls.beam_size.setValue(16)
    panel.controls.nbest.setValue(16)
    window.translation.translate("the red car " * 60, panel.controls.config())  # the longest allowed kind
    window.close()
    assert not window.isVisible()
    wait_for_lingering()
    assert not LINGERING
