"""Model info: architecture, parameters, vocabularies, corpus, and its training history curves."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from app.i18n import QT_TR_NOOP, current_language, tr
from app.interface_text import content
from app.views.curves_view import CurvesCanvas
from models.bundled import model_card

RECIPE_ROWS = [("data", QT_TR_NOOP("Training data")), ("split", QT_TR_NOOP("Split")), ("seed", QT_TR_NOOP("Seed")), ("minutes", QT_TR_NOOP("Training minutes")),
               ("epochs", QT_TR_NOOP("Epochs")), ("script", QT_TR_NOOP("Made by"))]  # fmt: skip


# Why a precision trained the model (models/training/precision.py), piece by piece: a pattern of
# the engine's words and the interface's; a reason with a piece not listed is shown as written.
PRECISION_WORDS = (
    (r"asked for", QT_TR_NOOP("asked for")),
    (r"the GPU supports bf16", QT_TR_NOOP("the GPU supports bf16")),
    (r"the GPU has no bf16", QT_TR_NOOP("the GPU has no bf16")),
    (r"the CPU has no bf16 instructions \(no AVX-512 BF16, no AMX\)",
     QT_TR_NOOP("the CPU has no bf16 instructions (no AVX-512 BF16, no AMX)")),
    (r"the CPU has (?P<units>[A-Z0-9 -]+?(?: and [A-Z0-9 -]+)?)(?=,|$| \()", QT_TR_NOOP("the CPU has {units}")),
    (r"bf16 autocast is not offered on (?P<device>\w+)", QT_TR_NOOP("bf16 autocast is not offered on {device}")),
    (r" \(fp16 with a gradient scaler instead\)", QT_TR_NOOP(" (fp16 with a gradient scaler instead)")),
    (r", and (?P<half>\w+) measured (?P<gain>[\d.]+)× faster on the first batch",
     QT_TR_NOOP(", and {half} measured {gain}× faster on the first batch")),
    (r", but (?P<half>\w+) measured (?P<gain>[\d.]+)× the speed of fp32 on the first batch",
     QT_TR_NOOP(", but {half} measured {gain}× the speed of fp32 on the first batch")),
)  # fmt: skip


def precision_reason(reason: str) -> str:
    """The engine's reason for a precision, in the interface's language (as written if unknown)."""
    text, said = reason, []
    while text:
        for pattern, words in PRECISION_WORDS:
            match = re.match(pattern, text)
            if match:
                units = match.groupdict().get("units")
                values = {**match.groupdict(), **({"units": units.replace(" and ", tr(" and "))} if units else {})}
                said.append(tr(words).format(**values))
                text = text[match.end() :]
                break
        else:
            return content(reason)
    return "".join(said)


def architecture(info) -> str:
    """The model's one-line description in the interface's language, built from its configuration
    with the form's words (models/nn/*/config.py); the engine's English line if it cannot be read."""
    from models.config import from_dict  # the engine loads when a model does
    from models.nn.family import ModelConfig

    try:
        return from_dict(ModelConfig, info.description["model_config"]).architecture(tr)
    except (KeyError, TypeError, ValueError):
        return info.description["architecture"]


class ModelPanel(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.summary = QLabel(tr("No model loaded yet."))
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.card = QTextBrowser()
        self.card.setOpenExternalLinks(True)
        self.card.setVisible(False)
        self.curves = CurvesCanvas()
        summary_scroll = QScrollArea()
        summary_scroll.setWidget(self.summary)
        summary_scroll.setWidgetResizable(True)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(summary_scroll)
        left.addWidget(self.card)
        left.setSizes([380, 420])
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.curves)
        splitter.setSizes([420, 800])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def show_model(self, info) -> None:
        from models.training.history import RunHistory  # the engine loads when a model does

        d = info.description
        m = d["model_config"]
        t = d.get("train_config") or {}
        history = RunHistory.read(info.history)
        evaluations = history.evaluations
        last = evaluations[-1] if evaluations else None
        rows = [
            (tr("Name"), content(info.name) + (tr(" (snapshot of a model in training)") if info.in_training else "")),
            (tr("File"), content(str(info.path)) if info.path else tr("not saved yet")),
            (tr("Trained on"), content(info.corpus) if info.corpus else tr("unknown")),
            (tr("Architecture"), architecture(info)),
            (tr("Sizes"), tr("embeddings {embedding}, hidden {hidden}, dropout {dropout}").format(embedding=m['embedding_size'], hidden=m['hidden_size'], dropout=m['dropout'])),
            (tr("Parameters"), f"{d['parameters']:,}"),
            (tr("Vocabulary"), tr("{source} source / {target} target pieces ({tokenizer}{shared})").format(source=d['source_vocabulary'], target=d['target_vocabulary'], tokenizer=d['tokenizer_config'].get('model_type', '?'), shared=tr(', shared') if d['shared_vocabulary'] else '')),
            (tr("Training"), tr("batch {batch}, learning rate {learning_rate}, teacher forcing {teacher_forcing}, seed {seed}").format(batch=t.get('batch_size', '?'), learning_rate=t.get('learning_rate', '?'), teacher_forcing=t.get('teacher_forcing', '?'), seed=t.get('seed', '?')) if t else tr("unknown")),
        ]  # fmt: skip
        precision = history.precision or {}
        if precision.get("used"):  # which precision trained it, and why (models/training/precision.py)
            rows.append(
                (
                    tr("Precision"),
                    content(precision["used"]) + " (" + precision_reason(precision.get("reason", "")) + ")",
                )
            )
        recipe = d.get("recipe") or {}
        for key, label in RECIPE_ROWS:
            if recipe.get(key) not in (None, ""):
                rows.append((tr(label), content(str(recipe[key]))))
        if last:
            rows.append((tr("Last evaluation"), tr("step {step}: dev BLEU {bleu}, chrF {chrf}, exact match {exact_match}%").format(step=last.step, bleu=last.bleu, chrf=last.chrf, exact_match=last.exact_match)
                         + ("" if last.aer is None else tr(", AER {aer:.1%}").format(aer=last.aer))))  # fmt: skip
        table = "".join(f"<tr><td><b>{html.escape(k)}</b>&nbsp;&nbsp;</td><td>{v}</td></tr>" for k, v in rows)
        self.summary.setText(tr("<h3>Model</h3><table>{table}</table><p style='color:#666'>The curves show this model's training history.</p>").format(table=table))  # fmt: skip
        self.curves.set_history(info.history)
        # The model card says what the model is for, its data and credit, scores and limits.
        # In the interface's language where the model has a card in it (NAME.card.zh_CN.md).
        card = (model_card(info.path, current_language()) or info.card) if info.card else ""
        self.card.setMarkdown(card)
        self.card.setVisible(bool(card))
