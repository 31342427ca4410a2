"""The training precision: asked for, or chosen by hardware and a calibration (models/training/precision.py)."""

import pytest
import torch

from models.training import precision
from models.training.precision import PRECISIONS, choose_precision, native_bf16


def never_called(_bf16):
    raise AssertionError("no calibration should run")


def test_an_explicit_precision_is_used_as_asked_without_calibrating():
    for asked in ("fp32", "bf16"):
        choice = choose_precision(asked, "cpu", never_called)
        assert choice.used == asked and choice.reason == "asked for"


def test_auto_stays_fp32_without_native_bf16_and_says_why(monkeypatch):
    monkeypatch.setattr(torch.cpu, "_is_amx_tile_supported", lambda: False)
    monkeypatch.setattr(torch.cpu, "_is_avx512_bf16_supported", lambda: False)
    choice = choose_precision("auto", "cpu", never_called)
    assert choice.used == "fp32" and "no bf16 instructions" in choice.reason


@pytest.mark.parametrize("bf16_speedup, used", [(2.0, "bf16"), (1.02, "fp32"), (0.5, "fp32")])
def test_auto_with_native_bf16_keeps_what_the_calibration_measures_faster(monkeypatch, bf16_speedup, used):
    monkeypatch.setattr(torch.cpu, "_is_amx_tile_supported", lambda: True)
    clock = [0.0]
    monkeypatch.setattr(precision.time, "perf_counter", lambda: clock[0])
    calls = []

    def forward_backward(bf16):  # a pass costs 1 s in fp32 and 1/speed-up in bf16 on this clock
        calls.append(bf16)
        clock[0] += 1.0 / bf16_speedup if bf16 else 1.0

    choice = choose_precision("auto", "cpu", forward_backward)
    assert choice.used == used and "AMX" in choice.reason
    assert calls.count(False) == calls.count(True) == precision.CALIBRATION_PASSES + 1
    assert choice.fp32_seconds == pytest.approx(1.0) and choice.bf16_seconds == pytest.approx(1.0 / bf16_speedup)


def test_an_unknown_precision_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="auto, fp32, bf16"):
        choose_precision("fp8", "cpu", never_called)
    assert PRECISIONS == ("auto", "fp32", "bf16")


def test_native_bf16_names_the_evidence():
    ok, why = native_bf16("cpu")
    assert isinstance(ok, bool) and ("CPU" in why)
    assert native_bf16("mps") == (False, "bf16 autocast is not offered on mps")


def _run(tmp_path, precision_asked="auto", steps=6):
    from models.config import TokenizerConfig, TrainConfig
    from models.nn.family import model_config
    from models.training import Step, Trainer
    from tests.conftest import toy_corpus

    losses = []
    train = TrainConfig(batch_size=5, max_minutes=None, max_steps=steps, eval_every=1000, learning_rate=1e-2,
                        lr_schedule="constant", seed=3, eval_sentences=5, snapshots=0, precision=precision_asked)  # fmt: skip
    model = model_config(embedding_size=16, hidden_size=24, dropout=0.3, decoder_style="input_feeding")
    tokens = TokenizerConfig(model_type="word", src_vocab_size=60, tgt_vocab_size=60)
    collect = lambda e: losses.append(e.loss) if isinstance(e, Step) else None  # noqa: E731
    trainer = Trainer(tmp_path, toy_corpus(), model, tokens, train, collect)
    return trainer, trainer.run(), losses


@pytest.mark.real_precision
def test_the_trainer_records_the_precision_and_why(tmp_path, monkeypatch):
    monkeypatch.setattr(torch.cpu, "_is_amx_tile_supported", lambda: False)
    monkeypatch.setattr(torch.cpu, "_is_avx512_bf16_supported", lambda: False)
    trainer, result, _ = _run(tmp_path)
    assert result.summary.precision.used == "fp32" and "no bf16" in result.summary.precision.reason
    from models.checkpoint import load_checkpoint

    assert load_checkpoint(result.last_path).history["precision"]["used"] == "fp32"  # for the Model tab


@pytest.mark.real_precision
@pytest.mark.parametrize("bf16_wins", [True, False])
def test_a_calibration_leaves_the_runs_random_draws_as_they_were(tmp_path, monkeypatch, bf16_wins):
    """Calibrating runs forward passes (dropout, sampling); the run's losses then equal a run that
    asked for the chosen precision outright, so the choice costs no reproducibility."""
    monkeypatch.setattr(torch.cpu, "_is_amx_tile_supported", lambda: True)
    clock = [0.0]
    monkeypatch.setattr(precision.time, "perf_counter", lambda: clock[0])

    from models.training import loop as loop_module

    original = loop_module.StepLoop.forward_backward

    def timed(self, batch, teacher_forcing, tokens):  # bf16 passes cost 1/3 or 3 times fp32's on this clock
        clock[0] += (1 / 3 if bf16_wins else 3) if self.bf16 else 1
        return original(self, batch, teacher_forcing, tokens)

    monkeypatch.setattr(loop_module.StepLoop, "forward_backward", timed)
    auto, result, auto_losses = _run(tmp_path / "auto")
    chosen = "bf16" if bf16_wins else "fp32"
    assert auto.precision.used == chosen and result.summary.precision.used == chosen
    _, _, asked_losses = _run(tmp_path / "asked", chosen)
    assert auto_losses == asked_losses
