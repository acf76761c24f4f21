"""The desktop application's entry point."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from evidence_app import __version__
from evidence_app.gui.main_window import MainWindow

__all__ = ["MainWindow", "run"]


def run(argv: Sequence[str]) -> int:
    app = QApplication.instance() or QApplication([sys.argv[0], *argv[1:]])
    app.setApplicationName("Evidence App")
    app.setApplicationVersion(__version__)
    window = MainWindow()
    window.show()
    if "--quit-after-start" in argv:
        QTimer.singleShot(500, window.close)
    return int(app.exec())
