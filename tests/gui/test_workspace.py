"""The researcher's daily paths: import, browse, edit a testimony, search, verify, export."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from pytestqt.qtbot import QtBot

from evidence_app.core import records_service
from evidence_app.gui.main_window import MainWindow
from tests.ingest import camera_files
from tests.records.sample_documents import records_document


def received_files(folder: Path, count: int = 3) -> list[Path]:
    folder.mkdir(exist_ok=True)
    makers = [
        camera_files.canon_eos,
        camera_files.iphone,
        camera_files.nikon,
        camera_files.sony_alpha,
    ]
    paths = []
    for n in range(count):
        path = folder / f"photo_{n}.jpg"
        path.write_bytes(makers[n % len(makers)]() + bytes([n]))  # distinct bytes each
        paths.append(path)
    return paths


def import_sample_records(window: MainWindow, tmp_path: Path) -> None:
    assert window.vault is not None
    document = tmp_path / "records.json"
    document.write_text(json.dumps(records_document(), ensure_ascii=False), encoding="utf-8")
    records_service.import_records(window.vault, document)


def import_and_wait(qtbot: QtBot, window: MainWindow, paths: list[Path], case: str = "") -> str:
    dialog = window.open_import(paths)
    assert dialog is not None
    dialog.source.setText("lawyer M., Signal")
    if case:  # picked from the vault's cases, never typed
        combo = dialog.case.combo
        qtbot.waitUntil(lambda: combo.findData(case) >= 0, timeout=10_000)
        combo.setCurrentIndex(combo.findData(case))
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.close_button.isVisible(), timeout=30_000)
    report = dialog.report.toPlainText()
    dialog.accept()
    return report


def test_import_shows_progress_then_a_summary_and_the_table_fills(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    files = received_files(tmp_path / "in", 3)
    (tmp_path / "in" / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 truncated")
    import_sample_records(opened, tmp_path)
    report = import_and_wait(qtbot, opened, [tmp_path / "in"], case="case-ik6")
    assert "Stored: 4" in report
    assert "broken.jpg" in report  # what could not be read is named, and still stored
    model = opened.evidence.model
    qtbot.waitUntil(lambda: model.rowCount() == 4, timeout=10_000)
    names = {model.row_data(row).original_name for row in range(4)}
    assert names == {p.name for p in files} | {"broken.jpg"}
    again = import_and_wait(qtbot, opened, files)
    assert "Already in the vault: 3" in again

    opened.evidence.filter.setText("photo_1")  # filtered once typing pauses
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=10_000)
    assert model.row_data(0).original_name == "photo_1.jpg"
    assert opened.evidence.count.text() == "Items: 1"


def test_cancelling_an_import_keeps_what_was_stored(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    files = received_files(tmp_path / "many", 40)
    dialog = opened.open_import(files)
    assert dialog is not None
    dialog.start_button.click()
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: dialog.close_button.isVisible(), timeout=30_000)
    text = dialog.report.toPlainText()
    assert "Stopped" in text
    assert opened.vault is not None


def test_dropping_files_on_the_window_opens_the_import(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    files = received_files(tmp_path / "dropped", 2)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in files])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    opened.dropEvent(event)
    assert opened.dialog.isVisible()
    assert opened.dialog.paths == files  # type: ignore[attr-defined]


def test_opening_an_item_shows_its_hash_metadata_and_custody(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "gps.jpg"
    path.write_bytes(
        camera_files.with_gps(b"N", camera_files.dms(55.1), b"E", camera_files.dms(61.6))
    )
    import_and_wait(qtbot, opened, [path])
    table, model = opened.evidence.table, opened.evidence.model
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=10_000)
    table.selectRow(0)
    detail = opened.evidence.detail
    qtbot.waitUntil(lambda: detail.item is not None, timeout=10_000)
    assert len(detail.sha256.text()) == 64
    assert detail.gps.text().startswith("55.1")
    assert detail.custody.rowCount() == 1
    assert detail.custody.item(0, 2).text() == "Imported"
    qtbot.waitUntil(lambda: not detail.image._item.pixmap().isNull(), timeout=10_000)
    before = detail.image.zoom_factor
    detail.image.zoom(2.0)
    assert detail.image.zoom_factor == before * 2

    detail.copy_hash.click()
    assert QGuiApplication.clipboard().text() == detail.sha256.text()


def test_a_testimony_is_edited_saved_as_a_revision_and_compared(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    import_sample_records(opened, tmp_path)
    opened.show_page("testimony")
    view = opened.record_views["testimony"]
    view.refresh()
    qtbot.waitUntil(lambda: view.list.count() == 1, timeout=10_000)
    view.list.setCurrentRow(0)
    assert view.form.ref.text() == "t-1"
    qtbot.waitUntil(lambda: "No evidence" in view.evidence.text(), timeout=10_000)
    sections = view.form.field("sections")
    sections.edit("injuries").setPlainText("Перелом ребра, следы электрошока на руках.")  # type: ignore[attr-defined]
    view.save_button.click()
    qtbot.waitUntil(lambda: "revision 2" in view.message.text(), timeout=10_000)
    # What the form does not show (the curator's chosen excerpts) is kept by the save.
    assert opened.vault is not None
    saved = records_service.get_record(opened.vault, "testimony", "t-1")
    assert saved.body["excerpts"][0]["text"] == "Нас держали в камере без окна."

    view.history_button.click()
    qtbot.waitUntil(lambda: hasattr(view, "history"), timeout=10_000)
    history = view.history
    assert history.older.count() == 2
    assert "Перелом ребра" not in history.left.toPlainText()
    assert "Перелом ребра" in history.right.toPlainText()


def test_an_invalid_record_is_refused_with_the_field_named_and_nothing_saved(
    qtbot: QtBot, opened: MainWindow
) -> None:
    opened.show_page("incident")
    view = opened.record_views["incident"]
    view.new_button.click()
    view.form.field("date").load("2023-02-30")
    view.save_button.click()
    qtbot.waitUntil(lambda: "2023-02-30" in view.message.text(), timeout=10_000)
    assert "date" in view.message.text()
    assert opened.vault is not None
    assert records_service.list_records(opened.vault, "incident") == []


def test_search_finds_cyrillic_text_and_opens_the_record(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    import_sample_records(opened, tmp_path)
    opened.search.setText("шизо")
    opened.run_search()
    results = opened.search_page.results
    qtbot.waitUntil(lambda: results.count() > 0, timeout=10_000)
    assert opened.content.currentWidget() is opened.search_page
    testimony = next(
        results.item(row)
        for row in range(results.count())
        if results.item(row).data(Qt.ItemDataRole.UserRole) == ("testimony", "t-1")
    )
    shown = results.itemWidget(testimony).text()
    assert "<b>ШИЗО</b>" in shown and "[" not in shown  # as written, the match in bold
    results.itemActivated.emit(testimony)  # what a double-click or Enter does
    view = opened.record_views["testimony"]
    qtbot.waitUntil(lambda: view.form.ref.text() == "t-1", timeout=10_000)
    assert opened.content.currentWidget() is view


def test_verify_runs_in_the_background_and_reports(qtbot: QtBot, opened: MainWindow) -> None:
    dialog = opened.open_verify()
    assert dialog is not None
    dialog.full.setCurrentIndex(1)
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.close_button.isVisible(), timeout=30_000)
    assert "Everything verifies" in dialog.report.toPlainText()


def test_an_accountability_dossier_is_exported_from_the_app(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    import_sample_records(opened, tmp_path)
    import_and_wait(qtbot, opened, received_files(tmp_path / "in", 2), case="case-ik6")
    dialog = opened.open_export("accountability")
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.case.combo.findData("case-ik6") >= 0, timeout=10_000)
    dialog.case.combo.setCurrentIndex(dialog.case.combo.findData("case-ik6"))
    dialog.destination.setText(str(tmp_path / "dossier"))
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.close_button.isVisible(), timeout=60_000)
    assert f"Exhibits written to {tmp_path / 'dossier'}: 2." in dialog.report.toPlainText()
    assert (tmp_path / "dossier" / "SHA256SUMS").is_file()


def test_an_item_is_linked_to_people_and_marked_publishable_from_its_view(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    import_sample_records(opened, tmp_path)
    import_and_wait(qtbot, opened, received_files(tmp_path / "in", 1))
    model, detail = opened.evidence.model, opened.evidence.detail
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=10_000)
    opened.evidence.table.selectRow(0)
    qtbot.waitUntil(lambda: detail.save_links.isEnabled(), timeout=10_000)
    detail.links.field("caption").load("Камера ШИЗО, вид от двери")
    detail.links.field("people").load(["p-017"])
    detail.links.field("cases").load(["case-ik6"])
    detail.save_links.click()
    qtbot.waitUntil(lambda: "revision 1" in detail.links_message.text(), timeout=10_000)
    assert detail.item is not None
    link = records_service.get_record(opened.vault, "evidence", detail.item.sha256)
    assert link.body["people"] == ["p-017"] and link.body["cases"] == ["case-ik6"]
    assert link.body["caption"] == "Камера ШИЗО, вид от двери" and link.body["publishable"] is False

    # The witness's testimony now shows what the vault holds of them.
    opened.show_page("testimony")
    view = opened.record_views["testimony"]
    view.refresh(select="t-1")
    qtbot.waitUntil(lambda: "Камера ШИЗО" in view.evidence.text(), timeout=10_000)
