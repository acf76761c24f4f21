"""Saving records as immutable revisions, each logged with the hash of its canonical form.

Saving a body equal to the current revision changes nothing, so importing the same
document twice adds no revision and no event.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from evidence_app.custody.canonical import canonical_json
from evidence_app.custody.write_path import Write
from evidence_app.kernel.clock import utc_now
from evidence_app.records.document import Known
from evidence_app.records.facets import facets_of, search_text_of
from evidence_app.records.search import index_text
from evidence_app.storage.models import Item, Record, RecordFacet, RecordRevision


def revision_hash(kind: str, ref: str, body: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json({"kind": kind, "ref": ref, "body": body})).hexdigest()


def current_body(session: Session, kind: str, ref: str) -> dict[str, Any] | None:
    row = session.get(Record, (kind, ref))
    return None if row is None else dict(json.loads(row.body_json))


def known_in(session: Session) -> Known:
    """The revisions and items of this vault, for the validator (records.document)."""

    def revision(kind: str, ref: str) -> int:
        row = session.get(Record, (kind, ref))
        return 0 if row is None else row.revision

    def has_item(sha256: str) -> bool:
        return session.scalar(select(Item.id).where(Item.sha256 == sha256)) is not None

    return Known(revision, has_item)


def refs_of_kind(session: Session, kind: str) -> list[str]:
    return list(session.scalars(select(Record.ref).where(Record.kind == kind)))


def records_of_kind(session: Session, kind: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for row in session.scalars(select(Record).where(Record.kind == kind).order_by(Record.ref)):
        yield row.ref, json.loads(row.body_json)


def save_record(
    unit: Write,
    kind: str,
    ref: str,
    body: dict[str, Any],
    action: str = "record.revised",
    details: dict[str, Any] | None = None,
) -> int | None:
    """Store `body` as the next revision; returns its number, or None if nothing changed."""
    session = unit.session
    digest = revision_hash(kind, ref, body)
    row = session.get(Record, (kind, ref))
    if row is not None and row.sha256 == digest:
        return None
    revision = 1 if row is None else row.revision + 1
    now = utc_now()
    body_json = json.dumps(body, ensure_ascii=False, sort_keys=True)
    event = unit.event(
        action,
        subject=f"{kind}:{ref}",
        subject_sha256=digest,
        details={"kind": kind, "ref": ref, "revision": revision, **(details or {})},
    )
    session.add(
        RecordRevision(
            kind=kind,
            ref=ref,
            revision=revision,
            body_json=body_json,
            sha256=digest,
            saved_at=now,
            event_seq=event.seq,
        )
    )
    if row is None:
        session.add(
            Record(
                kind=kind,
                ref=ref,
                revision=revision,
                body_json=body_json,
                sha256=digest,
                updated_at=now,
            )
        )
    else:
        row.revision, row.body_json, row.sha256, row.updated_at = revision, body_json, digest, now
    _reindex(session, kind, ref, body)
    return revision


def _reindex(session: Session, kind: str, ref: str, body: dict[str, Any]) -> None:
    session.execute(delete(RecordFacet).where(RecordFacet.kind == kind, RecordFacet.ref == ref))
    session.add_all(
        RecordFacet(kind=kind, ref=ref, facet=facet, value=value)
        for facet, value in facets_of(kind, body)
    )
    title, body_text = search_text_of(kind, ref, body)
    index_text(session, kind, ref, title, body_text)


def revisions(session: Session, kind: str, ref: str) -> list[RecordRevision]:
    return list(
        session.scalars(
            select(RecordRevision)
            .where(RecordRevision.kind == kind, RecordRevision.ref == ref)
            .order_by(RecordRevision.revision)
        )
    )
