"""What one view saves, every other view shows without being reopened (issue 16 finding 5);
what a write did not commit, no view hears of."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from evidence_app.core import records_service
from evidence_app.core.errors import BadInput
from evidence_app.custody.write_path import write
from evidence_app.gui.main_window import MainWindow
from evidence_app.gui.records_view import RecordsView
from tests.gui.test_workspace import import_and_wait, import_sample_records, received_files
from tests.records.sample_documents import records_document


def offers(view: RecordsView, key: str, ref: str) -> bool:
    """Whether the form's picker `key` lets one choose `ref` (choosing it to find out)."""
    field = view.form.field(key)
    kept = field.value()
    field.load([ref] if isinstance(kept, list) else ref)
    chosen = field.value()
    field.load(kept)
    return ref in chosen if isinstance(chosen, list) else chosen == ref


def create(qtbot: QtBot, window: MainWindow, kind: str, values: dict[str, str]) -> str:
    window.show_page(kind)
    view = window.record_views[kind]
    view.new_button.click()
    for key, value in values.items():
        view.form.field(key).load(value)
    ref = view.form.ref.text()
    view.save_button.click()
    qtbot.waitUntil(lambda: "revision 1" in view.message.text(), timeout=10_000)
    return ref


def test_a_person_or_facility_just_created_can_be_chosen_in_the_testimony_being_written(
    qtbot: QtBot, opened: MainWindow
) -> None:
    first = create(qtbot, opened, "person", {"pseudonym": "W-1"})
    testimony = opened.record_views["testimony"]
    opened.show_page("testimony")
    testimony.new_button.click()
    qtbot.waitUntil(lambda: offers(testimony, "witness", first), timeout=10_000)
    testimony.form.field("witness").load(first)
    testimony.form.field("interviewer").load("A. K.")

    # Created in other views while the testimony is being written, never saved yet.
    second = create(qtbot, opened, "person", {"pseudonym": "W-2"})
    facility = create(qtbot, opened, "facility", {"name": "СИЗО-1 Симферополь"})

    qtbot.waitUntil(lambda: offers(testimony, "witness", second), timeout=10_000)
    qtbot.waitUntil(lambda: offers(testimony, "facilities", facility), timeout=10_000)
    # What was typed and chosen in the unsaved testimony stays.
    assert testimony.form.field("witness").value() == first
    assert testimony.form.field("interviewer").value() == "A. K."
    assert testimony.form.isEnabled() and not testimony.form.ref.isReadOnly()
    # Every other form that picks people offers them too.
    qtbot.waitUntil(lambda: offers(opened.record_views["incident"], "victims", second))


def test_links_saved_on_an_item_appear_in_the_search_shown_and_in_the_table(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    import_sample_records(opened, tmp_path)
    import_and_wait(qtbot, opened, received_files(tmp_path / "in", 2))
    model, detail, table = opened.evidence.model, opened.evidence.detail, opened.evidence.table
    qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=10_000)
    table.selectRow(1)
    qtbot.waitUntil(lambda: detail.save_links.isEnabled(), timeout=10_000)
    assert detail.item is not None
    sha256, item_id = detail.item.sha256, detail.item.id

    opened.search.setText("глазок")
    opened.run_search()
    results = opened.search_page.results
    qtbot.waitUntil(lambda: "0 found" in opened.search_page.heading.text(), timeout=10_000)

    detail.links.field("caption").load("Дверь камеры ШИЗО, глазок заварен")
    detail.save_links.click()
    qtbot.waitUntil(lambda: results.count() == 1, timeout=10_000)  # not searched again by hand
    assert results.item(0).data(Qt.ItemDataRole.UserRole) == ("evidence", sha256)

    # Links written elsewhere (an import of records) reach the table and the item's view;
    # the row stays selected.
    document = records_document()
    document["evidence"] = [
        {"sha256": sha256, "caption": "Дверь камеры ШИЗО", "cases": ["case-ik6"], "people": []}
    ]
    path = tmp_path / "links.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert opened.vault is not None
    vault = opened.vault
    opened.worker.submit(lambda _job: records_service.import_records(vault, path))
    qtbot.waitUntil(lambda: model.row_data(model.row_of(item_id) or 0).cases == ("case-ik6",))
    case_cell = model.index(model.row_of(item_id) or 0, 3)
    qtbot.waitUntil(lambda: case_cell.data() == "ИК-6: пытки в 2023 году", timeout=10_000)
    # The item's view names the case by its title, the ref after it.
    shown = "ИК-6: пытки в 2023 году  (case-ik6)"
    qtbot.waitUntil(lambda: detail.cases.text() == shown, timeout=10_000)
    assert detail.links.field("caption").value() == "Дверь камеры ШИЗО"
    assert table.currentIndex().row() == model.row_of(item_id)


def test_a_write_that_rolls_back_tells_no_view(qtbot: QtBot, opened: MainWindow) -> None:
    vault = opened.vault
    assert vault is not None

    def rolled_back(_job: object) -> None:
        with write(vault) as unit:
            unit.event("record.revised", "person:p-9", details={"note": "never committed"})
            raise BadInput("refused half-way")

    with qtbot.assertNotEmitted(opened.changes.changed, wait=600):
        failed = opened.worker.submit(rolled_back)
        with qtbot.waitSignal(failed.failed, timeout=10_000):
            pass
    assert records_service.list_records(vault, "person") == []

    # The same write committed is heard, so the silence above was the rollback's.
    with qtbot.waitSignal(opened.changes.changed, timeout=10_000) as heard:
        opened.worker.submit(
            lambda _job: records_service.save_record(vault, "person", "p-9", {"pseudonym": "W-9"})
        )
    assert heard.args[0].records == frozenset({("person", "p-9")})


def test_a_new_record_never_saves_over_one_the_list_has_not_shown_yet(
    qtbot: QtBot, opened: MainWindow
) -> None:
    first = create(qtbot, opened, "person", {"pseudonym": "W-1"})
    view = opened.record_views["person"]
    view._choices = {}  # the list a moment behind the vault, as right after a save
    view.new_button.click()
    assert view.form.ref.text() == first  # what the stale list proposes
    view.form.field("pseudonym").load("W-2")
    view.save_button.click()
    qtbot.waitUntil(lambda: "revision 1" in view.message.text(), timeout=10_000)
    assert view.form.ref.text() != first
    vault = opened.vault
    assert vault is not None
    assert records_service.get_record(vault, "person", first).body["pseudonym"] == "W-1"
    assert records_service.get_record(vault, "person", view.form.ref.text()).revision == 1
