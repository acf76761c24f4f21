"""A legal team verifies a dossier in the app: no vault, no passphrase, each check shown."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from evidence_app.core import export_service
from evidence_app.crypto.identity import fingerprint
from evidence_app.gui.dossier_check import DossierCheckDialog
from evidence_app.gui.main_window import MainWindow
from tests.conftest import VaultCopy
from tests.export.dossier_case import CASE, build_case


@pytest.fixture
def dossier(vault_copy: VaultCopy, tmp_path: Path) -> tuple[Path, str]:
    """An accountability dossier, and its signer's fingerprint as `vault info` shows it."""
    with vault_copy.open() as vault:
        build_case(vault, tmp_path / "case")
        export_service.export_accountability(vault, CASE, tmp_path / "dossier")
        return tmp_path / "dossier", fingerprint(vault.public_key)


def checks_shown(dialog: DossierCheckDialog) -> dict[str, str]:
    tree = dialog.checks
    return {
        tree.topLevelItem(i).text(0): tree.topLevelItem(i).text(1)
        for i in range(tree.topLevelItemCount())
    }


def run(qtbot: QtBot, dialog: DossierCheckDialog) -> dict[str, str]:
    qtbot.waitUntil(lambda: dialog.close_button.isVisible(), timeout=60_000)
    return checks_shown(dialog)


def test_a_dossier_verifies_check_by_check_with_no_vault_open(
    qtbot: QtBot, window: MainWindow, dossier: tuple[Path, str], tmp_path: Path
) -> None:
    folder, signer = dossier
    assert window.vault is None and window.verify_dossier_action.isEnabled()
    dialog = window.open_dossier_check()
    dialog.path.setText(str(folder))
    dialog.signer.setText(signer)
    dialog.start_button.click()
    shown = run(qtbot, dialog)
    results = {check: result for check, result in shown.items() if result[:1] in ("✓", "✗")}
    assert len(results) >= 8 and all(r.startswith("✓") for r in results.values()), shown
    assert "The dossier is signed by the expected key" in shown
    signed_by = dialog.checks.topLevelItem(0)
    assert signed_by.child(0).text(0) == signer  # the fingerprint comes first
    assert any(check.startswith("Exhibit ") for check in shown)
    assert "The dossier verifies" in dialog.report.toPlainText()

    report = tmp_path / "report.pdf"
    from evidence_app.gui.dossier_check import write_report_pdf

    assert dialog.outcome is not None
    write_report_pdf(dialog.outcome, str(folder), report)
    text = subprocess.run(["pdftotext", str(report), "-"], capture_output=True, text=True).stdout
    text = unicodedata.normalize("NFKC", text)  # Qt sets "fi" as a ligature
    assert signer[:32] in text.replace(" ", "").replace("\n", "")
    assert "Dossier verification report" in text


def test_one_flipped_byte_shows_the_failed_check_and_the_exhibit(
    qtbot: QtBot, window: MainWindow, dossier: tuple[Path, str]
) -> None:
    folder, _ = dossier
    evidence = sorted((folder / "evidence").iterdir())[0]
    data = bytearray(evidence.read_bytes())
    data[len(data) // 2] ^= 0x01
    evidence.write_bytes(bytes(data))
    dialog = window.open_dossier_check(folder)  # a path given: it starts at once
    shown = run(qtbot, dialog)
    failed = [check for check, result in shown.items() if result.startswith("✗")]
    assert "Every file matches SHA256SUMS, and nothing was added or removed" in failed
    assert "Every evidence file matches the SHA-256 and size in the signed manifest" in failed
    tree = dialog.checks
    exhibits = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).text(0).startswith("Every evidence file")
    )
    assert evidence.name in exhibits.child(0).text(0)
    assert "does NOT verify" in dialog.report.toPlainText()


def test_dropping_a_dossier_on_the_locked_window_verifies_it(
    qtbot: QtBot, window: MainWindow, dossier: tuple[Path, str]
) -> None:
    folder, _ = dossier
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    dialog = window.dialog
    assert isinstance(dialog, DossierCheckDialog)
    results = [result for result in run(qtbot, dialog).values() if result[:1] in ("✓", "✗")]
    assert results and all(result.startswith("✓") for result in results)
