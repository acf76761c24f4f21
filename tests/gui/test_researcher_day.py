"""A field researcher's whole day in the desktop app, in Russian, through its own widgets.

Create a vault, import a folder of photos, record a facility (a latitude with a decimal
comma), two people (consent dated as Russian writes dates) and a testimony, file three photos
under a new case in one action and say who they show, lock, unlock, and export both dossiers.
What comes out is checked: the court dossier holds the three photos, the exhibition only those
its people consented to show. The test counts what the person did (clicks, fields typed,
choices), the figure the closing note of the day reports.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
)
from pytestqt.qtbot import QtBot

from evidence_app.gui.case_picker import NewCaseDialog
from evidence_app.gui.i18n import set_language
from evidence_app.gui.main_window import MainWindow
from evidence_app.gui.records_view import RecordsView
from evidence_app.gui.settings import AppSettings
from tests.ingest import camera_files

PASSPHRASE = "четыре разных слова здесь"
CASE_TITLE = "ИК-6 Копейск, 2023"


class Day:
    """What the researcher does, counted: each click, field typed and choice is one action."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.actions = 0

    def click(self, button: QAbstractButton) -> None:
        assert button.isEnabled(), button.text()
        self.actions += 1
        button.click()

    def tick(self, box: QCheckBox) -> None:
        self.actions += 1
        box.setChecked(not box.isChecked())

    def type(self, field: QLineEdit | QPlainTextEdit, text: str) -> None:
        self.actions += 1
        field.setFocus()
        if isinstance(field, QLineEdit):
            field.clear()
            field.insert(text)  # as typed (QTest types only Latin letters)
            field.editingFinished.emit()  # what leaving the field does
        else:
            field.setPlainText(text)

    def choose(self, combo: QComboBox, starts_with: str) -> None:
        found = combo.findText(starts_with, Qt.MatchFlag.MatchStartsWith)
        assert found >= 0, (starts_with, [combo.itemText(i) for i in range(combo.count())])
        self.actions += 1
        combo.setCurrentIndex(found)

    def check_in_list(self, listing: QListWidget, starts_with: str) -> None:
        rows = [listing.item(n) for n in range(listing.count())]
        (entry,) = [item for item in rows if item.text().startswith(starts_with)]
        self.actions += 1
        entry.setCheckState(Qt.CheckState.Checked)

    def answer_dialog(self, answer: Callable[[QDialog], None]) -> None:
        """The next modal dialog gets `answer` once it shows (counted by what answer does)."""

        def when_open() -> None:
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, QDialog):
                QTimer.singleShot(50, when_open)
                return
            answer(dialog)

        QTimer.singleShot(50, when_open)


def photos(folder: Path) -> dict[str, Path]:
    folder.mkdir()
    made = {
        "камера.jpg": camera_files.canon_eos(),
        "синяки.jpg": camera_files.iphone(),
        "двор.jpg": camera_files.nikon(),
        "письмо.jpg": camera_files.sony_alpha(),
    }
    for name, data in made.items():
        (folder / name).write_bytes(data)
    return {name: folder / name for name in made}


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def new_record(day: Day, window: MainWindow, kind: str) -> RecordsView:
    day.actions += 1  # the page in the side bar
    window.show_page(kind)
    view = window.record_views[kind]
    day.click(view.new_button)
    return view


def save(day: Day, view: RecordsView) -> None:
    day.click(view.save_button)
    try:
        day.qtbot.waitUntil(lambda: "редакция 1" in view.message.text().lower(), timeout=20_000)
    except Exception:
        raise AssertionError(view.message.text()) from None


def give_consent(day: Day, person: RecordsView, scope: str, given_on: str) -> None:
    """One purpose of the consent matrix agreed to on a date, typed as Russian writes it."""
    matrix = person.form.field("consent").rows  # type: ignore[attr-defined]
    day.type(matrix[scope].given, given_on)
    assert matrix[scope].check.isChecked()


def line_edit(view: RecordsView, key: str) -> QLineEdit:
    editor = view.form.field(key)._edit  # type: ignore[attr-defined]
    assert isinstance(editor, QLineEdit)
    return editor


def ref_combo(view: RecordsView, key: str) -> QComboBox:
    combo = view.form.field(key)._combo  # type: ignore[attr-defined]
    assert isinstance(combo, QComboBox)
    return combo


def ref_list(view: RecordsView, key: str) -> QListWidget:
    listing = view.form.field(key)._list  # type: ignore[attr-defined]
    assert isinstance(listing, QListWidget)
    return listing


