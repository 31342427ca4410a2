"""What the Train tab draws at an evaluation comes from the weights the run has then: the probe's
translation at the last evaluation is the finished model's translation of the probe sentence."""

from models.checkpoint import load_checkpoint
from models.translator import Translator


def test_the_last_probe_drawn_is_the_finished_models_translation(window, qtbot, toy_tsv):
    train = window.train_panel
    window.tabs.setCurrentWidget(train)
    train.data.load(str(toy_tsv))
    qtbot.waitUntil(lambda: train.data.preview is not None, timeout=20_000)
    form = train.form
    form.apply_preset("tiny")
    form._select(form.decoder_style, "input_feeding")  # trains on the step-wise path
    form._select(form.budget_kind, "epochs")  # one batch an epoch: 60 steps
    form.budget.setValue(60)
    form.eval_every.setValue(20)
    form._select(form.tokenizer, "word")
    evaluations, saved = [], []
    window.training.evaluation.connect(evaluations.append)
    window.training.checkpoint.connect(saved.append)
    with qtbot.waitSignal(window.training.finished, timeout=120_000):
        train.start()
    assert len(evaluations) >= 2
    last = evaluations[-1]
    finished = Translator(load_checkpoint(next(c.path for c in reversed(saved) if c.kind == "last")))
    sentence = "".join(last.probe.source_pieces).replace("\u2581", " ").strip()
    probe = finished.translate(sentence)
    assert probe.source_pieces == last.probe.source_pieces
    assert probe.best.pieces == last.probe.target_pieces and probe.text == last.probe.translation
    assert train.alignment.canvas.weights is not None
