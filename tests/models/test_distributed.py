"""Training under torchrun (models/training/distributed.py) and on other devices (device.py).

The main test launches the real command, `torchrun --standalone --nproc-per-node 2 --no-python
seq2seq-studio train …`, as two CPU processes with gloo, and compares it with one process given
the same global batch and seed: the same losses and the same weights, world_size 2 in the
summary, a run folder the app's loader opens, and `--resume` under torchrun continuing as one
process's resume does. GPU tests skip without CUDA.
"""

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch
import torch.distributed as dist

from models.checkpoint import load_checkpoint, save_checkpoint
from models.cli import main
from models.errors import StudioError, TrainingError
from models.training import device
from models.training.batching import collate
from models.training.distributed import SINGLE_PROCESS, Distributed, from_environment
from models.translator import Translator
from tests.conftest import TOY_PAIRS

# A tiny RNN with the input-feeding decoder, so the step-wise fast path (deferred weight
# gradients) trains under DDP; no dropout, so one process and two draw nothing differently.
# 20 pairs in batches of 7: shares of 4 and 3 sentences, then 3 and 3.
TRAIN = ["--preset", "tiny", "--decoder-style", "input_feeding", "--tokenizer", "word", "--vocab-size", "60",
         "--dropout", "0", "--batch-size", "7", "--lr", "0.01", "--seed", "3", "--precision", "fp32",
         "--eval-every", "5", "--json", "--quiet"]  # fmt: skip
LAUNCHER = Path(sys.executable).parent / "seq2seq-studio"

gloo = pytest.mark.skipif(not (dist.is_available() and dist.is_gloo_available()), reason="no gloo in this PyTorch")
cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA GPU here")


