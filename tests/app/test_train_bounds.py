"""The app's side of issue 24 (items 1 and 3): its training never replaces a run folder, and its
form offers only values within the options' declared bounds."""

from models.config import ModelConfig, TrainConfig, bound_of


def test_the_worker_refuses_a_folder_that_holds_a_run(tmp_path):
    from app.services.training import TrainingJob, TrainingWorker
    from models.config import TokenizerConfig
    from models.training import TrainingControl
    from tests.conftest import toy_corpus

    (tmp_path / "last.s2s").write_bytes(b"another run's model")
    job = TrainingJob(str(tmp_path), toy_corpus(), ModelConfig(), TokenizerConfig(), TrainConfig(max_steps=1))
    worker = TrainingWorker(TrainingControl(), job)
    failures, phases = [], []
    worker.failed.connect(failures.append)
    worker.phase.connect(phases.append)
    worker.run()
    assert len(failures) == 1 and "already holds a training run (last.s2s)" in failures[0].message
    assert not phases and (tmp_path / "last.s2s").read_bytes() == b"another run's model"


def test_the_form_offers_only_values_within_the_declared_bounds(qtbot):
    from app.panels.train_form import TrainForm

    form = TrainForm()
    qtbot.addWidget(form)
    for box, bound in (
        (form.lr, bound_of(TrainConfig, "learning_rate")),
        (form.clip, bound_of(TrainConfig, "clip_norm")),
        (form.batch, bound_of(TrainConfig, "batch_size")),
        (form.teacher_forcing, bound_of(TrainConfig, "teacher_forcing")),
        (form.eval_every, bound_of(TrainConfig, "eval_every")),
        (form.budget, bound_of(TrainConfig, "max_minutes")),
        (form.budget, bound_of(TrainConfig, "max_epochs")),
        (form.dropout, bound_of(ModelConfig, "dropout")),
    ):
        for value in (box.minimum(), box.maximum()):
            assert bound.problem(value) is None, (bound.label, value)
    form.lr.setValue(0.0)  # typed below the range: the box keeps it within, so the configs validate
    form.budget.setValue(0.0)
    model, _tok, train = form.configs()
    assert train.learning_rate > 0 and train.max_minutes > 0
