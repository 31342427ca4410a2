"""`seq2seq-studio`: the command line. With no sub-command it opens the desktop app."""

from __future__ import annotations

import argparse
import json
import math
import signal
import sys
import time
from dataclasses import replace

from models import choices
from models.config import Bound, DecodeConfig, TrainConfig, bound_of
from models.errors import StudioError

EPILOG = (
    "Models are given as a training folder, a .s2s file, or a bundled model: 'default' or 'default-en-fr' "
    "(English→French) and 'default-en-zh' (English→Chinese). RUN@STEP names the snapshot a training "
    "folder kept at that step."
)


# Each option of `train` with the configuration field it sets, declared once: a new run's
# configuration, a resumed run's and the bound checks all read these tables.
# Options that shape the model or its vocabulary: fixed once a run has begun. A model option
# sets the field of that name in the chosen family's configuration; a family without the field
# does not use the option (--heads for a recurrent model), as the form hides its row.
MODEL_FLAGS = {
    **{option.flag: option.field for option in choices.MODEL_OPTIONS},
    "--layers": "layers", "--decoder-layers": "decoder_layers", "--heads": "heads", "--ff-size": "ff_size",
    "--shared-embeddings": "shared_embeddings", "--bidirectional": "bidirectional",
    "--embedding-size": "embedding_size", "--hidden-size": "hidden_size", "--dropout": "dropout",
}  # fmt: skip
VOCABULARY_FLAGS = {"--tokenizer": ("model_type",), "--vocab-size": ("src_vocab_size", "tgt_vocab_size"),
                    "--shared-vocab": ("shared",)}  # fmt: skip
# Training options a resumed run may change (the budget's three are given together, below).
TRAIN_FLAGS = {
    "--batch-size": "batch_size", "--lr": "learning_rate", "--lr-schedule": "lr_schedule", "--clip": "clip_norm",
    "--label-smoothing": "label_smoothing", "--teacher-forcing": "teacher_forcing",
    "--teacher-forcing-schedule": "teacher_forcing_schedule", "--eval-every": "eval_every",
    "--warmup-steps": "warmup_steps", "--adam-beta2": "adam_beta2", "--patience": "early_stopping_patience",
    "--seed": "seed", "--device": "device", "--precision": "precision", "--threads": "threads", "--probe": "probe_sentence",
}  # fmt: skip
BUDGET_FLAGS = {"--minutes": "max_minutes", "--epochs": "max_epochs", "--steps": "max_steps"}


def _bounds(config_class, flags: dict[str, str]) -> dict[str, Bound]:
    """The declared bound of each option's field, for the options whose field has one."""
    bounds = {}
    for flag, name in flags.items():
        try:
            bounds[flag] = bound_of(config_class, name)
        except KeyError:
            continue
    return bounds


# Options whose values are bounded: each reads its bound from the field it sets (models/config.py),
# and is checked before anything is read or loaded.
TRAIN_BOUNDS = _bounds(TrainConfig, {**TRAIN_FLAGS, **BUDGET_FLAGS})
DECODE_FLAGS = {"--beam": "beam_size", "--nbest": "nbest", "--length-penalty": "length_penalty",
                "--temperature": "temperature", "--top-k": "top_k", "--max-len-ratio": "max_len_ratio"}  # fmt: skip
DECODE_BOUNDS = _bounds(DecodeConfig, DECODE_FLAGS)
EVALUATE_LIMIT = Bound("the number of pairs to score", 1, integer=True, optional=True)


def _dest(flag: str) -> str:
    return flag[2:].replace("-", "_")


