"""What each kind of record is filtered and searched by, as `records.schema` declares it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from evidence_app.records.partial_dates import PartialDateError, span
from evidence_app.records.schema import RECORD_KINDS, Type


def fold(text: str) -> str:
    """Case- and ё-insensitive form used both for indexing and for queries."""
    return text.casefold().replace("ё", "е")


def _values(body: dict[str, Any], key: str) -> list[str]:
    value = body.get(key)
    if isinstance(value, list):
        return [str(v) for v in value if v]
    return [str(value)] if value else []


def facets_of(kind: str, body: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for field in RECORD_KINDS[kind].fields:
        if field.facet:
            for value in _values(body, field.key):
                yield field.facet, value
    dates = _date_span(kind, body)
    if dates:
        yield "date_from", dates[0]
        yield "date_to", dates[1]


def _date_span(kind: str, body: dict[str, Any]) -> tuple[str, str] | None:
    """The record's period where one is given, else the first of its dates given."""
    dated = [field for field in RECORD_KINDS[kind].fields if field.dated]
    try:
        for field in dated:
            period = body.get(field.key) or {}
            if field.type is Type.PERIOD and (period.get("from") or period.get("to")):
                return span(period.get("from"), period.get("to"))
        for field in dated:
            if field.type is Type.DATE and body.get(field.key):
                return span(body[field.key], body[field.key])
    except PartialDateError:
        return None
    return None


def search_text_of(kind: str, ref: str, body: dict[str, Any]) -> tuple[str, str]:
    """(title, body) for the full-text index, folded: every text the record's fields hold."""
    schema = RECORD_KINDS[kind]
    title = str((body.get(schema.search_title) if schema.search_title else None) or ref)
    parts: list[str] = []

    def collect(value: Any) -> None:
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, dict):
            for inner in value.values():
                collect(inner)
        elif isinstance(value, list):
            for inner in value:
                collect(inner)

    for field in schema.fields:
        collect(body.get(field.key))
    return fold(title), fold(" ".join([ref, *parts]))
