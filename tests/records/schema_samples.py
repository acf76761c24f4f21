"""A record of each kind with every field of the schema given, built from the schema itself."""

from __future__ import annotations

from typing import Any

from evidence_app.core.records_service import check_code
from evidence_app.records.document import ParsedRecord, parse_document
from evidence_app.records.schema import RECORD_KINDS, TESTIMONY_SECTIONS, Field, Type
from evidence_app.records.vocabularies import vocabulary

KNOWN_REF = "known-1"  # every kind has a record of this ref in the vault the tests imagine
SHA256 = "ab" * 32
SECTIONS = {name: f"{name} text" for name in TESTIMONY_SECTIONS[-2:]}


def sample_value(field: Field) -> Any:
    """A valid, non-empty value for `field`, whatever its type."""
    codes = vocabulary(field.vocabulary).codes if field.vocabulary else ()
    samples: dict[Type, Any] = {
        Type.TEXT: f"{field.key} text",
        Type.LONG_TEXT: f"{field.key} text\nsecond line",
        Type.NAMES: [f"{field.key} one", f"{field.key} two"],
        Type.NUMBER: field.bounds[1] if field.bounds else None,
        Type.DATE: "2023-05",
        Type.PERIOD: {"from": "2023-03", "to": "2023-09"},
        Type.CODE: codes[-1] if codes else None,
        Type.CODES: list(codes[:2]),
        Type.REF: KNOWN_REF,
        Type.REFS: [KNOWN_REF],
        Type.FLAG: True,
        Type.SECTIONS: SECTIONS,
        Type.CONSENT: [
            {"scope": "legal", "given_on": "2026-01-05", "recorded_by": "O. K.", "note": "n"}
        ],
        Type.LANGUAGE: "uk",
        Type.TRANSLATIONS: {"en": {key: f"{key} in English" for key in field.translated}},
        Type.EXCERPTS: [{"text": "chosen", "translations": {"en": {"text": "chosen, en"}}}],
        Type.YES_NO: False,  # a recorded "no" is a value, kept as one
        Type.ITEMS: [SHA256],
        Type.GROUP: {part.key: sample_value(part) for part in field.parts},
        Type.ROWS: [{part.key: sample_value(part) for part in field.parts}],
        Type.SECTION_TRANSLATIONS: [
            {"language": "en", "translator": "T. R.", "revision": 1, "sections": SECTIONS}
        ],
    }
    return samples[field.type]


def ref_of(kind: str) -> str:
    return SHA256 if RECORD_KINDS[kind].ref_key == "sha256" else f"{kind}-1"


def full_entry(kind: str) -> dict[str, Any]:
    """An entry of the records document for `kind` with every field of its schema."""
    schema = RECORD_KINDS[kind]
    return {schema.ref_key: ref_of(kind), **{f.key: sample_value(f) for f in schema.fields}}


def parse_one(kind: str, entry: dict[str, Any]) -> ParsedRecord:
    document = {
        "format": "evidence-app/records",
        "version": 1,
        RECORD_KINDS[kind].section: [entry],
    }
    (record,) = parse_document(document, check_code, lambda _kind: [KNOWN_REF])
    return record
