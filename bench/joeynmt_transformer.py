#!/usr/bin/env python3
"""JoeyNMT 2.3's Transformer on the Tatoeba en→fr split, with the sizes of our `transformer-ref`,
for the side-by-side comparison in docs/benchmarks.md (run bench/tatoeba_reference.py --preset
transformer-ref for ours, alone, one after the other).

    python3 -m venv /tmp/joey && /tmp/joey/bin/pip install torch==2.13.0 &&
    /tmp/joey/bin/pip install joeynmt==2.3.0 importlib_metadata sentencepiece==0.2.0
    python bench/joeynmt_transformer.py --joey-python /tmp/joey/bin/python [--minutes 10]

The same split (make_splits.py), the same sentencepiece set-up as ours (unigram, 4,000 pieces
per language, trained on the training split by models/tokenizer.py; JoeyNMT reads the model files
and a vocabulary file of their pieces), the same sizes and optimisation: 2+2 layers, 4 heads,
d_model 256, ff 1024, pre-norm, dropout 0.1, Adam (0.9, 0.98), warm-up to 5e-4 over 1,000 steps
then 1/√step, clipping at 1, batches of 64 sentences, 500 dev sentences every 1,000 steps. Its
training is interrupted (SIGINT: it saves its weights) when the budget has passed since its first
training step; its own log gives its target tokens/s (training steps only, validation excluded),
the test split is translated greedily by `joeynmt test` and scored here with sacrebleu as ours
is. Peak RSS is that of the training process. Prints a JSON line and writes
bench/out/joeynmt-transformer.json.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import OUT, SHARED_TATOEBA, write_json  # noqa: E402
from bench.tatoeba_reference import make_split  # noqa: E402
from models.metrics import score_translations  # noqa: E402
from models.tokenizer import SPECIAL_PIECES, train_tokenizer  # noqa: E402

CONFIG = """\
name: "tatoeba-transformer-ref"
joeynmt_version: "2.3.0"
model_dir: "{model_dir}"
use_cuda: False
random_seed: 1
data:
  train: "{data}/train"
  dev: "{data}/dev"
  test: "{data}/test"
  dataset_type: "plain"
  src: {{lang: "en", level: "bpe", lowercase: False, voc_file: "{data}/src_vocab.txt",
        tokenizer_type: "sentencepiece", tokenizer_cfg: {{model_file: "{data}/src.model"}}}}
  trg: {{lang: "fr", level: "bpe", lowercase: False, voc_file: "{data}/trg_vocab.txt",
        tokenizer_type: "sentencepiece", tokenizer_cfg: {{model_file: "{data}/trg.model"}}}}
training:
  optimizer: "adam"
  adam_betas: [0.9, 0.98]
  scheduling: "warmupinversesquareroot"
  learning_rate: 0.0005
  learning_rate_peak: 0.0005
  learning_rate_min: 1.0e-5
  learning_rate_warmup: 1000
  clip_grad_norm: 1.0
  label_smoothing: 0.0
  normalization: "tokens"
  batch_size: 64
  batch_type: "sentence"
  epochs: 100
  validation_freq: 1000
  logging_freq: 100
  eval_metrics: ["bleu"]
  early_stopping_metric: "bleu"
  keep_best_ckpts: 1
  shuffle: True
  overwrite: True
  num_workers: 0
testing:
  load_model: "{model_dir}/latest.ckpt"
  n_best: 1
  beam_size: 1
  batch_size: 64
  batch_type: "sentence"
  max_output_length: 100
  eval_metrics: ["bleu"]
  sacrebleu_cfg: {{tokenize: "13a"}}
model:
  initializer: "xavier_uniform"
  embed_initializer: "xavier_uniform"
  bias_initializer: "zeros"
  tied_embeddings: False
  tied_softmax: False
  encoder:
{stack}  decoder:
{stack}"""
# The encoder's and the decoder's sizes: transformer-ref's, the same on both sides.
STACK = """\
    type: "transformer"
    num_layers: 2
    num_heads: 4
    embeddings: {embedding_dim: 256, scale: True, dropout: 0.1}
    hidden_size: 256
    ff_size: 1024
    dropout: 0.1
    layer_norm: "pre"