def check_options(args, bounds: dict[str, Bound]) -> None:
    """One sentence naming the first option given outside its declared range."""
    for flag, bound in bounds.items():
        value = getattr(args, _dest(flag), None)
        if value is not None and (problem := bound.problem(value)):
            name = flag if bound.label.replace(" ", "-") == flag[2:] else f"{flag} ({bound.label})"
            raise StudioError(f"{name} {problem}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="seq2seq-studio",
        description="Train, run and inspect attention sequence-to-sequence translation models. "
        "Without a command, opens the desktop app.",
        epilog=EPILOG,
    )
    parser.add_argument("--debug", action="store_true", help="show a full traceback when something fails")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _corpus_parser(sub)
    _train_parser(sub)
    _translate_parser(sub)
    _evaluate_parser(sub)
    _compare_parser(sub)
    gui = sub.add_parser("gui", help="open the desktop app", description="Open the desktop app.")
    gui.add_argument("--model", help="model to open instead of the bundled default")
    return parser


def _corpus_parser(sub) -> None:
    p = sub.add_parser("corpus", help="describe and validate a corpus",
                       description="Read a corpus, report problems and describe it.")  # fmt: skip
    p.add_argument("spec", help="builtin:en-fr|en-de|en-es|en-zh, a TSV file (source<TAB>target), or A.src,B.tgt")
    p.add_argument("--stats", action="store_true", help="print statistics (the default action)")
    p.add_argument("--head", type=int, default=0, metavar="N", help="also print the first N training pairs")
    p.add_argument("--json", action="store_true", help="print the statistics as JSON")


def _choice_argument(group, option) -> None:
    """A command-line option built from its declaration (models/choices.py)."""
    group.add_argument(option.flag, choices=option.values(), help=option.help.replace("%", "%%"))


def _train_parser(sub) -> None:
    from models.presets import PRESETS

    p = sub.add_parser(
        "train", help="train a model (or continue one with --resume)",
        description="Train a model. Options not given come from --preset (default: 'default').",
    )  # fmt: skip
    p.add_argument("--corpus", help="training corpus (builtin:en-fr, a TSV file, or A.src,B.tgt)")
    p.add_argument("--dev-corpus", help="score on this file at each evaluation instead of the held-out split")
    p.add_argument("--out", help="folder to write best.s2s and last.s2s into")
    p.add_argument("--resume", metavar="DIR", help="continue the run in DIR for the given budget")
    p.add_argument("--overwrite", action="store_true",
                   help="replace the run --out already holds (without it, a folder holding a run is refused)")  # fmt: skip
    p.add_argument("--preset", choices=sorted(PRESETS), default=None,
                   help="starting configuration (models/presets.py): "
                   + "; ".join(f"{name}: {preset.description}" for name, preset in PRESETS.items()).replace("%", "%%"))  # fmt: skip
    m = p.add_argument_group("model")
    for option in choices.MODEL_OPTIONS:
        _choice_argument(m, option)
    m.add_argument("--layers", type=int, help="RNN layers (1-4), or a Transformer's encoder layers (1-6)")
    m.add_argument("--decoder-layers", type=int, help="a Transformer's decoder layers (1-6; default: as --layers)")
    m.add_argument("--heads", type=int, help="a Transformer's attention heads (they divide --hidden-size, d_model)")
    m.add_argument("--ff-size", type=int, help="a Transformer's feed-forward width")
    m.add_argument("--shared-embeddings", action=argparse.BooleanOptionalAction, default=None,
                   help="a Transformer with one embedding table for both languages and the output (needs --shared-vocab)")  # fmt: skip
    m.add_argument("--bidirectional", action=argparse.BooleanOptionalAction, default=None, help="bidirectional encoder")
    m.add_argument("--embedding-size", type=int)
    m.add_argument("--hidden-size", type=int)
    m.add_argument("--dropout", type=float)
    t = p.add_argument_group("vocabulary")
    _choice_argument(t, choices.TOKENIZER)
    t.add_argument("--vocab-size", type=int, help="pieces per language (both sides)")
    t.add_argument(
        "--shared-vocab", action=argparse.BooleanOptionalAction, default=None, help="one vocabulary for both"
    )
    o = p.add_argument_group("optimisation and budget")
    o.add_argument("--batch-size", type=int, help="sentences per batch")
    o.add_argument("--lr", type=float, help="Adam learning rate")
    _choice_argument(o, choices.LR_SCHEDULE)
    o.add_argument("--warmup-steps", type=int, help="steps of linear warm-up (inverse_sqrt schedule)")
    o.add_argument("--adam-beta2", type=float, help="Adam's second-moment decay (0.98 for Transformers)")
    o.add_argument("--clip", type=float, help="gradient-norm clipping (0: none)")
    o.add_argument("--label-smoothing", type=float)
    o.add_argument("--teacher-forcing", type=float, help="probability of feeding the reference token (1: always)")
    _choice_argument(o, choices.TEACHER_FORCING_SCHEDULE)
    o.add_argument("--minutes", type=float, help="time budget")
    o.add_argument("--epochs", type=float, help="epoch budget")
    o.add_argument("--steps", type=int, help="step budget")
    o.add_argument("--eval-every", type=int, help="steps between evaluations on the dev set")
    o.add_argument("--patience", type=int, help="stop after N evaluations without a better dev BLEU")
    o.add_argument("--seed", type=int)
    o.add_argument("--device", help="cpu, cuda or mps")
    _choice_argument(o, choices.PRECISION)
    o.add_argument("--threads", type=int, help="CPU threads")
    o.add_argument("--probe", help="sentence whose attention is recorded at every evaluation")
    p.add_argument("--json", action="store_true", help="print the summary as one JSON object on the last line")
    p.add_argument("--quiet", action="store_true", help="no progress line")


