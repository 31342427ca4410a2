"""The words beside an experiment's plot: what the literature reports, what this run shows (the
engine's verdict, its template translated and filled with the run's numbers) and what was run."""

from __future__ import annotations

import html

from app.i18n import tr


def verdict_text(verdict) -> str:
    """A models.experiments Verdict in the interface's language."""
    try:
        return tr(verdict.template).format(**verdict.values)
    except (KeyError, IndexError, ValueError):  # a translation that lost a placeholder: the English is right
        return verdict.text()


def _details(result) -> str:
    steps = getattr(result, "steps", None)
    pairs = getattr(result, "train_pairs", 0)
    lines = [tr("Data: {data}, {count} training pairs.").format(data=html.escape(result.data), count=f"{pairs:,}")
             if pairs else tr("Data: {data}.").format(data=html.escape(result.data))]  # fmt: skip
    labels = getattr(result, "labels", None)
    if steps and labels:
        lines.append(tr("Steps trained in the budget: {runs}.").format(
            runs="; ".join(f"{html.escape(tr(label))}: {count:,}" for label, count in zip(labels, steps, strict=True))))  # fmt: skip
    model = getattr(result, "model", None)
    if model:
        lines = [tr("Model: {model}; {count} sentences of the {data} test split, held out.").format(
            model=html.escape(model), count=result.sentences, data=html.escape(result.data))]  # fmt: skip
    sentence = getattr(result, "sentence", None)
    if sentence is not None:
        lines.append(tr("Both models on “{source}”:").format(source=html.escape(sentence.source)))
        for label, output, mean in zip(labels, sentence.outputs, sentence.mean_log_probs, strict=True):
            lines.append(tr("&nbsp;&nbsp;{label}: “{output}” (mean log P per piece {mean:.2f})").format(
                label=html.escape(tr(label)), output=html.escape(output), mean=mean))  # fmt: skip
    return "<br>".join(lines)


def experiment_html(result) -> str:
    verdict = result.verdict
    mark = {True: "#2e7d32", False: "#b26a00", None: "#555"}[verdict.shows]
    literature, shown = tr("What the literature reports"), tr("What this run shows")
    expectation, found = html.escape(tr(result.expectation)), html.escape(verdict_text(verdict))
    return (f"<p><b>{literature}</b><br>{expectation}</p>"
            f"<p><b>{shown}</b><br><span style='color:{mark}'>{found}</span></p>"
            f"<p><small>{_details(result)}</small></p>")  # fmt: skip
