"""Python's cycle collector, run on the GUI thread only.

The collector runs on whichever thread happens to allocate when its threshold trips. When
that is a worker thread (a job decrypting or exporting) and the cycles hold Qt wrappers, Qt
objects are destroyed off their thread and the process can crash. Automatic collection is
switched off and a timer on the GUI thread collects instead, as Anki does.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

EVERY_MS = 5_000


class GarbageCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect)
        self._timer.start(EVERY_MS)

    @staticmethod
    def collect() -> None:
        gc.collect()
