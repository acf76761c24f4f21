"""The exhibition composer: what a case's exhibition would show and leave out, in the order
the curator gives it, written by the same export as the CLI's."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QListWidget
from pytestqt.qtbot import QtBot

from evidence_app.core import exhibition_service
from evidence_app.core.items_service import find_item
from evidence_app.gui.exhibition_composer import ExhibitionComposer
from evidence_app.gui.main_window import MainWindow
from evidence_app.gui.words import left_out_line
from tests.core.case_material import CASE, build_case

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
    with qtbot.waitSignal(composer.composed, timeout=30_000):
        composer.cases.setCurrentRow(row)
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
