"""Never lose work silently: what is typed and not saved is asked about — save, discard or
stay — before another item, record or page is shown or the window closes; locking never
asks, and the lock screen says what was dropped."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox, QPlainTextEdit
from pytestqt.qtbot import QtBot

from evidence_app.core import links_service, records_service
from evidence_app.gui.main_window import MainWindow
from evidence_app.gui.record_fields import Unread
from tests.gui.test_workspace import import_and_wait, import_sample_records, received_files

Button = QMessageBox.StandardButton


class Asked:
    """Answers the next question about unsaved work as a person would, and keeps its text."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def answer(self, button: Button | None, then: object = None, tries: int = 100) -> None:
        def look() -> None:
            box = QApplication.activeModalWidget()
            if not isinstance(box, QMessageBox):
                if tries > 0:
                    self.answer(button, then, tries - 1)
                return
            self.texts.append(box.text())
            if callable(then):  # something happens while the question is on screen
                then()
            if button is not None:
                box.button(button).click()

        QTimer.singleShot(30, look)


def evidence_with_two_items(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> list[str]:
    import_sample_records(window, tmp_path)
    import_and_wait(qtbot, window, received_files(tmp_path / "in", 2))
    model, detail = window.evidence.model, window.evidence.detail
    qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=10_000)
    ids = [model.row_data(row).id for row in range(2)]
    window.evidence.table.selectRow(0)
    qtbot.waitUntil(lambda: detail.item is not None and detail.links.isEnabled(), timeout=10_000)
    return ids


def links_of(window: MainWindow, item_id: str) -> dict[str, object]:
    assert window.vault is not None
    return links_service.item_links(window.vault, item_id)


def caption_box(window: MainWindow) -> QPlainTextEdit:
    box = window.evidence.detail.links.findChild(QPlainTextEdit)
    assert isinstance(box, QPlainTextEdit)
    return box


def test_a_caption_typed_in_the_links_is_kept_saved_or_discarded_as_the_person_says(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    first, second = evidence_with_two_items(qtbot, opened, tmp_path)
    page, detail, asked = opened.evidence, opened.evidence.detail, Asked()
    caption_box(opened).insertPlainText("Дверь ШИЗО")  # typed
    detail.links.field("people").load(["p-017"])  # a person ticked

    asked.answer(Button.Cancel)
    page.table.selectRow(1)
    assert len(asked.texts) == 1 and "photo_0.jpg" in asked.texts[0]
    assert page.table.currentIndex().row() == 0 and detail.item is not None
    assert detail.item.id == first
    assert caption_box(opened).toPlainText() == "Дверь ШИЗО"

    asked.answer(Button.Save)
    page.table.selectRow(1)
    qtbot.waitUntil(lambda: detail.item is not None and detail.item.id == second, timeout=10_000)
    assert page.table.currentIndex().row() == 1
    saved = links_of(opened, first)
    assert saved["caption"] == "Дверь ШИЗО" and saved["people"] == ["p-017"]

    caption_box(opened).insertPlainText("не то фото")  # typed
    asked.answer(Button.Discard)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: detail.item is not None and detail.item.id == first, timeout=10_000)
    assert len(asked.texts) == 3
    assert not links_of(opened, second).get("caption")
    assert caption_box(opened).toPlainText() == "Дверь ШИЗО"  # what was saved, shown again


