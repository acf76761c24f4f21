"""Numbers and partial dates typed as the interface language writes them (issue 16, local
formats): a Russian decimal comma and a day-first date are read; what could be read two
ways, or names a day the calendar lacks, is refused rather than guessed."""

from __future__ import annotations

import pytest

from evidence_app.records.document import InvalidDocument, parse_document
from evidence_app.records.local_formats import (
    Refusal,
    Unreadable,
    date_examples,
    format_date,
    format_number,
    parse_date,
    parse_number,
)
from evidence_app.records.problems import Message
from tests.records.schema_samples import parse_one


@pytest.mark.parametrize(
    ("language", "text", "number"),
    [
        ("ru", "63,7415", 63.7415),
        ("uk", "63,7415", 63.7415),
        ("ru", "63.7415", 63.7415),  # pasted from a map
        ("uk", " 41.2 ", 41.2),
        ("en", "63.7415", 63.7415),
        ("ru", "-33,5", -33.5),
        ("ru", "\u221233,5", -33.5),  # the minus sign some sources paste
        ("ru", "1984", 1984),
        ("en", "", None),
    ],
)
def test_a_number_is_read_with_the_languages_decimal_separator_or_a_dot(
    language: str, text: str, number: float | None
) -> None:
    read = parse_number(text, language)
    assert read == number and type(read) is type(number)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "63,7415"),  # in English a comma may be a thousands separator: not guessed
        ("ru", "1 234,5"),  # no thousands separators at all: years and coordinates need none
        ("ru", "1\u00a0234,5"),
        ("en", "1,234.5"),
        ("ru", "63,74,15"),
        ("ru", "1e5"),
        ("ru", "nan"),
        ("ru", "inf"),
        ("ru", "1_000"),
        ("uk", "шістдесят"),
    ],
)
def test_a_number_that_could_be_read_two_ways_or_not_at_all_is_refused(
    language: str, text: str
) -> None:
    with pytest.raises(Unreadable) as refused:
        parse_number(text, language)
    assert refused.value.refusal is Refusal.NOT_A_NUMBER
    assert refused.value.params["example"] == format_number(63.7415, language)


@pytest.mark.parametrize(
    ("language", "value", "shown"),
    [
        ("ru", 63.7415, "63,7415"),
        ("uk", -33.5, "-33,5"),
        ("en", 63.7415, "63.7415"),
        ("ru", 1984, "1984"),
        ("ru", 0.00001, "0,00001"),  # never 1e-05
        ("ru", None, ""),
    ],
)
def test_a_stored_number_is_shown_as_the_language_writes_it_and_reads_back_the_same(
    language: str, value: float | None, shown: str
) -> None:
    assert format_number(value, language) == shown
    assert parse_number(shown, language) == value


@pytest.mark.parametrize(
    ("language", "text", "iso"),
    [
        ("ru", "15.03.2024", "2024-03-15"),
        ("uk", "15.03.2024", "2024-03-15"),
        ("ru", "5.3.2024", "2024-03-05"),
        ("ru", "03.2023", "2023-03"),
        ("uk", "3.2023", "2023-03"),
        ("ru", "2023", "2023"),
        ("ru", "2024-03-15", "2024-03-15"),  # ISO, as typed
        ("uk", "2023-03", "2023-03"),
        ("en", "15/03/2024", "2024-03-15"),  # en-GB: day first
        ("en", "03/2023", "2023-03"),
        ("en", "2024-03-15", "2024-03-15"),
        ("ru", "29.02.2024", "2024-02-29"),
        ("ru", "  ", None),
    ],
)
def test_a_date_is_read_day_first_or_as_iso_and_stored_as_an_iso_partial_date(
    language: str, text: str, iso: str | None
) -> None:
    assert parse_date(text, language) == iso


