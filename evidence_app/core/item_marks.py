"""What a researcher needs to see at a glance about an item: filed under a case, marked
publishable, redacted, already in an exported dossier. Read in one pass per batch of items,
so a page of the evidence table costs a few queries, not a few per row."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from evidence_app.storage.models import CustodyEvent, Item, ItemCase, ItemDerivation, Record


@dataclass(frozen=True)
class ItemMarks:
    linked_to_case: bool = False
    publishable: bool = False  # a curator marked it publishable (records format `evidence[]`)
    redacted: bool = False  # a redacted copy of it exists, or it is one
    exported: bool = False  # an `export.created` event names it as an exhibit or photo


def exported_hashes(session: Session) -> set[str]:
    """The SHA-256 of every original that went into a dossier, as the custody log says."""
    found: set[str] = set()
    for details in session.scalars(
        select(CustodyEvent.details_json).where(CustodyEvent.action == "export.created")
    ):
        parsed = json.loads(details)
        for key in ("exhibits", "photos"):  # accountability, exhibition
            found.update(str(sha256) for sha256 in parsed.get(key, []))
    return found


def marks_of(session: Session, items: Iterable[Item]) -> dict[str, ItemMarks]:
    """Item id → its marks, for `items` (already loaded by the caller)."""
    by_id = {item.id: item for item in items}
    if not by_id:
        return {}
    ids = list(by_id)
    in_case = set(session.scalars(select(ItemCase.item_id).where(ItemCase.item_id.in_(ids))))
    redacted: set[str] = set()
    for child, parent in session.execute(
        select(ItemDerivation.child_id, ItemDerivation.parent_id).where(
            or_(ItemDerivation.parent_id.in_(ids), ItemDerivation.child_id.in_(ids))
        )
    ):
        redacted.update((child, parent))
    publishable = {
        ref
        for ref, body in session.execute(
            select(Record.ref, Record.body_json).where(
                Record.kind == "evidence",
                Record.ref.in_([item.sha256 for item in by_id.values()]),
            )
        )
        if json.loads(body).get("publishable")
    }
    exported = exported_hashes(session)
    return {
        item_id: ItemMarks(
            linked_to_case=item_id in in_case,
            publishable=item.sha256 in publishable,
            redacted=item_id in redacted,
            exported=item.sha256 in exported,
        )
        for item_id, item in by_id.items()
    }