def test_a_save_that_fails_keeps_the_person_where_they_were(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    import_sample_records(opened, tmp_path)
    view = opened.record_views["person"]
    opened.show_page("person")
    qtbot.waitUntil(lambda: view.list.count() >= 2, timeout=10_000)
    view.list.setCurrentRow(0)
    view.form.field("birth_year").load("не год")  # cannot be read: the save refuses it
    asked = Asked()
    asked.answer(Button.Save)
    view.list.setCurrentRow(1)
    assert asked.texts and view.list.currentRow() == 0
    assert "Not saved" in view.message.text() and view.form.problem_at("birth_year")
    with pytest.raises(Unread):  # still typed, for the person to correct
        view.form.field("birth_year").value()


def test_a_person_edited_is_asked_about_before_another_record_a_new_one_or_a_search_hit(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    import_sample_records(opened, tmp_path)
    view, asked = opened.record_views["person"], Asked()
    opened.show_page("person")
    qtbot.waitUntil(lambda: view.list.count() >= 2, timeout=10_000)
    view.list.setCurrentRow(0)
    first = view.form.ref.text()
    pseudonym = view.form.field("pseudonym")
    pseudonym.load("Свидетель К.")

    asked.answer(Button.Cancel)
    view.list.setCurrentRow(1)
    assert view.list.currentRow() == 0 and view.form.ref.text() == first
    assert pseudonym.value() == "Свидетель К." and first in asked.texts[-1]

    asked.answer(Button.Cancel)
    view.new_button.click()
    assert view.form.ref.text() == first and pseudonym.value() == "Свидетель К."

    # Another page only hides the form: what is typed waits there, and nothing is asked.
    opened.show_page("evidence")
    opened.show_page("person")
    assert pseudonym.value() == "Свидетель К." and len(asked.texts) == 2

    asked.answer(Button.Cancel)
    opened.open_record("person", "p-019")  # a search hit, opened from the search page
    assert view.form.ref.text() == first and pseudonym.value() == "Свидетель К."

    asked.answer(Button.Save)
    view.list.setCurrentRow(1)
    qtbot.waitUntil(lambda: view.form.ref.text() != first, timeout=10_000)
    assert opened.vault is not None
    assert records_service.get_record(opened.vault, "person", first).body["pseudonym"] == (
        "Свидетель К."
    )
    assert len(asked.texts) == 4

    second = view.form.ref.text()
    view.form.field("pseudonym").load("черновик")
    asked.answer(Button.Discard)
    opened.open_record("person", first)
    qtbot.waitUntil(lambda: view.form.ref.text() == first, timeout=10_000)
    assert pseudonym.value() == "Свидетель К."
    assert records_service.get_record(opened.vault, "person", second).body["pseudonym"] != (
        "черновик"
    )


def test_closing_the_window_with_an_unsaved_edit_asks_first(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    import_sample_records(opened, tmp_path)
    view, asked = opened.record_views["facility"], Asked()
    opened.show_page("facility")
    qtbot.waitUntil(lambda: view.list.count() >= 1, timeout=10_000)
    view.list.setCurrentRow(0)
    view.form.field("name").load("ИК-6, новый корпус")

    asked.answer(Button.Cancel)
    opened.close()
    assert asked.texts and opened.isVisible() and opened.vault is not None

    asked.answer(Button.Discard)
    opened.close()
    assert not opened.isVisible() and opened.vault is None


def test_nothing_is_asked_when_nothing_changed(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    first, second = evidence_with_two_items(qtbot, opened, tmp_path)
    assert opened.vault is not None
    # Stored with its keys in another order than the form's and with empty fields.
    records_service.save_record(
        opened.vault,
        "person",
        "p-900",
        {"roles": [], "consent": [], "aliases": [], "pseudonym": "Тихий", "contact": None},
    )
    shown = opened.evidence.detail.item
    assert shown is not None and shown.id == first
    links_service.save_evidence_record(
        opened.vault,
        shown.sha256,
        {"publishable": False, "people": [], "caption": "Двор", "cases": []},
    )
    asked = Asked()
    asked.answer(Button.Cancel, tries=20)  # would take the question, were one asked
    page, detail = opened.evidence, opened.evidence.detail
    page.table.selectRow(1)
    qtbot.waitUntil(lambda: detail.item is not None and detail.item.id == second)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: caption_box(opened).toPlainText() == "Двор", timeout=10_000)
    page.table.selectRow(1)
    qtbot.waitUntil(lambda: detail.item is not None and detail.item.id == second)

    view = opened.record_views["person"]
    opened.show_page("person")
    qtbot.waitUntil(lambda: view.list.count() == 4, timeout=10_000)
    refs = [view.list.item(row).data(Qt.ItemDataRole.UserRole)[0] for row in range(4)]
    view.list.setCurrentRow(refs.index("p-900"))
    assert view.form.ref.text() == "p-900"
    view.list.setCurrentRow(0 if refs[0] != "p-900" else 1)
    assert view.form.ref.text() != "p-900"
    view.new_button.click()  # a new record with nothing typed: leaving it loses nothing
    opened.show_page("evidence")
    assert opened.content.currentWidget() is opened.evidence
    qtbot.wait(800)  # the answerer has given up
    assert asked.texts == []


def test_what_was_said_about_saved_links_is_not_shown_under_the_next_item(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    """A "saved" under another photo made a person think its links were saved, and leave
    while the real save was still running."""
    _first, second = evidence_with_two_items(qtbot, opened, tmp_path)
    page, detail = opened.evidence, opened.evidence.detail
    caption_box(opened).insertPlainText("Двор")
    detail.save_links.click()
    qtbot.waitUntil(lambda: detail.links_message.text() != "", timeout=10_000)
    assert not detail.links.is_dirty()

    page.table.selectRow(1)
    qtbot.waitUntil(lambda: detail.item is not None and detail.item.id == second)
    assert detail.links_message.text() == ""
    assert detail.links_left_out.isHidden()


def test_locking_never_waits_for_the_question_and_says_what_was_dropped(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    evidence_with_two_items(qtbot, opened, tmp_path)
    caption_box(opened).insertPlainText("не успел сохранить")  # typed
    asked = Asked()
    asked.answer(None, then=opened.lock)  # the idle lock comes while the question is open
    opened.evidence.table.selectRow(1)
    assert asked.texts and QApplication.activeModalWidget() is None
    assert opened.is_locked and opened.pages.currentWidget() is opened.lock_screen
    message = opened.lock_screen.message.text()
    assert "Unsaved changes were discarded" in message


def test_a_lock_with_nothing_typed_says_only_that_it_locked(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    evidence_with_two_items(qtbot, opened, tmp_path)
    opened.lock()
    assert opened.lock_screen.message.text() == "The vault was locked."


def test_the_wheel_over_a_choice_in_the_links_scrolls_instead_of_changing_it(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    evidence_with_two_items(qtbot, opened, tmp_path)
    detail = opened.evidence.detail
    detail.tabs.setCurrentIndex(detail.tabs.count() - 1)
    combos = detail.links.findChildren(QComboBox)
    combo = next(c for c in combos if c.count() >= 2)  # "—" and the vault's facility
    combo.setCurrentIndex(0)

    def wheel() -> None:
        centre = QPointF(combo.rect().center())
        event = QWheelEvent(
            centre,
            QPointF(combo.mapToGlobal(centre.toPoint())),
            QPoint(),
            QPoint(0, -120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(combo, event)

    wheel()
    assert combo.currentIndex() == 0 and not detail.links.is_dirty()
    opened.activateWindow()
    qtbot.waitUntil(opened.isActiveWindow, timeout=5_000)
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus, timeout=5_000)
    wheel()  # clicked or tabbed into, it turns
    assert combo.currentIndex() == 1
