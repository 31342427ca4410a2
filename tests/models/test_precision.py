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