def _decode_options(p) -> None:
    d = p.add_argument_group("decoding")
    d.add_argument("--beam", type=int, default=None, metavar="K",
                   help=f"beam size, 1 to {DECODE_BOUNDS['--beam'].high:g} (default 1: greedy; with --nbest N, N)")  # fmt: skip
    d.add_argument("--nbest", type=int, default=1, help="hypotheses to output (beam search; at most the beam size)")
    d.add_argument("--length-penalty", type=float, default=1.0, help="GNMT length penalty alpha (0: none)")
    d.add_argument("--sample", action="store_true", help="sample instead of searching")
    d.add_argument("--temperature", type=float, default=1.0)
    d.add_argument("--top-k", type=int, default=0, help="sample among the k most probable (0: all)")
    d.add_argument("--seed", type=int, default=None, help="seed for sampling")
    d.add_argument("--max-len-ratio", type=float, default=2.0, help="max output length per source piece")
    d.add_argument("--device", default="cpu")


def _translate_parser(sub) -> None:
    p = sub.add_parser("translate", help="translate sentences", epilog=EPILOG,
                       description="Translate the given text, or standard input line by line.")  # fmt: skip
    p.add_argument("--model", default="default", help="model to use (default: the bundled one)")
    p.add_argument("--snapshot", type=int, metavar="STEP", help="use the snapshot the run --model kept at STEP")
    p.add_argument("text", nargs="*", help="text to translate; without it, one sentence per input line")
    _decode_options(p)
    p.add_argument("--json", action="store_true", help="JSON with n-best, scores, pieces and attention")
    p.add_argument("--strict", action="store_true",
                   help="exit with status 1 when an input line was skipped (too long, not UTF-8)")  # fmt: skip


