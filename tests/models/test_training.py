import threading

import pytest
import torch

from models.checkpoint import load_checkpoint
from models.config import TokenizerConfig, TrainConfig
from models.nn.family import model_config
from models.training import CheckpointSaved, Evaluation, Failed, Finished, Step, Trainer, TrainingControl
from models.training.batching import batch_order
from models.training.schedules import teacher_forcing_ratio
from tests.conftest import toy_corpus, train_toy


def test_overfits_twenty_pairs_to_exact_match(tmp_path):
    result = train_toy(tmp_path, steps=250)
    assert result.summary.dev_exact_match == 100.0


def test_input_feeding_and_scheduled_sampling_also_learn(tmp_path):
    result = train_toy(tmp_path, steps=250, decoder_style="input_feeding", attention="dot")
    assert result.summary.dev_exact_match >= 90.0


def _short_run(tmp_path, callback=None, control=None, steps=30, **train):
    config = TrainConfig(batch_size=4, max_minutes=None, max_steps=steps, eval_every=10, learning_rate=5e-3,
                         seed=11, lr_schedule="constant", **train)  # fmt: skip
    model = model_config(embedding_size=16, hidden_size=32)
    tok = TokenizerConfig(model_type="word", src_vocab_size=50, tgt_vocab_size=50)
    return Trainer(tmp_path, toy_corpus(), model, tok, config, callback, control).run()


def test_same_seed_same_losses(tmp_path):
    runs = []
    for name in ("a", "b"):
        losses = []
        _short_run(tmp_path / name, lambda e, out=losses: out.append(e.loss) if isinstance(e, Step) else None, steps=15)
        runs.append(losses)
    assert len(runs[0]) == 15 and runs[0] == runs[1]


def test_events_in_order_and_history_saved(tmp_path):
    events = []
    result = _short_run(tmp_path, events.append)
    kinds = [type(e).__name__ for e in events]
    assert kinds[-1] == "Finished" and "Evaluation" in kinds and "CheckpointSaved" in kinds
    evaluation = next(e for e in events if isinstance(e, Evaluation))
    assert evaluation.probe is not None and evaluation.probe.weights.shape == (
        len(evaluation.probe.target_pieces),
        len(evaluation.probe.source_pieces),
    )
    assert len(evaluation.samples) == 3
    bundle = load_checkpoint(result.best_path)
    assert bundle.history["evaluations"] and bundle.history["steps"]


def test_cancel_within_one_batch_keeps_checkpoint(tmp_path):
    control = TrainingControl()
    seen = []

    def on_event(event):
        if isinstance(event, Step):
            seen.append(event.step)
            if event.step == 12:
                control.cancel()

    result = _short_run(tmp_path, on_event, control, steps=1000)
    assert result.cancelled and seen[-1] == 12
    _, state = load_checkpoint(result.last_path, with_trainer_state=True)
    assert state["run"]["step"] == 12  # the weights as they were when it stopped


def test_pause_blocks_until_resume(tmp_path):
    control = TrainingControl()
    steps = []
    paused_at = threading.Event()

    def on_event(event):
        if isinstance(event, Step):
            steps.append(event.step)
            if event.step == 5:
                control.pause()
                paused_at.set()

    blocked = threading.Event()
    real_wait = control.wait_if_paused

    def wait_if_paused():
        if control.paused:
            blocked.set()  # the loop reached the pause check and is about to block
        return real_wait()

    control.wait_if_paused = wait_if_paused
    thread = threading.Thread(target=lambda: _short_run(tmp_path, on_event, control, steps=10))
    thread.start()
    assert paused_at.wait(30) and blocked.wait(30)
    assert thread.is_alive() and steps[-1] == 5 and control.paused  # nothing ran past the pause
    control.resume()
    thread.join(60)
    assert steps[-1] == 10


def test_nan_loss_stops_with_message_and_keeps_last_good(tmp_path):
    events = []
    trainer_box = {}

    def on_event(event):
        events.append(event)
        if isinstance(event, CheckpointSaved) and event.step == 10:
            with torch.no_grad():  # corrupt the weights after a good checkpoint
                next(trainer_box["t"].model.parameters()).fill_(float("nan"))

    config = TrainConfig(batch_size=4, max_minutes=None, max_steps=40, eval_every=10, seed=2)
    trainer = Trainer(tmp_path, toy_corpus(), model_config(embedding_size=16, hidden_size=32),
                      TokenizerConfig(model_type="word", src_vocab_size=50, tgt_vocab_size=50), config, on_event)  # fmt: skip
    trainer_box["t"] = trainer
    result = trainer.run()
    failed = [e for e in events if isinstance(e, Failed)]
    assert failed and "nan" in failed[0].message.lower() and failed[0].checkpoint
    assert result.failed and not any(isinstance(e, Finished) for e in events)
    bundle = load_checkpoint(failed[0].checkpoint)
    assert all(torch.isfinite(p).all() for p in bundle.model.parameters())


