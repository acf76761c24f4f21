"""First run and unlocking, as a person meets them."""

from __future__ import annotations

import re
from pathlib import Path

from pytestqt.qtbot import QtBot

from evidence_app.gui.main_window import MainWindow
from evidence_app.gui.settings import AppSettings
from tests.conftest import PASSPHRASE, VaultCopy
from tests.core.vault_copies import remove_sealed_state
from tests.gui.conftest import unlock_with_recovery


def test_with_no_vault_yet_the_app_offers_to_create_one(
    qtbot: QtBot, settings: AppSettings, tmp_path: Path
) -> None:
    settings.vault_folder = tmp_path / "new-vault"
    window = MainWindow(settings, kdf_seconds=0)
    qtbot.addWidget(window)
    window.show()
    assert window.pages.currentWidget() is window.create_page
    assert not window.lock_action.isEnabled()
    window.close()


def test_creating_a_vault_asks_for_the_passphrase_twice_and_a_check_of_the_code(
    qtbot: QtBot, settings: AppSettings, tmp_path: Path
) -> None:
    settings.vault_folder = tmp_path / "new-vault"
    window = MainWindow(settings, kdf_seconds=0)
    qtbot.addWidget(window)
    window.show()
    page = window.create_page
    page.name.setText("Olena K.")
    page.passphrase.setText("short")
    page.repeat.setText("short")
    page.create_button.click()
    assert "at least 10" in page.message.text()
    page.passphrase.setText("four unrelated words here")
    assert page.strength.text() != ""
    page.repeat.setText("four unrelated words HERE")
    page.create_button.click()
    assert "differ" in page.message.text()

    page.passphrase.setText("four unrelated words here")
    page.repeat.setText("four unrelated words here")
    page.create_button.click()
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 1, timeout=30_000)
    code = "-".join(page.code_label.text().split())  # groups apart, four to a line
    assert code.count("-") >= 10  # groups a person copies onto paper
    assert page.passphrase.text() == "" and page.repeat.text() == ""

    page.finish_button.click()
    assert "Write the code down first" in page.check_message.text()
    page.written.setChecked(True)
    page.check_field.setText("XXXXX")
    page.finish_button.click()
    assert "compare your copy" in page.check_message.text()
    assert window.vault is None

    group = int(re.search(r"\d+", page.check_label.text()).group())  # type: ignore[union-attr]
    page.check_field.setText(code.split("-")[group - 1].lower())
    page.finish_button.click()
    assert window.vault is not None
    assert window.pages.currentWidget() is window.workspace
    assert page.code_label.text() == ""  # the code is not kept on screen
    window.close()


def test_a_wrong_passphrase_is_a_calm_message_and_the_vault_stays_shut(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.lock_screen.other_link.click()
    page = window.unlock_page
    assert window.pages.currentWidget() is page
    page.secret.setText("not the passphrase at all")
    page.unlock_button.click()
    qtbot.waitUntil(lambda: page.unlock_button.isEnabled(), timeout=30_000)
    assert "wrong passphrase" in page.message.text().lower()
    assert window.vault is None
    assert page.secret.text() == ""


def test_the_passphrase_opens_the_workspace(qtbot: QtBot, window: MainWindow) -> None:
    window.lock_screen.other_link.click()
    window.unlock_page.secret.setText(PASSPHRASE)
    window.unlock_page.unlock_button.click()
    qtbot.waitUntil(lambda: window.vault is not None, timeout=30_000)
    assert window.pages.currentWidget() is window.workspace
    assert window.lock_action.isEnabled()


def test_a_mistyped_recovery_code_names_the_group_with_the_typo(
    qtbot: QtBot, window: MainWindow, vault_copy: VaultCopy
) -> None:
    window.lock_screen.other_link.click()
    page = window.unlock_page
    page.kind.setCurrentIndex(page.kind.findData("org_key"))
    assert not page.key_browse.isHidden()  # a key is a file to choose
    page.kind.setCurrentIndex(page.kind.findData("recovery"))
    assert page.key_browse.isHidden()
    groups = vault_copy.recovery_code.split("-")
    # A typo the check always catches (a reversed group slips past it one time in 32).
    groups[2] = groups[2][:4] + ("0" if groups[2][4] != "0" else "1")
    page.secret.setText("-".join(groups))
    page.unlock_button.click()
    assert "Group 3" in page.message.text()
    assert window.vault is None
    unlock_with_recovery(qtbot, window, vault_copy)
    assert window.vault is not None


def test_a_vault_that_opens_read_only_says_why_over_the_workspace(
    qtbot: QtBot, settings: AppSettings, vault_copy: VaultCopy
) -> None:
    remove_sealed_state(vault_copy.path)
    settings.vault_folder = vault_copy.path
    window = MainWindow(settings, kdf_seconds=0)
    qtbot.addWidget(window)
    window.show()
    unlock_with_recovery(qtbot, window, vault_copy)
    assert window.pages.currentWidget() is window.workspace
    assert window.vault is not None and window.vault.read_only_reason is not None
    notice = window.read_only_notice
    assert notice is not None and notice.isVisible()
    assert notice.text() == window.vault.read_only_reason
    assert "read-only" in window.windowTitle()
    notice.accept()
    window.close()
