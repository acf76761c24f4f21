"""What `observations.observe` reads of items, gathered from the catalog in one place."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from evidence_app.export.observations import (
    ExhibitFacts,
    Incident,
    Limits,
    ObservationReport,
    Place,
    observe,
)
from evidence_app.export.selection import Selection
from evidence_app.records.store import current_body
from evidence_app.storage.models import Item, ItemSource


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _place(session: Session, ref: str | None) -> Place | None:
    body = current_body(session, "facility", ref) if ref else None
    if ref is None or body is None:
        return None
    return Place(
        ref, str(body.get("name") or ref), _number(body.get("lat")), _number(body.get("lon"))
    )


def item_facts(session: Session, item: Item, label: str) -> ExhibitFacts:
    link = current_body(session, "evidence", item.sha256) or {}
    incident_ref = link.get("incident")
    incident = current_body(session, "incident", incident_ref) if incident_ref else None
    # The facility linked to the item, or else the one its incident happened in.
    facility_ref = link.get("facility") or (incident or {}).get("facility")
    receipts = session.execute(
        select(ItemSource.received_at, ItemSource.provenance_json)
        .where(ItemSource.item_id == item.id)
        .order_by(ItemSource.id)
    ).all()
    received = [received_at for received_at, _ in receipts]
    received_on = [
        str(said["received_on"])
        for _, provenance in receipts
        if provenance and (said := json.loads(provenance)).get("received_on")
    ]
    return ExhibitFacts(
        key=item.id,
        label=label,
        media_type=item.media_type,
        captured_at=item.captured_at,
        gps=(
            (item.gps_lat, item.gps_lon)
            if item.gps_lat is not None and item.gps_lon is not None
            else None
        ),
        exif=json.loads(item.exif_json or "{}"),
        received=received,
        received_on=received_on,
        phash=item.phash,
        facility=_place(session, facility_ref),
        incident=(
            Incident(str(incident_ref), str(incident.get("date") or "") or None)
            if incident_ref and incident is not None
            else None
        ),
    )


def observe_selection(
    session: Session, selection: Selection, limits: Limits | None = None
) -> ObservationReport:
    """Observations on a dossier's exhibits; near-duplicates among its exhibits."""
    facts = []
    for exhibit in selection.exhibits:
        item = session.get(Item, exhibit.item_id)
        if item is not None:
            facts.append(item_facts(session, item, f"exhibit {exhibit.number}"))
    return observe(facts, limits)


def observe_item(
    session: Session,
    item: Item,
    others: Iterable[tuple[str, str, str]],
    limits: Limits | None = None,
) -> ObservationReport:
    """Observations on one item; near-duplicates among `others` (key, label, hash)."""
    return observe([item_facts(session, item, item.original_name)], limits, others)
