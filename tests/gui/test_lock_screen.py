"""The lock screen: after locking, the person meets their own vault again, and only it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from evidence_app.core import vault_service
from evidence_app.gui.i18n import set_language
from evidence_app.gui.main_window import MainWindow
from evidence_app.gui.settings import AppSettings
from tests.conftest import PASSPHRASE, VaultCopy
from tests.gui.conftest import unlock_with_recovery


def visible_texts(widget: QWidget) -> list[str]:
    texts = []
    for child in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton):
        if child.isVisible():
            texts.append(child.text())
    return texts


def start(qtbot: QtBot, settings: AppSettings) -> MainWindow:
    window = MainWindow(settings, kdf_seconds=0)
    qtbot.addWidget(window)
    window.show()
    return window


def test_locking_shows_the_vault_and_its_folder_and_no_offer_to_create_one(
    qtbot: QtBot, opened: MainWindow, vault_copy: VaultCopy
) -> None:
    opened.lock_action.trigger()
    lock = opened.lock_screen
    assert opened.pages.currentWidget() is lock
    assert lock.folder.text() == str(vault_copy.path)
    assert lock.name.text() == vault_copy.path.name  # vault.json names no one
    texts = visible_texts(lock)
    assert not any("Create" in text or "create" in text for text in texts), texts
    # One field, its show toggle, Unlock and the small link: nothing else to press.
    fields = [field for field in lock.findChildren(QLineEdit) if field.isVisible()]
    assert fields == [lock.secret]
    buttons = {b.text() for b in lock.findChildren(QAbstractButton) if b.isVisible()}
    assert buttons == {"Show passphrase", "Unlock", "Open another vault…"}
    assert "Test Keeper" not in " ".join(texts)  # what was decrypted is forgotten


def test_a_wrong_passphrase_then_the_right_one_opens_the_same_vault(
    qtbot: QtBot, settings: AppSettings, vault_copy: VaultCopy, tmp_path: Path
) -> None:
    settings.language = "ru"
    settings.vault_folder = tmp_path / "elsewhere"  # the default folder holds nothing
    settings.remember_vault(vault_copy.path)
    window = start(qtbot, settings)
    lock = window.lock_screen
    assert window.pages.currentWidget() is lock  # straight on the last vault, no question
    assert lock.folder.text() == str(vault_copy.path)
    window.activateWindow()
    lock.secret.setText("not the passphrase at all")
    lock.show_secret.setChecked(True)
    assert lock.secret.echoMode() == QLineEdit.EchoMode.Normal
    lock.show_secret.setChecked(False)
    assert lock.secret.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClick(lock.secret, "\r")
    qtbot.waitUntil(lambda: lock.unlock_button.isEnabled(), timeout=30_000)
    assert lock.message.text() == "Неверная парольная фраза."
    assert window.vault is None
    assert window.pages.currentWidget() is lock and lock.folder.text() == str(vault_copy.path)
    assert lock.secret.isEnabled() and lock.secret.hasFocus()

    lock.secret.setText(PASSPHRASE)
    lock.unlock_button.click()
    qtbot.waitUntil(lambda: window.vault is not None, timeout=30_000)
    assert window.vault is not None and window.vault.path == vault_copy.path
    assert window.pages.currentWidget() is window.workspace
    window.close()
    set_language("en")


def test_opened_vaults_are_remembered_and_offered_on_the_start_screen(
    qtbot: QtBot, opened: MainWindow, settings: AppSettings, vault_copy: VaultCopy
) -> None:
    assert settings.recent_vaults == [vault_copy.path]
    opened.lock()
    opened.lock_screen.other_link.click()
    page = opened.unlock_page
    assert opened.pages.currentWidget() is page
    assert page.folder.text() == str(vault_copy.path)
    assert page.recent.isVisible() and page.recent.count() == 1
    assert str(vault_copy.path) in page.recent.item(0).text()


def test_a_new_window_opens_on_the_last_vault_even_away_from_the_default_folder(
    qtbot: QtBot, opened: MainWindow, settings: AppSettings, tmp_path: Path
) -> None:
    opened.close()
    settings.vault_folder = tmp_path / "no-vault-here"
    window = start(qtbot, settings)
    assert window.pages.currentWidget() is window.lock_screen
    window.close()


def test_nothing_is_remembered_once_switched_off(
    qtbot: QtBot, window: MainWindow, settings: AppSettings, vault_copy: VaultCopy, tmp_path: Path
) -> None:
    settings.remember_vault(tmp_path / "an-older-vault")
    dialog = window.open_settings()
    assert dialog.remember_recent.isChecked()  # on unless the person switches it off
    dialog.remember_recent.setChecked(False)
    dialog.accept()
    unlock_with_recovery(qtbot, window, vault_copy)
    window.close()
    stored = (tmp_path / "settings.ini").read_text(encoding="utf-8")
    assert "recent_vaults=" not in stored.replace("remember_recent_vaults=", "")
    assert "an-older-vault" not in stored  # switching off forgets the list already kept
    assert settings.recent_vaults == []


def test_a_vault_in_travel_mode_is_never_written_to_the_settings(
    qtbot: QtBot, settings: AppSettings, vault_copy: VaultCopy, tmp_path: Path
) -> None:
    vault = vault_copy.open()
    vault_service.travel_mode_on(vault)
    vault.close()
    settings.vault_folder = tmp_path / "elsewhere"
    settings.remember_vault(vault_copy.path)  # kept from before the journey
    window = start(qtbot, settings)
    lock = window.lock_screen
    # No passphrase opens it now: the one field asks for the recovery code instead.
    assert lock.secret_label.text() == "Recovery code"
    lock.secret.setText(vault_copy.recovery_code.lower())
    lock.unlock_button.click()
    qtbot.waitUntil(lambda: window.vault is not None, timeout=30_000)
    assert settings.recent_vaults == []
    window.lock()
    assert window.lock_screen.folder.text() == str(vault_copy.path)  # in memory only
    window.close()
    assert str(vault_copy.path) not in (tmp_path / "settings.ini").read_text(encoding="utf-8")
