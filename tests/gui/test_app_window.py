"""The desktop app starts a real window and closes cleanly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
