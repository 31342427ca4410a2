"""The main window: a model bar, the tabs (Translate, Decoding steps, Train, Replay, Compare, Runs, Model), menus."""

from __future__ import annotations

import html
import shutil
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QToolBar

from app import chinese_output, file_dialogs, i18n
from app import settings as app_settings
from app.fonts import MISSING_CJK_MESSAGE, cjk_available
from app.i18n import tr
from app.interface_text import content
from app.panels.compare_panel import ComparePanel
from app.panels.inside_panel import InsidePanel
from app.panels.learn_panel import LearnPanel
from app.panels.model_choice import BUNDLED_LABELS, MODEL_FILTER
from app.panels.model_panel import ModelPanel, architecture
from app.panels.replay_panel import ReplayPanel
from app.panels.runs_panel import RunsPanel
from app.panels.steps_panel import StepsPanel
from app.panels.train_panel import TrainPanel
from app.panels.translate_panel import TranslatePanel
from app.services.inspection import InspectionService
from app.services.training import TrainingService
from app.services.translation import TranslationService
from app.views.figure_renderer import shutdown_render_thread
from models.bundled import RESOURCES, bundled_models

APP_NAME = "Seq2Seq Studio"
GIL_SWITCH_INTERVAL_S = 0.001
LOAD_UNPAINTED_MS = 500  # the first model loads this long after the window was built if it has not painted


