"""One case model in the desktop app: items are picked, filed under a case made on the spot
in one action, and the export dialog offers that case by its title."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from pytestqt.qtbot import QtBot

from evidence_app.core import items_service
from evidence_app.gui.case_picker import CasePicker, LinkToCaseDialog
from evidence_app.gui.evidence_model import CASE_COLUMN
from evidence_app.gui.main_window import MainWindow
from tests.gui.test_workspace import import_and_wait, import_sample_records, received_files

TITLE = "Колония №6, 2023"


def choose_by_title(qtbot: QtBot, picker: CasePicker, title: str) -> str:
    """Pick the case a person would: by the title they read in the list."""
    starts = Qt.MatchFlag.MatchStartsWith
    qtbot.waitUntil(lambda: picker.combo.findText(title, starts) >= 0, timeout=10_000)
    picker.combo.setCurrentIndex(picker.combo.findText(title, starts))
    assert picker.ref is not None
    return picker.ref


def test_three_items_linked_to_a_new_case_in_one_action_make_its_dossier(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    import_sample_records(opened, tmp_path)
    import_and_wait(qtbot, opened, received_files(tmp_path / "in", 3))
    page = opened.evidence
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=10_000)
    selection = page.table.selectionModel()
    for row in range(3):
        selection.select(
            page.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    dialog = page.link_selected()
    assert isinstance(dialog, LinkToCaseDialog) and len(dialog.item_ids) == 3
    dialog.picker.ask_title = lambda: TITLE  # what the person types in "New case…"
    dialog.picker.new_button.click()
    ref = choose_by_title(qtbot, dialog.picker, TITLE)
    assert ref.startswith("case-") and TITLE in dialog.picker.combo.currentText()
    dialog.link()
    qtbot.waitUntil(lambda: "Items linked: 3" in page.link_message.text(), timeout=10_000)
    assert opened.vault is not None
    assert len(items_service.list_items(opened.vault, ref)) == 3
    qtbot.waitUntil(
        lambda: page.model.rowCount() == 3 and page.model.row_data(0).cases == (ref,),
        timeout=10_000,
    )
    # The table names the case by its title; the ref is there for who needs it.
    case_cell = page.model.index(0, CASE_COLUMN)
    qtbot.waitUntil(lambda: page.model.data(case_cell) == TITLE, timeout=10_000)
    assert page.model.data(case_cell, Qt.ItemDataRole.ToolTipRole) == ref

    export = opened.open_export("accountability")
    assert export is not None
    assert choose_by_title(qtbot, export.case, TITLE) == ref
    # A refused export keeps what was chosen: correct the destination and start again.
    taken = tmp_path / "taken"
    taken.mkdir()
    export.destination.setText(str(taken))
    export.start_button.click()
    qtbot.waitUntil(lambda: "already exists" in export.report.toPlainText(), timeout=30_000)
    assert export.start_button.isEnabled() and export.case.ref == ref
    dossier = tmp_path / "dossier"
    export.destination.setText(str(dossier))
    export.start_button.click()
    qtbot.waitUntil(lambda: export.close_button.isVisible(), timeout=60_000)
    assert f"Exhibits written to {dossier}: 3." in export.report.toPlainText()
    assert len(list((dossier / "evidence").iterdir())) == 3
    assert (dossier / "SHA256SUMS").is_file()