def torchrun(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """`seq2seq-studio train ARGS` in 2 processes under torchrun, as a user types it."""
    program = ["--no-python", str(LAUNCHER)] if LAUNCHER.exists() else ["-m", "models.cli"]
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    return subprocess.run(
        [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc-per-node", "2", *program,
         "train", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=240,
    )  # fmt: skip


def one_process(capsys, *args: str) -> dict:
    code = main(["train", *args])
    out = capsys.readouterr().out
    assert code == 0, out
    return json.loads(out.strip().splitlines()[-1])


def summary_of(result: subprocess.CompletedProcess) -> dict:
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def assert_same_training(one: Path, two: Path) -> None:
    """The same recorded losses (training steps and dev evaluations) and the same weights."""
    a, b = load_checkpoint(one / "last.s2s"), load_checkpoint(two / "last.s2s")
    steps_a, steps_b = a.history["steps"], b.history["steps"]
    assert [s["step"] for s in steps_a] == [s["step"] for s in steps_b] and steps_a
    for x, y in zip(steps_a, steps_b):
        assert x["loss"] == pytest.approx(y["loss"], abs=2e-4), (x, y)
    dev_a, dev_b = a.history["evaluations"], b.history["evaluations"]
    assert [e["step"] for e in dev_a] == [e["step"] for e in dev_b] and dev_a
    for x, y in zip(dev_a, dev_b):
        assert x["dev_loss"] == pytest.approx(y["dev_loss"], abs=2e-4), (x, y)
    weights_a, weights_b = a.model.state_dict(), b.model.state_dict()
    for name, value in weights_a.items():
        torch.testing.assert_close(weights_b[name], value, atol=2e-4, rtol=1e-3, msg=name)


@gloo
def test_two_gloo_processes_train_as_one_process_with_the_same_global_batch(tmp_path, capsys):
    corpus = tmp_path / "toy.tsv"
    corpus.write_text("".join(f"{s}\t{t}\n" for s, t in TOY_PAIRS), encoding="utf-8")
    single, ddp = tmp_path / "single", tmp_path / "ddp"

    two = summary_of(torchrun(tmp_path, "--corpus", str(corpus), "--out", str(ddp), "--steps", "5", *TRAIN))
    one = one_process(capsys, "--corpus", str(corpus), "--out", str(single), "--steps", "5", *TRAIN)
    assert two["world_size"] == 2 and one["world_size"] == 1
    assert two["steps"] == one["steps"] == 5 and two["parameters"] == one["parameters"]
    assert_same_training(single, ddp)
    # the run folder opens in the app's loader and translates
    bundle = load_checkpoint(str(ddp))
    assert Path(bundle.path) == ddp / "best.s2s" and Translator(bundle).translate("the red car").text is not None

    # --resume under torchrun continues the run as one process's resume continues its own
    resumed = summary_of(torchrun(tmp_path, "--resume", str(ddp), "--steps", "5", "--json", "--quiet"))
    one = one_process(capsys, "--resume", str(single), "--steps", "5", "--json", "--quiet")
    assert resumed["world_size"] == 2 and resumed["steps"] == one["steps"] == 10
    assert_same_training(single, ddp)


def test_each_process_takes_every_world_size_th_sentence_and_scales_its_loss():
    batch, tokens = [10, 11, 12, 13, 14], 50
    assert SINGLE_PROCESS.share(batch, tokens) == (batch, 50)
    shares = [Distributed(rank, 2).share(batch, tokens) for rank in range(2)]
    assert shares == [([10, 12, 14], 25.0), ([11, 13], 25.0)]
    # a batch smaller than the world: the process left out runs a sentence with no weight
    assert Distributed(1, 2).share([7], 4) == ([7], math.inf)


def test_torchruns_variables_give_the_place_and_their_absence_one_process():
    assert from_environment({}) is SINGLE_PROCESS and not SINGLE_PROCESS.active
    place = from_environment({"RANK": "3", "WORLD_SIZE": "4", "LOCAL_RANK": "1"})
    assert (place.rank, place.world_size, place.local_rank, place.is_main, place.active) == (3, 4, 1, False, True)
    with pytest.raises(StudioError, match="WORLD_SIZE"):
        from_environment({"RANK": "4", "WORLD_SIZE": "4", "LOCAL_RANK": "0"})


def trained_elsewhere(tmp_path: Path, where: str) -> Path:
    """A toy run saved as a run on `where` saves it: checkpoints hold CPU tensors and the device
    only in the stored training settings."""
    from tests.conftest import train_toy

    result = train_toy(tmp_path / "run", steps=30)
    bundle, state = load_checkpoint(result.last_path, with_trainer_state=True)
    bundle.train_config.device = where
    for path in (result.last_path, result.best_path):
        save_checkpoint(path, bundle, state if path == result.last_path else None)
    return Path(result.last_path).parent


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the sentence a machine without CUDA says")
def test_a_run_trained_on_a_gpu_opens_on_a_cpu_and_resumes_there_when_told(tmp_path, capsys):
    run = trained_elsewhere(tmp_path, "cuda")
    bundle = load_checkpoint(str(run), device="cpu")
    assert all(p.device.type == "cpu" for p in bundle.model.parameters())
    assert Translator(bundle, "cpu").translate("the red car").text
    assert main(["train", "--resume", str(run), "--steps", "3", "--quiet"]) == 2
    assert "cuda is not available on this machine" in capsys.readouterr().err
    corpus = tmp_path / "toy.tsv"
    corpus.write_text("".join(f"{s}\t{t}\n" for s, t in TOY_PAIRS), encoding="utf-8")
    given = ["--corpus", str(corpus), "--device", "cpu", "--json", "--quiet"]
    assert main(["train", "--resume", str(run), "--steps", "3", *given]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["steps"] == 33


def test_batches_stay_as_they_are_on_the_cpu_and_a_missing_device_is_one_sentence():
    batch = collate([([5, 6], [7, 8, 9])])
    assert device.to_device(batch, "cpu") is batch
    if not torch.cuda.is_available():
        with pytest.raises(TrainingError, match="train with --device cpu"):
            device.check_available("cuda")
    assert device.gradient_scaler("bf16", "cpu") is None and device.gradient_scaler("fp32", "cpu") is None


@cuda
@pytest.mark.real_precision  # auto calibrates on the GPU, as a user's run does
def test_a_gpu_run_trains_in_mixed_precision_and_opens_on_the_cpu(tmp_path):
    from models.config import TokenizerConfig, TrainConfig
    from models.nn.family import model_config
    from models.training import Trainer
    from tests.conftest import toy_corpus

    batch = device.to_device(collate([([5, 6], [7, 8, 9])]), "cuda")
    assert batch.src.is_cuda and not batch.src_lengths.is_cuda
    train = TrainConfig(batch_size=5, max_minutes=None, max_steps=30, eval_every=15, learning_rate=1e-2, seed=3,
                        device="cuda", precision="auto")  # fmt: skip
    tok = TokenizerConfig(model_type="word", src_vocab_size=60, tgt_vocab_size=60)
    trainer = Trainer(tmp_path / "gpu", toy_corpus(), model_config(embedding_size=32, hidden_size=64), tok, train)
    result = trainer.run()
    assert result.failed is None and result.summary.steps == 30
    assert trainer.precision.used in ("bf16", "fp16", "fp32") and trainer.precision.reason
    assert (trainer.loop.scaler is not None) == (trainer.precision.used == "fp16")
    bundle = load_checkpoint(result.last_path, device="cpu")
    assert all(p.device.type == "cpu" for p in bundle.model.parameters())
    assert Translator(bundle, "cpu").translate("the red car").text is not None


@cuda
def test_a_gpu_without_native_bf16_is_offered_fp16_with_a_scaler():
    from models.training.precision import reduced_precision

    half, why = reduced_precision("cuda")
    native = torch.cuda.is_bf16_supported(including_emulation=False)
    assert half == ("bf16" if native else "fp16") and why


def test_fp16_trains_with_a_gradient_scaler_that_a_resumed_run_takes_up(tmp_path, monkeypatch):
    """The scaler's path, on the CPU (autocast does fp16 there too): a GPU without bf16 takes it."""
    from models.training import loop
    from models.training.precision import PrecisionChoice
    from tests.conftest import train_toy

    monkeypatch.setattr(loop, "choose_precision", lambda *_: PrecisionChoice("auto", "fp16", "a GPU without bf16"))
    restored: list = []
    scaler_for = device.gradient_scaler
    monkeypatch.setattr(device, "gradient_scaler", lambda *args: restored.append(args[2]) or scaler_for(*args))
    result = train_toy(tmp_path / "run", steps=20)
    assert result.failed is None and result.summary.precision.used == "fp16" and restored == [None]
    _, state = load_checkpoint(result.last_path, with_trainer_state=True)
    assert state["scaler"]["scale"] > 0  # the scale it reached, kept for a resumed run

    from models.training import Trainer
    from tests.conftest import toy_corpus

    resumed = Trainer(tmp_path / "run", toy_corpus(), resume=True, overwrite=False)
    resumed.train_config.max_steps = 5
    assert resumed.run().failed is None and restored[-1] == state["scaler"] and resumed.state.step == 25