class MainWindow(QMainWindow):
    def __init__(self, model: str | None = None):
        super().__init__()
        # Worker threads (training, translation, plot rendering) run Python between their native
        # calls; a shorter switch interval hands the GIL back to the GUI thread sooner.
        sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
        self.setWindowTitle(tr("{app_name} — loading model…").format(app_name=APP_NAME))
        self.resize(1280, 820)
        self.translation = TranslationService(self)
        self.training = TrainingService(self)
        self.inspection = InspectionService(self)
        self._language_pending = False
        self._build_interface()
        self.statusBar().showMessage(tr("Loading the model…"))
        self.translation.model_loaded.connect(self._on_model_loaded)
        self.translation.model_failed.connect(self._on_model_failed)
        self.training.checkpoint.connect(self._on_run_checkpoint)
        self.training.stopped.connect(self._show_model_header)
        self.training.stopped.connect(self._refresh_run_lists)  # its last checkpoint and snapshots are written
        self.training.stopped.connect(self._switch_language_if_pending)
        self._runs_listed: set[str] = set()
        self._restore_settings()
        # Settings reset to their defaults (wrong type, out of range) or a folder that cannot be
        # written: said once, in the status bar, naming the settings file.
        self._settings_note = "  ".join(app_settings.take_messages())
        if self._settings_note:
            self.statusBar().showMessage(self._settings_note, 30_000)
        self._cjk_warned = False
        self._guide = None
        # Load once the window has painted: importing torch in the worker competes for the GIL
        # with the first paint, which then comes far later. A window that is not painted loads
        # after LOAD_UNPAINTED_MS all the same; the window is the timer's context: one closed
        # before then loads nothing.
        self._first_model: str | None = model or "default"
        QTimer.singleShot(LOAD_UNPAINTED_MS, self, self._load_first_model)

    def _build_interface(self) -> None:
        """The tabs, the model bar and the menus, in the interface's language (built again when it changes)."""
        self.translate_panel = TranslatePanel(self.translation)
        self.steps_panel = StepsPanel(self.translation)
        self.inside_panel = InsidePanel(self.translation)
        self.attention_math_panel, self.exposure_panel = self.inside_panel.attention_math, self.inside_panel.exposure
        self.hidden_states_panel, self.embeddings_panel = self.inside_panel.hidden_states, self.inside_panel.embeddings
        self.train_panel = TrainPanel(self.training, self.translation)
        self.model_panel = ModelPanel()
        self.replay_panel = ReplayPanel(self.inspection)
        self.compare_panel = ComparePanel(self.inspection)
        self.runs_panel = RunsPanel(self.inspection)
        self.learn_panel = LearnPanel()
        self.tabs = QTabWidget()
        for panel, key, title in (
            (self.learn_panel, "learn", tr("Learn")),
            (self.translate_panel, "translate", tr("Translate")), (self.steps_panel, "steps", tr("Decoding steps")),
            (self.inside_panel, "inside", tr("Inside the model")), (self.train_panel, "train", tr("Train")),
            (self.replay_panel, "replay", tr("Replay")), (self.compare_panel, "compare", tr("Compare")),
            (self.runs_panel, "runs", tr("Runs")), (self.model_panel, "model", tr("Model")),
        ):  # fmt: skip
            panel.setObjectName(key)  # the tab's name in the settings, the same in every language
            self.tabs.addTab(panel, title)
        for panel, tip in ((self.learn_panel, tr("Lessons from encoder and decoder to the Transformer, each with a Show me")),
                           (self.inside_panel, tr("What happens inside a translation: attention with its numbers, "
                                               "teacher forcing against free running")),
                           (self.replay_panel, tr("A sentence through a run's snapshots: watch alignment emerge")),
                           (self.compare_panel, tr("Two models on the same sentence, side by side")),
                           (self.runs_panel, tr("The curves of several runs on the same axes"))):  # fmt: skip
            self.tabs.setTabToolTip(self.tabs.indexOf(panel), tip)
        self.setCentralWidget(self.tabs)
        self.learn_panel.attach(self)  # Show me drives the other tabs
        self.model_label = QLabel(tr("Model: loading…"))
        self._build_actions()

        self.translate_panel.translation_shown.connect(self.steps_panel.show_translation)
        self.steps_panel.controls_source = self.translate_panel.controls
        self.inside_panel.set_controls_source(self.translate_panel.controls)
        self.translate_panel.translation_shown.connect(self.inside_panel.follow)
        self.replay_panel.controls_source = self.translate_panel.controls
        self.compare_panel.controls_source = self.translate_panel.controls
        self.train_panel.open_model_requested.connect(self.open_model)
        self.tabs.currentChanged.connect(self._on_tab_changed)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.Paint and self._first_model is not None:
            QTimer.singleShot(0, self, self._load_first_model)  # once this paint has reached the screen
        return super().event(event)

    def _load_first_model(self) -> None:
        if self._first_model is not None:
            model, self._first_model = self._first_model, None
            self.open_model(model)

    first_paint_s: float | None = None  # from the process's start to the window's first paint (app.main sets it)

    def show_startup_message(self, text: str) -> None:
        """How long the window took, kept in the status line until the model has loaded (its message then)."""
        if self.translation.model is None:
            self.statusBar().showMessage(text)

    def show_panel(self, panel) -> None:
        """Bring a panel to the front, a sub-tab of Inside the model included."""
        if panel in self.inside_panel.panels:
            self.inside_panel.setCurrentWidget(panel)
            panel = self.inside_panel
        self.tabs.setCurrentWidget(panel)

    # ------------------------------------------------------------------ actions
    def _build_actions(self) -> None:
        # The toolbar owns the actions: when the language changes, deleting it takes them along.
        self.toolbar = toolbar = QToolBar(tr("Model"))
        open_action = QAction(
            tr("&Open model…"), toolbar, shortcut=QKeySequence.StandardKey.Open, triggered=self.choose_model
        )
        save_action = QAction(
            tr("&Save model as…"), toolbar, shortcut=QKeySequence.StandardKey.SaveAs, triggered=self.save_model_as
        )
        quit_action = QAction(tr("&Quit"), toolbar, shortcut=QKeySequence.StandardKey.Quit, triggered=self.close)
        self.recent_menu = self.menuBar().addMenu(tr("&File"))
        file_menu = self.recent_menu
        file_menu.addAction(open_action)
        self.bundled_menu = file_menu.addMenu(tr("&Bundled models"))
        for name, path in bundled_models().items():
            label = tr(BUNDLED_LABELS[name]) if name in BUNDLED_LABELS else name
            self.bundled_menu.addAction(label, lambda n=name: self.open_model(n)).setToolTip(str(path))
        self.recent_submenu = file_menu.addMenu(tr("Open &recent"))
        file_menu.addAction(save_action)
        file_menu.addSeparator()
        # A run another process trains: the Train tab's live views follow its files (read-only).
        file_menu.addAction(tr("&Follow a training run folder…"), self._follow_run)
        self.train_panel.follower.checkpoint.connect(self._on_run_checkpoint)  # Runs, Replay, Compare follow it
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        settings_menu = self.menuBar().addMenu(tr("&Settings"))
        self._build_language_menu(settings_menu.addMenu(tr("&Language")))
        self._build_chinese_menu(settings_menu.addMenu(tr("&Chinese output")))
        help_menu = self.menuBar().addMenu(tr("&Help"))
        guide_action = QAction(tr("&Guide to the views"), toolbar, shortcut=QKeySequence.StandardKey.HelpContents,
                               triggered=self.show_guide)  # fmt: skip
        help_menu.addAction(guide_action)
        help_menu.addAction(QAction(tr("&About"), toolbar, triggered=self._about))
        toolbar.setObjectName("modelToolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(self.model_label)
        toolbar.addSeparator()
        toolbar.addAction(open_action)
        toolbar.addAction(save_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        self._refresh_recent()

    def _build_language_menu(self, menu) -> None:
        """Follow the system, or one of the interface's languages (each named in itself)."""
        self.language_actions = QActionGroup(menu)
        saved = i18n.saved_language()
        choices = [(None, tr("Follow the system"))] + [(language.code, language.name) for language in i18n.LANGUAGES]
        for code, name in choices:
            action = menu.addAction(name, lambda c=code: self.choose_language(c))
            action.setCheckable(True)
            action.setChecked(code == saved)
            action.setData(code)
            self.language_actions.addAction(action)

    def _build_chinese_menu(self, menu) -> None:
        """The script Chinese output is shown in (app/chinese_output.py); it applies at once."""
        self.chinese_actions = QActionGroup(menu)
        for value, label in chinese_output.SCRIPTS:
            action = menu.addAction(tr(label), lambda v=value: self.choose_chinese_script(v))
            action.setCheckable(True)
            action.setChecked(value == chinese_output.chosen_script())
            action.setData(value)
            self.chinese_actions.addAction(action)

    def choose_chinese_script(self, script: str) -> None:
        chinese_output.choose_script(script)
        self.translate_panel.show_output_again()

    def choose_language(self, code: str | None) -> None:
        """Save the choice and switch to it at once, keeping the model, the sentence and the window
        (while a model trains, when the training ends: its live view would be lost)."""
        if code == i18n.saved_language():
            return
        i18n.save_language(code)
        if (code or i18n.system_language()) == i18n.current_language():
            return
        if self.training.is_running():
            self._language_pending = True
            self.statusBar().showMessage(tr("The interface changes language when the training ends."), 10_000)
            return
        self._switch_language()

    def _switch_language_if_pending(self) -> None:
        if self._language_pending:
            self._switch_language()

    def _switch_language(self) -> None:
        """Install the chosen language and build the tabs, menus and model bar again in it. The
        services, and so the open model, stay; the sentence, the decoding and training settings,
        the open tab and the window's place and size are carried over."""
        self._language_pending = False
        i18n.install(i18n.saved_language() or i18n.system_language())
        tab = self.tabs.currentWidget().objectName()
        inside = self.inside_panel.currentIndex()
        text = self.translate_panel.source.text()
        decoding, training = self.translate_panel.controls.state(), self.train_panel.state()
        follower = self.train_panel.follower
        followed = follower.run_dir if follower.is_following() else ""
        self.train_panel.shutdown()
        self.steps_panel.stop_playing()
        self.replay_panel.stop_playing()
        old = [self.takeCentralWidget(), self.toolbar, *(a.menu() for a in self.menuBar().actions() if a.menu())]
        self.removeToolBar(self.toolbar)
        self.menuBar().clear()
        if self._guide is not None:
            old.append(self._guide)
            self._guide = None
        for widget in old:
            widget.hide()
            widget.deleteLater()
        self._build_interface()
        names = [self.tabs.widget(i).objectName() for i in range(self.tabs.count())]
        self.tabs.setCurrentIndex(names.index(tab) if tab in names else 0)
        self.inside_panel.setCurrentIndex(inside)
        self.translate_panel.controls.restore(decoding)
        self.train_panel.restore(training)
        if followed:
            self.train_panel.follow(followed)  # the run followed before goes on being followed
        info = self.translation.model
        if info is None:
            self.translate_panel.source.setText(text)
            self.setWindowTitle(tr("{app_name} — loading model…").format(app_name=APP_NAME))
            return
        self._show_model_header()
        self._show_model(info, text)

    def _refresh_recent(self) -> None:
        self.recent_submenu.clear()
        paths = app_settings.recent_models()
        for path in paths:
            self.recent_submenu.addAction(path, lambda p=path: self.open_model(p))
        self.recent_submenu.setEnabled(bool(paths))

    def choose_model(self) -> None:
        path = file_dialogs.open_file(self, "model", tr("Open model"), tr(MODEL_FILTER))
        if path:
            self.open_model(path)

    def open_model(self, source) -> None:
        """A path, 'default', or a ModelBundle snapshot from training."""
        if source is None or source == "":
            return
        self.statusBar().showMessage(tr("Loading the model…"))
        self.translation.load_model(source)

    def save_model_as(self) -> None:
        info = self.translation.model
        if info is None:
            self.statusBar().showMessage(tr("The model is still loading…"), 4000)
            return
        if not info.path:
            QMessageBox.information(
                self, APP_NAME, tr("This model is not saved yet: wait for training to write a checkpoint.")
            )
            return
        target = file_dialogs.save_file(self, "model", tr("Save model as"), f"{info.name}.s2s", tr(MODEL_FILTER))
        if not target:
            return
        if not target.endswith(".s2s"):
            target += ".s2s"
        try:
            shutil.copyfile(info.path, target + ".part")
            Path(target + ".part").replace(target)
        except OSError as err:
            QMessageBox.warning(self, APP_NAME, tr("The model could not be saved: {err}").format(err=err))
            return
        app_settings.add_recent_model(target)
        self._refresh_recent()
        self.statusBar().showMessage(tr("Saved {target}").format(target=target), 5000)

    def _on_tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.train_panel:
            self.train_panel.data.ensure_loaded()

    # ------------------------------------------------------------------ model events
    def _show_model_header(self) -> None:
        info = self.translation.model
        if info is None:
            return
        suffix = ""
        if info.in_training:
            suffix = (
                tr(" (snapshot, in training)") if self.training.is_running() else tr(" (snapshot; its run has ended)")
            )
        self.setWindowTitle(f"{APP_NAME} — {info.name}{suffix}")
        self.model_label.setText(
            tr("Model: <b>{name}</b>{suffix} · {description}").format(
                name=content(info.name),
                suffix=suffix,
                description=html.escape(architecture(info)),
            )
        )

    @Slot(object)
    def _on_model_loaded(self, info) -> None:
        self._show_model_header()
        if self._settings_note:  # kept in view past the model's loading
            self.statusBar().showMessage(self._settings_note, 30_000)
            self._settings_note = ""
        else:
            self.statusBar().showMessage(tr("Loaded {name}").format(name=info.name), 4000)
        if info.path and not info.in_training and Path(info.path).parent != RESOURCES:  # bundled: in their menu
            app_settings.add_recent_model(info.path)
            self._refresh_recent()
        self._show_model(info, self.translate_panel.source.text())
        if not cjk_available() and not self._cjk_warned and "zh" in (info.corpus or ""):
            self._cjk_warned = True
            self.statusBar().showMessage(tr(MISSING_CJK_MESSAGE), 15000)

    def _show_model(self, info, text: str) -> None:
        """The tabs that show the model: its card, its decoding of `text` (else its example)."""
        self.model_panel.show_model(info)
        self.steps_panel.set_model(info)
        text = text.strip() or info.example or "Hello."
        self.compare_panel.set_translate_model(None if info.in_training else info.path, text)
        self.translate_panel.set_text_and_translate(text)

    @Slot(object)
    def _on_run_checkpoint(self, event) -> None:
        """A run in training wrote a snapshot or a checkpoint: the views of runs follow it."""
        run_dir = str(Path(event.path).parent.parent if event.kind == "snapshot" else Path(event.path).parent)
        if event.kind == "snapshot":
            self.replay_panel.snapshots_changed(run_dir)
        elif event.kind == "last":
            self.runs_panel.run_updated(run_dir)
            if run_dir not in self._runs_listed:  # a new run: Replay and Compare list it too
                self._runs_listed.add(run_dir)
                self._refresh_run_lists()

    def _follow_run(self) -> None:
        self.tabs.setCurrentWidget(self.train_panel)
        self.train_panel.choose_and_follow()

    def _refresh_run_lists(self) -> None:
        """Runs trained in this session join Replay's and Compare's lists (when one starts and ends)."""
        self.replay_panel.runs_changed()
        self.compare_panel.runs_changed()

    @Slot(str)
    def _on_model_failed(self, message: str) -> None:
        self.statusBar().showMessage(tr("The model could not be opened."), 5000)
        QMessageBox.warning(self, APP_NAME, message[0].upper() + message[1:])
        if self.translation.model is None:
            self.model_label.setText(tr("Model: none (open one from the File menu)"))
            self.setWindowTitle(tr("{app_name} — no model").format(app_name=APP_NAME))

    def show_guide(self) -> None:
        from app.guide import GuideDialog

        if self._guide is None:
            self._guide = GuideDialog(self)
        self._guide.show()
        self._guide.raise_()

    def _about(self) -> None:
        QMessageBox.about(
            self, APP_NAME,
            tr("<b>Seq2Seq Studio</b><br>Train, run and watch attention sequence-to-sequence models think.<br><br>"
            "Built-in corpora from CLDR (babel) and num2words.<br>"
            "The bundled everyday models were trained on sentence pairs of the Tatoeba Project "
            "(tatoeba.org) and www.manythings.org/anki, CC-BY 2.0 FR; see each model's card in the Model tab."),
        )  # fmt: skip

    # ------------------------------------------------------------------ settings and closing
    def _restore_settings(self) -> None:
        s = app_settings.settings()
        geometry = s.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = s.value("window/state")
        if state is not None:
            self.restoreState(state)
        names = [self.tabs.widget(i).objectName() for i in range(self.tabs.count())]
        saved = s.value("window/tab", "") or ""
        self.tabs.setCurrentIndex(names.index(saved) if saved in names else 0)  # by name: tabs get added
        self.translate_panel.controls.restore(app_settings.load_json("decoding", {}))
        self.train_panel.restore(app_settings.load_json("training", {}))

    def _save_settings(self) -> None:
        s = app_settings.settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/tab", self.tabs.currentWidget().objectName())
        app_settings.save_json("decoding", self.translate_panel.controls.state())
        app_settings.save_json("training", self.train_panel.state())

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.training.is_running():
            answer = QMessageBox.question(
                self, APP_NAME, tr("A model is training. Stop training and quit?\nThe last checkpoint is kept."),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
            )  # fmt: skip
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self._save_settings()
        self.training.shutdown()
        self.translation.shutdown()
        self.inspection.shutdown()
        self.train_panel.shutdown()
        self.steps_panel.stop_playing()
        self.replay_panel.stop_playing()
        shutdown_render_thread()
        event.accept()
