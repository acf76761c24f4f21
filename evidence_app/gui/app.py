"""The desktop application's entry point."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from evidence_app import __version__
from evidence_app.gui.desktop_integration import APP_ID, application_icon, missing_display
from evidence_app.gui.main_window import MainWindow

__all__ = ["MainWindow", "run"]


def run(argv: Sequence[str]) -> int:
    problem = missing_display()
    if problem is not None and QApplication.instance() is None:
        print(problem, file=sys.stderr)
        return 2
    app = QApplication.instance() or QApplication([sys.argv[0], *argv[1:]])
    app.setApplicationName("Evidence App")
    app.setApplicationVersion(__version__)
    # Lets Wayland and X11 desktops match the window to the .desktop entry and its icon.
    QApplication.setDesktopFileName(APP_ID)
    QApplication.setWindowIcon(application_icon())
    window = MainWindow()
    window.show()
    if "--quit-after-start" in argv:
        QTimer.singleShot(500, window.close)
    return int(app.exec())
