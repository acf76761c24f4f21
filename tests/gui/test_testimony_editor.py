"""A researcher records the Istanbul Protocol fields of a testimony and a translation of it
in the testimony editor, with its own widgets, and saves: the vault holds exactly that."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from evidence_app.core import records_service
from evidence_app.gui.main_window import MainWindow
from evidence_app.gui.record_fields import Code, PartialDate, Text
from evidence_app.gui.record_rows import Group, Photos, Rows, YesNo
from evidence_app.gui.records_view import RecordsView
from evidence_app.gui.testimony_translations import Translations
from tests.gui.test_workspace import import_and_wait, import_sample_records, received_files


def open_testimony(qtbot: QtBot, opened: MainWindow, ref: str) -> RecordsView:
    opened.show_page("testimony")
    view = opened.record_views["testimony"]
    qtbot.waitUntil(lambda: view.list.count() >= 1, timeout=10_000)
    for row in range(view.list.count()):
        if view.list.item(row).data(Qt.ItemDataRole.UserRole)[0] == ref:
            view.list.setCurrentRow(row)
    assert view.form.ref.text() == ref
    return view


def test_the_istanbul_fields_and_a_translation_are_filled_in_and_saved(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    import_and_wait(qtbot, opened, received_files(tmp_path / "in", 1))
    import_sample_records(opened, tmp_path)
    vault = opened.vault
    assert vault is not None
    ((photo, _title),) = records_service.photo_choices(vault)
    view = open_testimony(qtbot, opened, "t-1")
    qtbot.waitUntil(lambda: bool(view._choices_of("item")), timeout=10_000)
    form = view.form

    interpreter = form.field("interpreter")
    assert isinstance(interpreter, Text)
    interpreter._edit.setText("Irina P.")  # type: ignore[union-attr]
    consent = form.field("interview_consent")
    assert isinstance(consent, Group)
    given, date, how = consent.parts
    assert isinstance(given, YesNo) and isinstance(date, PartialDate)
    given._combo.setCurrentIndex(1)  # Yes
    date._edit.setText("04/01/2026")  # type: ignore[union-attr]  # as en-GB writes it
    how.load("audio recording")
    read_back = form.field("read_back")
    assert isinstance(read_back, YesNo)
    read_back._combo.setCurrentIndex(2)  # No: worth recording too

    previous = form.field("previous_interviews")
    assert isinstance(previous, Rows)
    previous.add_button.click()
    when, by, note = previous.lines[0]
    when.load("2025-11")
    by.load("Memorial HRC")
    note.load("short phone call")
    previous.add_button.click()  # a line added and left empty is not saved

    injuries = form.field("injuries")
    assert isinstance(injuries, Rows)
    injuries.add_button.click()
    description, location, photos = injuries.lines[0]
    description.load("scar on wrist")
    location.load("left wrist")
    assert isinstance(photos, Photos)
    photos.menu.aboutToShow.emit()
    (action,) = photos.menu.actions()
    action.trigger()  # ticked
    assert photos.button.text() == "Photos: 1"

    consistency = form.field("consistency")
    assert isinstance(consistency, Code)
    consistency._combo.setCurrentIndex(consistency._combo.findData("typical_of"))
    form.field("clinician").load("Dr N. L.")

    translations = form.field("translations")
    assert isinstance(translations, Translations)
    translations.add_button.click()
    page = translations.pages[0]
    page.language.setText("en")
    page.translator.setText("T. Rudenko")
    page.sections.edit("treatment").setPlainText("He was beaten.")

    # Which revision it translates must be said: the save is refused at the field until it is.
    view.save_button.click()
    qtbot.waitUntil(lambda: bool(form.problem_at("translations")), timeout=10_000)
    assert (
        form.problem_at("translations") == "Translations, row 1, Translates revision: is required"
    )

    page.revision.setValue(1)
    view.save_button.click()
    qtbot.waitUntil(lambda: "revision 2" in view.message.text(), timeout=10_000)
    body = records_service.get_record(vault, "testimony", "t-1").body
    assert body["interpreter"] == "Irina P."
    assert body["interview_consent"] == {
        "given": True,
        "date": "2026-01-04",
        "how": "audio recording",
    }
    assert body["read_back"] is False
    assert body["previous_interviews"] == [
        {"date": "2025-11", "by": "Memorial HRC", "note": "short phone call"}
    ]
    assert body["injuries"] == [
        {"description": "scar on wrist", "location": "left wrist", "photos": [photo]}
    ]
    assert (body["consistency"], body["clinician"]) == ("typical_of", "Dr N. L.")
    assert body["translations"] == [
        {
            "language": "en",
            "translator": "T. Rudenko",
            "revision": 1,
            "sections": {"treatment": "He was beaten."},
        }
    ]
    assert not form.is_dirty()  # what was saved is what the form shows
