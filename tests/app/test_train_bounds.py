"""The app's side of issue 24 (items 1 and 3): its training never replaces a run folder, and its
form offers only values within the options' declared bounds."""

import pytest

from models.config import TrainConfig, bound_of
from models.nn.family import model_config
from models.nn.rnn.config import RNNConfig


def test_the_worker_refuses_a_folder_that_holds_a_run(tmp_path):
    from app.services.training import TrainingJob, TrainingWorker
    from models.config import TokenizerConfig
    from models.training import TrainingControl
    from tests.conftest import toy_corpus

    (tmp_path / "last.s2s").write_bytes(b"another run's model")
    job = TrainingJob(str(tmp_path), toy_corpus(), model_config(), TokenizerConfig(), TrainConfig(max_steps=1))
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
        (form.dropout, bound_of(RNNConfig, "dropout")),
    ):
        for value in (box.minimum(), box.maximum()):
            assert bound.problem(value) is None, (bound.label, value)
    form.lr.setValue(0.0)  # typed below the range: the box keeps it within, so the configs validate
    form.budget.setValue(0.0)
    model, _tok, train = form.configs()
    assert train.learning_rate > 0 and train.max_minutes > 0


def test_every_spin_box_takes_its_range_from_the_declaration(qtbot):
    """#23 item 6: each spin box of the form has the range its field declares (the part the form
    offers, within the bound), for each family's rows, and every spin box is accounted for."""
    from dataclasses import fields

    from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox

    from app.panels.train_form import MODEL_FIELDS, SPIN_BOUNDS, TrainForm, declared_range
    from models.nn.family import FAMILIES

    form = TrainForm()
    qtbot.addWidget(form)
    checked = set()
    for name, family in FAMILIES.items():
        form._select(form.family, name)
        config = family.config_class
        declared = {key: (config, field) for key, field in MODEL_FIELDS.items()
                    if field in {f.name for f in fields(config) if f.init}}  # fmt: skip
        for key, (cls, field) in {**declared, **SPIN_BOUNDS}.items():
            box = getattr(form, key)
            if not isinstance(box, (QSpinBox, QDoubleSpinBox)):
                continue
            unit = 1 if isinstance(box, QSpinBox) else 10.0 ** -box.decimals()
            low, high = declared_range(bound_of(cls, field), unit)
            assert (box.minimum(), box.maximum()) == pytest.approx((low, high)), (name, key)
            checked.add(key)
    assert bound_of(RNNConfig, "layers").high == 4 and FAMILIES["rnn"].config_class is RNNConfig
    spin_boxes = {key for key, value in vars(form).items() if isinstance(value, (QSpinBox, QDoubleSpinBox))}
    assert spin_boxes - checked == {"seed"}  # any whole number is a seed: the form offers 0 … 2³¹ − 1
