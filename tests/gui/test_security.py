"""Locking, the clipboard and what the app leaves on disk."""

from __future__ import annotations

import contextlib
import tempfile
import time
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from evidence_app.gui import security
from evidence_app.gui.main_window import MainWindow
from evidence_app.gui.settings import AppSettings
from tests.gui.test_workspace import import_and_wait, received_files
from tests.ingest import camera_files


def test_lock_now_forgets_everything_decrypted(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    import_and_wait(qtbot, opened, received_files(tmp_path / "in", 2))
    model = opened.evidence.model
    qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=10_000)
    opened.evidence.table.selectRow(0)
    qtbot.waitUntil(lambda: opened.evidence.detail.item is not None, timeout=10_000)
    opened.evidence.detail.copy_hash.click()

    opened.lock_action.trigger()
    assert opened.is_locked
    assert opened.pages.currentWidget() is opened.lock_screen
    assert model.rowCount() == 0 and model._thumbnails == {}
    assert opened.evidence.detail.item is None and opened.evidence.detail.sha256.text() == ""
    assert QGuiApplication.clipboard().text() == ""
    assert not opened.import_action.isEnabled()
    assert "locked" in opened.lock_screen.message.text()


def test_the_vault_locks_itself_when_nobody_uses_the_app(qtbot: QtBot, opened: MainWindow) -> None:
    assert opened.idle.active
    opened.idle.set_interval_ms(300)
    opened.idle.start()
    qtbot.waitUntil(lambda: opened.is_locked, timeout=5_000)
    assert opened.pages.currentWidget() is opened.lock_screen


def test_activity_postpones_the_auto_lock(qtbot: QtBot, opened: MainWindow) -> None:
    opened.idle.set_interval_ms(600)
    opened.idle.start()
    for _ in range(4):
        qtbot.wait(250)
        qtbot.keyClick(opened.search, "a")
    assert not opened.is_locked


def test_copied_text_leaves_the_clipboard_after_a_while(qtbot: QtBot, opened: MainWindow) -> None:
    security.copy_for_a_while("0" * 64, seconds=1)
    assert QGuiApplication.clipboard().text() == "0" * 64
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "", timeout=3_000)
    security.copy_for_a_while("kept", seconds=1)
    QGuiApplication.clipboard().setText("something the person copied since")
    qtbot.wait(1_300)
    assert QGuiApplication.clipboard().text() == "something the person copied since"


def test_settings_hold_no_secret_and_no_content(
    qtbot: QtBot, opened: MainWindow, settings: AppSettings, tmp_path: Path
) -> None:
    dialog = opened.open_settings()
    dialog.autolock.setValue(5)
    dialog.accept()
    settings.sync()
    stored = (tmp_path / "settings.ini").read_text(encoding="utf-8")
    keys = {line.split("=")[0] for line in stored.splitlines() if "=" in line}
    # Besides four preferences and the folders of recent vaults, only the window's shape:
    # geometry, splitters, column widths.
    layout = {
        "window",
        "splitter\\workspace",
        "splitter\\evidence",
        "splitter\\item",
        "header\\evidence",
    }
    preferences = {"language", "autolock_minutes", "vault_folder", "remember_recent_vaults"}
    assert keys == preferences | {"recent_vaults"} | layout
    assert settings.recent_vaults == [opened.vault.path]  # type: ignore[union-attr]
    assert "Test Keeper" not in stored  # the vault's own name, which the title bar shows
    assert settings.autolock_minutes == 5


def test_nothing_decrypted_is_written_outside_the_vault(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    """Browse a photo and its thumbnail, then look for its bytes anywhere writable."""
    canary = "КАНАРЕЙКА-canary-7f3a".encode()
    photo = tmp_path / "in" / "canary.jpg"
    photo.parent.mkdir()
    photo.write_bytes(camera_files.jpeg(exif=None) + canary)
    started = time.time()
    import_and_wait(qtbot, opened, [photo])
    photo.unlink()
    qtbot.waitUntil(lambda: opened.evidence.model.rowCount() == 1, timeout=10_000)
    opened.evidence.table.selectRow(0)
    qtbot.waitUntil(lambda: opened.evidence.detail.item is not None, timeout=10_000)
    qtbot.wait(300)
    roots = [Path(tempfile.gettempdir()), Path.home() / ".cache", Path.home() / ".config"]
    written = [
        path
        for root in roots
        if root.exists()
        for path in root.rglob("*")
        if path.is_file() and path.stat().st_mtime >= started - 1
    ]
    assert written, "the scan should at least see the vault's own files"
    for path in written:
        with contextlib.suppress(OSError):
            assert canary not in path.read_bytes(), path
