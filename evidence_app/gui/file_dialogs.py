"""File choosers that leave no trace of where evidence lives.

Qt's own file dialog remembers the folders it visited in its settings file, and the
desktop's native dialogs add to the desktop's "recent files": both would tell whoever opens
the laptop which folders hold testimonies. The app uses Qt's dialog (never the desktop's)
and erases its history as soon as it closes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

_OPTIONS = QFileDialog.Option.DontUseNativeDialog


def forget_history() -> None:
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    settings.remove("FileDialog")
    settings.sync()


def documents_folder() -> str:
    """Where choosers start: the person's documents folder, else their home."""
    location = QStandardPaths.StandardLocation.DocumentsLocation
    folder = QStandardPaths.writableLocation(location)
    return folder if folder and Path(folder).is_dir() else str(Path.home())


def choose_folder(parent: QWidget, title: str, start: str = "") -> str:
    try:
        return QFileDialog.getExistingDirectory(
            parent, title, start or documents_folder(), QFileDialog.Option.ShowDirsOnly | _OPTIONS
        )
    finally:
        forget_history()


def choose_files(parent: QWidget, title: str) -> list[str]:
    try:
        files, _ = QFileDialog.getOpenFileNames(parent, title, documents_folder(), "", "", _OPTIONS)
        return list(files)
    finally:
        forget_history()


def choose_file(parent: QWidget, title: str) -> str:
    try:
        chosen, _ = QFileDialog.getOpenFileName(parent, title, documents_folder(), "", "", _OPTIONS)
        return str(chosen)
    finally:
        forget_history()


def choose_new_file(
    parent: QWidget, title: str, file_filter: str = "", name: str = "", suffix: str = ""
) -> str:
    """A path for a new file, starting in the documents folder with `name` suggested.

    `suffix` (".pdf") is added when the person typed a name without it, so that the file
    opens in their viewer.
    """
    start = str(Path(documents_folder()) / name) if name else documents_folder()
    try:
        chosen, _ = QFileDialog.getSaveFileName(parent, title, start, file_filter, "", _OPTIONS)
    finally:
        forget_history()
    return with_suffix(str(chosen), suffix)


def with_suffix(chosen: str, suffix: str) -> str:
    if chosen and suffix and not chosen.lower().endswith(suffix.lower()):
        return chosen + suffix
    return chosen