def _evaluate_parser(sub) -> None:
    p = sub.add_parser("evaluate", help="score a model on a corpus (BLEU, chrF, exact match; AER on built-in corpora)",
                       epilog=EPILOG, description="Score on a built-in corpus's test split, or on the whole of a file. "
                       "On a built-in corpus the attention is also scored against gold word alignments (AER).")  # fmt: skip
    p.add_argument("--model", default="default")
    p.add_argument("--corpus", required=True)
    p.add_argument("--limit", type=int, help="score only the first N pairs (N ≥ 1)")
    p.add_argument("--output", help="write the translations to this file")
    p.add_argument("--signals", metavar="all|NAME,...",
                   help="also score attribution signals (attention, saliency, input_x_gradient, integrated_gradients, "
                   "occlusion; rollout and norm for a Transformer): AER against gold alignments "
                   "(alignment_by_signal) and faithfulness")  # fmt: skip
    p.add_argument("--gold", help="gold word alignments of a corpus file in Pharaoh format (i-j sure, i?j possible), "
                   "one line per pair; default: CORPUS.align beside it")  # fmt: skip
    p.add_argument("--write-alignments", metavar="FILE",
                   help="write the model's word alignments of the pairs (by attention) in Pharaoh format")  # fmt: skip
    _decode_options(p)
    p.add_argument("--json", action="store_true")


def _compare_parser(sub) -> None:
    p = sub.add_parser("compare", help="two models on the same sentence, side by side", epilog=EPILOG,
                       description="Translate TEXT with two models under the same decoding settings; print both "
                       "outputs, their scores, and where each output piece looked.")  # fmt: skip
    p.add_argument("--model", action="append", required=True, metavar="MODEL",
                   help="give it twice: the two models (a file, a run folder, RUN@STEP or a bundled name)")  # fmt: skip
    p.add_argument("text", nargs="+", help="the sentence")
    _decode_options(p)
    p.add_argument("--json", action="store_true", help="one JSON object with both sides and the attention summaries")


# --------------------------------------------------------------------------- commands
def json_line(value, ensure_ascii: bool = True) -> str:
    """What `--json` prints: one line of standard JSON, which every parser reads. NaN and the
    infinities (a diverged loss, a score of nothing) have no JSON spelling: they become null."""

    def standard(node):
        if isinstance(node, float) and not math.isfinite(node):
            return None
        if isinstance(node, dict):
            return {key: standard(item) for key, item in node.items()}
        if isinstance(node, (list, tuple)):
            return [standard(item) for item in node]
        return node

    return json.dumps(standard(value), ensure_ascii=ensure_ascii, allow_nan=False)


def cmd_corpus(args) -> int:
    from models.corpus import load_corpus

    corpus = load_corpus(args.spec)
    stats = corpus.stats()
    if args.json:
        print(json_line(stats.__dict__))
    else:
        print(f"corpus {corpus.name}")
        print(stats.describe())
        if corpus.skipped.examples:
            print("first skipped: " + corpus.skipped.describe())
    for src, tgt in corpus.train[: args.head]:
        print(f"{src}\t{tgt}")
    return 0


def _given(args, flags: dict[str, str]) -> dict[str, object]:
    """Field -> value of the options given on the command line (not None)."""
    return {name: value for flag, name in flags.items() if (value := getattr(args, _dest(flag))) is not None}


def _train_configs(args):
    from models.nn.family import with_family
    from models.presets import PRESETS

    preset = PRESETS[args.preset or "default"]
    model_values = _given(args, MODEL_FLAGS)
    model = with_family(preset.model, model_values.pop("family", preset.model.family), **model_values)
    tok = replace(preset.tokenizer, **{name: value for flag, names in VOCABULARY_FLAGS.items() for name in names
                                       if (value := getattr(args, _dest(flag))) is not None})  # fmt: skip
    train = replace(preset.train, **_given(args, TRAIN_FLAGS))
    if args.minutes is not None or args.epochs is not None or args.steps is not None:
        train.max_minutes, train.max_epochs, train.max_steps = args.minutes, args.epochs, args.steps
    model.validate()
    tok.validate()
    train.validate()
    return model, tok, train