def test_a_researchers_day_in_russian_ends_in_both_dossiers(
    qtbot: QtBot, settings: AppSettings, tmp_path: Path
) -> None:
    day = Day(qtbot)
    settings.language = "ru"
    settings.vault_folder = tmp_path / "Документы" / "Хранилище"
    window = MainWindow(settings, kdf_seconds=0)
    qtbot.addWidget(window)
    window.resize(1280, 860)
    window.show()
    try:
        the_day(day, window, tmp_path, settings.vault_folder)
    finally:
        window.close()
        set_language("en")
    print(f"\nThe researcher's day took {day.actions} actions.")
    assert day.actions < 120  # 73 today; it took about 200 before


def the_day(day: Day, window: MainWindow, tmp_path: Path, vault_folder: Path) -> None:
    qtbot = day.qtbot
    # -- a new vault: name, passphrase twice, the recovery code copied and checked ----------
    page = window.create_page
    assert page.isVisible()  # a bare machine: the app offers to create a vault
    day.type(page.name, "Олена К.")
    day.type(page.passphrase, PASSPHRASE)
    day.type(page.repeat, PASSPHRASE)
    day.click(page.create_button)
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 1, timeout=60_000)
    code = page.code_label.text().split()
    day.tick(page.written)
    group = int(re.search(r"\d+", page.check_label.text()).group())  # type: ignore[union-attr]
    day.type(page.check_field, code[group - 1])
    day.click(page.finish_button)
    qtbot.waitUntil(lambda: window.vault is not None, timeout=30_000)

    # -- import a folder received from a lawyer -------------------------------------------
    files = photos(tmp_path / "от адвоката")
    day.actions += 2  # Хранилище → Импортировать папку…, and the folder in the chooser
    dialog = window.open_import([tmp_path / "от адвоката"])
    assert dialog is not None
    day.type(dialog.source, "адвокат М., Signal")
    day.click(dialog.start_button)
    qtbot.waitUntil(lambda: dialog.close_button.isVisible(), timeout=60_000)
    day.click(dialog.close_button)
    evidence = window.evidence
    qtbot.waitUntil(lambda: evidence.model.rowCount() == 4, timeout=20_000)

    # -- a facility, two people, a testimony ------------------------------------------------
    facility = new_record(day, window, "facility")
    day.type(line_edit(facility, "name"), "ИК-6 Копейск")
    day.type(line_edit(facility, "lat"), "55,1234")  # as Russian writes it
    day.type(line_edit(facility, "lon"), "61,6189")
    save(day, facility)

    witness = new_record(day, window, "person")
    day.type(line_edit(witness, "pseudonym"), "Свидетель-1")
    day.type(line_edit(witness, "full_name"), "Иван Петров")
    give_consent(day, witness, "legal", "15.03.2024")
    give_consent(day, witness, "public_anonymous", "15.03.2024")
    save(day, witness)

    victim = new_record(day, window, "person")
    day.type(line_edit(victim, "pseudonym"), "Потерпевший-2")
    day.type(line_edit(victim, "full_name"), "Олег Сидоров")
    give_consent(day, victim, "legal", "02.04.2024")  # a court, never a public wall
    save(day, victim)

    # -- three photos filed under a new case in one action ----------------------------------
    day.actions += 1  # the Evidence page
    window.show_page("evidence")
    shown = {evidence.model.row_data(row).original_name: row for row in range(4)}
    selection = evidence.table.selectionModel()
    for name in ("камера.jpg", "синяки.jpg", "двор.jpg"):
        day.actions += 1  # ctrl-click
        selection.select(
            evidence.model.index(shown[name], 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    link = evidence.link_selected()
    day.actions += 1  # "Link to case…"
    assert link is not None

    def name_the_case(new_case: QDialog) -> None:
        assert isinstance(new_case, NewCaseDialog)
        day.type(new_case.title, CASE_TITLE)
        day.actions += 1
        new_case.accept()

    day.answer_dialog(name_the_case)
    day.click(link.picker.new_button)
    qtbot.waitUntil(lambda: CASE_TITLE in link.picker.combo.currentText(), timeout=20_000)
    case_ref = link.picker.ref
    assert case_ref is not None
    day.actions += 1
    link.link()
    qtbot.waitUntil(
        lambda: all(evidence.model.row_data(shown[n]).cases for n in shown if n != "письмо.jpg"),
        timeout=20_000,
    )

    testimony = new_record(day, window, "testimony")
    qtbot.waitUntil(
        lambda: (
            ref_combo(testimony, "case").findText(CASE_TITLE, Qt.MatchFlag.MatchStartsWith) >= 0
        ),
        timeout=20_000,
    )
    day.choose(ref_combo(testimony, "case"), CASE_TITLE)
    day.choose(ref_combo(testimony, "witness"), "Свидетель-1")
    day.type(line_edit(testimony, "interviewed_on"), "03.2024")
    day.check_in_list(ref_list(testimony, "facilities"), "ИК-6")
    sections = testimony.form.field("sections")
    account = sections.edit("treatment")  # type: ignore[attr-defined]
    day.type(account, "Били дубинками в карантине, неделю держали в ШИЗО.")
    save(day, testimony)

    # -- who each photo shows: the Links tab --------------------------------------------------
    detail = evidence.detail
    for name, person, publishable in (
        ("камера.jpg", "Свидетель-1", False),
        ("синяки.jpg", "Потерпевший-2", False),
        ("двор.jpg", None, True),
    ):
        day.actions += 2  # the Evidence page and the row
        window.show_page("evidence")
        evidence.table.selectRow(shown[name])
        qtbot.waitUntil(
            lambda n=name: detail.item is not None and detail.item.original_name == n,
            timeout=20_000,
        )
        qtbot.waitUntil(detail.save_links.isEnabled, timeout=20_000)
        if person:
            day.check_in_list(detail.links.field("people")._list, person)  # type: ignore[attr-defined]
        if publishable:
            flag = detail.links.field("publishable")._box  # type: ignore[attr-defined]
            day.tick(flag)
        day.click(detail.save_links)
        qtbot.waitUntil(lambda: "редакция" in detail.links_message.text().lower(), timeout=20_000)

    # -- lock, and open the same vault again ------------------------------------------------
    day.actions += 1  # Ctrl+L
    window.lock()
    assert window.pages.currentWidget() is window.lock_screen
    assert str(vault_folder) in window.lock_screen.folder.text()
    day.type(window.lock_screen.secret, PASSPHRASE)
    day.click(window.lock_screen.unlock_button)
    qtbot.waitUntil(lambda: window.vault is not None, timeout=30_000)

    # -- the court dossier --------------------------------------------------------------------
    day.actions += 1  # Экспорт → Досье для правосудия…
    export = window.open_export("accountability")
    assert export is not None
    qtbot.waitUntil(
        lambda: export.case.combo.findText(CASE_TITLE, Qt.MatchFlag.MatchStartsWith) >= 0,
        timeout=20_000,
    )
    day.choose(export.case.combo, CASE_TITLE)
    dossier = tmp_path / "досье"
    day.type(export.destination, str(dossier))
    day.click(export.start_button)
    qtbot.waitUntil(lambda: export.close_button.isVisible(), timeout=120_000)
    day.click(export.close_button)
    exhibits = sorted((dossier / "evidence").iterdir())
    assert len(exhibits) == 3
    expected = {sha256_of(files[n]) for n in ("камера.jpg", "синяки.jpg", "двор.jpg")}
    assert {sha256_of(path) for path in exhibits} == expected
    manifest = (dossier / "manifest.json").read_text(encoding="utf-8")
    assert case_ref in manifest

    # -- the exhibition: only what its people agreed to show ----------------------------------
    day.actions += 1  # Экспорт → Выставка…
    show = window.open_export("exhibition")
    assert show is not None
    qtbot.waitUntil(
        lambda: show.case.combo.findText(CASE_TITLE, Qt.MatchFlag.MatchStartsWith) >= 0,
        timeout=20_000,
    )
    day.choose(show.case.combo, CASE_TITLE)
    assert show.language.currentData() == "ru"  # the interface's language by default
    pdf = tmp_path / "выставка"
    day.type(show.destination, str(pdf))  # typed without .pdf
    day.click(show.start_button)
    qtbot.waitUntil(lambda: show.close_button.isVisible(), timeout=300_000)
    report = show.report.toPlainText()
    day.click(show.close_button)
    written = tmp_path / "выставка.pdf"
    assert written.is_file(), report
    review = json.loads((tmp_path / "выставка.review.json").read_text(encoding="utf-8"))
    photos_shown = [entry for entry in review["included"] if entry["kind"] == "photo"]
    assert len(photos_shown) == 2, report
    references = " ".join(entry["reference"] for entry in photos_shown)
    assert sha256_of(files["синяки.jpg"])[:8] not in references  # no public consent
    assert "Потерпевший-2" in report or "синяки" in report.lower()  # said, not silent
