"""One description of each kind of record (records.schema): the validator, the facets, the
search text and the titles are derived from it, so they agree with it field by field."""

from __future__ import annotations

import copy

import pytest

from evidence_app.core.records_service import check_code
from evidence_app.records.document import InvalidDocument, parse_document
from evidence_app.records.facets import facets_of, fold, search_text_of
from evidence_app.records.schema import CONSENT_ENTRY, RECORD_KINDS, Type
from evidence_app.records.search_snippets import record_text
from evidence_app.records.titles import title_of
from evidence_app.records.vocabularies import vocabulary
from tests.records.schema_samples import KNOWN_REF, full_entry, parse_one, ref_of, sample_value

KINDS = list(RECORD_KINDS)


def errors_of(kind: str, entry: dict[str, object]) -> list[str]:
    document = {"format": "evidence-app/records", "version": 1, RECORD_KINDS[kind].section: [entry]}
    with pytest.raises(InvalidDocument) as raised:
        parse_document(document, check_code, lambda _kind: [KNOWN_REF])
    return raised.value.errors


@pytest.mark.parametrize("kind", KINDS)
def test_the_validator_keeps_every_field_of_the_schema_in_its_order(kind: str) -> None:
    record = parse_one(kind, full_entry(kind))
    assert list(record.body) == [field.key for field in RECORD_KINDS[kind].fields]
    for field in RECORD_KINDS[kind].fields:
        kept = record.body[field.key]
        assert kept not in (None, "", [], {}), f"{kind}.{field.key} was given but not kept"
        if field.type is Type.CONSENT:
            assert [list(entry) for entry in record.body[field.key]] == [
                [entry_field.key for entry_field in CONSENT_ENTRY]
            ]
        if field.type in (Type.LANGUAGE, Type.TRANSLATIONS, Type.EXCERPTS):
            assert field.key == field.type.value  # the localized texts have fixed names


@pytest.mark.parametrize("kind", KINDS)
def test_only_fields_added_later_are_left_out_when_empty(kind: str) -> None:
    required = {f.key: sample_value(f) for f in RECORD_KINDS[kind].fields if f.required}
    body = parse_one(kind, {RECORD_KINDS[kind].ref_key: ref_of(kind), **required}).body
    kept = [f.key for f in RECORD_KINDS[kind].fields if not f.absent_when_empty]
    assert list(body) == kept


@pytest.mark.parametrize("kind", KINDS)
def test_each_reference_field_must_name_a_record_of_its_target_kind(kind: str) -> None:
    entry = full_entry(kind)
    targets = {f.key: f.target for f in RECORD_KINDS[kind].fields if f.target}
    for key in targets:
        entry[key] = "missing" if isinstance(entry[key], str) else ["missing"]
    expected = [
        f"{RECORD_KINDS[kind].section}[0].{key}: no {target} has the ref 'missing'"
        for key, target in targets.items()
    ]
    assert (errors_of(kind, entry) if targets else []) == expected


@pytest.mark.parametrize("kind", KINDS)
def test_each_required_field_is_reported_missing_with_its_path(kind: str) -> None:
    section = RECORD_KINDS[kind].section
    for field in RECORD_KINDS[kind].fields:
        if not field.required:
            continue
        entry = full_entry(kind)
        del entry[field.key]
        (error,) = errors_of(kind, entry)
        assert error.startswith(f"{section}[0].{field.key}: ")


@pytest.mark.parametrize("kind", KINDS)
def test_facets_are_the_schema_fields_marked_as_facets(kind: str) -> None:
    body = parse_one(kind, full_entry(kind)).body
    fields = RECORD_KINDS[kind].fields
    expected = {(f.facet, KNOWN_REF) for f in fields if f.facet and f.target}
    expected |= {
        (f.facet, code)
        for f in fields
        if f.facet and f.vocabulary
        for code in sample_value(f)
        if f.type is Type.CODES
    }
    expected |= {(f.facet, sample_value(f)) for f in fields if f.facet and f.type is Type.CODE}
    if any(f.dated for f in fields):  # the period wins over a single date
        period = any(f.dated and f.type is Type.PERIOD for f in fields)
        expected |= {("date_from", "2023-03-01" if period else "2023-05-01")}
        expected |= {("date_to", "2023-09-30" if period else "2023-05-31")}
    assert set(facets_of(kind, body)) == expected


