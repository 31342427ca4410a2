"""Choosing what to inspect: a training run (for replay and overlays) or a model for comparison
(a bundled model, a model file, a run's final model or one of its snapshots)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QPushButton, QWidget

from app import file_dialogs
from app import settings as app_settings
from app.i18n import QT_TR_NOOP, tr
from app.panels import train_panel
from models.bundled import bundled_models

BUNDLED_LABELS = {
    "default-en-fr": QT_TR_NOOP("English → French (everyday sentences)"),
    "default-en-zh": QT_TR_NOOP("English → Chinese"),
    "default-transformer-en-fr": QT_TR_NOOP("English → French, a Transformer"),
}
MODEL_FILTER = QT_TR_NOOP("Seq2Seq Studio models (*.s2s);;All files (*)")


def file_label(path: str) -> str:
    """A model file's name as a list shows it: a run's best.s2s or last.s2s with its run's name."""
    file = Path(path)
    return f"{file.parent.name}/{file.name}" if file.stem in ("best", "last") and file.parent.name else file.name


def known_runs() -> list[str]:
    """Recently used run folders, then the newest ones in the app's runs folder."""
    from models.runs import find_runs

    found = [p for p in app_settings.recent_runs() if (Path(p) / "last.s2s").exists()]
    for folder in find_runs(train_panel.default_runs_folder()):
        if str(folder) not in found:
            found.append(str(folder))
    return found


def choose_run_folder(parent) -> str:
    start = file_dialogs.start_folder("run")
    if not any(start.iterdir()) and train_panel.default_runs_folder().is_dir():
        start = train_panel.default_runs_folder()
    path = QFileDialog.getExistingDirectory(parent, tr("Choose a training run folder"), str(start))
    if path:
        app_settings.settings().setValue("folders/run", str(Path(path).parent))
    return path


class RunChooser(QWidget):
    """A list of known runs and a Browse… button; `changed` carries the chosen folder."""

    changed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.combo = QComboBox()
        self.combo.setMinimumContentsLength(28)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setToolTip(tr("A training run: the app's own runs, and folders you chose before"))
        browse = QPushButton(tr("Browse…"))
        browse.setToolTip(tr("Choose a training run folder (one holding last.s2s)"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo, 1)
        layout.addWidget(browse)
        browse.clicked.connect(self._browse)
        self.combo.currentIndexChanged.connect(lambda _i: self.changed.emit(self.path()))

    def path(self) -> str:
        return self.combo.currentData() or ""

    def refresh(self, select: str | None = None) -> None:
        """Fill the list again (a new run may have started); keep or make `select` current."""
        before = self.path()
        keep = select or before
        runs = known_runs()
        if keep and keep not in runs:
            runs.insert(0, keep)
        self.combo.blockSignals(True)
        self.combo.clear()
        for run in runs:
            self.combo.addItem(Path(run).name, run)
            self.combo.setItemData(self.combo.count() - 1, run, role=Qt.ItemDataRole.ToolTipRole)
        if not runs:
            self.combo.addItem(tr("no training runs yet: train one in the Train tab"), "")
        index = self.combo.findData(keep) if keep else 0
        self.combo.setCurrentIndex(max(0, index))
        self.combo.blockSignals(False)
        if self.path() != before:
            self.changed.emit(self.path())

    def _browse(self) -> None:
        path = choose_run_folder(self)
        if path:
            app_settings.add_recent_run(path)
            self.refresh(select=path)


class ModelChooser(QWidget):
    """A model for comparison; for a run, also which of its snapshots (or its final model)."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.combo = QComboBox()
        self.combo.setMinimumContentsLength(24)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.snapshot = QComboBox()
        self.snapshot.setToolTip(tr("For a training run: its final model, or the snapshot kept at a step"))
        self.snapshot.setMinimumContentsLength(16)
        browse = QPushButton(tr("Browse…"))
        browse.setToolTip(tr("Choose a model file (.s2s)"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo, 2)
        layout.addWidget(self.snapshot, 1)
        layout.addWidget(browse)
        browse.clicked.connect(self._browse)
        self.combo.currentIndexChanged.connect(self._on_model_changed)
        self.snapshot.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.translate_model: str | None = None

    def refresh(self, select: str | None = None) -> None:
        """Fill the list again (runs trained since appear); keep or make `select` current. `changed`
        is emitted only if what is chosen changed (the same run keeps its chosen snapshot)."""
        before, step = self.spec(), self.snapshot.currentData()
        keep = select or self.combo.currentData()
        self.combo.blockSignals(True)
        self.combo.clear()
        for name in bundled_models():
            self.combo.addItem(
                tr("Bundled: {name}").format(name=tr(BUNDLED_LABELS[name]) if name in BUNDLED_LABELS else name), name
            )
        if self.translate_model:
            self.combo.addItem(
                tr("In the Translate tab: {name}").format(name=file_label(self.translate_model)), self.translate_model
            )
        for path in app_settings.recent_models():
            if Path(path).exists() and self.combo.findData(path) < 0:
                self.combo.addItem(tr("File: {name}").format(name=file_label(path)), path)
        for run in known_runs():
            self.combo.addItem(tr("Run: {name}").format(name=Path(run).name), run)
        if keep and self.combo.findData(keep) < 0:
            self.combo.addItem(file_label(keep), keep)
        for i in range(self.combo.count()):
            self.combo.setItemData(i, str(self.combo.itemData(i)), role=Qt.ItemDataRole.ToolTipRole)
        self.combo.setCurrentIndex(max(0, self.combo.findData(keep)) if keep else 0)
        self.combo.blockSignals(False)
        self._fill_snapshots()
        if select is None and step is not None:
            self.select_snapshot(step, quiet=True)  # the same run's snapshot stays chosen
        if self.spec() != before or select is not None:
            self.changed.emit()

    def set_current(self, spec: str) -> None:
        self.refresh(select=spec)

    def _on_model_changed(self, *_):
        self._fill_snapshots()
        self.changed.emit()

    def _fill_snapshots(self) -> None:
        from models.snapshots import list_snapshots

        path = self.combo.currentData() or ""
        self.snapshot.blockSignals(True)
        self.snapshot.clear()
        is_run = bool(path) and Path(path).is_dir()
        if is_run:
            self.snapshot.addItem(tr("final model"), None)
            for info in list_snapshots(path):
                self.snapshot.addItem(
                    tr("step {step:,} (BLEU {bleu:.1f})").format(step=info.step, bleu=info.bleu), info.step
                )
        else:
            self.snapshot.addItem("—", None)
        self.snapshot.setEnabled(is_run and self.snapshot.count() > 1)
        self.snapshot.blockSignals(False)

    def select_snapshot(self, step: int | None, quiet: bool = False) -> None:
        index = self.snapshot.findData(step)
        if index >= 0:
            self.snapshot.blockSignals(quiet)
            self.snapshot.setCurrentIndex(index)
            self.snapshot.blockSignals(False)

    def spec(self) -> str:
        """What the engine loads: a bundled name, a file, a run folder, or RUN@STEP."""
        path = self.combo.currentData() or ""
        step = self.snapshot.currentData()
        return f"{path}@{step}" if path and step is not None else path

    def label(self) -> str:
        text = self.combo.currentText()
        step = self.snapshot.currentData()
        return tr("{text} @ step {step:,}").format(text=text, step=step) if step is not None else text

    def _browse(self) -> None:
        path = file_dialogs.open_file(self, "model", tr("Choose a model to compare"), tr(MODEL_FILTER))
        if path:
            app_settings.add_recent_model(path)
            self.refresh(select=path)
