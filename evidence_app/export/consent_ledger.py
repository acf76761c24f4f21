"""The consent entries that allow an accountability dossier to use a person's material.

A dossier states, for each exhibit and testimony, which `legal` consent entries allowed it,
and backs each entry with the custody events that recorded it: the revision of the person's
record that first held the entry, and the `consent.recorded` event that names its scope and
date, when one was logged. Those events travel with inclusion proofs, so a court can check
that the consent was on record in the signed log before the dossier was made. Nothing of the
person's record goes with them but its ref (the dossier prints the pseudonym).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from evidence_app.records.consent import Purpose, person_consents_to
from evidence_app.records.store import current_body, revisions
from evidence_app.storage.models import CustodyEvent


@dataclass(frozen=True)
class ConsentEntry:
    person: str  # the person's ref
    scope: str
    given_on: str
    recorded_by: str
    event_seqs: tuple[int, ...]  # the custody events that recorded it, in log order


def _key(entry: dict[str, Any]) -> tuple[str, str]:
    return str(entry.get("scope")), str(entry.get("given_on"))


def legal_consent(session: Session, person_ref: str, on: date | None = None) -> list[ConsentEntry]:
    """The person's consent entries in force that allow legal use, each with its events."""
    body = current_body(session, "person", person_ref) or {}
    entries = [
        entry
        for entry in body.get("consent", [])
        if person_consents_to([entry], Purpose.LEGAL_DOSSIER, on).allowed
    ]
    if not entries:
        return []
    first_revision: dict[tuple[str, str], int] = {}
    for revision in revisions(session, "person", person_ref):
        for held in json.loads(revision.body_json).get("consent", []):
            first_revision.setdefault(_key(held), revision.event_seq)
    recorded: dict[tuple[str, str], list[int]] = {}
    for row in session.scalars(
        select(CustodyEvent)
        .where(
            CustodyEvent.action == "consent.recorded",
            CustodyEvent.subject == f"person:{person_ref}",
        )
        .order_by(CustodyEvent.seq)
    ):
        recorded.setdefault(_key(json.loads(row.details_json)), []).append(row.seq)
    ledger = []
    for entry in entries:
        key = _key(entry)
        seqs = {*recorded.get(key, [])}
        if key in first_revision:
            seqs.add(first_revision[key])
        ledger.append(
            ConsentEntry(
                person=person_ref,
                scope=key[0],
                given_on=key[1],
                recorded_by=str(entry.get("recorded_by") or ""),
                event_seqs=tuple(sorted(seqs)),
            )
        )
    return ledger
