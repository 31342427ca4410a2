#!/usr/bin/env python3
"""Write docs/benchmarks.md from the JSON the benchmarks left in bench/out/.

    python bench/figures_table.py [--stdout]

Every result file carries the date and the CPU it was measured on (bench/common.py stamps it);
the page's header lists them and each section repeats its own. A section whose JSON is missing
says which benchmark to run to fill it (also printed on stderr). Everything in docs/benchmarks.md
from the "recorded earlier" marker down is kept as it is: figures of an earlier machine whose JSON
was not kept, labelled with that machine and date (its `<!-- machine: DATE | CPU | FLAGS -->` line
goes into the header's table).
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PAGE = ROOT / "docs" / "benchmarks.md"
MARKER = "<!-- recorded earlier: bench/figures_table.py keeps everything from this line down -->"
# The peer's figures, with where they come from (printed under the table).
PEER = ROOT / "bench" / "peers" / "joeynmt-2.3-rnn.json"
COLUMNS = [
    ("tatoeba-ref", "ref (input feeding)"),
    ("tatoeba-ref-luong", "ref-luong"),
    ("tatoeba-ref-bf16", "ref, bf16 autocast"),
]


def load(stem: str) -> dict | None:
    path = OUT / f"{stem}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def found(pattern: str) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(OUT.glob(f"{pattern}.json"))}


def stamp(stem: str, figures: dict) -> tuple[str, str, str]:
    """(when, CPU, its relevant flags) of one result file, from the stamp bench/common.py writes."""
    m = figures.get("machine")
    if not m:
        when = datetime.datetime.fromtimestamp((OUT / f"{stem}.json").stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        return f"{when} (file date)", "not recorded in the file", ""
    cpu = f"{m['cpu']}, {m.get('cores')} cores" + (f"; GPU {m['gpu']}" if m.get("gpu") else "")
    if m.get("load_average_1min") is not None:
        cpu += f" (load {m['load_average_1min']})"
    return m["date"], cpu, ", ".join(m.get("cpu_flags") or []) or "none of avx2/avx512/bf16/amx"


def provenance(runs: dict[str, dict]) -> list[str]:
    files = [f"`{stem}.json` {'; '.join(filter(None, stamp(stem, figures)))}" for stem, figures in runs.items()]
    return ["*Measured: " + " · ".join(files) + ".*", ""]


def rnn_reference() -> tuple[dict, list[str]]:
    runs = {key: figures for key, _ in COLUMNS if (figures := load(key)) is not None}
    if not runs:
        return runs, []
    names = [label for key, label in COLUMNS if key in runs]
    joey = json.loads(PEER.read_text(encoding="utf-8"))
    rows = [
        ("training target tokens/s, wall clock (evaluations included)", lambda r: f"{r['target_tokens_per_s']:,.0f}", "", ""),
        ("training target tokens/s, training steps (as JoeyNMT logs it)", lambda r: f"{r['step_tokens_per_s']:,.0f}" if "step_tokens_per_s" in r else "–", f"{joey['target_tokens_per_s']:,}", f"≥ {2 * joey['target_tokens_per_s']:,} (2×)"),
        ("steps / epochs in 10 min", lambda r: f"{r['steps']:,} / {r['epochs']:.2f}", f"{joey['steps']:,} / {joey['epochs']:.2f}", ""),
        ("greedy test BLEU", lambda r: f"{r['test_bleu_greedy']:.2f}", f"{joey['test_bleu_greedy']:.2f}", f"≥ {1.5 * joey['test_bleu_greedy']:.2f} (1.5×)"),
        ("greedy test chrF", lambda r: f"{r['test_chrf_greedy']:.1f}", f"{joey['test_chrf_greedy']:.1f}", ""),
        ("batched greedy, 2000 test sentences", lambda r: f"{r['batched_greedy_test_s']:.2f} s", "", "≤ 5 s"),
        ("batch-1 greedy, median / p95", lambda r: f"{r['latency_greedy']['median_ms']:.1f} / {r['latency_greedy']['p95_ms']:.1f} ms", f"{joey['greedy_ms']} ms median", "≤ 6 ms, p95 ≤ 2×"),
        ("batch-1 beam 5, median / p95", lambda r: f"{r['latency_beam5']['median_ms']:.1f} / {r['latency_beam5']['p95_ms']:.1f} ms", f"{joey['beam5_ms']} / {joey['beam5_p95_ms']} ms", "≤ 12 ms, p95 ≤ 2×"),
        ("peak RSS of training", lambda r: f"{r['peak_rss_training_mb']:,} MB", f"{joey['peak_rss_training_mb']:,} MB", "≤ 1 GB"),
        ("saved model (no optimizer state)", lambda r: f"{r['model_file_mb']:.1f} MB", "", "≤ 25 MB"),
        ("training GFLOP/s (counted) / fp32 matmul peak", lambda r: f"{r['train_gflop_per_s']:.1f} / {r['matmul_peak_fp32_gflop_per_s']:.0f} ({100 * r['fraction_of_fp32_peak']:.0f}%)", "", "print both"),
    ]  # fmt: skip
    lines = ["| measure | " + " | ".join(names) + " | JoeyNMT 2.3 | bar |", "|---|" + "---|" * (len(names) + 2)]
    for label, fmt, peer, bar in rows:
        lines.append(f"| {label} | " + " | ".join(fmt(r) for r in runs.values()) + f" | {peer} | {bar} |")
    lines += [
        "",
        f"{joey['name']}: {joey['source']} (`{PEER.relative_to(ROOT)}`; that CPU is the earlier machine of "
        "*Recorded earlier*, not necessarily this section's).",
    ]
    return runs, lines


def transformer_reference() -> tuple[dict, list[str]]:
    """transformer-ref against JoeyNMT 2.3's Transformer, both measured here (bench/joeynmt_transformer.py)."""
    ours, joey = load("tatoeba-transformer-ref"), load("joeynmt-transformer")
    if ours is None or joey is None:
        return {}, []
    rate, bleu = (
        ours["step_tokens_per_s"] / joey["target_tokens_per_s"],
        ours["test_bleu_greedy"] / joey["test_bleu_greedy"],
    )
    rows = [
        ("training target tokens/s, training steps (as JoeyNMT logs it)", f"{ours['step_tokens_per_s']:,.0f}", f"{joey['target_tokens_per_s']:,}", f"≥ {3 * joey['target_tokens_per_s']:,} (3×): {rate:.1f}×"),
        ("training target tokens/s, wall clock (evaluations included)", f"{ours['target_tokens_per_s']:,.0f}", "", ""),
        ("steps in 10 min", f"{ours['steps']:,} ({ours['epochs']:.1f} epochs)", f"{joey['steps']:,}", ""),
        ("greedy test BLEU / chrF", f"{ours['test_bleu_greedy']:.2f} / {ours['test_chrf_greedy']:.1f}", f"{joey['test_bleu_greedy']:.2f} / {joey['test_chrf_greedy']:.1f}", f"≥ {1.5 * joey['test_bleu_greedy']:.2f} (1.5×): {bleu:.1f}×"),
        ("the 2,000 test sentences, batched greedy", f"{ours['batched_greedy_test_s']:.1f} s", f"{joey['test_decoding_s']:.1f} s", ""),
        ("batch-1 greedy, median / p95", f"{ours['latency_greedy']['median_ms']:.1f} / {ours['latency_greedy']['p95_ms']:.1f} ms", "", "≤ 8 ms"),
        ("batch-1 beam 5, median / p95", f"{ours['latency_beam5']['median_ms']:.1f} / {ours['latency_beam5']['p95_ms']:.1f} ms", "", "≤ 16 ms"),
        ("peak RSS of training", f"{ours['peak_rss_training_mb']:,} MB", f"{joey['peak_rss_training_mb']:,} MB", "≤ 1 GB"),
        ("training GFLOP/s (counted) / fp32 matmul peak", f"{ours['train_gflop_per_s']:.1f} / {ours['matmul_peak_fp32_gflop_per_s']:.1f} ({100 * ours['fraction_of_fp32_peak']:.0f}%)", "", ""),
    ]  # fmt: skip
    lines = ["| measure | transformer-ref | JoeyNMT 2.3 Transformer | bar |", "|---|---|---|---|"]
    lines += [f"| {label} | {mine} | {theirs} | {bar} |" for label, mine, theirs, bar in rows]
    return {"tatoeba-transformer-ref": ours, "joeynmt-transformer": joey}, lines