def test_resume_continues_step_count(tmp_path):
    first = _short_run(tmp_path, steps=20)
    assert first.summary.steps == 20
    config = TrainConfig(max_minutes=None, max_steps=10, eval_every=10, batch_size=4)
    resumed = Trainer(tmp_path, toy_corpus(), train_config=config, resume=True).run()
    assert resumed.summary.steps == 30
    assert len(load_checkpoint(resumed.last_path).history["evaluations"]) == 3


def test_length_bucketing_groups_similar_lengths():
    import random

    examples = [([4] * n, [5] * n) for n in range(1, 50)] * 20
    batches = batch_order(examples, 20, random.Random(0), bucket=True)
    spread = sum(max(len(examples[i][0]) for i in b) - min(len(examples[i][0]) for i in b) for b in batches)
    unbucketed = batch_order(examples, 20, random.Random(0), bucket=False)
    spread_plain = sum(max(len(examples[i][0]) for i in b) - min(len(examples[i][0]) for i in b) for b in unbucketed)
    assert spread < spread_plain / 5
    assert sorted(i for b in batches for i in b) == list(range(len(examples)))


def test_teacher_forcing_schedules():
    linear = TrainConfig(teacher_forcing=1.0, teacher_forcing_schedule="linear", teacher_forcing_min=0.5,
                         teacher_forcing_decay_steps=100)  # fmt: skip
    assert teacher_forcing_ratio(linear, 0) == 1.0 and teacher_forcing_ratio(linear, 50) == pytest.approx(0.75)
    assert teacher_forcing_ratio(linear, 1000) == pytest.approx(0.5)
    assert teacher_forcing_ratio(TrainConfig(teacher_forcing=0.7), 500) == 0.7


def test_bad_budget_is_refused():
    with pytest.raises(ValueError, match="budget"):
        TrainConfig(max_minutes=None).validate()


MICRO_BATCHED_MODELS = {
    "luong": dict(embedding_size=16, hidden_size=32, dropout=0.0, decoder_style="luong"),
    "input_feeding": dict(embedding_size=16, hidden_size=32, dropout=0.0, decoder_style="input_feeding"),
    "transformer": dict(family="transformer", layers=2, decoder_layers=1, heads=2, hidden_size=16,
                        ff_size=32, dropout=0.0),
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(MICRO_BATCHED_MODELS))
def test_micro_batches_give_the_full_batch_gradient(tmp_path, monkeypatch, kind):
    """A batch too big for memory runs in parts; one optimizer step still sees the same gradient."""
    import models.training.loop as loop_module

    config = TrainConfig(batch_size=8, max_minutes=None, max_steps=1, seed=3)
    model = model_config(**MICRO_BATCHED_MODELS[kind])
    tok = TokenizerConfig(model_type="word", src_vocab_size=50, tgt_vocab_size=50)
    trainer = Trainer(tmp_path, toy_corpus(), model, tok, config)
    trainer._prepare()
    indices = list(range(8))

    def gradients(parts):
        trainer.model.zero_grad(set_to_none=True)
        batches = [loop_module.collate([trainer.train_examples[i] for i in part]) for part in parts]
        tokens = sum(b.target_tokens for b in batches)
        loss = sum(trainer.loop.forward_backward(b, 1.0, tokens) for b in batches)
        return loss, [p.grad.clone() for p in trainer.model.parameters()]

    whole_loss, whole = gradients([indices])
    assert trainer.loop.micro_batches(indices) == [indices]  # small enough to run whole
    monkeypatch.setattr(loop_module, "MICRO_BATCH_CELLS", 1)  # every sentence alone
    parts = trainer.loop.micro_batches(indices)
    assert len(parts) == 8
    split_loss, split = gradients(parts)
    assert split_loss == pytest.approx(whole_loss, rel=1e-5)
    for a, b in zip(whole, split):
        assert torch.allclose(a, b, atol=1e-6)


def test_a_transformers_long_batches_run_in_parts():
    """transformer-ref's longest batches (64 sentences of 60 pieces) in three parts, the usual ones whole."""
    from dataclasses import replace

    from models.nn.family import build_model
    from models.presets import PRESETS
    from models.training.loop import MICRO_BATCH_CELLS

    model = build_model(replace(PRESETS["transformer-ref"].model, src_vocab_size=4000, tgt_vocab_size=4000))
    assert -(-model.training_cells(64, 60, 61) // MICRO_BATCH_CELLS) == 3
    assert model.training_cells(64, 12, 13) <= MICRO_BATCH_CELLS