def _resume_config(args):
    """The run's own training settings, with only the options given now (and the new budget)
    changed; an option that would change the run's model or vocabulary is refused."""
    from pathlib import Path

    from models.checkpoint import SUFFIX, read_meta
    from models.config import TokenizerConfig, from_dict
    from models.nn.family import ModelConfig

    if args.preset:
        raise StudioError("--preset sets up a new run; a resumed run keeps its own settings (leave --preset out)")
    if args.overwrite:
        raise StudioError("--overwrite replaces a run and --resume continues it: give one of them")
    if args.out and Path(args.out).resolve() != Path(args.resume).resolve():
        raise StudioError(f"--resume continues the run in {args.resume}, in that folder; leave --out out "
                          "(or train a new run into --out without --resume)")  # fmt: skip
    path = Path(args.resume) / f"last{SUFFIX}"
    if not path.exists():
        raise StudioError(f"{args.resume} holds no run to resume (no last{SUFFIX} inside)")
    meta = read_meta(path)
    try:
        model = from_dict(ModelConfig, meta.get("model_config") or {})
        tokenizer = from_dict(TokenizerConfig, meta.get("tokenizer_config") or {})
        stored = meta.get("train_config")
        saved = from_dict(TrainConfig, stored) if isinstance(stored, dict) else TrainConfig()
    except ValueError as err:
        raise StudioError(f"{path}: the stored configuration is invalid ({err})") from None
    fixed = [(model, flag, (name,)) for flag, name in MODEL_FLAGS.items() if hasattr(model, name)]
    fixed += [(tokenizer, flag, names) for flag, names in VOCABULARY_FLAGS.items()]
    for config, flag, names in fixed:
        value = getattr(args, _dest(flag))
        if value is not None and value != getattr(config, names[0]):
            raise StudioError(f"{flag} cannot change when a run is resumed: the run's model was made with "
                              f"{getattr(config, names[0])!r}; train a new run (--out) to try {value!r}")  # fmt: skip
    config = replace(saved, **_given(args, TRAIN_FLAGS))
    if args.minutes is not None or args.epochs is not None or args.steps is not None:
        config.max_minutes, config.max_epochs, config.max_steps = args.minutes, args.epochs, args.steps
    config.validate()
    return config


def cmd_train(args) -> int:
    """Train; under torchrun each process runs this, and rank 0 alone prints (docs/distributed.md)."""
    from models.training import distributed

    if not args.resume and not (args.corpus and args.out):
        raise StudioError("train needs --corpus and --out (or --resume DIR to continue a run)")
    check_options(args, TRAIN_BOUNDS)
    if args.resume:
        configs = (None, None, _resume_config(args))
    else:
        configs = _train_configs(args)
    with distributed.session(configs[2].device) as processes:
        return _train(args, *configs, processes)


