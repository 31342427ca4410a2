"""The Learn tab: lessons along the tutorials' road (resources/lessons/, read by app/lessons.py),
each with a Show me that opens the right model, sentence, view and step, questions whose
answers are read from the model's own translation, and, for a lesson with an `experiment:`, a
button that runs it in the background (app/services/experiments.py) and draws its result beside
what the literature reports."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app import settings as app_settings
from app.i18n import current_language, tr
from app.lessons import Lesson, LessonError, answer, lessons
from app.panels.experiment_text import experiment_html
from app.services.experiments import ExperimentService
from app.views.experiment_view import ExperimentCanvas
from models.bundled import BUNDLED

PROGRESS_KEY = "learn/done"  # the lessons whose Show me was opened, by key


class LearnPanel(QWidget):
    """The lesson list, a lesson's text, its Show me and its questions. Show me drives the main
    window's tabs and panels through their public calls (`attach`)."""

    shown = Signal(str)  # a lesson's view is open on its sentence (the lesson's key)
    experiment_finished = Signal(str)  # an experiment's result is drawn (its name)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.window = None  # the main window, once attached
        self.lessons: list[Lesson] = []
        self.pending: Lesson | None = None  # a Show me waiting for its model or translation
        self.translations: dict[str, object] = {}  # lesson key -> the translation its answers read
        self.done: set[str] = set(app_settings.load_json(PROGRESS_KEY, []))
        self._step_for: tuple[str, int] | None = None  # (an Inside view's purpose, the step to open it at)
        self.answer_rows: list[tuple[QPushButton, QLabel]] = []  # the shown lesson's (Answer button, answer)

        self.list = QListWidget()
        self.list.setMinimumWidth(240)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.show_me = QPushButton(tr("Show me"))
        self.show_me.setToolTip(tr("Open this lesson's model and sentence in the view it talks about"))
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.questions = QVBoxLayout()
        lesson_part = QWidget()
        right_layout = QVBoxLayout(lesson_part)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.text, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_me)
        buttons.addWidget(self.status, 1)
        right_layout.addLayout(buttons)
        right_layout.addLayout(self.questions)
        self._build_experiment_box()
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(lesson_part)
        right.addWidget(self.experiment_box)
        right.setSizes([420, 480])
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(right)
        split.setSizes([260, 900])
        QVBoxLayout(self).addWidget(split)

        self.list.currentRowChanged.connect(self._show_lesson)
        self.show_me.clicked.connect(lambda: self.start(self.current()))
        self.show_me.setEnabled(False)
        self.reload()

    def _build_experiment_box(self) -> None:
        self.experiments: ExperimentService | None = None  # the window's, once attached
        self.experiment_scale = None  # None: as declared; the tests run them shortened (models.experiments.shortened)
        self.experiment_box = QGroupBox(tr("Experiment"))
        self.run_experiment = QPushButton(tr("Run the experiment"))
        self.run_experiment.setToolTip(tr("Train this lesson's models in the background (a few minutes), then draw "
                                          "the result beside what the literature reports"))  # fmt: skip
        self.pause_experiment = QPushButton(tr("Pause"))
        self.stop_experiment = QPushButton(tr("Stop"))
        self.experiment_progress = QProgressBar()
        self.experiment_progress.setRange(0, 1000)
        self.experiment_progress.setTextVisible(True)
        self.experiment_progress.setFormat(tr("not started"))
        self.experiment_canvas = ExperimentCanvas()
        self.experiment_text = QTextBrowser()
        self.experiment_text.setOpenExternalLinks(False)
        row = QHBoxLayout()
        for button in (self.run_experiment, self.pause_experiment, self.stop_experiment):
            row.addWidget(button)
        row.addWidget(self.experiment_progress, 1)
        result = QSplitter()
        result.addWidget(self.experiment_canvas)
        result.addWidget(self.experiment_text)
        result.setStretchFactor(0, 3)
        result.setStretchFactor(1, 2)
        result.setSizes([640, 420])
        layout = QVBoxLayout(self.experiment_box)
        layout.addLayout(row)
        layout.addWidget(result, 1)
        self.run_experiment.clicked.connect(self.start_experiment)
        self.pause_experiment.clicked.connect(self._toggle_experiment_pause)
        self.stop_experiment.clicked.connect(lambda: self.experiments and self.experiments.stop())
        self._experiment_paused = False
        self._runs_in_experiment = 0
        self._finished_text: dict[str, str] = {}  # experiment -> "done in m:ss", as its bar said
        self._set_experiment_buttons()

    def attach(self, window) -> None:
        """Follow the window's model and translations; Show me opens its views."""
        self.window = window
        window.translation.model_loaded.connect(self._on_model_loaded)
        window.translate_panel.translation_shown.connect(self._on_translation)
        window.translation.translated.connect(self._on_analysis)
        self.show_me.setEnabled(True)
        # Kept on the window, as its other services are, so a Learn tab built again (another
        # interface language) finds the experiment running and the results of the session.
        service = getattr(window, "experiments", None)
        if not isinstance(service, ExperimentService):
            service = window.experiments = ExperimentService(window)
            QCoreApplication.instance().aboutToQuit.connect(service.shutdown)
        self.experiments = service
        service.progress.connect(self._on_experiment_progress)
        service.finished.connect(self._on_experiment_finished)
        service.failed.connect(self._on_experiment_failed)
        service.stopped.connect(self._set_experiment_buttons)
        self._show_experiment(self.current())

    # ------------------------------------------------------------------ the list
    def reload(self) -> None:
        """(Re)read the lessons in the interface's language."""
        try:
            self.lessons = lessons(current_language())
        except LessonError as err:
            self.lessons = []
            self.text.setPlainText(str(err))
        row = max(0, self.list.currentRow())
        self.list.clear()
        for lesson in self.lessons:
            self.list.addItem(QListWidgetItem(self._item_text(lesson)))
        if self.lessons:
            self.list.setCurrentRow(min(row, len(self.lessons) - 1))

    def _item_text(self, lesson: Lesson) -> str:
        number = lesson.key.split("-", 1)[0].lstrip("0")
        return f"{'✓' if lesson.key in self.done else '  '} {number}. {lesson.title}"

    def current(self) -> Lesson | None:
        row = self.list.currentRow()
        return self.lessons[row] if 0 <= row < len(self.lessons) else None

    def _show_lesson(self, row: int) -> None:
        lesson = self.current()
        if lesson is None:
            return
        self.text.setMarkdown(f"# {lesson.title}\n\n{lesson.body}")
        self.status.setText("")
        self._show_questions(lesson)
        self._show_experiment(lesson)

    def _show_questions(self, lesson: Lesson) -> None:
        _clear(self.questions)
        self.answer_rows = []
        translation = self.translations.get(lesson.key)
        for question in lesson.questions:
            row = QHBoxLayout()
            label = QLabel(question.text)
            label.setWordWrap(True)
            reply = QLabel("")
            reply.setObjectName("lessonAnswer")
            reveal = QPushButton(tr("Answer"))
            reveal.setEnabled(translation is not None)
            reveal.setToolTip(tr("Read the answer from the model's translation") if translation is not None
                              else tr("Press Show me first: the answer is read from the model's own translation"))  # fmt: skip
            reveal.clicked.connect(lambda _=False, q=question, out=reply, key=lesson.key:
                                   out.setText(answer(q, self.translations[key])))  # fmt: skip
            row.addWidget(label, 1)
            row.addWidget(reveal)
            row.addWidget(reply, 1)
            self.questions.addLayout(row)
            self.answer_rows.append((reveal, reply))

    # ------------------------------------------------------------------ Show me
    def start(self, lesson: Lesson | None) -> None:
        """Open the lesson's model (if another is open), then its sentence, view and step."""
        if lesson is None:
            return
        path = BUNDLED.get(lesson.model)
        if path is None or not path.exists():
            self.status.setText(tr("This lesson needs the bundled model {name}, which is not installed.")
                                .format(name=lesson.model))  # fmt: skip
            return
        self.pending = lesson
        info = self.window.translation.model
        if info is None or not info.path or Path(info.path).resolve() != path.resolve():
            self.status.setText(tr("Opening {name}…").format(name=lesson.model))
            self.window.open_model(str(path))
            return
        self._translate(lesson)

    @Slot(object)
    def _on_model_loaded(self, info) -> None:
        lesson = self.pending
        if lesson is not None and info.path and Path(info.path).resolve() == BUNDLED[lesson.model].resolve():
            # After the window's own slot, which translates the Translate tab's sentence.
            QTimer.singleShot(0, self, lambda: self._translate(lesson))

    def _translate(self, lesson: Lesson) -> None:
        window = self.window
        controls = window.translate_panel.controls
        controls.method.setCurrentIndex(max(0, controls.method.findData(lesson.method)))
        if lesson.view == "compare":
            panel = window.compare_panel
            panel.fill_once()
            panel.model_a.refresh(select=str(BUNDLED[lesson.model]))
            panel.model_b.refresh(select=str(BUNDLED.get(lesson.compare_with, BUNDLED[lesson.model])))
            panel.sentence.setText(lesson.sentence)
        self.status.setText(tr("Translating the lesson's sentence…"))
        window.translate_panel.set_text_and_translate(lesson.sentence)

    @Slot(object)
    def _on_translation(self, translation) -> None:
        lesson = self.pending
        if lesson is None or translation.source != " ".join(lesson.sentence.split()):
            return
        self.pending = None
        self.translations[lesson.key] = translation
        self.done.add(lesson.key)
        app_settings.save_json(PROGRESS_KEY, sorted(self.done))
        row = self.lessons.index(lesson) if lesson in self.lessons else -1
        if row >= 0:
            self.list.item(row).setText(self._item_text(lesson))
        if self.current() == lesson:
            self._show_questions(lesson)
        self.status.setText("")
        # After every other view has taken the translation (the steps view starts at step 1).
        QTimer.singleShot(0, self, lambda: self._open_view(lesson))

    def _open_view(self, lesson: Lesson) -> None:
        window, step = self.window, lesson.step - 1
        view = lesson.view
        if view == "translate":
            window.tabs.setCurrentWidget(window.translate_panel)
        elif view == "steps":
            window.tabs.setCurrentWidget(window.steps_panel)
            window.steps_panel.slider.setValue(step)
        elif view == "compare":
            window.tabs.setCurrentWidget(window.compare_panel)
            window.compare_panel.compare()
        else:
            panel = {"inside/attention-math": window.attention_math_panel, "inside/exposure": window.exposure_panel,
                     "inside/hidden-states": window.hidden_states_panel,
                     "inside/embeddings": window.embeddings_panel}[view]  # fmt: skip
            self._step_for = (panel.purpose, step)
            window.tabs.setCurrentWidget(window.inside_panel)
            window.inside_panel.setCurrentWidget(panel)
        self.shown.emit(lesson.key)

    @Slot(object)
    def _on_analysis(self, reply) -> None:
        """An Inside view's analysis arrived: it opens at the lesson's step."""
        if self._step_for is None or reply.purpose != self._step_for[0]:
            return
        purpose, step = self._step_for
        self._step_for = None
        slider = getattr(self.window.attention_math_panel, "slider", None)
        if purpose == self.window.attention_math_panel.purpose and slider is not None:
            QTimer.singleShot(0, self, lambda: slider.setValue(min(step, slider.maximum())))

    # ------------------------------------------------------------------ the experiment
    def _show_experiment(self, lesson: Lesson | None) -> None:
        """The box shows the lesson's experiment: its result of this session, or how to run it."""
        name = lesson.experiment if lesson is not None else ""
        self.experiment_box.setVisible(bool(name))
        if not name:
            return
        result = self.experiments.results.get(name) if self.experiments is not None else None
        if self.experiments is None or not self.experiments.is_running():  # the bar says this lesson's state
            self.experiment_progress.setValue(1000 if result is not None else 0)
            self.experiment_progress.setFormat(self._finished_text.get(name, "") if result is not None
                                               else tr("not started"))  # fmt: skip
        if result is not None:
            self.experiment_canvas.show_result(name, result)
            self.experiment_text.setHtml(experiment_html(result))
        else:
            self.experiment_canvas.clear()
            self.experiment_text.setHtml(tr(
                "<p>Press <b>Run the experiment</b>: it trains this lesson's models in the background (a few "
                "minutes; pause and stop as in the Train tab), then draws the result here, beside what the "
                "literature reports.</p>"))  # fmt: skip
        self._set_experiment_buttons()

    def start_experiment(self) -> None:
        lesson = self.current()
        if lesson is None or not lesson.experiment or self.experiments is None or self.experiments.is_running():
            return
        self._experiment_paused = False
        self._runs_in_experiment = 0
        self.experiments.start(lesson.experiment, self.experiment_scale)
        self.experiment_progress.setValue(0)
        self.experiment_progress.setFormat(tr("starting…"))
        self._set_experiment_buttons()

    def _toggle_experiment_pause(self) -> None:
        if self.experiments is None:
            return
        if self._experiment_paused:
            self.experiments.resume()
        else:
            self.experiments.pause()
        self._experiment_paused = not self._experiment_paused
        self._set_experiment_buttons()

    @Slot()
    def _set_experiment_buttons(self) -> None:
        service = self.experiments
        running = service is not None and service.is_running()
        lesson = self.current()
        mine = running and lesson is not None and service.name == lesson.experiment
        self.run_experiment.setEnabled(service is not None and not running)
        self.run_experiment.setToolTip(tr("Another lesson's experiment is running") if running and not mine else
                                       tr("Train this lesson's models in the background (a few minutes), then draw "
                                          "the result beside what the literature reports"))  # fmt: skip
        self.pause_experiment.setEnabled(mine)
        self.pause_experiment.setText(tr("Resume") if self._experiment_paused and running else tr("Pause"))
        self.stop_experiment.setEnabled(mine)
        if not running:
            self._experiment_paused = False

    @Slot(object)
    def _on_experiment_progress(self, event) -> None:
        from models.experiments import Measuring, RunEvent
        from models.training import Phase, Step

        if isinstance(event, RunEvent):
            self._runs_in_experiment = event.count
            parts = event.count + 1  # each run, then the measurement
            where = tr("run {index} of {count}: {label}").format(index=event.index + 1, count=event.count,
                                                                 label=tr(event.label))  # fmt: skip
            if isinstance(event.event, Step):
                step = event.event
                self.experiment_progress.setValue(int(1000 * (event.index + step.progress) / parts))
                self.experiment_progress.setFormat(tr("{where} · step {step} · loss {loss:.2f}").format(
                    where=where, step=step.step, loss=step.loss))  # fmt: skip
            elif isinstance(event.event, Phase):
                self.experiment_progress.setValue(int(1000 * event.index / parts))
                self.experiment_progress.setFormat(tr("{where} · preparing").format(where=where))
        elif isinstance(event, Measuring):
            parts = self._runs_in_experiment + 1
            self.experiment_progress.setValue(int(1000 * (self._runs_in_experiment + event.fraction) / parts))
            self.experiment_progress.setFormat(tr("measuring: {what}").format(what=tr(event.message)))

    @Slot(object)
    def _on_experiment_finished(self, event) -> None:
        if event.result is None:
            self.experiment_progress.setFormat(tr("stopped: nothing was measured"))
        else:
            self.experiment_progress.setValue(1000)
            minutes, seconds = divmod(int(event.seconds), 60)
            self._finished_text[event.name] = tr("done in {minutes}:{seconds:02d}").format(minutes=minutes,
                                                                                         seconds=seconds)  # fmt: skip
            self.experiment_progress.setFormat(self._finished_text[event.name])
        self._set_experiment_buttons()
        if event.result is not None:  # drawn if its lesson is shown; the bar says the shown lesson's state
            self._show_experiment(self.current())
        self.experiment_finished.emit(event.name)

    @Slot(object)
    def _on_experiment_failed(self, event) -> None:
        self.experiment_progress.setFormat(tr("failed"))
        self.experiment_text.setHtml(tr("<p style='color:#b00020'>The experiment stopped: {message}</p>")
                                     .format(message=html.escape(event.message)))  # fmt: skip
        self._set_experiment_buttons()


def _clear(layout) -> None:
    """Empty `layout`: its widgets are hidden at once (deleted later, when Qt is done with them)."""
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().hide()
            item.widget().deleteLater()
        elif item.layout() is not None:
            _clear(item.layout())
            item.layout().deleteLater()
