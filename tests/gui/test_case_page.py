"""The case page: a case's evidence and records, and what each dossier would leave out."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QListWidget
from pytestqt.qtbot import QtBot

from evidence_app.core.case_overview import PURPOSES, REASONS
from evidence_app.core.items_service import find_item
from evidence_app.core.redaction_service import redacted_copy
from evidence_app.gui import badges, i18n
from evidence_app.gui.case_page import CasePage
from evidence_app.gui.evidence_model import THUMBNAIL_SIZE
from evidence_app.gui.main_window import MainWindow
from evidence_app.gui.words import KIND_WORDS
from tests.core.case_material import CASE, build_case


def open_case(qtbot: QtBot, window: MainWindow) -> CasePage:
    window.show_page("case")
    view = window.record_views["case"]
    qtbot.waitUntil(lambda: view.list.count() == 1, timeout=10_000)
    view.list.setCurrentRow(0)
    page = view.case_page
    assert page is not None and view.tabs.currentWidget() is page
    qtbot.waitUntil(lambda: page.overview is not None, timeout=20_000)
    return page


def texts(listing: QListWidget) -> list[str]:
    return [listing.item(row).text() for row in range(listing.count())]


def test_choosing_a_case_shows_its_evidence_testimonies_and_dossier_panels(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    assert opened.vault is not None
    build_case(opened.vault, tmp_path / "received")
    opened.record_views["case"].refresh()
    page = open_case(qtbot, opened)
    assert page.title.text() == "ИК-6: пытки в 2023 году"
    shown = {page.items.item(row).text() for row in range(page.items.rowCount())}
    assert shown == {"Камера ШИЗО", "У ворот колонии", "Синяки", "Стена колонии", "letter.txt"}
    assert [line.split(" · ")[0] for line in texts(page.testimonies)] == ["W-017", "W-018"]
    assert "ИК-6 Копейск · Penal colony (IK) · Chelyabinsk" in texts(page.facilities)
    assert not any(CASE in line or "p-0" in line for line in texts(page.people))
    assert page.court_box.title() == "Court dossier would include 6 of 9"
    assert page.exhibition_box.title() == "Exhibition would include 6 of 8"
    withdrawn = "Evidence: Синяки — W-020: Consent for courts and investigators was withdrawn."
    assert withdrawn in texts(page.court)
    # Pictures arrive from the background, decrypted in memory only.
    photo = next(
        row for row in range(page.items.rowCount()) if page.items.item(row).text() == "Синяки"
    )
    qtbot.waitUntil(
        lambda: page.items.item(photo).icon().pixmap(96).toImage().pixelColor(48, 30).alpha() > 0,
        timeout=10_000,
    )

    opened.lock()
    assert page.overview is None and page.items.rowCount() == 0


def test_in_russian_the_left_out_list_gives_the_persons_consent_reason(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    assert opened.vault is not None
    build_case(opened.vault, tmp_path / "received")
    opened.settings.language = "ru"
    opened.apply_settings()
    page = open_case(qtbot, opened)
    assert page.court_box.title() == "Досье для правосудия включит 6 из 9"
    court = texts(page.court)
    assert "Материалы: Синяки — W-020: Согласие для суда и следствия отозвано." in court
    assert (
        "Свидетельство: W-018 — W-018: Согласие дано только для публичного показа с именем; "
        "не для суда и следствия." in court
    )
    exhibition = texts(page.exhibition)
    assert (
        "Материалы: Синяки — W-020: Ни одно согласие сейчас не действует; "
        "для публичного показа без имени согласия нет." in exhibition
    )


def colours_along_the_lower_edge(picture: QPixmap) -> set[str]:
    image = picture.toImage()
    side = image.height()
    return {
        image.pixelColor(x, y).name()
        for x in range(image.width())
        for y in range(side - side // 4, side)
    }


def test_the_evidence_list_badges_publishable_redacted_and_exported_items(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    assert opened.vault is not None
    shas = build_case(opened.vault, tmp_path / "received")
    redacted_copy(opened.vault, find_item(opened.vault, shas["wall.jpg"]))
    model = opened.evidence.model
    model.reload()
    qtbot.waitUntil(lambda: model.rowCount() == 6, timeout=10_000)
    rows = {model.row_data(row).original_name: row for row in range(model.rowCount())}
    colour = {mark: hex_colour for mark, hex_colour, *_rest in badges.BADGES}

    def decoration(name: str) -> QPixmap:
        picture = model.data(model.index(rows[name], 0), 1)  # DecorationRole
        assert isinstance(picture, QPixmap) and picture.width() == THUMBNAIL_SIZE
        return picture

    wall = colours_along_the_lower_edge(decoration("wall.jpg"))
    assert {colour["linked_to_case"], colour["publishable"], colour["redacted"]} <= wall
    assert colour["exported"] not in wall
    bruises = colours_along_the_lower_edge(decoration("withdrawn.jpg"))
    assert colour["linked_to_case"] in bruises
    assert colour["publishable"] not in bruises and colour["redacted"] not in bruises
    legend = model.data(model.index(rows["wall.jpg"], 0), 3)  # ToolTipRole
    assert "<b>Green, tick: marked publishable</b>" in legend
    assert "<b>Orange" not in legend


def test_every_reason_and_badge_is_translated() -> None:
    words = set(REASONS.values()) | set(PURPOSES.values()) | set(KIND_WORDS.values())
    for _mark, _colour, looks, means in badges.BADGES:
        words |= {looks, means}
    for language in ("ru", "uk"):
        catalog = i18n.catalog(language)
        assert sorted(w for w in words if not catalog.get(w, "").strip()) == []
        for english in REASONS.values():
            for name in ("{person}", "{purpose}"):
                assert (name in english) == (name in catalog[english])
