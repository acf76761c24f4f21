"""An item's receipts (`item_sources`) and the provenance each one records, against the log.

A receipt's provenance is signed into the event that made the receipt (`item.ingested`,
`item.reacquired`); a records import that gives an item's `provenance` later records it on
the item's first receipt, the one by which it entered the vault, as `item.provenance_recorded`
(`receipt`: that receipt's event seq, `provenance`: all of it). The receipt's row holds the
latest, for reading; `recorded_provenance` says what the log holds, for `verify` to compare.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from evidence_app.custody.write_path import Write
from evidence_app.records.provenance import from_stored, stored_text
from evidence_app.storage.changes import Changes
from evidence_app.storage.models import CustodyEvent, Item, ItemSource

RECORDED = "item.provenance_recorded"
RECEIPT_ACTIONS = ("item.ingested", "item.reacquired")


def first_receipt(session: Session, item_id: str) -> ItemSource | None:
    query = select(ItemSource).where(ItemSource.item_id == item_id).order_by(ItemSource.id)
    return session.scalars(query).first()


def record_provenance(unit: Write, item: Item, provenance: dict[str, Any]) -> bool:
    """Give the item's first receipt this provenance; False when it already had it."""
    receipt = first_receipt(unit.session, item.id)
    if receipt is None or receipt.provenance_json == stored_text(provenance):
        return False
    unit.event(
        RECORDED,
        subject=item.id,
        subject_sha256=item.sha256,
        details={"receipt": receipt.event_seq, "provenance": provenance},
    )
    receipt.provenance_json = stored_text(provenance)
    unit.changed(Changes(items=frozenset({item.id})))
    return True


def recorded_provenance(session: Session) -> dict[tuple[str, int], tuple[str, Any]]:
    """(item id, receipt event seq) → (source, provenance) as the signed events give them."""
    recorded: dict[tuple[str, int], tuple[str, Any]] = {}
    rows = session.execute(
        select(
            CustodyEvent.seq, CustodyEvent.action, CustodyEvent.subject, CustodyEvent.details_json
        )
        .where(CustodyEvent.action.in_((*RECEIPT_ACTIONS, RECORDED)))
        .order_by(CustodyEvent.seq)
    )
    for seq, action, subject, details_json in rows:
        details = json.loads(details_json)
        if action == RECORDED:
            key = (subject, details.get("receipt"))
            if key in recorded:  # a later record replaces an earlier one
                recorded[key] = (recorded[key][0], details.get("provenance"))
        else:
            recorded[(subject, seq)] = (details.get("source"), details.get("provenance"))
    return recorded


def receipt_mismatches(session: Session) -> list[tuple[str, int]]:
    """(item id, receipt event seq) of receipts whose source or provenance is not the log's."""
    recorded = recorded_provenance(session)
    found = []
    for receipt in session.scalars(select(ItemSource).order_by(ItemSource.id)):
        key = (receipt.item_id, receipt.event_seq)
        expected = recorded.get(key)
        if expected != (receipt.source, from_stored(receipt.provenance_json)):
            found.append(key)
    return found
