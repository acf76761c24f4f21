"""A researcher working in Russian types a latitude and a consent date as Russian writes them
(issue 16, local formats); what cannot be saved is said in Russian at the field, by its label."""

from __future__ import annotations

from string import Formatter

import pytest
from pytestqt.qtbot import QtBot

from evidence_app.core import records_service
from evidence_app.gui import i18n
from evidence_app.gui.main_window import MainWindow
from evidence_app.gui.records_view import RecordsView
from evidence_app.gui.settings import AppSettings
from evidence_app.records.local_formats import Refusal
from evidence_app.records.problems import Message


@pytest.fixture
def russian(settings: AppSettings) -> None:
    settings.language = "ru"  # before the window is made: it starts in Russian


def new_record(opened: MainWindow, kind: str) -> RecordsView:
    opened.show_page(kind)
    view = opened.record_views[kind]
    view.new_button.click()
    return view


def saved(qtbot: QtBot, view: RecordsView) -> None:
    view.save_button.click()
    qtbot.waitUntil(lambda: "редакция 1" in view.message.text().lower(), timeout=10_000)


def test_a_latitude_with_a_decimal_comma_and_a_day_first_consent_date_are_saved(
    qtbot: QtBot, russian: None, opened: MainWindow
) -> None:
    assert i18n.language() == "ru"
    facility = new_record(opened, "facility")
    facility.form.field("name").load("ИК-6 Копейск")
    facility.form.field("lat").load("63,7415")  # as typed
    facility.form.field("lon").load("61.5102")  # pasted from a map
    saved(qtbot, facility)

    person = new_record(opened, "person")
    person.form.field("pseudonym").load("W-1")
    person.form.field("consent").load([{"scope": "legal", "given_on": "15.03.2024"}])
    saved(qtbot, person)

    vault = opened.vault
    assert vault is not None
    assert records_service.get_record(vault, "facility", "f-1").body["lat"] == 63.7415
    assert records_service.get_record(vault, "facility", "f-1").body["lon"] == 61.5102
    consent = records_service.get_record(vault, "person", "p-1").body["consent"]
    assert consent[0]["given_on"] == "2024-03-15"

    # Opened again, the stored values are shown as Russian writes them.
    facility.refresh(select="f-1")
    qtbot.waitUntil(lambda: facility.form.ref.isReadOnly(), timeout=10_000)
    assert facility.form.field("lat")._edit.text() == "63,7415"  # type: ignore[attr-defined]
    person.refresh(select="p-1")
    qtbot.waitUntil(lambda: person.form.ref.isReadOnly(), timeout=10_000)
    court = person.form.field("consent").rows["legal"]  # type: ignore[attr-defined]
    assert court.given.text() == "15.03.2024" and court.check.isChecked()


def test_a_date_the_calendar_lacks_is_refused_in_russian_by_the_fields_label_and_not_saved(
    qtbot: QtBot, russian: None, opened: MainWindow
) -> None:
    person = new_record(opened, "person")
    person.form.field("pseudonym").load("W-1")
    person.form.field("consent").load([{"scope": "legal", "given_on": "31.02.2024"}])
    person.save_button.click()
    said = "«Согласие», строка 1, «Дано»: такой даты нет в календаре: 31.02.2024"
    assert said in person.message.text()
    assert person.form.problem_at("consent") == said

    incident = new_record(opened, "incident")
    date = incident.form.field("date")
    date.load("15.03.24")
    date._edit.editingFinished.emit()  # type: ignore[attr-defined]  # leaving the field
    assert incident.form.problem_at("date") == (
        "«Дата (2023, 05.2023 …)»: должно быть датой вида 15.03.2024, 03.2024 или 2024"
    )
    date.load("15.03.2024")
    date._edit.editingFinished.emit()  # type: ignore[attr-defined]
    assert incident.form.problem_at("date") == ""

    qtbot.wait(300)  # nothing was sent to be saved
    vault = opened.vault
    assert vault is not None
    assert records_service.list_records(vault, "person") == []


def test_what_the_service_refuses_is_said_in_russian_at_the_field(
    qtbot: QtBot, russian: None, opened: MainWindow
) -> None:
    facility = new_record(opened, "facility")
    facility.form.field("lat").load("95,5")
    facility.save_button.click()
    qtbot.waitUntil(lambda: "Не сохранено" in facility.message.text(), timeout=10_000)
    assert facility.form.problem_at("lat") == "«Широта»: должно быть числом от -90 до 90"
    assert facility.form.problem_at("name") == "«Имя»: обязательно"
    assert "facilities[0]" not in facility.message.text()
    vault = opened.vault
    assert vault is not None
    assert records_service.list_records(vault, "facility") == []


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_every_message_the_validator_and_the_fields_can_give_is_translated(language: str) -> None:
    catalog = i18n.catalog(language)
    templates = [message.value for message in Message] + [refusal.value for refusal in Refusal]
    assert [t for t in templates if not catalog.get(t, "").strip()] == []
    for template in templates:  # a translation names no parameter its message lacks
        assert fields(catalog[template]) <= fields(template) | extra.get(template, set())


def fields(template: str) -> set[str]:
    return {name for _text, name, _spec, _conv in Formatter().parse(template) if name}


# The vocabulary's refusal is in English; its translation names the code refused instead.
extra = {Message.UNKNOWN_CODE.value: {"code"}}
