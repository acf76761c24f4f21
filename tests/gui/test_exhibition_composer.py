"""The exhibition composer: what a case's exhibition would show and leave out, in the order
the curator gives it, written by the same export as the CLI's."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

import pypdfium2
import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QListWidget
from pytestqt.qtbot import QtBot

from evidence_app.core import exhibition_service
from evidence_app.core.exhibition_preview import preview_exhibition
from evidence_app.core.items_service import custody_log, find_item
from evidence_app.core.records_service import get_record, record_revisions
from evidence_app.gui import i18n
from evidence_app.gui.exhibition_composer import ExhibitionComposer
from evidence_app.gui.main_window import MainWindow
from evidence_app.gui.words import left_out_line
from evidence_app.storage.models import ExhibitNumber, Item
from evidence_app.storage.vault import Vault
from tests.core.case_material import CASE, build_case

SHOTS = Path(os.environ.get("EVIDENCE_SHOTS", "/tmp/shots"))

CAPTIONS = {"Камера ШИЗО", "У ворот колонии", "Стена колонии"}


def texts(listing: QListWidget) -> list[str]:
    return [listing.item(row).text() for row in range(listing.count())]


def captions(composer: ExhibitionComposer) -> list[str]:
    return [line.split("\n")[1] for line in texts(composer.included)]


def composer_for_case(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> ExhibitionComposer:
    assert window.vault is not None
    build_case(window.vault, tmp_path / "received")
    composer = window.open_composer()
    assert composer is not None
    qtbot.waitUntil(lambda: composer.cases.count() > 0, timeout=20_000)
    (row,) = [
        r
        for r in range(composer.cases.count())
        if composer.cases.item(r).data(Qt.ItemDataRole.UserRole) == CASE
    ]
    # The composer shows the first case by itself; it may be this one, composed already.
    composer.cases.setCurrentRow(row)
    qtbot.waitUntil(
        lambda: composer.composition is not None and composer.composition.case_ref == CASE,
        timeout=30_000,
    )
    return composer


def reordered(qtbot: QtBot, composer: ExhibitionComposer, move: object) -> None:
    with qtbot.waitSignal(composer.composed, timeout=30_000):
        assert callable(move)
        move()


def test_the_composer_shows_what_is_included_and_left_out_as_the_export_says(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    composer = composer_for_case(qtbot, opened, tmp_path)
    assert set(captions(composer)) == CAPTIONS
    photo = composer.included.item(0)
    assert not photo.icon().isNull()  # the thumbnail, decrypted in memory only
    assert composer.texts.count() >= 1  # the excerpts the curator chose
    shown = texts(composer.left_out)
    assert any("Синяки" in line and "No consent is in force" in line for line in shown)
    assert any("letter.txt" in line and "Not a photo" in line for line in shown)
    assert composer.left_out_box.title() == f"Left out: {len(shown)}"

    assert opened.vault is not None
    result = exhibition_service.export_exhibition(
        opened.vault, CASE, tmp_path / "cli.pdf", accept_all_proposed=True
    )
    # Every reason the export gives is the one the composer showed, word for word.
    assert sorted(left_out_line(entry) for entry in result.left_out) == sorted(shown)


def test_reordering_in_the_composer_changes_the_exported_pdf(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    composer = composer_for_case(qtbot, opened, tmp_path)
    first, second, third = captions(composer)
    # The "Later" button beside the list, then a drop as the list makes it for a drag.
    composer.included.setCurrentRow(0)
    reordered(qtbot, composer, composer.down_button.click)
    assert captions(composer) == [second, first, third]
    model = composer.included.model()
    reordered(qtbot, composer, lambda: model.moveRow(QModelIndex(), 2, QModelIndex(), 0))
    order = [third, second, first]
    assert captions(composer) == order
    # Never exported: no number yet. A number names a photo; it does not place it.
    assert texts(composer.included)[0].startswith("New exhibit · ")

    composer.destination.setText(str(tmp_path / "show"))  # typed without .pdf
    composer.export_button.click()
    qtbot.waitUntil(lambda: composer.job is None, timeout=300_000)
    pdf = tmp_path / "show.pdf"
    assert pdf.is_file(), composer.report.toPlainText()
    assert composer.status.text() == "Done."
    assert composer.bar.value() == 1000
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    places = [text.find(caption) for caption in order]
    assert -1 not in places and places == sorted(places), text
    review = json.loads((tmp_path / "show.review.json").read_text(encoding="utf-8"))
    assert opened.vault is not None
    ids = [str(composer.included.item(row).data(Qt.ItemDataRole.UserRole)) for row in range(3)]
    assert [e["reference"][-8:] for e in review["included"] if e["kind"] == "photo"] == [
        find_item(opened.vault, item_id).sha256[:8] for item_id in ids
    ]


def in_language(qtbot: QtBot, composer: ExhibitionComposer, language: str) -> None:
    if composer.language.currentData() == language:
        return
    with qtbot.waitSignal(composer.composed, timeout=30_000):
        composer.language.setCurrentIndex(composer.language.findData(language))


def test_a_caption_edited_for_the_russian_edition_is_saved_and_exported(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    composer = composer_for_case(qtbot, opened, tmp_path)
    in_language(qtbot, composer, "ru")
    row = captions(composer).index("Стена колонии")
    composer.included.setCurrentRow(row)
    assert composer.caption.text() == "Стена колонии"
    vault = opened.vault
    assert vault is not None
    sha = find_item(vault, str(composer.included.item(row).data(Qt.ItemDataRole.UserRole))).sha256
    revisions = len(record_revisions(vault, "evidence", sha))

    composer.caption.setText("Стена колонии ночью")
    reordered(qtbot, composer, composer.caption_button.click)

    body = get_record(vault, "evidence", sha).body
    assert body["translations"]["ru"]["caption"] == "Стена колонии ночью"
    assert body["caption"] == "Стена колонии" and body["cases"] == [CASE]
    assert len(record_revisions(vault, "evidence", sha)) == revisions + 1
    assert "Стена колонии ночью" in captions(composer)
    assert composer.caption.text() == "Стена колонии ночью"  # the same photo stays chosen
    pdf = tmp_path / "ru.pdf"
    exhibition_service.export_exhibition(vault, CASE, pdf, language="ru", accept_all_proposed=True)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Стена колонии ночью" in text


def recorded(vault: Vault) -> tuple[int, int, int]:
    """Events other than the face detector's first look (stored as an export stores it),
    items, exhibit numbers."""
    with vault.reader() as session:
        items = session.query(Item).count()
        numbers = session.query(ExhibitNumber).count()
    events = [e for e in custody_log(vault) if e.action != "item.regions_proposed"]
    return len(events), items, numbers


def test_the_preview_shows_every_page_and_writes_logs_and_numbers_nothing(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    i18n.set_language("ru")  # the window speaks Russian; reset by the window fixture
    composer = composer_for_case(qtbot, opened, tmp_path)
    assert composer.language.currentData() == "ru"  # the edition starts in the window's language
    vault = opened.vault
    assert vault is not None
    before = recorded(vault)
    files = sorted(tmp_path.rglob("*"))
    scratch = tmp_path.parent / f"{tmp_path.name}-tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", None)  # gettempdir() reads TMPDIR again

    composer.preview_button.click()
    preview = composer.preview
    assert preview is not None
    with qtbot.waitSignal(preview.shown, timeout=120_000):
        pass

    expected = len(pypdfium2.PdfDocument(preview_exhibition(vault, CASE, "a4", "ru").pdf))
    assert expected >= 5 and len(preview.pages) == expected
    for page in preview.pages:
        assert page.isVisible() and page.size() == page.pixmap().size()
        assert page.width() > 500 and page.height() > page.width()  # a whole A4 page
    assert preview.status.text() == f"Страниц: {expected}."
    assert list(scratch.iterdir()) == []
    assert sorted(tmp_path.rglob("*")) == files
    assert recorded(vault) == before  # no export event, no redacted copy, no exhibit number
    assert texts(composer.included)[0].startswith("Новый экспонат")

    first, second = preview.pages[:2]
    qtbot.waitUntil(lambda: second.y() >= first.y() + first.height())  # stacked, not overlaid
    SHOTS.mkdir(parents=True, exist_ok=True)
    preview.grab().save(str(SHOTS / "composer_preview_ru.png"))
