"""The desktop app under test: a real window (offscreen), real vaults, settings in a file."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from evidence_app.gui.i18n import set_language
from evidence_app.gui.main_window import MainWindow
from evidence_app.gui.settings import AppSettings
from tests.conftest import VaultCopy


@pytest.fixture(autouse=True)
def collect_on_this_thread() -> Iterator[None]:
    """The window switches automatic collection off (gui.garbage): collect between tests on
    the test's own thread, the GUI thread."""
    yield
    gc.collect()


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    return AppSettings(store)


@pytest.fixture
def window(qtbot: QtBot, settings: AppSettings, vault_copy: VaultCopy) -> Iterator[MainWindow]:
    settings.vault_folder = vault_copy.path
    main = MainWindow(settings, kdf_seconds=0)
    # What a test left typed is dropped, as a lock drops it, rather than asked about.
    qtbot.addWidget(main, before_close_func=lambda window: window.lock())
    main.show()
    yield main
    main.close()
    set_language("en")


def unlock_with_recovery(qtbot: QtBot, window: MainWindow, vault_copy: VaultCopy) -> None:
    if window.pages.currentWidget() is window.lock_screen:  # the recovery code is one step on
        window.lock_screen.other_link.click()
    page = window.unlock_page
    page.kind.setCurrentIndex(page.kind.findData("recovery"))
    page.secret.setText(vault_copy.recovery_code)
    page.unlock_button.click()
    qtbot.waitUntil(lambda: window.vault is not None, timeout=20_000)


@pytest.fixture
def opened(qtbot: QtBot, window: MainWindow, vault_copy: VaultCopy) -> MainWindow:
    unlock_with_recovery(qtbot, window, vault_copy)
    return window