@pytest.mark.parametrize(
    ("language", "text", "refusal"),
    [
        ("ru", "31.02.2024", Refusal.NO_SUCH_DATE),
        ("ru", "29.02.2023", Refusal.NO_SUCH_DATE),
        ("uk", "15.13.2024", Refusal.NO_SUCH_DATE),
        ("en", "03/15/2024", Refusal.NO_SUCH_DATE),  # US order: month 15 does not exist
        ("ru", "2024-02-30", Refusal.NO_SUCH_DATE),
        ("ru", "15.03.24", Refusal.NOT_A_DATE),  # a two-digit year could be any century
        ("ru", "15 марта 2024", Refusal.NOT_A_DATE),
        ("uk", "весна 2023", Refusal.NOT_A_DATE),
        ("ru", "2024-3-5", Refusal.NOT_A_DATE),
    ],
)
def test_a_date_the_calendar_lacks_or_that_is_not_written_as_one_is_refused(
    language: str, text: str, refusal: Refusal
) -> None:
    with pytest.raises(Unreadable) as refused:
        parse_date(text, language)
    assert refused.value.refusal is refusal


def test_a_refused_date_says_what_may_be_typed_in_the_language() -> None:
    with pytest.raises(Unreadable) as refused:
        parse_date("вчера", "ru")
    assert str(refused.value) == "must be a date like 15.03.2024, 03.2024 or 2024"
    assert date_examples("en") == {"day": "15/03/2024", "month": "03/2024", "year": "2024"}


@pytest.mark.parametrize(
    ("language", "iso", "shown"),
    [
        ("ru", "2024-03-15", "15.03.2024"),
        ("uk", "2023-03", "03.2023"),
        ("ru", "2023", "2023"),
        ("en", "2024-03-15", "15/03/2024"),
        ("en", "2023-03", "03/2023"),
        ("ru", None, ""),
    ],
)
def test_a_stored_partial_date_is_shown_as_the_language_writes_it_and_reads_back_the_same(
    language: str, iso: str | None, shown: str
) -> None:
    assert format_date(iso, language) == shown
    assert parse_date(shown, language) == iso


def test_what_is_read_is_what_the_validator_accepts() -> None:
    body = parse_one(
        "facility",
        {"ref": "f-1", "name": "ИК-6", "lat": parse_number("63,7415", "ru")},
    ).body
    assert body["lat"] == 63.7415
    person = parse_one(
        "person",
        {
            "ref": "p-1",
            "consent": [{"scope": "legal", "given_on": parse_date("15.03.2024", "uk")}],
        },
    ).body
    assert person["consent"][0]["given_on"] == "2024-03-15"


def test_a_finding_has_its_place_and_code_and_prints_as_the_english_line() -> None:
    document = {
        "format": "evidence-app/records",
        "version": 1,
        "facilities": [{"ref": "f-1", "name": "ИК-6", "lat": "63,7415"}],
        "people": [{"ref": "p-1", "consent": [{"scope": "legal", "given_on": "15.03.2024"}]}],
        "testimonies": [{"ref": "t-1", "period": {"from": "2023-09", "to": "2023-03"}}],
    }
    with pytest.raises(InvalidDocument) as refused:
        parse_document(document, lambda _v, _c: None, lambda _k: [])
    # The first finding at each path (a date not read is then also missing).
    problems = {p.path: p for p in reversed(refused.value.problems)}
    assert [str(problem) for problem in refused.value.problems] == refused.value.errors

    lat = problems["facilities[0].lat"]
    assert (lat.kind, lat.field, lat.row, lat.part) == ("facility", "lat", None, None)
    assert lat.message is Message.NOT_A_NUMBER and dict(lat.params) == {"low": -90, "high": 90}
    assert str(lat) == "facilities[0].lat: must be a number from -90 to 90"

    given = problems["people[0].consent[0].given_on"]
    assert (given.kind, given.field, given.row, given.part) == (
        "person",
        "consent",
        0,
        "given_on",
    )
    assert given.message is Message.NOT_A_DATE
    assert given.text == "'15.03.2024' is not a date like 2023, 2023-05 or 2023-05-01"

    period = problems["testimonies[0].period"]
    assert (period.kind, period.field, period.message) == (
        "testimony",
        "period",
        Message.PERIOD_REVERSED,
    )
    assert period.text == "the period 2023-09…2023-03 ends before it starts"