def _train(args, model_cfg, tok_cfg, train_cfg, processes) -> int:
    from models.cli_progress import ProgressLine
    from models.training import Evaluation, Failed, Phase, Step, Trainer, TrainingControl

    progress = ProgressLine(quiet=args.quiet or not processes.is_main)
    control = TrainingControl()

    def on_event(event) -> None:
        if isinstance(event, Step):
            progress.update(event.progress, f"step {event.step}  epoch {event.epoch:.2f}  loss {event.loss:.3f}  "
                            f"{event.tokens_per_s:,.0f} tok/s", event.eta_s)  # fmt: skip
        elif isinstance(event, Phase) and event.message != "training":
            if event.fraction is None:
                progress.message(event.message + " ...")
            else:
                progress.update(event.fraction, event.message)
        elif isinstance(event, Evaluation):
            progress.message(f"step {event.step}: dev loss {event.dev_loss:.3f}  BLEU {event.bleu:.2f}  "
                             f"chrF {event.chrf:.2f}  exact {event.exact_match:.1f}%" + ("  (best)" if event.is_best else ""))  # fmt: skip
        elif isinstance(event, Failed):
            progress.close()

    # Ctrl+C stops cleanly and keeps the checkpoint; so does SIGTERM (what torchrun passes on to
    # its processes when it is stopped, and what a cluster's scheduler sends before it kills)
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig in previous:
        signal.signal(sig, lambda *_: control.cancel())
    try:
        out = args.resume or args.out
        if args.resume:
            trainer = Trainer(
                out,
                args.corpus or "",
                train_config=train_cfg,
                callback=on_event,
                control=control,
                dev_corpus=args.dev_corpus,
                resume=True,
                processes=processes,
            )
        else:
            trainer = Trainer(
                out, args.corpus, model_cfg, tok_cfg, train_cfg, on_event, control, dev_corpus=args.dev_corpus,
                overwrite=args.overwrite, processes=processes,
            )  # fmt: skip
        result = trainer.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    progress.close()
    if result.failed:
        raise StudioError(result.failed if processes.is_main else f"process {processes.rank}: {result.failed}")
    if not processes.is_main:
        return 130 if result.cancelled else 0
    s = result.summary
    where = f" on {s.world_size} processes" if s.world_size > 1 else ""
    print(f"{'cancelled' if result.cancelled else 'finished'}: {s.steps} steps, {s.epochs:.2f} epochs, "
          f"{s.seconds:.0f} s, {s.target_tokens_per_s:,.0f} target tokens/s{where}")  # fmt: skip
    if s.dev_bleu is not None:
        print(f"best dev BLEU {s.dev_bleu:.2f}, chrF {s.dev_chrf:.2f}, exact match {s.dev_exact_match:.1f}%")
    if s.warning:
        print("warning: " + s.warning)
    if s.skipped:
        print("skipped: " + ", ".join(f"{n} {why}" for why, n in s.skipped.items()))
    if s.saved:
        print(f"model saved: {s.saved}  (last: {s.last})")
    else:
        print("no model was saved: training stopped before its first step")
    if args.json:
        print(json_line({k: v for k, v in s.to_json().items() if k != "model_config"}))
    return 130 if result.cancelled else 0


def _decode_config(args):
    """The decoding options as a DecodeConfig; a value outside its range is refused first."""
    check_options(args, DECODE_BOUNDS)
    if args.beam is not None and args.nbest > args.beam:
        raise StudioError(f"--nbest ({args.nbest}) must be at most the beam size --beam ({args.beam})")
    beam = args.beam if args.beam is not None else args.nbest
    method = "sample" if args.sample else ("beam" if beam > 1 else "greedy")
    config = DecodeConfig(method=method, beam_size=beam, nbest=args.nbest if method == "beam" else 1,
                          length_penalty=args.length_penalty, temperature=args.temperature, top_k=args.top_k,
                          seed=args.seed, max_len_ratio=args.max_len_ratio)  # fmt: skip
    config.validate()
    return config


def cmd_translate(args) -> int:
    from models.snapshots import load_model
    from models.translator import Translator

    config = _decode_config(args)
    translator = Translator(load_model(args.model, args.snapshot, device=args.device), args.device)
    if not args.text:
        return _translate_lines(args, translator, config)
    result = translator.translate(" ".join(args.text), config)
    if args.json:
        print(json_line(result.to_json(), ensure_ascii=False))
    elif config.nbest > 1:
        print("\t".join(f"{e.text} ({e.score:.3f})" for e in result.nbest))
    else:
        print(result.text)
    return 0