def bundled_models() -> tuple[dict, list[str]]:
    runs = found("bundled-default*")  # one file per bundled model (their names start with default)
    lines = ["| model | Tatoeba test BLEU / chrF (sentences) | built-in test exact match | batch-1 greedy / beam 5, median (p95) | file |", "|---|---|---|---|---|"]  # fmt: skip
    for r in runs.values():
        g, b = r["latency_greedy"], r["latency_beam5"]
        lines.append(f"| `{r.get('model', '')}` | {r['tatoeba_bleu_greedy']} / {r['tatoeba_chrf_greedy']} ({r['tatoeba_test_sentences']:,}) "
                     f"| {r['builtin_exact_match']}% | {g['median_ms']} ({g['p95_ms']}) / {b['median_ms']} ({b['p95_ms']}) ms | {r['file_mb']} MB |")  # fmt: skip
    return runs, lines


def bundled_selection() -> tuple[dict, list[str]]:
    r = load("bundled-selection")
    if r is None:
        return {}, []
    lines = ["| model | packaged from step | dev BLEU recorded there / of the shipped file, fresh | dev chrF recorded / fresh | best recorded (step, BLEU) | dev sentences |", "|---|---|---|---|---|---|"]  # fmt: skip
    for m in r["models"]:
        lines.append(f"| `{m['model']}` | {m['packaged_from_step']:,} | {m['recorded_at_packaged_step']} / {m['fresh_dev_bleu_of_shipped_file']} "
                     f"| {m.get('recorded_chrf_at_packaged_step', '–')} / {m.get('fresh_dev_chrf_of_shipped_file', '–')} "
                     f"| {m['best_recorded'][0]:,}, {m['best_recorded'][1]} | {m['dev_sentences']} |")  # fmt: skip
    return {"bundled-selection": r}, lines


