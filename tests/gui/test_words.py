"""Under a Russian interface the researcher reads words, not codes: what happened to an item,
what kind of file it is and how big, which evidence a witness is linked to, what a search
found, and why an export left something out."""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from evidence_app.core import links_service
from evidence_app.core.case_overview import REASONS, DossierEntry, Reason
from evidence_app.custody.events import ACTIONS
from evidence_app.gui import i18n, words
from evidence_app.gui.evidence_model import COLUMNS
from evidence_app.gui.main_window import MainWindow
from tests.core.case_material import CASE, build_case
from tests.gui.test_workspace import import_and_wait, import_sample_records, received_files

SHOTS = Path(os.environ.get("EVIDENCE_SHOTS", "/tmp/shots"))
HEX = re.compile(r"\b[0-9a-f]{12,}\b")


def in_russian(window: MainWindow) -> None:
    window.settings.language = "ru"
    window.apply_settings()


def shot(widget: QWidget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"words_{name}.png"))


def test_an_items_view_says_what_happened_to_it_what_it_is_and_its_size(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    in_russian(opened)
    import_and_wait(qtbot, opened, received_files(tmp_path / "in", 1))
    model, detail = opened.evidence.model, opened.evidence.detail
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=10_000)
    opened.evidence.table.selectRow(0)
    qtbot.waitUntil(lambda: detail.item is not None, timeout=10_000)
    opened.resize(1200, 900)
    shot(opened, "item_custody")

    actions = [detail.custody.item(row, 2).text() for row in range(detail.custody.rowCount())]
    assert actions == ["Импортировано"]
    assert detail.media_type.text() == "Фото JPEG"
    assert detail.media_type.toolTip() == "image/jpeg"  # the code, for whoever needs it
    size = detail.size_label.text()
    assert re.fullmatch(r"\d+(,\d)? (Б|КБ|МБ) \([\d\u00a0]+\)", size), size
    size_column = [heading for heading, *_ in COLUMNS].index("Size")
    assert "KiB" not in model.index(0, size_column).data()


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_sizes_use_the_units_of_the_language(language: str) -> None:
    i18n.set_language(language)
    try:
        assert i18n.format_size(20 * 1024) == "20,0 КБ"
        assert i18n.format_size(3 * 1024 * 1024) == "3,0 МБ"
        assert i18n.format_size(512) == "512 Б"
    finally:
        i18n.set_language("en")


def test_media_types_are_named_in_words() -> None:
    i18n.set_language("ru")
    try:
        assert words.media_words("image/jpeg") == "Фото JPEG"
        assert words.media_words("application/pdf") == "Документ PDF"
        assert words.media_words("text/plain; charset=utf-8") == "Текст"
        assert words.media_words("image/png") == "Изображение PNG"
        assert words.media_words("audio/x-wav") == "Аудиозапись WAV"
        assert words.media_words("video/mp4") == "Видео MP4"
        assert words.media_words("application/x-unknown") == "application/x-unknown"
    finally:
        i18n.set_language("en")


