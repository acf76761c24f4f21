"""Vault → Vault settings…: passphrase, travel mode, key slots and fingerprints, driven
through the dialog's own widgets on a real vault, and checked from outside the window."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from evidence_app.core import vault_service
from evidence_app.core.errors import NoWayToUnlock
from evidence_app.core.unlocking import Passphrase
from evidence_app.gui.i18n import set_language
from evidence_app.gui.main_window import MainWindow
from evidence_app.gui.vault_changes import ORG_KEY, RECOVERY
from evidence_app.gui.vault_settings import VaultSettingsDialog
from evidence_app.storage.secrets import OrgPrivateKey
from tests.cli.cli_runner import evidence_app
from tests.conftest import PASSPHRASE, VaultCopy
from tests.gui.conftest import unlock_with_recovery

NEW_PASSPHRASE = "lantern orchard seventeen ferry"
SLOW = 60_000  # Argon2id at its floor, on a shared machine


def settings_dialog(qtbot: QtBot, window: MainWindow) -> VaultSettingsDialog:
    assert window.vault_settings_action.isEnabled()
    window.vault_settings_action.trigger()
    dialog = window.dialog
    assert isinstance(dialog, VaultSettingsDialog)
    qtbot.waitUntil(lambda: dialog.info is not None, timeout=SLOW)
    return dialog


def vault_json(vault_copy: VaultCopy) -> bytes:
    return (vault_copy.path / "vault.json").read_bytes()


def test_a_passphrase_changed_in_the_dialog_opens_the_vault_and_the_old_one_does_not(
    qtbot: QtBot, opened: MainWindow, vault_copy: VaultCopy, tmp_path: Path
) -> None:
    tab = settings_dialog(qtbot, opened).passphrase
    tab.proof.field.setText(PASSPHRASE)
    tab.new.setText(NEW_PASSPHRASE)
    tab.repeat.setText(NEW_PASSPHRASE)
    tab.change_button.click()
    assert tab.busy.isVisible() and not tab.change_button.isEnabled()
    qtbot.waitUntil(lambda: tab.job is None, timeout=SLOW)
    assert tab.message.text().startswith("The passphrase was changed")
    assert "vault rekey" in tab.message.text()  # the CLI's warning about old copies
    assert (tab.proof.field.text(), tab.new.text(), tab.repeat.text()) == ("", "", "")

    opened.lock()
    lock = opened.lock_screen
    lock.secret.setText(PASSPHRASE)
    lock.unlock_button.click()
    qtbot.waitUntil(lambda: lock.unlock_button.isEnabled(), timeout=SLOW)
    assert lock.message.text() == "Wrong passphrase." and opened.vault is None
    lock.secret.setText(NEW_PASSPHRASE)
    lock.unlock_button.click()
    qtbot.waitUntil(lambda: opened.vault is not None, timeout=SLOW)
    opened.close()
    for written in tmp_path.rglob("*"):  # the passphrases never reach a file of their own
        if written.is_file() and "vault" not in written.parts:
            assert NEW_PASSPHRASE.encode() not in written.read_bytes(), written


def test_a_wrong_current_passphrase_or_a_weak_new_one_changes_nothing_and_says_why(
    qtbot: QtBot, opened: MainWindow, vault_copy: VaultCopy
) -> None:
    set_language("ru")
    before = vault_json(vault_copy)
    tab = settings_dialog(qtbot, opened).passphrase
    tab.proof.field.setText(PASSPHRASE)
    tab.new.setText("short")
    tab.repeat.setText("short")
    tab.change_button.click()
    assert tab.message.text() == "Слишком коротко: нужно не меньше 10 символов."
    tab.new.setText(NEW_PASSPHRASE)
    tab.repeat.setText(NEW_PASSPHRASE + "!")
    tab.change_button.click()
    assert tab.message.text() == "Парольные фразы не совпадают."
    assert tab.job is None  # refused before any work

    tab.proof.field.setText("not the passphrase at all")
    tab.repeat.setText(NEW_PASSPHRASE)
    tab.change_button.click()
    qtbot.waitUntil(lambda: tab.job is None, timeout=SLOW)
    assert tab.message.text() == "Неверная парольная фраза."
    assert vault_json(vault_copy) == before
    # What was typed stays, so only the wrong field needs typing again.
    assert (tab.new.text(), tab.repeat.text()) == (NEW_PASSPHRASE, NEW_PASSPHRASE)
    assert tab.change_button.isEnabled() and opened.vault is not None
    opened.close()
    with vault_service.unlock_vault(vault_copy.path, Passphrase(PASSPHRASE)):
        pass


def test_travel_mode_from_the_dialog_closes_the_vault_and_no_passphrase_opens_it(
    qtbot: QtBot, opened: MainWindow, vault_copy: VaultCopy
) -> None:
    opened.settings.remember_vault(vault_copy.path)
    tab = settings_dialog(qtbot, opened).travel
    assert "only the recovery code or the organisation key" in tab.explained.text()
    assert not tab.toggle_button.isEnabled()  # not before the person says they have it
    tab.understood.setChecked(True)
    tab.proof.field.setText(PASSPHRASE)
    tab.toggle_button.click()
    qtbot.waitUntil(lambda: opened.vault is None, timeout=SLOW)

    notice = opened.dialog
    assert isinstance(notice, QMessageBox) and notice.isVisible()
    assert "1 passphrase slot(s) removed" in notice.text() and "vault rekey" in notice.text()
    assert vault_copy.path not in opened.settings.recent_vaults
    assert not opened.vault_settings_action.isEnabled()
    assert opened.lock_screen.secret_label.text() == "Recovery code"
    opened.close()  # waits for the vault to close on the worker
    with pytest.raises(NoWayToUnlock, match="travel mode is on"):
        vault_service.unlock_vault(vault_copy.path, Passphrase(PASSPHRASE))
    with vault_service.unlock_vault(vault_copy.path, vault_copy.recovery) as vault:
        assert vault_service.in_travel_mode(vault.slots)


def test_in_travel_mode_setting_a_passphrase_with_the_recovery_code_turns_it_off(
    qtbot: QtBot, window: MainWindow, vault_copy: VaultCopy
) -> None:
    with vault_copy.open() as vault:
        vault_service.travel_mode_on(vault)
    unlock_with_recovery(qtbot, window, vault_copy)
    dialog = settings_dialog(qtbot, window)
    assert dialog.travel.state.text() == "Travel mode is on."
    dialog.travel.toggle_button.click()
    assert dialog.tabs.currentWidget() is dialog.passphrase
    tab = dialog.passphrase
    assert tab.proof.kind.currentData() == RECOVERY
    tab.proof.field.setText(vault_copy.recovery_code)
    tab.new.setText(NEW_PASSPHRASE)
    tab.repeat.setText(NEW_PASSPHRASE)
    tab.change_button.click()
    qtbot.waitUntil(lambda: tab.job is None, timeout=SLOW)
    assert tab.message.text() == "Travel mode is off; the vault opens with the new passphrase."
    qtbot.waitUntil(lambda: dialog.travel.state.text() == "Travel mode is off.", timeout=SLOW)
    assert vault_copy.path in window.settings.recent_vaults  # remembered again
    window.close()
    with vault_service.unlock_vault(vault_copy.path, Passphrase(NEW_PASSPHRASE)):
        pass


def test_an_organisation_key_added_in_the_dialog_opens_the_vault_until_its_slot_goes(
    qtbot: QtBot, opened: MainWindow, vault_copy: VaultCopy, tmp_path: Path
) -> None:
    pair = vault_service.generate_org_keypair()
    key_file = tmp_path / "org.key"
    key_file.write_text(
        "# Evidence App organisation private key\n"
        + base64.b64encode(pair.private_key).decode()
        + "\n"
    )
    tab = settings_dialog(qtbot, opened).key_slots
    tab.public_key.setText(base64.b64encode(pair.public_key).decode())
    tab.label.setText("Legal team")
    tab.proof.kind.setCurrentIndex(tab.proof.kind.findData(RECOVERY))
    tab.proof.field.setText(vault_copy.recovery_code)
    tab.add_button.click()
    qtbot.waitUntil(lambda: tab.slots.topLevelItemCount() == 3, timeout=SLOW)
    sealed = tab.slots.topLevelItem(2)
    assert (sealed.text(0), sealed.text(1)) == ("Organisation key", "Legal team")
    assert "private key now opens" in tab.message.text()

    # The organisation's key opens the vault from the start screen.
    opened.lock()
    opened.lock_screen.other_link.click()
    page = opened.unlock_page
    page.kind.setCurrentIndex(page.kind.findData(ORG_KEY))
    page.secret.setText(str(key_file))
    page.unlock_button.click()
    qtbot.waitUntil(lambda: opened.vault is not None, timeout=SLOW)

    tab = settings_dialog(qtbot, opened).key_slots
    before = vault_json(vault_copy)
    tab.slots.setCurrentItem(tab.slots.topLevelItem(0))
    assert not tab.remove_button.isEnabled()  # the passphrase goes by travel mode only
    tab.slots.setCurrentItem(tab.slots.topLevelItem(2))
    tab.remove_button.click()
    assert tab.question is not None and "Legal team" in tab.question.text()
    tab.question.button(QMessageBox.StandardButton.Cancel).click()
    assert vault_json(vault_copy) == before and tab.job is None
    tab.remove_button.click()
    tab.proof.kind.setCurrentIndex(tab.proof.kind.findData(ORG_KEY))
    tab.proof.field.setText(str(key_file))
    tab.question.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: tab.slots.topLevelItemCount() == 2, timeout=SLOW)
    assert "vault rekey" in tab.message.text()

    # The recovery code is now the last way in besides the passphrase: it stays.
    before = vault_json(vault_copy)
    tab.slots.setCurrentItem(tab.slots.topLevelItem(1))
    tab.remove_button.click()
    tab.proof.kind.setCurrentIndex(tab.proof.kind.findData(RECOVERY))
    tab.proof.field.setText(vault_copy.recovery_code)
    tab.question.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: tab.job is None, timeout=SLOW)
    assert "last way to open the vault" in tab.message.text()
    assert vault_json(vault_copy) == before
    opened.close()
    with pytest.raises(NoWayToUnlock):
        vault_service.unlock_vault(vault_copy.path, OrgPrivateKey(pair.private_key))


def test_the_fingerprints_shown_are_those_vault_info_reports_grouped_for_reading_aloud(
    qtbot: QtBot, opened: MainWindow, vault_copy: VaultCopy, secret_files: dict[str, Path]
) -> None:
    dialog = settings_dialog(qtbot, opened)
    shown = {"identity": dialog.keys.identity.text(), "transfer_key": dialog.keys.transfer.text()}
    assert dialog.location.folder.text() == str(vault_copy.path)
    opened.close()
    result = evidence_app(
        "vault",
        "info",
        "--vault",
        str(vault_copy.path),
        "--recovery-file",
        str(secret_files["recovery"]),
        "--json",
    )
    assert result.code == 0, result.err
    info = json.loads(result.out)
    for key, text in shown.items():
        lines = text.splitlines()
        assert len(lines) == 4 and all(len(line.split()) == 4 for line in lines)
        assert all(len(group) == 4 for line in lines for group in line.split())
        assert "".join(text.split()) == info[key]["fingerprint"]
