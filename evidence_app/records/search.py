"""Full-text search over records and items (SQLite FTS5 inside the encrypted catalog).

Text is folded the same way when indexed and when searched (case, ё/е), so Cyrillic and
Latin queries match whatever their case. Every word of the query must match, as a prefix.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from evidence_app.records.facets import fold
from evidence_app.records.search_snippets import query_words, show, written_texts


@dataclass(frozen=True)
class SearchFilters:
    case: str | None = None
    facility: str | None = None
    method: str | None = None
    role: str | None = None
    person: str | None = None
    date_from: str | None = None  # ISO day; records whose span ends before are left out
    date_to: str | None = None
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchHit:
    kind: str
    ref: str
    title: str  # as written, not folded
    snippet: str  # as written, around the first matches; vocabulary codes as labels
    highlights: tuple[tuple[int, int], ...] = ()  # [start, end) of matched words in snippet

    def marked(self, before: str = "[", after: str = "]", quote: Callable[[str], str] = str) -> str:
        """The snippet with each matched word between `before` and `after`; `quote`
        escapes the text itself (html.escape for rich text)."""
        text, last = [], 0
        for start, end in self.highlights:
            text += [quote(self.snippet[last:start]), before, quote(self.snippet[start:end]), after]
            last = end
        return "".join([*text, quote(self.snippet[last:])])

    def to_json(self) -> dict[str, Any]:
        key = "id" if self.kind == "item" else "ref"
        return {
            "kind": self.kind,
            key: self.ref,
            "title": self.title,
            "snippet": self.snippet,
            "highlights": [list(span) for span in self.highlights],
        }


def fts_query(query: str) -> str:
    # Each word quoted: nothing a person types is read as FTS syntax.
    words = query_words(query)
    return " ".join(f'"{word}"*' for word in words)


def index_text(session: Session, kind: str, ref: str, title: str, body: str) -> None:
    """Make (kind, ref) findable by its text, replacing what was indexed for it before."""
    key = {"kind": kind, "ref": ref}
    rowid = session.execute(
        text("SELECT rowid FROM search_keys WHERE kind = :kind AND ref = :ref"), key
    ).scalar()
    if rowid is None:
        rowid = session.execute(
            text("INSERT INTO search_keys (kind, ref) VALUES (:kind, :ref) RETURNING rowid"), key
        ).scalar_one()
    else:
        session.execute(text("DELETE FROM search_index WHERE rowid = :rowid"), {"rowid": rowid})
    session.execute(
        text(
            "INSERT INTO search_index (rowid, kind, ref, title, body) "
            "VALUES (:rowid, :kind, :ref, :title, :body)"
        ),
        {**key, "rowid": rowid, "title": fold(title), "body": fold(body)},
    )


def search(
    session: Session,
    query: str,
    filters: SearchFilters | None = None,
    limit: int = 200,
    language: str = "en",
) -> list[SearchHit]:
    """Hits best first; titles and snippets as written, vocabulary in `language`."""
    filters = filters or SearchFilters()
    match = fts_query(query)
    conditions: list[str] = []
    params: dict[str, Any] = {"limit": limit}
    if match:
        conditions.append("search_index MATCH :match")
        params["match"] = match
    for facet in ("case", "facility", "method", "role", "person"):
        value = getattr(filters, facet)
        if value:
            condition = _facet_condition(facet, facet)
            if facet == "case":  # items also join cases when they are ingested
                condition = (
                    f"({condition} OR (s.kind = 'item' AND EXISTS (SELECT 1 FROM item_cases c "
                    "WHERE c.item_id = s.ref AND c.case_ref = :case)))"
                )
            conditions.append(condition)
            params[facet] = value
    if filters.date_from:
        conditions.append(_facet_condition("date_to", "date_from", ">="))
        params["date_from"] = filters.date_from
    if filters.date_to:
        conditions.append(_facet_condition("date_from", "date_to", "<="))
        params["date_to"] = filters.date_to
    if filters.kinds:
        names = [f":kind{i}" for i in range(len(filters.kinds))]
        conditions.append(f"s.kind IN ({', '.join(names)})")
        params.update({f"kind{i}": kind for i, kind in enumerate(filters.kinds)})
    if not conditions:
        return []
    order = "bm25(search_index)" if match else "s.kind, s.ref"
    rows = list(
        session.execute(
            text(
                f"SELECT s.kind, s.ref, s.title FROM search_index AS s "
                f"WHERE {' AND '.join(conditions)} ORDER BY {order} LIMIT :limit"
            ),
            params,
        )
    )
    words = query_words(query)
    written = written_texts(session, ((kind, ref) for kind, ref, _ in rows), language, words)
    hits = []
    for kind, ref, folded_title in rows:
        title, body = written.get((kind, ref), (folded_title, ""))
        shown = show(title, body, words)
        hits.append(SearchHit(kind, ref, shown.title, shown.snippet, shown.highlights))
    return hits


def _facet_condition(facet: str, param: str, operator: str = "=") -> str:
    """Records with the facet; items count through the evidence link of the same hash."""
    return (
        "EXISTS (SELECT 1 FROM record_facets f WHERE f.facet = '" + facet + "' "
        f"AND f.value {operator} :{param} AND ((f.kind = s.kind AND f.ref = s.ref) OR "
        "(s.kind = 'item' AND f.kind = 'evidence' AND f.ref = "
        "(SELECT sha256 FROM items WHERE items.id = s.ref))))"
    )