def confidence() -> tuple[dict, list[str]]:
    runs = {stem: r for stem, r in found("confidence-*").items() if not stem.startswith("confidence-rule-")}
    lines = ["| model | mark (log P per piece) | Tatoeba test below it | 5th percentile | other-domain inputs below it |", "|---|---|---|---|---|"]  # fmt: skip
    for r in runs.values():
        other = r["other_domains"].values()
        lines.append(f"| `{r['model']}` | {r['mark']} | {r['tatoeba_below_mark_percent']}% of {r['tatoeba_test_sentences']:,} "
                     f"| {r['tatoeba_5th_percentile']} | {r['other_domains_below_mark']} of {len(other)} ({min(other)} to {max(other)}) |")  # fmt: skip
    return runs, lines


def confidence_rule() -> tuple[dict, list[str]]:
    runs = found("confidence-rule-*")
    lines = ["| model | decoding | Tatoeba test marked (by the mean / by length) | long other-domain inputs marked "
             "(by the mean / by length) |", "|---|---|---|---|"]  # fmt: skip
    for r in runs.values():
        for method in ("greedy", "beam"):
            t, o = r[method]["tatoeba_test"], r[method]["long_other_domains"]
            lines.append(f"| `{r['model']}` | {method} | {t['marked_percent']}% of {t['sentences']:,} "
                         f"({t['marked_by_mean_percent']}% / {t['marked_by_length_percent']}%) | "
                         f"{o['marked_percent']}% of {o['sentences']} ({o['marked_by_mean_percent']}% / "
                         f"{o['marked_by_length_percent']}%) |")  # fmt: skip
    return runs, lines


def alignment() -> tuple[dict, list[str]]:
    r = load("alignment")
    if r is None:
        return {}, []
    lines = ["| model | AER | precision / recall | scored words |", "|---|---|---|---|"]
    for name, s in r["bundled"].items():
        lines.append(f"| `{name}` | {s['aer']:.1%} | {s['precision']:.1%} / {s['recall']:.1%} | {s['scored_words']} |")
    for s in r["run"]:
        lines.append(f"| `--run`, step {s['step']:,} (dev BLEU {s['bleu']}) | {s['aer']:.1%} | {s['precision']:.1%} / {s['recall']:.1%} | {s['scored_words']} |")  # fmt: skip
    return {"alignment": r}, lines


