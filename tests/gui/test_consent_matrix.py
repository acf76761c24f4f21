"""Consent in plain words (issue 16): a matrix of purposes a researcher reads in Russian or
Ukrainian, the same consent ledger saved back, and a save that takes testimony out of the
court dossier saying so at once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from evidence_app.core import records_service
from evidence_app.gui import i18n
from evidence_app.gui.consent_matrix import SCOPE_TITLES, Consent
from evidence_app.gui.consent_words import reason_text
from evidence_app.gui.main_window import MainWindow
from evidence_app.gui.record_forms import RecordForm
from evidence_app.gui.records_view import RecordsView
from evidence_app.records.consent import SCOPES
from evidence_app.records.reasons import TEMPLATES, Reason
from tests.gui.test_workspace import import_sample_records

LEDGER = [
    {
        "scope": "legal",
        "given_on": "2025-03-01",
        "recorded_by": "O. K.",
        "note": "signed form",
        "withdrawn_on": "2025-09-10",
    },
    {
        "scope": "public_anonymous",
        "given_on": "2025-03-01",
        "recorded_by": "O. K.",
        "note": None,
        "withdrawn_on": None,
    },
    {
        "scope": "internal",
        "given_on": "2024",
        "recorded_by": None,
        "note": None,
        "withdrawn_on": None,
    },
]
TODAY = date.today().isoformat()


@pytest.fixture
def russian() -> Iterator[None]:
    i18n.set_language("ru")
    yield
    i18n.set_language("en")


@pytest.fixture
def matrix(qtbot: QtBot, russian: None) -> Iterator[Consent]:
    form = RecordForm("person", lambda _kind: [])
    qtbot.addWidget(form)
    form.load("p-017", {"pseudonym": "W-017", "consent": [dict(e) for e in LEDGER]})
    consent = form.field("consent")
    assert isinstance(consent, Consent)
    yield consent  # while the form lives


def test_the_matrix_shows_each_purpose_in_russian_and_saves_the_ledger_back_unchanged(
    matrix: Consent,
) -> None:
    assert set(SCOPE_TITLES) == set(SCOPES)  # a row for every purpose the format knows
    legal = matrix.rows["legal"]
    assert legal.check.text() == "Суд и следствие"
    assert not legal.check.isChecked()  # withdrawn
    assert (legal.given.text(), legal.withdrawn.text()) == ("01.03.2025", "10.09.2025")  # as typed
    assert matrix.rows["public_anonymous"].check.isChecked()
    assert matrix.rows["internal"].check.isChecked()
    assert not matrix.rows["public_named"].check.isChecked()
    assert "не разрешает использование в суде" in matrix.independent.text()
    assert "signed form" in legal.check.toolTip()  # what the matrix does not show is kept
    assert matrix.value() == LEDGER


def test_ticking_court_after_a_withdrawal_adds_a_new_legal_entry_dated_today(
    matrix: Consent,
) -> None:
    matrix.rows["legal"].check.click()
    saved = matrix.value()
    assert saved[0] == LEDGER[0]  # the withdrawal stays in the history
    assert saved[3:] == [
        {
            "scope": "legal",
            "given_on": TODAY,
            "recorded_by": None,
            "note": None,
            "withdrawn_on": None,
        }
    ]


def test_ticking_a_purpose_never_given_takes_the_date_typed(qtbot: QtBot, matrix: Consent) -> None:
    named = matrix.rows["public_named"]
    qtbot.keyClicks(named.given, "2026-02-14")
    assert named.check.isChecked()  # a date of consent typed is consent given
    assert matrix.value()[3:] == [
        {
            "scope": "public_named",
            "given_on": "2026-02-14",
            "recorded_by": None,
            "note": None,
            "withdrawn_on": None,
        }
    ]


def test_unticking_withdraws_the_entry_today_and_removes_nothing(matrix: Consent) -> None:
    matrix.rows["public_anonymous"].check.click()
    saved = matrix.value()
    assert len(saved) == len(LEDGER)
    assert saved[1] == {**LEDGER[1], "withdrawn_on": TODAY}
    matrix.rows["public_anonymous"].check.click()  # ticked again: nothing was withdrawn
    assert matrix.value() == LEDGER


def test_clearing_a_withdrawal_date_gives_consent_anew_instead_of_erasing_the_withdrawal(
    qtbot: QtBot, matrix: Consent
) -> None:
    legal = matrix.rows["legal"]
    legal.withdrawn.selectAll()
    qtbot.keyClick(legal.withdrawn, Qt.Key.Key_Delete)
    saved = matrix.value()
    assert saved[0] == LEDGER[0]
    assert saved[3]["scope"] == "legal" and saved[3]["given_on"] == TODAY


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_every_reason_code_is_translated_without_codes_or_english(language: str) -> None:
    params = {"wanted": "legal", "given": ["public_anonymous", "public_named"], "error": "x"}
    raw = re.compile(
        "|".join([*(rf"\b{s}\b" for s in SCOPES), *(r.value for r in Reason if "_" in r.value)])
    )
    i18n.set_language(language)
    try:
        for code in Reason:
            shown = reason_text(code, params)
            english = TEMPLATES[code].split("{")[0].strip()
            assert english not in shown, (code, shown)
            assert not raw.search(shown) and not re.search(r"[A-Za-z]{3,}", shown), shown
    finally:
        i18n.set_language("en")


def open_person(qtbot: QtBot, window: MainWindow, ref: str) -> RecordsView:
    dialog = window.open_settings()
    dialog.language.setCurrentIndex(dialog.language.findData("ru"))
    dialog.accept()
    window.show_page("person")
    view = window.record_views["person"]
    view.refresh()
    qtbot.waitUntil(lambda: view.list.count() >= 3, timeout=10_000)
    row = next(
        row
        for row in range(view.list.count())
        if view.list.item(row).data(Qt.ItemDataRole.UserRole)[0] == ref
    )
    view.list.setCurrentRow(row)
    assert view.form.ref.text() == ref and not view.left_out.isVisible()
    return view


def save_and_warning(qtbot: QtBot, view: RecordsView) -> str:
    view.save_button.click()
    qtbot.waitUntil(lambda: view.left_out.isVisible(), timeout=20_000)
    warning = view.left_out.text()
    assert warning.startswith("Сохранено. После этого изменения материалы не входят в досье:")
    assert not re.search(r"\b(legal|public_anonymous|public_named|internal)\b", warning)
    return warning


def test_saving_a_witness_with_only_anonymous_publication_warns_in_russian(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    """The trial: a willing witness recorded with "Public, without name" only."""
    import_sample_records(opened, tmp_path)
    assert opened.vault is not None
    records_service.save_record(opened.vault, "person", "p-030", {"pseudonym": "W-030"})
    testimony = {"case": "case-ik6", "witness": "p-030", "sections": {"narrative": "Били."}}
    records_service.save_record(opened.vault, "testimony", "t-30", testimony)
    view = open_person(qtbot, opened, "p-030")
    matrix = view.form.field("consent")
    assert isinstance(matrix, Consent)
    matrix.rows["public_anonymous"].check.click()
    warning = save_and_warning(qtbot, view)
    assert (
        "• Свидетельство Били. (t-30) не входит в досье для правосудия по делу "
        "ИК-6: пытки в 2023 году (case-ik6). Согласие дано только для публичного показа без "
        "имени; не для суда и следствия." in warning
    )
    assert "выставк" not in warning  # the exhibition may show it
    saved = records_service.get_record(opened.vault, "person", "p-030").body["consent"]
    assert [(e["scope"], e["given_on"]) for e in saved] == [("public_anonymous", TODAY)]


def test_withdrawing_court_consent_warns_of_each_piece_leaving_the_court_dossier(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    import_sample_records(opened, tmp_path)  # p-017: legal and public_anonymous; witness of t-1
    view = open_person(qtbot, opened, "p-017")
    matrix = view.form.field("consent")
    assert isinstance(matrix, Consent)
    matrix.rows["legal"].check.click()
    warning = save_and_warning(qtbot, view)
    assert (
        " (t-1) не входит в досье для правосудия по делу ИК-6: пытки в 2023 году (case-ik6). "
        "Согласие для суда и следствия отозвано." in warning
    )
    assert "• Инцидент i-1 не входит" in warning  # an incident with no words of its own
    assert opened.vault is not None
    person = records_service.get_record(opened.vault, "person", "p-017").body
    assert person["consent"][0]["withdrawn_on"] == TODAY  # the entry kept, dated withdrawn
    assert person["consent"][1]["withdrawn_on"] is None
    # Saving something else about the person says nothing more.
    view.form.field("pseudonym").load("W-017b")
    view.save_button.click()
    qtbot.waitUntil(lambda: "3" in view.message.text(), timeout=20_000)
    assert not view.left_out.isVisible()