@pytest.mark.parametrize("kind", KINDS)
def test_search_text_and_titles_come_from_the_fields_the_schema_names(kind: str) -> None:
    schema = RECORD_KINDS[kind]
    ref = ref_of(kind)
    body = parse_one(kind, full_entry(kind)).body
    title, text = search_text_of(kind, ref, body)
    assert title == fold(str(body[schema.search_title]) if schema.search_title else ref)
    for field in schema.fields:
        if field.type in (Type.TEXT, Type.LONG_TEXT, Type.NAMES):
            value = sample_value(field)
            for part in value if isinstance(value, list) else [value]:
                assert fold(part) in text, f"{kind}.{field.key} is not searchable"
    first = schema.title[0]
    shown = title_of(kind, ref, body)
    assert shown.startswith(f"{ref} — ") and len(shown) > len(ref) + 3
    if not schema.title_joined:
        assert shown == f"{ref} — {str(body[first]).splitlines()[0][:60]}"
    # Snippets show every vocabulary field by its label, never its code.
    _title, written = record_text(kind, ref, body, "ru")
    for field in schema.fields:
        if field.vocabulary:
            codes = body[field.key] if isinstance(body[field.key], list) else [body[field.key]]
            for code in codes:
                assert vocabulary(field.vocabulary).label(code, "ru") in written


def test_a_testimony_is_titled_by_its_date_and_first_section_written() -> None:
    entry = full_entry("testimony")
    entry["sections"] = {"injuries": "Перелом руки.\nВторая строка", "narrative": "Позже"}
    body = parse_one("testimony", entry).body
    assert title_of("testimony", "t-1", body) == "t-1 — 2023-05 Перелом руки."
    assert title_of("testimony", "t-1", {}) == "t-1"


# Each type's message, exactly as authors of documents have read it since the format began.
MESSAGES = [
    ("case", "title", 5, "cases[0].title: must be text"),
    ("case", "title", "", "cases[0].title: is required"),
    ("person", "aliases", "A", "people[0].aliases: must be a list of names"),
    ("person", "birth_year", 1800, "people[0].birth_year: must be a number from 1900 to 2100"),
    ("person", "birth_year", True, "people[0].birth_year: must be a number from 1900 to 2100"),
    ("person", "roles", "victim", "people[0].roles: must be a list"),
    ("person", "consent", {}, "people[0].consent: must be a list"),
    ("person", "consent", [5], "people[0].consent[0]: must be an object"),
    (
        "person",
        "consent",
        [{"scope": "legal"}],
        "people[0].consent[0].given_on: is required (the day consent was given)",
    ),
    ("facility", "kind", 5, "facilities[0].kind: must be a code"),
    ("facility", "lat", 91, "facilities[0].lat: must be a number from -90 to 90"),
    (
        "testimony",
        "case",
        5,
        "testimonies[0].case: must be a ref of letters, digits and . _ : - (at most 128)",
    ),
    (
        "testimony",
        "interviewed_on",
        "2023-13",
        "testimonies[0].interviewed_on: '2023-13' is not a date like 2023, 2023-05 or 2023-05-01",
    ),
    ("testimony", "period", "2023", "testimonies[0].period: must be an object with from and to"),
    ("testimony", "sections", [], "testimonies[0].sections: must be an object"),
    (
        "testimony",
        "language",
        "Russian",
        "testimonies[0].language: must be a language code such as ru, uk or en",
    ),
    ("testimony", "excerpts", {}, 'testimonies[0].excerpts: must be a list of {"text": …}'),
    ("incident", "victims", "p-1", "incidents[0].victims: must be a list"),
    (
        "condition",
        "facility",
        None,
        "conditions[0].facility: must be a ref of letters, digits and . _ : - (at most 128)",
    ),
    ("condition", "rule", None, "conditions[0].rule: must be a code"),
    ("condition", "finding", ["x"], "conditions[0].finding: must be text"),
    ("evidence", "publishable", "yes", "evidence[0].publishable: must be true or false"),
    (
        "evidence",
        "translations",
        [],
        'evidence[0].translations: must be an object of languages, e.g. {"uk": {…}}',
    ),
]


@pytest.mark.parametrize(("kind", "key", "value", "message"), MESSAGES)
def test_a_field_of_the_wrong_shape_is_reported_as_before(
    kind: str, key: str, value: object, message: str
) -> None:
    entry = copy.deepcopy(full_entry(kind))
    entry[key] = value
    assert errors_of(kind, entry) == [message]