def signal_scoreboard() -> tuple[dict, list[str]]:
    runs = found("signal-scoreboard*")
    lines = []
    for r, name, m in [(run, name, m) for run in runs.values() for name, m in run["models"].items()]:
        rows = m["alignment_by_signal"]  # signal -> AER, precision, recall
        areas = {k: v["area"] for k, v in m["faithfulness"].items() if isinstance(v, dict)}
        heads = [k for k in rows if ".head" in k and not k.endswith(".shifted")]
        best_head = min(heads, key=lambda k: rows[k]["aer"], default=None)
        lines += [f"`{name}` on `{m['corpus']}`, {r['pairs']} gold-aligned pairs, integrated gradients with "
                  f"{r['ig_steps']} steps, {m['seconds']:.0f} s in all (random ranking: faithfulness area "
                  f"{areas.get('random', float('nan')):.2f}):", "",
                  "| signal | AER at the output step | AER shifted by one | faithfulness area (log P fall, k = 1…5) |",
                  "|---|---|---|---|"]  # fmt: skip
        for signal, row in rows.items():
            if signal.endswith(".shifted") or (".head" in signal and signal != best_head):
                continue
            shifted = rows.get(signal + ".shifted")
            label = f"{signal} (best head)" if signal == best_head else signal
            area = f"{areas[signal]:.2f}" if signal in areas else "–"
            lines.append(f"| {label} | {row['aer']:.1%} | {shifted['aer']:.1%} | {area} |" if shifted
                         else f"| {label} | {row['aer']:.1%} | – | {area} |")  # fmt: skip
        lines.append("")
    return runs, lines


