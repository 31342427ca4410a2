"""Every piece of interface text a window shows: labels, buttons, tooltips, menus, tabs, headers,
placeholders, titles. Used to check that a language leaves no string untranslated.

Widgets that show the user's content (sentences, translations, pieces, run and model names)
carry the `content` property and are left out; so is the text typed into line edits.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from matplotlib.figure import Figure
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QProgressBar,
    QTableWidget,
    QTabWidget,
    QWidget,
)  # fmt: skip

CONTENT = "content"  # a dynamic property: this widget's text is the user's content, not interface text
CONTENT_SPAN = "<span class='content'>{}</span>"  # the same inside rich text


@dataclass(frozen=True)
class Shown:
    where: str  # the widget's class and object name, and which of its texts
    text: str


def mark_content(widget: QWidget) -> QWidget:
    widget.setProperty(CONTENT, True)
    return widget


def _is_content(widget: QWidget) -> bool:
    while widget is not None:
        if widget.property(CONTENT):
            return True
        widget = widget.parentWidget()
    return False


def _menu_texts(menu: QMenu, where: str) -> list[Shown]:
    shown = [Shown(where, menu.title())]
    for action in menu.actions():
        if action.menu() is not None:
            shown += _menu_texts(action.menu(), where + " > " + action.menu().title())
        elif not action.isSeparator():
            shown += [Shown(where, action.text()), Shown(where + " (tip)", action.toolTip())]
    return shown


def interface_texts(window: QWidget) -> list[Shown]:
    """The interface text of `window` and all its widgets, shown or in tabs not yet opened."""
    shown = [Shown("window title", window.windowTitle())]
    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            if action.menu() is not None:
                shown += _menu_texts(action.menu(), "menu")
    for widget in [window, *window.findChildren(QWidget)]:
        if _is_content(widget) or isinstance(widget, QMenu):
            continue
        where = f"{type(widget).__name__} {widget.objectName()}".strip()
        shown.append(Shown(where + " tooltip", widget.toolTip()))
        if isinstance(widget, QLabel):
            shown.append(Shown(where, widget.text()))
        elif isinstance(widget, QAbstractButton):
            shown.append(Shown(where, widget.text()))
        elif isinstance(widget, QGroupBox):
            shown.append(Shown(where, widget.title()))
        elif isinstance(widget, QLineEdit):
            shown.append(Shown(where + " placeholder", widget.placeholderText()))
        elif isinstance(widget, QComboBox):
            shown += [Shown(where + " item", widget.itemText(i)) for i in range(widget.count())]
        elif isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                shown += [Shown(where + " tab", widget.tabText(i)), Shown(where + " tab tip", widget.tabToolTip(i))]
        elif isinstance(widget, QTableWidget):
            for i in range(widget.columnCount()):
                item = widget.horizontalHeaderItem(i)
                if item is not None:
                    shown.append(Shown(where + " header", item.text()))
        elif isinstance(widget, QProgressBar):
            shown.append(Shown(where + " format", widget.format()))
    return [s for s in shown if s.text and s.text.strip()]


def content(text: str) -> str:
    """`text`, escaped for rich text and marked as the user's content inside a rich-text label."""
    return CONTENT_SPAN.format(html.escape(text, quote=False))


def figure_texts(window: QWidget) -> list[Shown]:
    """Titles, axis labels and legend entries of the matplotlib figures in `window` (embedded
    canvases, and the scenes the render thread draws)."""
    shown = []
    for widget in window.findChildren(QWidget):
        figure = getattr(getattr(widget, "scene", None), "figure", None) or getattr(widget, "figure", None)
        if not isinstance(figure, Figure) or _is_content(widget):
            continue
        where = type(widget).__name__ + " figure"
        for axes in figure.axes:
            texts = [axes.get_xlabel(), axes.get_ylabel()] + [
                axes.get_title(loc) for loc in ("left", "center", "right")
            ]
            legend = axes.get_legend()
            if legend is not None:
                texts += [text.get_text() for text in legend.get_texts()]
            shown += [Shown(where, text) for text in texts if text.strip()]
    return shown


def plain(text: str) -> str:
    """Interface text without content spans, markup, entities, mnemonics or file-dialog patterns."""
    text = re.sub(r"<span class='content'>.*?</span>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"&[a-z]+;|&(?=\w)", " ", text)
    return re.sub(r"\(\*[^)]*\)", " ", text)
