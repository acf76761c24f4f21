"""The import dialog records where the files came from, in the interface's language."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from evidence_app.core import items_service
from evidence_app.gui.dialogs import ImportDialog
from evidence_app.gui.i18n import set_language
from evidence_app.gui.main_window import MainWindow
from tests.gui.test_workspace import import_sample_records, received_files


def _dialog(qtbot: QtBot, window: MainWindow, paths: list[Path]) -> ImportDialog:
    dialog = window.open_import(paths)
    assert dialog is not None
    combo = dialog.provenance.captured_by
    qtbot.waitUntil(lambda: combo.findData("p-017") >= 0, timeout=10_000)
    return dialog


def _finish(qtbot: QtBot, dialog: ImportDialog) -> str:
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.close_button.isVisible(), timeout=30_000)
    return dialog.report.toPlainText()


def test_the_dialog_records_who_captured_it_when_how_and_who_held_it(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    import_sample_records(opened, tmp_path)
    (photo,) = received_files(tmp_path / "in", 1)
    set_language("ru")  # typed as a Russian speaker types dates; channels in Russian
    dialog = _dialog(qtbot, opened, [photo])
    form = dialog.provenance
    form.captured_by.setCurrentIndex(form.captured_by.findData("p-017"))  # picked, not typed
    form.received_on.setText("15.03.2024")
    via = form.received_via
    assert via.itemText(via.findData("email")) == "Электронная почта"
    via.setCurrentIndex(via.findData("signal"))
    form.add_custodian("Олена, сестра", "10.03.2024", "хранила на телефоне")
    form.add_custodian(form.captured_by.itemText(form.captured_by.findData("p-018")), "03.2024")
    _finish(qtbot, dialog)

    vault = opened.vault
    assert vault is not None
    (item,) = items_service.list_items(vault)
    (source,) = items_service.show_item(vault, item.id).sources
    assert source.provenance == {
        "captured_by": {"person": "p-017"},
        "received_on": "2024-03-15",
        "received_via": "signal",
        "custodians": [
            {"name": "Олена, сестра", "date": "2024-03-10", "purpose": "хранила на телефоне"},
            {"person": "p-018", "date": "2024-03"},
        ],
    }


def test_a_name_typed_is_a_name_and_nothing_given_records_nothing(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    import_sample_records(opened, tmp_path)
    first, second = received_files(tmp_path / "in", 2)
    dialog = _dialog(qtbot, opened, [first])
    dialog.provenance.captured_by.setEditText("Irina, a neighbour")
    _finish(qtbot, dialog)
    dialog.accept()
    _finish(qtbot, _dialog(qtbot, opened, [second]))
    vault = opened.vault
    assert vault is not None
    shown = {
        item.original_name: items_service.show_item(vault, item.id).sources[0].provenance
        for item in items_service.list_items(vault)
    }
    assert shown == {
        first.name: {"captured_by": {"name": "Irina, a neighbour"}},
        second.name: None,
    }


def test_a_bad_date_or_a_nameless_custodian_keeps_the_form_and_imports_nothing(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    import_sample_records(opened, tmp_path)
    (photo,) = received_files(tmp_path / "in", 1)
    dialog = _dialog(qtbot, opened, [photo])
    dialog.provenance.received_on.setText("31.02.2024")
    dialog.start_button.click()
    assert "Received on" in dialog.status.text() and "31.02.2024" in dialog.status.text()
    assert dialog.start_button.isEnabled() and dialog.job is None

    dialog.provenance.received_on.setText("")
    dialog.provenance.add_custodian("", "2024", "forwarded it")  # refused by the core
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.start_button.isEnabled(), timeout=30_000)
    assert "custodians[0].name: is required" in dialog.report.toPlainText()
    vault = opened.vault
    assert vault is not None
    assert items_service.list_items(vault) == []
