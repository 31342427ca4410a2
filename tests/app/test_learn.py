"""The Learn tab: first on first launch, every lesson's Show me opens its model, sentence, view
and step, its answers come from that translation, and progress is remembered."""

import numpy as np

from app.lessons import lessons
from models.bundled import BUNDLED

INSTALLED = [lesson for lesson in lessons() if lesson.model in BUNDLED and BUNDLED[lesson.model].exists()
             and (not lesson.compare_with or lesson.compare_with in BUNDLED)]  # fmt: skip


def test_the_learn_tab_comes_first_on_first_launch(window):
    assert window.tabs.currentWidget() is window.learn_panel
    assert window.learn_panel.list.count() == len(lessons()) >= 10


def test_every_lessons_show_me_opens_its_view_at_its_step(window, qtbot):
    learn = window.learn_panel
    views = {"translate": window.translate_panel, "steps": window.steps_panel, "compare": window.compare_panel}
    for lesson in INSTALLED:
        learn.list.setCurrentRow(learn.lessons.index(lesson))
        with qtbot.waitSignal(learn.shown, timeout=60_000) as shown:
            learn.show_me.click()
        assert shown.args == [lesson.key]
        assert window.translation.model.path == str(BUNDLED[lesson.model])
        assert window.translate_panel.translation.source == lesson.sentence
        if lesson.view.startswith("inside/"):
            assert window.tabs.currentWidget() is window.inside_panel
            panel = window.inside_panel.currentWidget()
            assert panel.purpose and panel is {"inside/attention-math": window.attention_math_panel,
                                               "inside/exposure": window.exposure_panel,
                                               "inside/embeddings": window.embeddings_panel,
                                               "inside/hidden-states": window.hidden_states_panel}[lesson.view]  # fmt: skip
            if lesson.view == "inside/attention-math":
                qtbot.waitUntil(
                    lambda s=lesson.step: window.attention_math_panel.slider.value() == s - 1, timeout=60_000
                )
        else:
            assert window.tabs.currentWidget() is views[lesson.view]
            if lesson.view == "steps":
                assert window.steps_panel.slider.value() == lesson.step - 1
        assert len(learn.answer_rows) == len(lesson.questions)
        for button, reply in learn.answer_rows:
            assert button.isEnabled()
            button.click()
            assert reply.text() and not reply.text().startswith("("), (lesson.key, reply.text())
    assert {lesson.key for lesson in INSTALLED} <= learn.done


def test_progress_is_remembered_and_marked_in_the_list(window, qtbot):
    from app.main_window import MainWindow

    learn = window.learn_panel
    lesson = INSTALLED[0]
    learn.list.setCurrentRow(learn.lessons.index(lesson))
    with qtbot.waitSignal(learn.shown, timeout=60_000):
        learn.show_me.click()
    assert learn.list.item(learn.lessons.index(lesson)).text().startswith("✓")
    again = MainWindow(model=str(BUNDLED[lesson.model]))
    qtbot.addWidget(again)
    assert lesson.key in again.learn_panel.done


def test_a_lesson_whose_model_is_missing_says_so(window, monkeypatch):
    learn = window.learn_panel
    lesson = next(lesson for lesson in learn.lessons if lesson.model == "default-transformer-en-fr")
    monkeypatch.setattr("app.panels.learn_panel.BUNDLED", {k: v for k, v in BUNDLED.items() if k != lesson.model})
    learn.start(lesson)
    assert lesson.model in learn.status.text() and learn.pending is None


def test_a_lessons_experiment_runs_and_draws_its_result(window, qtbot, toy_tsv, tmp_path, monkeypatch):
    """The bottleneck lesson's button trains both models (shortened: a few steps of tiny ones) through
    the same code path, and the plot draws BLEU by length of each run from the result; the models'
    temporary folder is gone once it is measured."""
    import tempfile

    from models.experiments import shortened

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    learn = window.learn_panel
    lesson = next(lesson for lesson in learn.lessons if lesson.experiment == "bottleneck")
    learn.list.setCurrentRow(learn.lessons.index(lesson))
    assert learn.experiment_box.isVisibleTo(learn) and learn.run_experiment.isEnabled()
    learn.experiment_scale = shortened(corpus=str(toy_tsv))
    with qtbot.waitSignal(learn.experiment_finished, timeout=60_000) as finished:
        learn.run_experiment.click()
        assert learn.stop_experiment.isEnabled() and not learn.run_experiment.isEnabled()
    assert finished.args == ["bottleneck"]
    result = window.experiments.results["bottleneck"]
    series = learn.experiment_canvas.series
    assert learn.experiment_canvas.name == "bottleneck"
    for label, buckets in zip(result.labels, result.by_length, strict=True):
        drawn = [b.bleu for b in buckets if b.sentences]
        np.testing.assert_allclose(series[label][1], [np.nan if b is None else b for b in drawn])
    assert result.verdict.text() and "BLEU" in learn.experiment_text.toPlainText()
    assert learn.run_experiment.isEnabled() and not learn.stop_experiment.isEnabled()
    assert not list(tmp_path.glob("seq2seq-experiment-*"))
    # Another lesson shows its own experiment's box, empty; a lesson without one hides the box.
    other = next(lesson for lesson in learn.lessons if lesson.experiment == "beam-size")
    learn.list.setCurrentRow(learn.lessons.index(other))
    assert learn.experiment_canvas.name == "" and learn.experiment_box.isVisibleTo(learn)
    assert learn.experiment_progress.value() == 0
    plain = next(lesson for lesson in learn.lessons if not lesson.experiment)
    learn.list.setCurrentRow(learn.lessons.index(plain))
    assert not learn.experiment_box.isVisibleTo(learn)
    learn.list.setCurrentRow(learn.lessons.index(lesson))  # the session keeps the result
    assert learn.experiment_canvas.name == "bottleneck" and learn.experiment_progress.value() == 1000