def _translate_lines(args, translator, config) -> int:
    """Standard input, one sentence a line, read within MAX_INPUT_BYTES and MAX_INPUT_LINES: one
    output line per input line, in order. A line that cannot be translated (too long, not UTF-8)
    is reported on standard error by its number and skipped, leaving an empty output line (in
    JSON, an object with its error); the others are translated. --strict makes a skip exit 1."""
    from models.corpus.readers import MAX_INPUT_BYTES, MAX_INPUT_LINES, read_chunks, split_lines
    from models.corpus.text import normalize
    from models.errors import InputError
    from models.translator import MAX_SOURCE_CHARS

    def bounded(chunks):
        total = 0
        for chunk in chunks:
            total += len(chunk)
            if total > MAX_INPUT_BYTES:
                raise InputError(f"standard input holds more than {MAX_INPUT_BYTES >> 20:,} MB; split it into files")
            yield chunk

    max_line = 4 * MAX_SOURCE_CHARS  # bytes: UTF-8 takes at most 4 a character
    lines: list[str] = []
    skipped: dict[int, str] = {}
    for number, raw in enumerate(split_lines(bounded(read_chunks(sys.stdin)), max_line), start=1):
        if number > MAX_INPUT_LINES:
            raise InputError(f"standard input holds more than {MAX_INPUT_LINES:,} lines; split it into files")
        try:
            if raw is None:
                raise InputError(f"the text is too long to translate as one sentence: over {max_line:,} bytes "
                                 f"(at most {MAX_SOURCE_CHARS:,} characters); split it into sentences")  # fmt: skip
            line = raw.decode("utf-8")
            if line.strip():
                translator._source_ids(normalize(line))  # the translator's own limits, checked alone
        except UnicodeDecodeError:
            skipped[number] = "the text is not valid UTF-8 (was it written with another encoding?)"
            line = ""
        except InputError as err:
            skipped[number] = str(err)
            line = ""
        lines.append(line)
    for number, reason in skipped.items():
        print(f"line {number}: skipped: {reason}", file=sys.stderr)
    if args.json or config.nbest > 1:
        for number, line in enumerate(lines, start=1):
            if number in skipped:
                print(json_line({"line": number, "error": skipped[number]}) if args.json else "")
                continue
            result = translator.translate(line, config)
            if args.json:
                print(json_line(result.to_json(), ensure_ascii=False))
            else:
                print("\t".join(f"{e.text} ({e.score:.3f})" for e in result.nbest))
    else:  # one output line per input line; empty and skipped lines stay empty
        outputs = iter(translator.translate_batch([line for line in lines if line.strip()], config))
        for line in lines:
            print(next(outputs) if line.strip() else "")
    if skipped:
        print(f"{len(skipped):,} of {len(lines):,} lines skipped (first: line {min(skipped)})", file=sys.stderr)
    return 1 if skipped and args.strict else 0


def cmd_evaluate(args) -> int:
    from models.alignment import builtin_alignment_set, score_alignment
    from models.corpus.dataset import load_pairs_for_evaluation
    from models.inspection.report import evaluate_signals, gold_for, write_alignments
    from models.metrics import bleu_by_length, bleu_tokenizer, score_translations
    from models.snapshots import load_model
    from models.translator import Translator

    config = _decode_config(args)
    check_options(args, {"--limit": EVALUATE_LIMIT})
    bundle = load_model(args.model, device=args.device)  # a file, a run folder, RUN@STEP or a bundled name
    pairs = load_pairs_for_evaluation(args.corpus)[: args.limit]
    start = time.perf_counter()
    hypotheses = Translator(bundle, args.device).translate_batch([s for s, _ in pairs], config)
    seconds = time.perf_counter() - start
    references = [t for _, t in pairs]
    tokenize = bleu_tokenizer(references)
    scores = score_translations(hypotheses, references, tokenize=tokenize)
    by_length = bleu_by_length([s for s, _ in pairs], hypotheses, references, tokenize)
    scores["bleu_by_length"] = [bucket.to_json() for bucket in by_length]
    scores.update(model=bundle.path, name=bundle.name, corpus=args.corpus, method=config.method,
                  seconds=round(seconds, 2))  # fmt: skip
    aligned = builtin_alignment_set(args.corpus)  # a built-in corpus knows its gold word alignments
    aligned = aligned or gold_for(args.corpus, pairs, args.gold)  # a file may have them beside it
    alignment = score_alignment(Translator(bundle, args.device), aligned) if aligned else None
    if alignment is not None:
        scores["alignment"] = alignment.to_json()
    report = None
    if args.signals:  # attribution signals, scored against gold and for faithfulness (models/inspection)
        report = evaluate_signals(Translator(bundle, args.device), args.signals, pairs, aligned)
        scores.update(report.to_json())
    if args.write_alignments:
        write_alignments(Translator(bundle, args.device), pairs, args.write_alignments)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.writelines(h + "\n" for h in hypotheses)
    if args.json:
        print(json_line(scores))
    else:
        print(f"{scores['sentences']} sentences in {seconds:.1f} s: BLEU {scores['bleu']:.2f}  chrF {scores['chrf']:.2f}  "
              f"exact match {scores['exact_match']:.1f}%")  # fmt: skip
        print("BLEU by source length: " + ", ".join(
            f"{b.label} {b.bleu:.1f} ({b.sentences})" for b in by_length if b.bleu is not None))  # fmt: skip
        if alignment is not None:
            print(
                f"attention against {alignment.sentences} gold-aligned pairs: AER {alignment.aer:.1%} "
                f"(precision {alignment.precision:.1%}, recall {alignment.recall:.1%})"
            )
        if report is not None:
            print("\n".join(report.lines()))
    return 0


