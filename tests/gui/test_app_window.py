"""The desktop app starts a real window and closes cleanly."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from evidence_app.gui.app import MainWindow


def test_the_main_window_shows_the_app_name(qtbot: QtBot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.windowTitle() == "Evidence App"
    assert window.isVisible()
    window.close()
    assert not window.isVisible()
