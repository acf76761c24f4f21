"""What a search hit shows a person: its text as written, around the words that matched.

The full-text index holds folded text (lower case, ё as е) so that any spelling matches;
showing that text would print every name in lower case. The snippet is therefore cut from
the record or item as written, with vocabulary codes (`solitary_confinement`) given as
their labels in the reader's language, and the matched words located in it by folding it
the same way, one character at a time, so positions map back exactly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from evidence_app.records.facets import fold
from evidence_app.records.schema import RECORD_KINDS
from evidence_app.records.titles import label_of
from evidence_app.records.vocabularies import vocabulary
from evidence_app.storage.models import Item, ItemSource, ItemText, Record

_WORD = re.compile(r"\w+", re.UNICODE)
SNIPPET_CHARS = 160
_AROUND_CHARS = 4000
_DOCUMENT_TAGS = ("PDF Title", "PDF Author", "PDF Subject", "PDF Keywords")

Span = tuple[int, int]


@dataclass(frozen=True)
class Shown:
    title: str
    snippet: str
    highlights: tuple[Span, ...]  # [start, end) of each matched word in `snippet`


def query_words(query: str) -> list[str]:
    return _WORD.findall(fold(query))


def written_texts(
    session: Session, hits: Iterable[tuple[str, str]], language: str, words: Iterable[str] = ()
) -> dict[tuple[str, str], tuple[str, str]]:
    """(kind, ref) → (title, text) as written, for records and items, in three queries.
    Of a document's long text only the part around the first of the (folded) `words` found
    is given, so that a snippet is cut without folding a whole book."""
    words = list(words)
    hits = list(hits)
    found: dict[tuple[str, str], tuple[str, str]] = {}
    records = [hit for hit in hits if hit[0] != "item"]
    if records:
        rows = session.execute(
            select(Record.kind, Record.ref, Record.body_json).where(
                tuple_(Record.kind, Record.ref).in_(records)
            )
        )
        for kind, ref, body_json in rows:
            found[(kind, ref)] = record_text(kind, ref, json.loads(body_json), language)
    item_ids = [ref for kind, ref in hits if kind == "item"]
    if item_ids:
        sources: dict[str, list[str]] = {}
        for item_id, source in session.execute(
            select(ItemSource.item_id, ItemSource.source).where(ItemSource.item_id.in_(item_ids))
        ):
            sources.setdefault(item_id, []).append(source)
        texts: dict[str, str] = {
            item_id: text
            for item_id, text in session.execute(
                select(ItemText.item_id, ItemText.text).where(ItemText.item_id.in_(item_ids))
            )
        }
        for item in session.scalars(select(Item).where(Item.id.in_(item_ids))):
            parts = [item.original_name, *sources.get(item.id, []), item.media_type]
            parts += [item.camera_make or "", item.camera_model or ""]
            parts += document_words(json.loads(item.exif_json))
            parts.append(_around(texts.get(item.id, ""), words))
            found[("item", item.id)] = (item.original_name, " · ".join(p for p in parts if p))
    return found


def _around(text: str, words: list[str]) -> str:
    if len(text) <= _AROUND_CHARS:
        return text
    folded = fold(text)
    first = min((at for word in words if (at := folded.find(word)) >= 0), default=0)
    # Folding lengthens a few characters (ß → ss), so the match lies at or before `first`
    # in the text as written; the margin absorbs the difference.
    start = max(0, first - _AROUND_CHARS // 2)
    return ("…" if start else "") + text[start : start + _AROUND_CHARS] + "…"


def document_words(exif: dict[str, str]) -> list[str]:
    """What a document says of itself that a person may search by: title, author…"""
    return [exif[tag] for tag in _DOCUMENT_TAGS if exif.get(tag)]


def record_text(kind: str, ref: str, body: dict[str, Any], language: str) -> tuple[str, str]:
    # Fields whose values are vocabulary codes are shown by their labels.
    coded = {f.key: f.vocabulary for f in RECORD_KINDS[kind].fields if f.vocabulary}
    coded["scope"] = "consent_scopes"  # a consent entry's purpose
    title = label_of(kind, ref, body)
    parts: list[str] = []

    def collect(value: Any, field: str | None) -> None:
        if isinstance(value, str):
            name = coded.get(field) if field else None
            parts.append(vocabulary(name).label(value, language) if name else value)
        elif isinstance(value, dict):
            for key, inner in value.items():
                collect(inner, key)
        elif isinstance(value, list):
            for inner in value:
                collect(inner, field)

    collect(body, None)
    return title, " · ".join(part for part in parts if part.strip())


def show(title: str, text: str, words: list[str]) -> Shown:
    spans = matched_spans(text, words)
    if not spans:
        cut = text[:SNIPPET_CHARS]
        return Shown(title, cut + ("…" if len(text) > len(cut) else ""), ())
    start = max(0, spans[0][0] - SNIPPET_CHARS // 3)
    if start:  # begin at a word, not inside one
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < spans[0][0] else start
    end = min(len(text), start + SNIPPET_CHARS)
    lead = "…" if start else ""
    snippet = lead + text[start:end] + ("…" if end < len(text) else "")
    shift = len(lead) - start
    highlights = tuple((a + shift, b + shift) for a, b in spans if a >= start and b <= end)
    return Shown(title, snippet, highlights)


def matched_spans(text: str, words: list[str]) -> list[Span]:
    """Where in `text` a word begins with one of the (folded) query words."""
    if not words:
        return []
    folded_chars: list[str] = []
    origin: list[int] = []  # index in `text` of each folded character
    for index, character in enumerate(text):
        folded = fold(character)
        folded_chars.append(folded)
        origin.extend([index] * len(folded))
    folded_text = "".join(folded_chars)
    return [
        (origin[match.start()], origin[match.end() - 1] + 1)
        for match in _WORD.finditer(folded_text)
        if any(match.group().startswith(word) for word in words)
    ]
