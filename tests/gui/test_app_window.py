"""The desktop app starts a real window and closes cleanly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from evidence_app.gui.main_window import MainWindow
from evidence_app.gui.settings import AppSettings


def test_the_main_window_shows_the_app_name(qtbot: QtBot, settings: AppSettings) -> None:
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.windowTitle() == "Evidence App"
    assert window.isVisible()
    window.close()
    assert not window.isVisible()


def test_main_py_starts_the_app_and_quits_cleanly(tmp_path: Path) -> None:
    """What `make run` does, with a home of its own so no real settings are touched."""
    env = {
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "PATH": "/usr/bin:/bin",
    }
    main = Path(__file__).parents[2] / "main.py"
    result = subprocess.run(
        [sys.executable, str(main), "--quit-after-start"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_the_window_keeps_its_shape_between_runs(
    qtbot: QtBot, settings: AppSettings, tmp_path: Path
) -> None:
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.show()
    first.resize(763, 507)  # within the offscreen screen, above the window's least width
    first.evidence.splitter.setSizes([150, 450])
    first.evidence.table.setColumnWidth(1, 333)
    saved_split = first.evidence.splitter.saveState()
    first.close()

    second = MainWindow(settings)
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (763, 507)
    assert second.evidence.table.columnWidth(1) == 333
    assert second.evidence.splitter.saveState() == saved_split
    second.close()
    fresh = MainWindow(
        AppSettings(QSettings(str(tmp_path / "new.ini"), QSettings.Format.IniFormat))
    )
    qtbot.addWidget(fresh)
    assert fresh.evidence.splitter.saveState() != saved_split
    fresh.close()


def test_help_names_the_version_the_licence_and_where_the_vault_is(
    qtbot: QtBot, settings: AppSettings, tmp_path: Path
) -> None:
    settings.vault_folder = tmp_path / "my vault"
    window = MainWindow(settings)
    qtbot.addWidget(window)
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus[-1] == "&Help"
    about = window.open_about()
    text = about.text.text()
    assert "GPL-3.0-or-later" in text and str(tmp_path / "my vault") in text
    assert window.guide_action.isEnabled()  # the README of this copy is there to open
    window.close()


def test_python_collects_cycles_on_the_gui_thread_only(qtbot: QtBot, window: MainWindow) -> None:
    import gc
    import threading

    assert not gc.isenabled()  # never in a worker thread, where Qt objects must not die
    collected_on: list[str] = []
    gc.callbacks.append(lambda phase, _info: collected_on.append(threading.current_thread().name))
    try:
        window.garbage.collect()
    finally:
        gc.callbacks.pop()
    assert set(collected_on) == {threading.main_thread().name}
