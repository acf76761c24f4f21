"""An item's links: its `evidence` record and its `item_cases` rows, written as one.

The dossiers select a case's items through `item_cases`; the `evidence` record (ref: the
item's SHA-256) is what is revised, logged and exported. An item's cases are its
`item_cases` rows (ingest files an item under a case without writing a record), and every
write of an evidence record goes through `store_link`, which revises the record and makes
`item_cases` equal to its `cases` in the same unit of work, so neither can be left behind.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from evidence_app.custody.write_path import Write
from evidence_app.records.store import current_body, save_record
from evidence_app.storage.changes import Changes
from evidence_app.storage.models import Item, ItemCase

# The fields an evidence record always has (records.document builds the same ones).
EMPTY_LINK: dict[str, Any] = {
    "cases": [],
    "people": [],
    "facility": None,
    "incident": None,
    "caption": "",
    "publishable": False,
}


def linked_cases(session: Session, item_id: str) -> list[str]:
    query = select(ItemCase.case_ref).where(ItemCase.item_id == item_id)
    return sorted(session.scalars(query.order_by(ItemCase.case_ref)))


def current_link(session: Session, item: Item) -> dict[str, Any]:
    """The item's links as they stand: its record's fields, with the cases it is filed under."""
    body = {**EMPTY_LINK, **(current_body(session, "evidence", item.sha256) or {})}
    body["cases"] = linked_cases(session, item.id)
    return body


def store_link(
    unit: Write, item: Item, body: dict[str, Any], *, when_unchanged: bool = True
) -> int | None:
    """Save `body` (validated) as the item's evidence record and file the item under exactly
    its cases. Returns the new revision, or None when the record did not change.

    A change of cases alone (cases filed at ingest, now dropped) has no record revision to
    say so, so it is logged as `item.described` with what was added and removed. An import
    passes `when_unchanged=False`: a document imported again changes nothing, not even
    cases filed at ingest since.
    """
    session = unit.session
    revision = save_record(unit, "evidence", item.sha256, body)
    if revision is None and not when_unchanged:
        return None
    before = set(linked_cases(session, item.id))
    after = set(body.get("cases", []))
    if before == after:
        return revision
    if before - after:
        session.execute(
            delete(ItemCase).where(
                ItemCase.item_id == item.id, ItemCase.case_ref.in_(sorted(before - after))
            )
        )
    session.add_all(ItemCase(item_id=item.id, case_ref=ref) for ref in sorted(after - before))
    unit.changed(Changes(items=frozenset({item.id})))
    if revision is None:
        unit.event(
            "item.described",
            subject=item.id,
            subject_sha256=item.sha256,
            details={
                "cases_added": sorted(after - before),
                "cases_removed": sorted(before - after),
            },
        )
    return revision


def item_by_sha256(session: Session, sha256: str) -> Item | None:
    return session.scalars(select(Item).where(Item.sha256 == sha256)).first()
