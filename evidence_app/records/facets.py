"""What each kind of record is filtered and searched by."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from evidence_app.records.partial_dates import PartialDateError, span


def fold(text: str) -> str:
    """Case- and ё-insensitive form used both for indexing and for queries."""
    return text.casefold().replace("ё", "е")


def _values(body: dict[str, Any], key: str) -> list[str]:
    value = body.get(key)
    if isinstance(value, list):
        return [str(v) for v in value if v]
    return [str(value)] if value else []


def facets_of(kind: str, body: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for key, facet in (
        ("case", "case"),
        ("cases", "case"),
        ("facility", "facility"),
        ("facilities", "facility"),
        ("methods", "method"),
        ("roles", "role"),
        ("witness", "person"),
        ("victims", "person"),
        ("perpetrators", "person"),
        ("people", "person"),
        ("kind", "facility_kind"),
        ("rule", "rule"),
    ):
        for value in _values(body, key):
            yield facet, value
    dates = _date_span(kind, body)
    if dates:
        yield "date_from", dates[0]
        yield "date_to", dates[1]


def _date_span(kind: str, body: dict[str, Any]) -> tuple[str, str] | None:
    try:
        period = body.get("period") or {}
        if period.get("from") or period.get("to"):
            return span(period.get("from"), period.get("to"))
        for key in ("date", "observed", "interviewed_on"):
            if body.get(key):
                return span(body[key], body[key])
    except PartialDateError:
        return None
    return None


def search_text_of(kind: str, ref: str, body: dict[str, Any]) -> tuple[str, str]:
    """(title, body) for the full-text index, folded."""
    title_key = {"case": "title", "facility": "name", "person": "pseudonym"}.get(kind, "caption")
    title = str(body.get(title_key) or ref)
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

    collect(body)
    return fold(title), fold(" ".join([ref, *parts]))
