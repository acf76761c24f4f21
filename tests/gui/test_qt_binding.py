"""The Qt binding keeps Python's books: PySide6 6.12.0 on Python 3.11 dropped a reference to
None on every Qt call that returns nothing, and a working day's worth of calls ended the
process with "deallocating None". pyproject.toml keeps that release out; this is the check."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel


def test_qt_calls_that_return_nothing_leave_none_counted(qapp: QApplication) -> None:
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
        qapp.processEvents()
    # Other threads may hold a few more or fewer references meanwhile; 4,000 calls losing
    # one each would not hide in that.
    assert sys.getrefcount(None) > before - 100
