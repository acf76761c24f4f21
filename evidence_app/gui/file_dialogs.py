"""File choosers that leave no trace of where evidence lives.

Qt's own file dialog remembers the folders it visited in its settings file, and the
desktop's native dialogs add to the desktop's "recent files": both would tell whoever opens
the laptop which folders hold testimonies. The app uses Qt's dialog (never the desktop's)
and erases its history as soon as it closes.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

_OPTIONS = QFileDialog.Option.DontUseNativeDialog


def forget_history() -> None:
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    settings.remove("FileDialog")
    settings.sync()


def choose_folder(parent: QWidget, title: str, start: str = "") -> str:
    try:
        return QFileDialog.getExistingDirectory(
            parent, title, start, QFileDialog.Option.ShowDirsOnly | _OPTIONS
        )
    finally:
        forget_history()


def choose_files(parent: QWidget, title: str) -> list[str]:
    try:
        files, _ = QFileDialog.getOpenFileNames(parent, title, "", "", "", _OPTIONS)
        return list(files)
    finally:
        forget_history()


def choose_file(parent: QWidget, title: str) -> str:
    try:
        chosen, _ = QFileDialog.getOpenFileName(parent, title, "", "", "", _OPTIONS)
        return str(chosen)
    finally:
        forget_history()


def choose_new_file(parent: QWidget, title: str, file_filter: str = "") -> str:
    try:
        chosen, _ = QFileDialog.getSaveFileName(parent, title, "", file_filter, "", _OPTIONS)
        return str(chosen)
    finally:
        forget_history()