def cmd_compare(args) -> int:
    from models.compare import compare
    from models.snapshots import load_model
    from models.translator import Translator

    if len(args.model) != 2:
        raise StudioError(f"compare needs exactly two models (--model A --model B), not {len(args.model)}")
    config = _decode_config(args)
    translators = [Translator(load_model(spec, device=args.device), args.device) for spec in args.model]
    names = tuple(t.bundle.name for t in translators)
    result = compare(translators[0], translators[1], " ".join(args.text), config, names)
    if result.warning:
        print(f"warning: {result.warning}", file=sys.stderr)
    if args.json:
        print(json_line(result.to_json(), ensure_ascii=False))
        return 0
    print(f"source: {result.source}")
    for label, side in (("A", result.a), ("B", result.b)):
        print(f"\n{label} {side.name}")
        print(f"  output:  {side.translation.text}")
        print(f"  score:   log P {side.translation.best.log_prob:.3f}, {side.mean_log_prob:.3f} per piece; "
              f"the other model gives this output log P {side.other_log_prob:.3f}")  # fmt: skip
        if side.summary is None:
            print("  attention: none (the decoder sees one fixed context vector)")
            continue
        print(f"  attention: mean entropy {side.summary.mean_entropy_bits:.2f} bits per output piece")
        print("  looked at most: " + "  ".join(f"{t}→{s} {w:.2f}" for t, s, w in side.summary.alignments))
    print()
    print("same output" if result.same_output else "different outputs")
    difference = result.difference
    if difference is not None:
        unit = "pieces" if result.same_pieces else "words (the models cut text differently)"
        print(f"attention on A's output, compared by {unit}: mean |A - B| {float(abs(difference).mean()):.3f}")
    return 0


def cmd_gui(args) -> int:
    """The engine cannot open the app (it never imports it): the `seq2seq-studio` command
    (app/launcher.py) gives `main` the command that does."""
    raise StudioError("this entry point has no desktop app; run `seq2seq-studio gui` (or `./dev app`)")


COMMANDS = {
    "corpus": cmd_corpus,
    "train": cmd_train,
    "translate": cmd_translate,
    "evaluate": cmd_evaluate,
    "compare": cmd_compare,
    "gui": cmd_gui,
}


def main(argv: list[str] | None = None, commands: dict | None = None) -> int:
    """Run a command; `commands` adds or replaces commands by name (the launcher's "gui")."""
    parser = build_parser()
    args = parser.parse_args(argv)
    command = {**COMMANDS, **(commands or {})}.get(args.command or "gui")
    try:
        return command(args)
    except StudioError as err:
        if args.debug:
            raise
        print(f"error: {err}", file=sys.stderr)
        return 2
    except (ValueError, OSError) as err:
        if args.debug:
            raise
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as err:  # noqa: BLE001 - last resort: one sentence, not a traceback
        if args.debug:
            raise
        print(f"error: unexpected failure: {type(err).__name__}: {err} (run with --debug for details)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
