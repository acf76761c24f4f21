"""The researcher declares, in the export dialog, that the exhibits are the files as received.

Their name is remembered for the next export until the vault locks, and never written to
the settings: a seized laptop must not name the researcher.
"""

from __future__ import annotations

import json
from pathlib import Path

from pytestqt.qtbot import QtBot

from evidence_app.gui import i18n
from evidence_app.gui.dialogs import ExportDialog
from evidence_app.gui.dossier_check import DossierCheckDialog
from evidence_app.gui.main_window import MainWindow
from evidence_app.gui.settings import AppSettings
from tests.conftest import VaultCopy
from tests.export.dossier_case import CASE, build_case
from tests.gui.conftest import unlock_with_recovery

TYPED = {"name": "Олена Коваль", "role": "field researcher", "organisation": "Watchers"}


def export_dialog(qtbot: QtBot, window: MainWindow, destination: Path) -> ExportDialog:
    dialog = window.open_export("accountability")
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.case.combo.findData(CASE) >= 0, timeout=10_000)
    dialog.case.combo.setCurrentIndex(dialog.case.combo.findData(CASE))
    dialog.destination.setText(str(destination))
    return dialog


def typed(dialog: ExportDialog) -> dict[str, str]:
    return {field: edit.text() for field, edit in dialog.declarant_fields.items()}


def test_the_declaration_is_signed_remembered_until_the_lock_and_never_stored(
    qtbot: QtBot,
    window: MainWindow,
    vault_copy: VaultCopy,
    settings: AppSettings,
    tmp_path: Path,
) -> None:
    with vault_copy.open() as vault:
        build_case(vault, tmp_path / "case")
    unlock_with_recovery(qtbot, window, vault_copy)

    dialog = export_dialog(qtbot, window, tmp_path / "declared")
    assert typed(dialog) == {"name": "", "role": "", "organisation": ""}
    for field, text in TYPED.items():
        dialog.declarant_fields[field].setText(text)
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.close_button.isVisible(), timeout=60_000)
    assert "Your declaration is signed into the dossier." in dialog.report.toPlainText()
    manifest = json.loads((tmp_path / "declared" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["declaration"]["declarant"] == TYPED

    # The legal team's check names the declarant and passes the declaration.
    check: DossierCheckDialog = window.open_dossier_check(tmp_path / "declared")
    qtbot.waitUntil(lambda: check.close_button.isVisible(), timeout=60_000)
    shown = {
        check.checks.topLevelItem(i).text(0): check.checks.topLevelItem(i).text(1)
        for i in range(check.checks.topLevelItemCount())
    }
    assert "Declared by Олена Коваль, field researcher, Watchers" in shown
    proves = "The exporter's declaration is signed by that key and names this dossier"
    assert shown[proves].startswith("✓")

    # The next export of the session starts from what was typed …
    again = export_dialog(qtbot, window, tmp_path / "again")
    assert typed(again) == TYPED
    again.reject()
    # … which the settings never hold.
    settings.sync()
    stored = (tmp_path / "settings.ini").read_bytes()
    assert stored  # the settings were written: the language, the vault folder
    for text in TYPED.values():  # role and organisation are ASCII: no escaping hides them
        assert text.encode() not in stored

    # Locking forgets it.
    window.lock()
    unlock_with_recovery(qtbot, window, vault_copy)
    after_lock = export_dialog(qtbot, window, tmp_path / "after")
    assert typed(after_lock) == {"name": "", "role": "", "organisation": ""}


def test_an_organisation_alone_is_refused_and_an_empty_form_exports_without_declaration(
    qtbot: QtBot, window: MainWindow, vault_copy: VaultCopy, tmp_path: Path
) -> None:
    with vault_copy.open() as vault:
        build_case(vault, tmp_path / "case")
    unlock_with_recovery(qtbot, window, vault_copy)
    dialog = export_dialog(qtbot, window, tmp_path / "internal")
    dialog.declarant_fields["organisation"].setText("Watchers")
    dialog.start_button.click()
    assert "Give your name and role" in dialog.status.text()
    assert dialog.job is None and not (tmp_path / "internal").exists()

    dialog.declarant_fields["organisation"].clear()
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.close_button.isVisible(), timeout=60_000)
    assert "No declaration was made; the dossier says so." in dialog.report.toPlainText()
    manifest = json.loads((tmp_path / "internal" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["declaration"] is None


def test_the_dossier_speaks_the_interface_language_unless_another_is_chosen(
    qtbot: QtBot, window: MainWindow, vault_copy: VaultCopy, tmp_path: Path
) -> None:
    with vault_copy.open() as vault:
        build_case(vault, tmp_path / "case")
    unlock_with_recovery(qtbot, window, vault_copy)
    i18n.set_language("uk")
    try:
        dialog = export_dialog(qtbot, window, tmp_path / "ru")
        assert dialog.language.currentData() == "uk"
        dialog.language.setCurrentIndex(dialog.language.findData("ru"))
        for field, text in TYPED.items():
            dialog.declarant_fields[field].setText(text)
        dialog.start_button.click()
        qtbot.waitUntil(lambda: dialog.close_button.isVisible(), timeout=60_000)
    finally:
        i18n.set_language("en")
    manifest = json.loads((tmp_path / "ru" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["language"] == "ru"
    assert manifest["declaration"]["statement"].startswith("Я, Олена Коваль")
