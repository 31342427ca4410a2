"""Exports of the views painted by Qt: the picture as PNG (twice the screen's pixels) or vector
SVG, and their numbers as CSV, each through a save dialog."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from app import file_dialogs
from app.i18n import tr

IMAGE_FILTER = "PNG (*.png);;SVG (*.svg)"


def save_widget_image(widget: QWidget, path: str, scale: float = 2.0) -> None:
    """The widget as it is painted: SVG keeps text and lines as vectors."""
    size = widget.size()
    if path.lower().endswith(".svg"):
        generator = QSvgGenerator()
        generator.setFileName(path)
        generator.setSize(size)
        generator.setViewBox(QRect(0, 0, size.width(), size.height()))
        painter = QPainter(generator)
        widget.render(painter, QPoint(0, 0))
        painter.end()
        return
    image = QImage(QSize(round(size.width() * scale), round(size.height() * scale)), QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.scale(scale, scale)
    widget.render(painter, QPoint(0, 0))
    painter.end()
    if not image.save(path):
        raise OSError(tr("could not write {path}").format(path=path))


def write_csv(path: str, header: Sequence[str], rows: Iterable[Sequence]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def export_image(parent: QWidget, widget: QWidget, title: str, file_name: str) -> str:
    """Ask where, then save `widget`'s picture; the path chosen, or "" when cancelled."""
    path = file_dialogs.save_file(parent, "export", title, file_name, IMAGE_FILTER)
    if path:
        save_widget_image(widget, path)
    return path


def export_csv(parent: QWidget, title: str, file_name: str, header: Sequence[str], rows: Iterable[Sequence]) -> str:
    path = file_dialogs.save_file(parent, "export", title, file_name, "CSV (*.csv)")
    if path:
        write_csv(path, header, rows)
    return path


def button_row(leading: QWidget | None, *buttons: tuple[str, str, Callable[[], object]]) -> QHBoxLayout:
    """A line under a view: `leading` (a status line) stretched, then (text, tooltip, action) buttons."""
    row = QHBoxLayout()
    if leading is not None:
        row.addWidget(leading, 1)
    else:
        row.addStretch(1)
    for text, tip, action in buttons:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(action)
        row.addWidget(button)
    return row