def test_a_witness_evidence_is_listed_by_caption_or_file_name_never_by_hash(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    assert opened.vault is not None
    shas = build_case(opened.vault, tmp_path / "received")
    links_service.save_evidence_record(
        opened.vault, shas["letter.txt"], {"people": ["p-017"], "cases": [CASE]}
    )
    in_russian(opened)
    opened.show_page("testimony")
    view = opened.record_views["testimony"]
    view.refresh(select="t-1")
    qtbot.waitUntil(lambda: "Камера ШИЗО" in view.evidence.text(), timeout=10_000)
    shown = view.evidence.text()
    assert "• Камера ШИЗО" in shown and "• letter.txt" in shown
    assert not HEX.search(shown)
    assert shas["letter.txt"] in view.evidence.toolTip()  # the hash stays at hand


def test_a_search_hit_keeps_the_capitals_and_leads_with_its_title(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    import_sample_records(opened, tmp_path)
    in_russian(opened)
    opened.search.setText("шизо")
    opened.run_search()
    results = opened.search_page.results
    qtbot.waitUntil(lambda: results.count() > 0, timeout=10_000)
    testimony = next(
        results.item(row)
        for row in range(results.count())
        if results.item(row).data(Qt.ItemDataRole.UserRole) == ("testimony", "t-1")
    )
    shown = results.itemWidget(testimony).text()
    assert "<b>ШИЗО</b>" in shown
    # Kind in words, then the title; the ref only after it, in grey.
    assert shown.index("Свидетельство") < shown.index("<b>2") < shown.index(">t-1<")


def test_an_accountability_export_reports_what_it_left_out_in_russian(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    assert opened.vault is not None
    build_case(opened.vault, tmp_path / "received")
    in_russian(opened)
    dialog = opened.open_export("accountability")
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.case.combo.findData(CASE) >= 0, timeout=10_000)
    dialog.case.combo.setCurrentIndex(dialog.case.combo.findData(CASE))
    dialog.destination.setText(str(tmp_path / "dossier"))
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.close_button.isVisible(), timeout=60_000)
    shot(dialog, "export_result")

    report = dialog.report.toPlainText()
    assert report.startswith("Экспонатов записано: 3")
    left_out = report.split("Не включено:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert (
        "• Свидетельство: W-018 — W-018: Согласие дано только для публичного показа с именем; "
        "не для суда и следствия." in left_out
    )
    assert "• Материалы: Синяки — W-020: Согласие для суда и следствия отозвано." in left_out
    for line in left_out:  # no English reason, no ref, no hash
        assert not re.search(r"\b(testimony|incident|consent|[tpi]-\d+)\b", line), line
        assert not HEX.search(line), line


def test_a_left_out_item_is_listed_with_its_exhibit_number_once_it_has_one() -> None:
    why = Reason("", words="Left out.")
    numbered = DossierEntry("item", "item-id", "Камера ШИЗО", why, number="case-ik6-E0001")
    assert words.left_out_line(numbered) == "Evidence: case-ik6-E0001 · Камера ШИЗО — Left out."
    unnumbered = DossierEntry("item", "item-id", "Камера ШИЗО", why)
    assert words.left_out_line(unnumbered) == "Evidence: Камера ШИЗО — Left out."


def refusal_codes() -> set[str]:
    """Every code a selection gives for leaving something out, read from its source."""
    import evidence_app.core.exhibition_service as exhibition_service
    import evidence_app.export.exhibition_selection as exhibition_selection
    import evidence_app.export.selection as selection
    import evidence_app.records.consent as consent
    from evidence_app.records.reasons import Reason as Code

    codes = set()
    for module in (consent, selection, exhibition_selection, exhibition_service):
        tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "Reason"
            ):
                codes.add(Code[node.attr].value)
    return codes


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_every_custody_action_and_reason_for_leaving_out_has_words(language: str) -> None:
    assert set(words.ACTION_WORDS) == ACTIONS
    assert refusal_codes() and refusal_codes() <= set(REASONS)
    catalog = i18n.catalog(language)
    i18n.set_language(language)
    try:
        for action in ACTIONS:
            said = words.action_words(action)
            assert catalog.get(words.ACTION_WORDS[action]) == said and "." not in said, action
        for code in REASONS:
            sentence = Reason(code, person="W-1", purpose="legal").sentence(i18n.tr)
            assert sentence != Reason(code, person="W-1", purpose="legal").sentence(), code
            assert not re.search(r"[a-z]", sentence.replace("W-1", "")), (code, sentence)
    finally:
        i18n.set_language("en")


def test_what_an_interrupted_export_left_is_told_in_the_interfaces_language() -> None:
    from evidence_app.core.export_staging import DRIVE_ABSENT, LEFTOVER_WORDS
    from evidence_app.core.vault_service import Notice

    _removed, not_removed = LEFTOVER_WORDS["exhibition"]
    reason = Notice(DRIVE_ABSENT, {"folder": "/media/usb"})
    notice = Notice(not_removed, {"when": "2026-03-01 10:00 UTC", "path": "/media/usb/.x"})
    notice = Notice(notice.template, {**notice.values, "reason": reason})
    i18n.set_language("ru")
    try:
        said = notice.render(i18n.tr)
    finally:
        i18n.set_language("en")
    assert said.startswith("Экспорт выставки, прерванный 2026-03-01 10:00 UTC")
    assert "(диска, на котором была папка /media/usb, нет)" in said
    assert "could not" not in said
    # The command line says the same in English.
    assert "the drive that held /media/usb is absent" in str(notice)
