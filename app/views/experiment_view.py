"""An experiment's result drawn (matplotlib, on the GUI thread: it redraws only when a result
arrives), one layout per experiment, from the engine's result dataclasses
(models/experiments). `series` keeps what each line or bar shows, for the tests and the tooltip."""

from __future__ import annotations

import numpy as np

from app.i18n import tr
from app.views.canvas import FigureCanvas

COLORS = ("#4c78a8", "#f58518", "#54a24b", "#b279a2")


def draw_bleu_by_length(ax, labels: list[str], by_length: list[list], series: dict) -> None:
    """BLEU by source-length bucket, one line per model (`by_length`: its models.metrics.LengthBucket
    list), over the buckets that hold sentences, each labelled with its count."""
    filled = [i for i, b in enumerate(by_length[0]) if b.sentences]
    x = np.arange(len(filled))
    for n, (label, buckets) in enumerate(zip(labels, by_length, strict=True)):
        y = [buckets[i].bleu if buckets[i].bleu is not None else np.nan for i in filled]
        series[label] = (list(x), y)
        ax.plot(x, y, marker="o", label=label, color=COLORS[n % len(COLORS)])
    ax.set_xticks(x, [tr("{words} words\n({count} sentences)").format(words=by_length[0][i].label,
                                                                    count=by_length[0][i].sentences)
                      for i in filled])  # fmt: skip
    ax.set_xlabel(tr("source sentence length"), fontsize=8)
    ax.set_ylabel(tr("BLEU"), fontsize=8)
    top = np.nanmax([b.bleu for buckets in by_length for b in buckets if b.bleu is not None] or [1.0])
    ax.set_ylim(0, max(1.0, top) * 1.12)  # room above a point at BLEU 100
    ax.legend(fontsize=7, loc="best")


class ExperimentCanvas(FigureCanvas):
    def __init__(self, parent=None):
        super().__init__(6.0, 2.8, parent)
        self.setMinimumHeight(220)
        self.series: dict[str, tuple[list, list]] = {}  # a drawn line or bar group's name -> (x, y)
        self.name = ""

    def clear(self) -> None:
        self.figure.clear()
        self.series = {}
        self.name = ""
        self.draw_idle()

    def show_result(self, name: str, result) -> None:
        self.figure.clear()
        self.series = {}
        self.name = name
        draw = {"bottleneck": self._bottleneck, "teacher-forcing": self._teacher_forcing,
                "beam-size": self._beam_size, "rnn-vs-transformer": self._rnn_vs_transformer}[name]  # fmt: skip
        draw(result)
        self.draw_idle()

    def _axes(self, count: int):
        axes = self.figure.subplots(1, count, squeeze=False)[0]
        for ax in axes:
            ax.tick_params(labelsize=7)
            ax.grid(alpha=0.3)
        return axes

    def _line(self, ax, key: str, x, y, label: str, color: str, **style) -> None:
        self.series[key] = (list(x), list(y))
        ax.plot(x, y, marker="o", label=label, color=color, **style)

    # ------------------------------------------------------------------ one per experiment
    def _bottleneck(self, r) -> None:
        (ax,) = self._axes(1)
        draw_bleu_by_length(ax, [tr(label) for label in r.labels], r.by_length, self.series)
        ax.set_title(tr("BLEU by source length, the same data and steps"), fontsize=9)

    def _teacher_forcing(self, r) -> None:
        curves, bars = self._axes(2)
        for run, (label, curve) in enumerate(zip(r.labels, r.curves, strict=True)):
            self._line(curves, label, [p.step for p in curve], [p.bleu for p in curve], tr(label), COLORS[run])
        curves.set_xlabel(tr("training step"), fontsize=8)
        curves.set_ylabel(tr("dev BLEU"), fontsize=8)
        curves.set_title(tr("Dev BLEU while training"), fontsize=9)
        curves.legend(fontsize=7)
        x = np.arange(len(r.labels))
        self.series["first_parting"] = (list(r.labels), list(r.first_parting))
        bars.bar(x, r.first_parting, color=COLORS[: len(x)])
        for i, (step, bleu) in enumerate(zip(r.first_parting, r.test_bleu, strict=True)):
            bars.annotate(tr("step {step:.1f}\nBLEU {bleu:.1f}").format(step=step, bleu=bleu), (i, step),
                          ha="center", va="bottom", fontsize=7)  # fmt: skip
        bars.set_xticks(x, [tr(label) for label in r.labels])
        bars.set_ylabel(tr("step (mean)"), fontsize=8)
        bars.set_title(tr("First step where free running leaves\nthe reference (mean of {count} sentences)")
                       .format(count=r.sentences), fontsize=9)  # fmt: skip
        bars.set_ylim(0, max(r.first_parting + [1.0]) * 1.35)

    def _beam_size(self, r) -> None:
        scores, lengths = self._axes(2)
        beams = sorted({p.beam for p in r.points})
        penalties = sorted({p.length_penalty for p in r.points})
        for n, alpha in enumerate(penalties):
            label = tr("no length penalty") if alpha == 0 else tr("length penalty {alpha:g}").format(alpha=alpha)
            points = [r.point(b, alpha) for b in beams]
            self._line(scores, f"bleu {alpha:g}", beams, [p.bleu for p in points], label, COLORS[n])
            self._line(lengths, f"length {alpha:g}", beams, [p.mean_length for p in points], label, COLORS[n])
        lengths.axhline(r.reference_length, color="#777", linestyle="--", linewidth=1)
        lengths.annotate(tr("references"), (beams[-1], r.reference_length), ha="right", va="bottom", fontsize=7,
                         color="#555")  # fmt: skip
        for ax, title, unit in ((scores, tr("BLEU by beam size"), tr("BLEU")),
                                (lengths, tr("Output length by beam size"), tr("words per sentence"))):  # fmt: skip
            ax.set_xscale("log")
            ax.set_xticks(beams, [str(b) for b in beams])
            ax.minorticks_off()
            ax.set_xlabel(tr("beam size"), fontsize=8)
            ax.set_ylabel(unit, fontsize=8)
            ax.set_title(title, fontsize=9)
            ax.legend(fontsize=7)

    def _rnn_vs_transformer(self, r) -> None:
        (ax,) = self._axes(1)
        for run, (label, curve) in enumerate(zip(r.labels, r.curves, strict=True)):
            self._line(ax, label, [p.seconds for p in curve], [p.bleu for p in curve],
                       tr("{label} (test BLEU {bleu:.1f})").format(label=tr(label), bleu=r.test_bleu[run]),
                       COLORS[run])  # fmt: skip
        ax.set_xlabel(tr("training time (s)"), fontsize=8)
        ax.set_ylabel(tr("dev BLEU"), fontsize=8)
        ax.set_title(tr("Dev BLEU against training time, the same steps"), fontsize=9)
        ax.set_ylim(bottom=0)
        ax.legend(fontsize=7)


class LengthChart(FigureCanvas):
    """The Compare tab's BLEU by source length of its two models on one corpus."""

    def __init__(self, parent=None):
        super().__init__(6.0, 2.4, parent)
        self.setMinimumHeight(230)
        self.series: dict[str, tuple[list, list]] = {}

    def show_reply(self, names: list[str], by_length: list[list], title: str) -> None:
        self.figure.clear()
        self.series = {}
        ax = self.figure.add_subplot(1, 1, 1)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
        draw_bleu_by_length(ax, names, by_length, self.series)
        ax.set_title(title, fontsize=9)
        self.draw_idle()