def precision_per_machine() -> tuple[dict, list[str]]:
    """fp32 against bf16 from bench/precision.py: one file per machine, every machine's rows, won or lost."""
    runs = found("precision-*")
    lines = ["| machine | preset | minutes | target tokens/s, steps: fp32 / bf16 | bf16 ÷ fp32 | wall clock: fp32 / bf16 "
             "| dev BLEU, last (best): fp32 / bf16 | peak RSS: fp32 / bf16 | bf16 instructions |",
             "|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for stem, r in runs.items():
        when, cpu, flags = stamp(stem, r)
        where = f"{cpu}; {flags}; {when}"
        for preset in dict.fromkeys(run["preset"] for run in r["runs"]):
            by = {run["precision"]: run for run in r["runs"] if run["preset"] == preset}
            fp32, bf16 = by.get("fp32", {}), by.get("bf16", {})

            def both(key: str, fmt: str = "{:,}", fp32=fp32, bf16=bf16) -> str:
                return " / ".join("–" if run.get(key) is None else fmt.format(run[key]) for run in (fp32, bf16))

            bleu = " / ".join("–" if run.get("dev_bleu_last") is None else f"{run['dev_bleu_last']:.2f} "
                              f"({run['dev_bleu_best']:.2f})" for run in (fp32, bf16))  # fmt: skip
            ratio = r.get("bf16_over_fp32", {}).get(preset)
            ratio_text = "–" if ratio is None else f"{ratio:.2f}×" + (" (bf16 loses)" if ratio < 1 else "")
            native = (bf16 or fp32).get("native_bf16_evidence", "")
            lines.append(f"| {where} | `{preset}` | {r['minutes']:g} | {both('step_tokens_per_s')} | {ratio_text} "
                         f"| {both('target_tokens_per_s')} | {bleu} | {both('peak_rss_mb', '{:,} MB')} | {native} |")  # fmt: skip
    if runs:
        method = next(iter(runs.values())).get("peak_memory", "")
        lines += ["", f"Peak RSS: {method}. bf16 is autocast (`train --precision bf16`); the weights, the optimizer "
                  "and the checkpoints stay fp32. A CPU without bf16 instructions converts to and from bf16 in "
                  "software, usually slower than fp32: `--precision auto` keeps such a machine in fp32."]  # fmt: skip
    return runs, lines


def distributed_processes() -> tuple[dict, list[str]]:
    """bench/distributed.py: the same training in one process and in two gloo processes under torchrun."""
    runs = found("distributed")
    lines = []
    for r in runs.values():
        lines += [f"`{r['preset']}`, {r['seconds_each']:g} s of training each, {r['precision']}, {r['corpus']}.", "",
                  "| run | processes × threads | target tokens/s, steps | wall clock | steps | load before |",
                  "|---|---|---|---|---|---|"]  # fmt: skip
        lines += [f"| {run['run']} | {run['world_size']} × {run['threads_per_process']} | "
                  f"{run['step_tokens_per_s']:,.0f} | {run['target_tokens_per_s']:,.0f} | {run['steps']:,} | "
                  f"{run['load_average_before']} |" for run in r["runs"]]  # fmt: skip
        two = r["runs"][-1]
        ratios = "; ".join(f"÷ {run['run']} ({run['world_size']} × {run['threads_per_process']}): "
                           f"{two['step_tokens_per_s'] / run['step_tokens_per_s']:.2f}×" for run in r["runs"][:-1])  # fmt: skip
        lines += ["", f"Two processes, tokens/s over the steps, {ratios}. {r['note']}. A process of several threads "
                  "slows down many times over when another program holds a core (its threads wait for each other at "
                  "every small operation): read each run's load beside it.", ""]  # fmt: skip
    return runs, lines


def cell(value, stem: str) -> str:
    """A figure as a table cell; a long list or mapping is left in its file."""
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else str(value)
    return text if len(text) <= 160 else f"{len(value)} entries, in `bench/out/{stem}.json`"


def key_values(pattern: str) -> Callable[[], tuple[dict, list[str]]]:
    """A plain table of every figure in the matching files, for benchmarks with no table of their own."""

    def render(exclude: set[str] = frozenset()) -> tuple[dict, list[str]]:
        runs = {stem: figures for stem, figures in found(pattern).items() if stem not in exclude}
        lines: list[str] = []
        for stem, figures in runs.items():
            rows = [(k, v) for k, v in figures.items() if k != "machine"]
            lines += ([f"`{stem}`", ""] if len(runs) > 1 else []) + ["| figure | value |", "|---|---|"]
            lines += [f"| {k} | {cell(v, stem)} |" for k, v in rows]
            lines.append("")
        return runs, lines

    return render


# (title, the benchmark to run for it, what it measures, renderer)
SECTIONS = [
    ("Reference comparison: the RNN against JoeyNMT 2.3",
     "python bench/tatoeba_reference.py --preset ref",
     "(also `--preset ref-luong` and `--preset ref --bf16` for the other columns) 10 minutes of training on the Tatoeba en→fr split of `../shared/data/tatoeba-eng-fra` (2,000 test, 500 dev, "
     "grouped by English sentence), unigram sentencepiece 4,000 pieces a language; greedy test BLEU/chrF (sacrebleu 13a); "
     "batch-1 latency on 200 test sentences of 8–12 words, tokenisation included; FLOPs counted by "
     "`torch.utils.flop_counter`, the peak a 2048² fp32 matmul in the same process.",
     rnn_reference),
    ("The Transformer against JoeyNMT 2.3",
     "python bench/tatoeba_reference.py --preset transformer-ref; python bench/joeynmt_transformer.py --joey-python PY",
     "The same split and sentencepiece set-up, the same sizes and optimisation, 10 minutes each, one after the other.",
     transformer_reference),
    ("Precision per machine: fp32 against bf16", "python bench/precision.py",
     "`ref` and `transformer-ref`, each trained for the same minutes in fp32 and in bf16 autocast, one run after "
     "the other on the Tatoeba en→fr split above (dev BLEU on its 500 dev sentences). Each machine's figures are "
     "one file, `bench/out/precision-CPU-Nc.json`; copy a file from another machine into `bench/out/` to add its "
     "rows. Every machine it was run on is listed, those where bf16 loses to fp32 as well as those where it wins.",
     precision_per_machine),
    ("Training in several processes: 2 gloo processes against 1", "python bench/distributed.py",
     "The real commands one after the other, the same global batch and seed: `seq2seq-studio train` in one "
     "process, and under `torchrun --standalone --nproc-per-node 2` (DistributedDataParallel over gloo, one thread "
     "a process); docs/distributed.md.", distributed_processes),
    ("Bundled models", "python bench/bundled_models.py",
     "Scores of the shipped files (greedy), Tatoeba test splits of `models/corpus/tatoeba.py`, batch-1 latency.",
     bundled_models),
    ("Bundled models: the checkpoint each was packaged from", "python bench/bundled_selection.py",
     "The dev BLEU each run recorded at the evaluation it was packaged from, against a fresh score of the shipped "
     "(float16) file on the same dev split: a small difference is rounding, a large one a wrong pick.",
     bundled_selection),
    ("Low-confidence mark", "python bench/confidence.py",
     "Where the bundled models' outputs fall against `LOW_CONFIDENCE_LOG_PROB` (`models/translator.py`).", confidence),
    ("Low-confidence mark for long inputs", "python bench/confidence_rule.py",
     "`models/confidence.py`: an output is marked when its mean log P per piece is below the mark above, or when "
     "its input is longer than the bundled models' training sentences (48 source pieces). Each model's Tatoeba "
     "test split against 20 long sentences from other fields.", confidence_rule),
    ("Attention against gold alignments", "python bench/alignment.py [--run RUN]",
     "AER on 200 generated pairs per language, none from the training split (`models/alignment.py`).", alignment),
    ("Is attention the explanation? Signals against gold alignments",
     "python bench/signal_scoreboard.py; python bench/signal_scoreboard.py --models "
     "bench/out/run-precision-transformer-ref-fp32 --result signal-scoreboard-transformer-ref",
     "What `evaluate --json --signals all` reports on `builtin:en-fr`: each signal's AER against the generated "
     "gold alignments, aligned at the output step and shifted by one, and its faithfulness (the mean fall of the "
     "chosen pieces' log P when its top 1…5 source words are left out; higher is more faithful). The bundled "
     "models learnt these phrases, so every signal aligns almost perfectly at the output step there. "
     "`transformer-ref` trained 10 minutes on the Tatoeba split only (the fp32 run of the precision benchmark) "
     "meets them out of its domain: occlusion aligns best, and its attention aligns better shifted by one step.",
     signal_scoreboard),
    ("GUI responsiveness", "python bench/gui_responsiveness.py [--view replay|inside|inside-all|heads]",
     "Offscreen: first paint, first translation, the longest event-loop stall while the `default` preset trains.",
     key_values("gui*")),
    ("Replay scrubbing", "python bench/replay_scrub.py",
     "One replay position: slider moved → heatmap of that snapshot painted; the engine's part alone.",
     key_values("replay_scrub")),
    ("Snapshots on disk", "python bench/snapshot_disk.py", "The snapshots a 10-minute `ref` run keeps.",
     key_values("snapshot_disk")),
    ("Embedding projection", "python bench/embedding_projection.py",
     "PCA of embedding tables and nearest neighbours by cosine.", key_values("embedding_projection")),
]  # fmt: skip
# These print their figures and write no JSON: they are not on the page unless recorded earlier.
PRINT_ONLY = ["bench/close_latency.py", "bench/curves_refresh.py", "bench/decoding_latency.py", "bench/latency_ab.py"]


def page(earlier: str = "") -> tuple[str, list[str]]:
    """The generated part of the page; `earlier` is the kept part's machine line ("date | CPU | flags")."""
    header, body, missing, shown = [], [], [], set()
    others = key_values("*")
    sections = [*SECTIONS, ("Other results", "", "Result files no section above reads, as they are.", others)]
    for title, command, what, render in sections:
        if render is others:  # every file the sections above did not show
            runs, table = render(exclude=shown)
        else:
            runs, table = render()
        if not runs:
            if command:
                missing.append((title, command))
            continue
        shown |= set(runs)
        body += [f"## {title}", "", (f"`{command}` — " if command else "") + what, ""] + provenance(runs) + table + [""]
        header += [
            f"| {title} | `{stem}.json` | " + " | ".join(stamp(stem, figures)) + " |" for stem, figures in runs.items()
        ]
    lines = [
        "# Benchmarks",
        "",
        f"Generated by `python bench/figures_table.py` on {datetime.date.today():%Y-%m-%d} from the JSON the benchmarks "
        "wrote to `bench/out/` (not committed). Each figure is given with the date and the CPU it was measured on: "
        "timings move with the CPU (vector width, bf16 instructions), its load and even the hour, so compare two builds "
        "side by side on one machine (`python bench/latency_ab.py --base COMMIT`), not against this page. Figures "
        "whose JSON was not kept are under *Recorded earlier* at the end, with the machine and date they were "
        "measured on. The precision table keeps every machine measured, those where bf16 loses included.",
        "",
    ]
    if earlier:
        header.append("| Recorded earlier (not re-measured; at the end) | – | " + earlier + " |")
    if header:
        lines += ["| figures | file | measured | CPU | CPU flags |", "|---|---|---|---|---|", *header, ""]
    if missing:
        lines += ["**No results yet** for these sections (run each benchmark to fill its section):", ""]
        lines += [f"- {title}: `{command}`" for title, command in missing]
        lines += [f"- printed only, no JSON: {', '.join(f'`{p}`' for p in PRINT_ONLY)}", ""]
    return "\n".join(lines + body), missing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stdout", action="store_true", help="print the page instead of writing docs/benchmarks.md")
    args = parser.parse_args()
    kept = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
    kept = kept[kept.index(MARKER) :] if MARKER in kept else MARKER + "\n"
    earlier = re.search(r"<!-- machine: (.+?) -->", kept)
    text, missing = page(earlier.group(1) if earlier else "")
    text = text.rstrip("\n") + "\n\n" + kept
    for title, command in missing:
        print(f"no results for {title}: run {command}", file=sys.stderr)
    if args.stdout:
        print(text, end="")
    else:
        PAGE.write_text(text, encoding="utf-8")
        print(f"wrote {PAGE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