"""


def prepare(split: Path, folder: Path) -> Path:
    """JoeyNMT's plain-text files and sentencepiece models from our split; the config's path."""
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    train = [line.split("\t") for line in (split / "train.tsv").read_text(encoding="utf-8").splitlines()]
    dev = [line.split("\t") for line in (split / "dev.tsv").read_text(encoding="utf-8").splitlines()]
    test_src = (split / "test.src").read_text(encoding="utf-8").splitlines()
    test_ref = (split / "test.ref").read_text(encoding="utf-8").splitlines()
    for name, pairs in (("train", train), ("dev", dev), ("test", list(zip(test_src, test_ref)))):
        (data / f"{name}.en").write_text("".join(s + "\n" for s, _ in pairs), encoding="utf-8")
        (data / f"{name}.fr").write_text("".join(t + "\n" for _, t in pairs), encoding="utf-8")
    for side, sentences in (("src", [s for s, _ in train]), ("trg", [t for _, t in train])):
        tokenizer = train_tokenizer(sentences, 4000, "unigram")
        (data / f"{side}.model").write_bytes(tokenizer.model_proto)
        pieces = [tokenizer.id_to_piece(i) for i in range(tokenizer.vocab_size)]
        vocabulary = [p for p in pieces if p not in SPECIAL_PIECES]  # JoeyNMT adds its own specials
        (data / f"{side}_vocab.txt").write_text("".join(p + "\n" for p in vocabulary), encoding="utf-8")
    config = folder / "config.yaml"
    config.write_text(CONFIG.format(model_dir=folder / "model", data=data, stack=STACK), encoding="utf-8")
    return config


def train(joey: str, config: Path, log: Path, minutes: float) -> dict:
    """Run JoeyNMT's training until `minutes` have passed since its first step, then interrupt it."""
    with log.open("w", encoding="utf-8") as out:
        # SIGINT as the default: a shell's background job would pass it on ignored, and the run
        # would not hear the interrupt it saves its weights on.
        process = subprocess.Popen([joey, "-m", "joeynmt", "train", str(config), "--skip-test"], stdout=out,
                                   stderr=subprocess.STDOUT,
                                   preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # fmt: skip
        started = time.perf_counter()
        first_step = None
        while process.poll() is None:
            time.sleep(1)
            if first_step is None and "Step:" in log.read_text(encoding="utf-8", errors="replace"):
                first_step = time.perf_counter()  # its first logged step (the 100th): data read and batched
            if first_step is not None and time.perf_counter() - first_step >= minutes * 60:
                process.send_signal(signal.SIGINT)  # it saves its current weights as latest.ckpt
                process.wait()
                break
    text = log.read_text(encoding="utf-8", errors="replace")
    rates = [float(r) for r in re.findall(r"Tokens per Sec:\s+([0-9.]+)", text)]
    steps = [
        int(s) for s in re.findall(r"Step:\s+(\d+)", text) + re.findall(r"Interrupt at epoch \d+, step (\d+)", text)
    ]
    return {
        "preparation_s": round((first_step or started) - started, 1),
        "steps": max(steps) if steps else 0,
        "target_tokens_per_s": round(sum(rates) / len(rates)) if rates else None,
        "target_tokens_per_s_note": "mean of its log's rates (training only, validation excluded)",
        # Linux reports kilobytes: the largest RSS of the children waited for (the training run).
        "peak_rss_training_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--joey-python", required=True, help="the python of a venv with joeynmt 2.3 installed")
    parser.add_argument("--minutes", type=float, default=10.0)
    args = parser.parse_args()
    if not (SHARED_TATOEBA / "eng-fra.tsv").exists():
        print(f"cannot run: {SHARED_TATOEBA} is absent", file=sys.stderr)
        return 2
    split = make_split()
    folder = OUT / "joeynmt-transformer"
    config = prepare(split, folder)
    figures = {"name": "JoeyNMT 2.3 Transformer", "minutes": args.minutes}
    figures.update(train(args.joey_python, config, folder / "train-output.log", args.minutes))
    start = time.perf_counter()
    subprocess.run([args.joey_python, "-m", "joeynmt", "test", str(config), "--output-path", str(folder / "hyp")],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    figures["test_decoding_s"] = round(time.perf_counter() - start, 1)
    hypotheses = (folder / "hyp.test").read_text(encoding="utf-8").splitlines()
    references = (split / "test.ref").read_text(encoding="utf-8").splitlines()
    scores = score_translations(hypotheses, references)
    figures.update(test_bleu_greedy=round(scores["bleu"], 2), test_chrf_greedy=round(scores["chrf"], 2),
                   test_sentences=scores["sentences"])  # fmt: skip
    path = write_json("joeynmt-transformer", figures)
    print(json.dumps(figures))
    print(f"written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
