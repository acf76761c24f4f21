"""The desktop application's entry point."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from evidence_app import __version__


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Evidence App")
        label = QLabel(
            "Evidence App\n\nThe vault is ready to use from the command line "
            "(evidence-app --help).\nThe desktop workspace follows."
        )
        label.setMargin(32)
        self.setCentralWidget(label)
        self.resize(640, 360)


def run(argv: Sequence[str]) -> int:
    app = QApplication.instance() or QApplication([sys.argv[0], *argv[1:]])
    app.setApplicationName("Evidence App")
    app.setApplicationVersion(__version__)
    window = MainWindow()
    window.show()
    if "--quit-after-start" in argv:
        QTimer.singleShot(500, window.close)
    return int(app.exec())
