#!/usr/bin/env python3
"""Train a bundled model for everyday sentences and write it to resources/.

    python scripts/make_everyday_model.py --pair en-fr [--minutes 55] [--out runs/everyday-en-fr]
    python scripts/make_everyday_model.py --pair en-zh [--minutes 15]
    python scripts/make_everyday_model.py --pair en-fr --family transformer --steps 8000   # the bundled Transformer
    python scripts/make_everyday_model.py --pair en-fr --package runs/everyday-en-fr   # the last step only

Data: the Tatoeba pairs in ../shared/data (CC-BY 2.0 FR, Tatoeba Project and
www.manythings.org/anki), split by English sentence with seed 1 (`models.corpus.load_corpus`:
en-fr 2,000 test and 500 dev sentences, en-zh 1,000 and 300, the rest for training), together
with training pairs of the built-in corpus of the same languages (dates, numbers, amounts), so
the model knows both. Dev scoring and the best checkpoint use the Tatoeba dev split. The shipped
file stores float16 weights; the recipe (data, split, seed, minutes) is stored in it and shown in
the app's Model tab.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.checkpoint import RESOURCES, load_checkpoint, save_checkpoint  # noqa: E402
from models.config import TokenizerConfig, TrainConfig  # noqa: E402
from models.corpus import Corpus, load_corpus  # noqa: E402
from models.corpus.tatoeba import CREDIT, SEED, SPLITS, tatoeba_path, tatoeba_split  # noqa: E402
from models.nn.family import model_config  # noqa: E402
from models.presets import PRESETS  # noqa: E402
from models.training import Evaluation, Trainer  # noqa: E402

BUILTIN_PAIRS = {"en-fr": 60_000, "en-zh": 30_000}  # built-in training pairs added to Tatoeba's
NAMES = {"en-fr": "default en→fr (everyday)", "en-zh": "default en→zh (everyday)"}
# The bundled Transformer: the transformer-ref preset (the configuration the docs compare with
# JoeyNMT) on the same data, split and vocabularies as the RNN of its pair.
TRANSFORMER = PRESETS["transformer-ref"]
PROBES = {"en-fr": "How are you?", "en-zh": "How are you?"}
# Additive (Bahdanau) attention for both. Luong's general attention would make each decoding
# step ~40 µs cheaper (no tanh energies), but trained on en→fr it learned far slower: dev BLEU
# 24.1 after 10,500 steps against additive's 37.2.
MODEL = model_config(cell="gru", layers=1, bidirectional=True, embedding_size=256, hidden_size=256,
                    attention="additive", decoder_style="luong", dropout=0.2)  # fmt: skip
TOKENIZERS = {  # Chinese has thousands of characters: coverage below 1 leaves the rarest to <unk>
    "en-fr": TokenizerConfig(model_type="unigram", src_vocab_size=4000, tgt_vocab_size=4000),
    "en-zh": TokenizerConfig(model_type="unigram", src_vocab_size=4000, tgt_vocab_size=4000, character_coverage=0.9995),
}
# fp32: a recipe gives the same model on any machine (auto would choose by timing).
TRAIN = TrainConfig(batch_size=64, learning_rate=1e-3, lr_schedule="plateau", clip_norm=1.0, eval_every=1500,
                    eval_sentences=500, seed=SEED, threads=2, precision="fp32")  # fmt: skip


def everyday_corpus(pair: str) -> Corpus:
    if not tatoeba_path(pair).exists():
        raise SystemExit(f"{tatoeba_path(pair)} is absent: this script needs the shared Tatoeba corpus")
    tatoeba = tatoeba_split(pair)
    builtin = load_corpus(f"builtin:{pair}")
    extra = random.Random(SEED).sample(builtin.train, min(BUILTIN_PAIRS[pair], len(builtin.train)))
    train = tatoeba.train + extra
    random.Random(SEED).shuffle(train)
    return Corpus(f"{tatoeba_path(pair).stem} + builtin:{pair}", train, tatoeba.dev, tatoeba.test, tatoeba.skipped)


def recipe(pair: str, minutes: float, summary: dict, family: str = "rnn") -> dict:
    split = SPLITS[pair]
    budget = f"--steps {summary['budget_steps']}" if summary.get("budget_steps") else f"--minutes {minutes:g}"
    budget += "" if family == "rnn" else f" --family {family}"
    return {
        "script": f"scripts/make_everyday_model.py --pair {pair} {budget}",
        "data": f"Tatoeba {tatoeba_path(pair).stem} ({split.pairs:,} pairs; {CREDIT}) "
        f"+ {BUILTIN_PAIRS[pair]:,} pairs of builtin:{pair}",
        "split": f"Tatoeba split by English sentence, seed {SEED}: {split.test:,} test, {split.dev} dev, the rest train",
        "seed": SEED,
        "minutes": minutes,
        "steps": summary.get("steps"),
        "epochs": summary.get("epochs"),
    }


def bundled_name(pair: str, family: str) -> str:
    return f"default-{pair}" if family == "rnn" else f"default-{family}-{pair}"


def package(pair: str, run: Path, minutes: float, summary: dict, family: str = "rnn") -> int:
    bundle = load_checkpoint(run / "best.s2s")
    bundle.name = NAMES[pair] if family == "rnn" else NAMES[pair].replace("(everyday)", f"({family}, everyday)")
    bundle.recipe = recipe(pair, minutes, summary, family)
    output = RESOURCES / f"{bundled_name(pair, family)}.s2s"
    save_checkpoint(output, bundle, half=True)
    print(f"wrote {output} ({output.stat().st_size / 1e6:.1f} MB)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pair", choices=sorted(SPLITS), default="en-fr")
    parser.add_argument("--minutes", type=float, default=55.0)
    parser.add_argument("--family", choices=("rnn", "transformer"), default="rnn")
    parser.add_argument("--threads", type=int, default=TRAIN.threads, help="CPU threads (the recipe's: 2)")
    parser.add_argument(
        "--steps", type=int, help="a step budget instead of --minutes: the same model on a busy machine"
    )
    parser.add_argument("--out", help="run folder (default runs/everyday-PAIR)")
    parser.add_argument("--package", metavar="RUN", help="only write resources/ from a finished run")
    parser.add_argument("--resume", action="store_true", help="continue the run in --out for --minutes more")
    args = parser.parse_args()
    if args.package:
        summary = json.loads((Path(args.package) / "summary.json").read_text(encoding="utf-8"))
        return package(args.pair, Path(args.package), summary["minutes"], summary, args.family)
    out = args.out or f"runs/{bundled_name(args.pair, args.family)}"

    def report(event):
        if isinstance(event, Evaluation):
            print(f"step {event.step} ({event.elapsed_s:.0f} s): dev BLEU {event.bleu:.2f}, chrF {event.chrf:.1f}, "
                  f"probe: {event.probe.translation if event.probe else ''}", flush=True)  # fmt: skip

    train = replace(TRAIN, max_minutes=None if args.steps else args.minutes, max_steps=args.steps,
                    probe_sentence=PROBES[args.pair])  # fmt: skip
    before = 0.0
    if args.resume:  # the minutes so far count in the recipe
        before = json.loads((Path(out) / "summary.json").read_text(encoding="utf-8"))["minutes"]
    train = replace(train, threads=args.threads)
    model, tokenizer = replace(MODEL), replace(TOKENIZERS[args.pair])
    if args.family == "transformer":
        model = replace(TRANSFORMER.model)
        train = replace(TRANSFORMER.train, max_minutes=train.max_minutes, max_steps=train.max_steps, seed=SEED,
                        eval_every=TRAIN.eval_every, eval_sentences=TRAIN.eval_sentences, threads=train.threads,
                        precision=TRAIN.precision, probe_sentence=train.probe_sentence)  # fmt: skip
    result = Trainer(out, everyday_corpus(args.pair), model, tokenizer, train, report, resume=args.resume).run()
    if result.failed:
        print(result.failed, file=sys.stderr)
        return 1
    summary = result.summary.to_json()
    summary["minutes"] = round(before + (summary["seconds"] / 60 if args.steps else args.minutes), 1)
    summary["budget_steps"] = args.steps
    (Path(out) / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    return package(args.pair, Path(out), summary["minutes"], summary, args.family)


if __name__ == "__main__":
    sys.exit(main())
