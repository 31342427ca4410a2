import pytest
from PySide6.QtWidgets import QMessageBox


def _prepare(window, qtbot, corpus, budget, kind="epochs", eval_every=10):
    train = window.train_panel
    window.tabs.setCurrentWidget(train)
    train.data.load(str(corpus))
    qtbot.waitUntil(lambda: train.data.preview is not None, timeout=20_000)
    form = train.form
    form.apply_preset("tiny")
    form._select(form.budget_kind, kind)
    form.budget.setValue(budget)
    form.eval_every.setValue(eval_every)
    form._select(form.tokenizer, "word")
    return train


def test_data_page_preview_stats_and_tokenisation(window, qtbot, toy_tsv):
    train = _prepare(window, qtbot, toy_tsv, 1)
    assert train.data.table.rowCount() == len(train.data.preview.corpus.train)
    assert "20 pairs" in train.data.stats.text()
    with qtbot.waitSignal(train.data.service.tokenizers_ready, timeout=20_000):
        train.data._train_vocab()
    train.data.sample.setText("the red car")
    assert "3 source pieces" in train.data.pieces.text()


def test_bad_corpus_file_shows_clear_error(window, qtbot, tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("no tab on this line\n", encoding="utf-8")
    train = window.train_panel
    with qtbot.waitSignal(train.data.service.failed, timeout=10_000):
        train.data.load(str(bad))
    assert "bad.tsv, line 1" in train.data.status.text() and "no tab" in train.data.status.text()


def test_train_a_tiny_model_to_the_end_and_open_it(window, qtbot, toy_tsv):
    train = _prepare(window, qtbot, toy_tsv, budget=40)
    evaluations = []
    window.training.evaluation.connect(evaluations.append)
    with qtbot.waitSignal(window.training.finished, timeout=120_000) as finished:
        train.start()
    assert not finished.args[0].cancelled
    qtbot.waitUntil(lambda: not window.training.is_running(), timeout=10_000)
    assert train.start_button.isEnabled() and not train.stop_button.isEnabled()
    assert len(train.curves.data["train_loss"][0]) >= 30  # every step reached the curves
    assert len(train.curves.data["dev_loss"][0]) == len(evaluations) >= 3
    assert train.alignment.canvas.weights is not None  # live alignment of the probe
    assert train.samples.rowCount() >= 1 and train.progress.value() == 1000
    with qtbot.waitSignal(window.translation.model_loaded, timeout=10_000) as loaded:
        train.open_best.click()
    assert loaded.args[0].path.endswith("best.s2s")


def test_translate_while_training_and_stop_keeps_checkpoint(window, qtbot, toy_tsv):
    train = _prepare(window, qtbot, toy_tsv, budget=10, kind="minutes", eval_every=20)
    with qtbot.waitSignal(window.training.snapshot, timeout=60_000):
        train.start()
    with qtbot.waitSignal(window.translation.model_loaded, timeout=10_000) as loaded:
        train.use_snapshot.click()
    assert loaded.args[0].in_training
    with qtbot.waitSignal(window.translate_panel.translation_shown, timeout=10_000):
        window.translate_panel.set_text_and_translate("the red car")  # a consistent copy, while training goes on
    assert window.training.is_running()
    with qtbot.waitSignal(window.training.finished, timeout=5_000) as finished:
        train.stop()
    assert finished.args[0].cancelled
    qtbot.waitUntil(lambda: not window.training.is_running(), timeout=5_000)
    assert (train.run_dir / "last.s2s").exists()


@pytest.mark.parametrize("answer_yes", [True, False])
def test_closing_during_training_asks_and_stops(window, qtbot, toy_tsv, dialogs, answer_yes):
    from app.workers import wait_for_lingering

    train = _prepare(window, qtbot, toy_tsv, budget=10, kind="minutes")
    with qtbot.waitSignal(window.training.steps, timeout=60_000):
        train.start()
    dialogs.answer = QMessageBox.StandardButton.Yes if answer_yes else QMessageBox.StandardButton.No
    window.close()
    assert [kind for kind, _ in dialogs] == ["question"]
    if not answer_yes:  # "No": the window stays and training goes on
        assert window.isVisible() and window.training.is_running()
        with qtbot.waitSignal(window.training.steps, timeout=10_000):
            pass
        with qtbot.waitSignal(window.training.stopped, timeout=10_000):
            train.stop()
        return
    assert not window.isVisible() and window.training.control.cancelled
    wait_for_lingering()  # what app.main does once the window is gone: the run ends and saves
    assert (train.run_dir / "last.s2s").exists()


def test_an_evaluation_with_an_alignment_score_shows_aer_in_the_curves_status_and_probe(window, qtbot):
    import numpy as np

    from models.alignment import AlignmentScore
    from models.training.events import Evaluation, ProbeAttention

    train = window.train_panel
    window.tabs.setCurrentWidget(train)
    probe = ProbeAttention(["▁one"], ["▁un", "</s>"], np.array([[1.0], [1.0]], dtype=np.float32), "un")
    event = Evaluation(step=40, epoch=1.0, dev_loss=0.5, dev_perplexity=1.6, bleu=80.0, chrf=85.0, exact_match=70.0,
                       samples=[], probe=probe, is_best=False, elapsed_s=3.0,
                       alignment=AlignmentScore(0.125, 0.9, 0.95, 100, 310))  # fmt: skip
    window.training.evaluation.emit(event)
    assert train.curves.data["aer"] == ([40], [12.5])  # drawn as a percentage beside BLEU and chrF
    assert "AER 12.5% on 100 gold-aligned pairs" in train.status.text()  # the corpus's score, with its scores
    title = train.alignment.canvas.title_text()
    assert "Probe at step 40: un" in title and "AER" not in title  # the probe's heatmap: one sentence's output


def test_the_form_offers_every_declared_choice_with_its_label(window):
    from app.panels.train_form import CHOICES

    form = window.train_panel.form
    for key, option in CHOICES.items():
        box = getattr(form, key)
        assert [box.itemData(i) for i in range(box.count())] == list(option.values())
        assert [box.itemText(i) for i in range(box.count())] == [choice.label for choice in option.choices]
        assert box.toolTip() == option.help


def test_a_transformer_trains_from_the_form_and_translates(window, qtbot, toy_tsv):
    train = _prepare(window, qtbot, toy_tsv, budget=40)
    form = train.form
    form.apply_preset("transformer-tiny")
    form._select(form.budget_kind, "epochs")
    form.budget.setValue(40)
    form._select(form.tokenizer, "word")
    assert form.family.currentData() == "transformer"
    assert not form.cell.isVisibleTo(form) and form.heads.isVisibleTo(form)  # the family's own rows
    model, _, train_config = form.configs()
    assert model.family == "transformer" and model.embedding_size == model.hidden_size
    assert train_config.teacher_forcing == 1.0
    with qtbot.waitSignal(window.training.finished, timeout=120_000) as finished:
        train.start()
    assert not finished.args[0].cancelled
    qtbot.waitUntil(lambda: not window.training.is_running(), timeout=10_000)
    assert train.alignment.canvas.weights is not None  # the probe's attention: last layer, heads averaged
    with qtbot.waitSignal(window.translation.model_loaded, timeout=10_000) as loaded:
        train.open_best.click()
    assert "Transformer 1+1 layers" in loaded.args[0].description["architecture"]
    qtbot.waitUntil(lambda: window.translate_panel.translation is not None, timeout=10_000)
    form.apply_preset("tiny")
    assert form.cell.isVisibleTo(form) and not form.heads.isVisibleTo(form)
