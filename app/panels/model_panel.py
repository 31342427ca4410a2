"""Model info: architecture, parameters, vocabularies, corpus, and its training history curves."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from app.views.curves_view import CurvesCanvas

RECIPE_ROWS = [("data", "Training data"), ("split", "Split"), ("seed", "Seed"), ("minutes", "Training minutes"),
               ("epochs", "Epochs"), ("script", "Made by")]  # fmt: skip


class ModelPanel(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.summary = QLabel("No model loaded yet.")
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
        d = info.description
        m = d["model_config"]
        t = d.get("train_config") or {}
        evaluations = info.history.get("evaluations", [])
        last = evaluations[-1] if evaluations else None
        rows = [
            ("Name", info.name + (" (snapshot of a model in training)" if info.in_training else "")),
            ("File", info.path or "not saved yet"),
            ("Trained on", info.corpus or "unknown"),
            ("Architecture", d["architecture"]),
            ("Sizes", f"embeddings {m['embedding_size']}, hidden {m['hidden_size']}, dropout {m['dropout']}"),
            ("Parameters", f"{d['parameters']:,}"),
            ("Vocabulary", f"{d['source_vocabulary']} source / {d['target_vocabulary']} target pieces "
                           f"({d['tokenizer_config'].get('model_type', '?')}{', shared' if d['shared_vocabulary'] else ''})"),
            ("Training", f"batch {t.get('batch_size', '?')}, learning rate {t.get('learning_rate', '?')}, "
                         f"teacher forcing {t.get('teacher_forcing', '?')}, seed {t.get('seed', '?')}" if t else "unknown"),
        ]  # fmt: skip
        recipe = d.get("recipe") or {}
        for key, label in RECIPE_ROWS:
            if recipe.get(key) not in (None, ""):
                rows.append((label, str(recipe[key])))
        if last:
            rows.append(("Last evaluation", f"step {last['step']}: dev BLEU {last['bleu']}, chrF {last['chrf']}, "
                                            f"exact match {last['exact_match']}%"))  # fmt: skip
        table = "".join(
            f"<tr><td><b>{html.escape(k)}</b>&nbsp;&nbsp;</td><td>{html.escape(str(v))}</td></tr>" for k, v in rows
        )
        self.summary.setText(f"<h3>Model</h3><table>{table}</table>"
                             "<p style='color:#666'>The curves show this model's training history.</p>")  # fmt: skip
        self.curves.set_history(info.history)
        # The model card says what the model is for, its data and credit, scores and limits.
        self.card.setMarkdown(info.card)
        self.card.setVisible(bool(info.card))
