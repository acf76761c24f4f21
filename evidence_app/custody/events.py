"""Custody events: their canonical form, hash, signature, and appending one to the log.

An event's hash is SHA-256 of its RFC 8785 canonical JSON (every field but `hash` and
`signature`); the vault's identity key signs the 32-byte hash with Ed25519. Each event
names the hash of the one before (`prev`), 64 zeros for the first.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import nacl.exceptions
import nacl.signing
from sqlalchemy import select
from sqlalchemy.orm import Session

from evidence_app import __version__
from evidence_app.crypto.identity import fingerprint
from evidence_app.custody.canonical import canonical_json
from evidence_app.kernel.clock import utc_now
from evidence_app.storage.models import CustodyEvent

GENESIS_PREV = "0" * 64
TOOL = f"evidence-app {__version__}"

ACTIONS = frozenset(
    {
        "vault.created",
        "vault.compacted",
        "vault.rekeyed",
        "vault.state_accepted",
        "item.ingested",
        "item.reacquired",
        "item.provenance_recorded",
        "item.c2pa_checked",
        "item.proofmode_checked",
        "item.described",
        "item.extracted",
        "item.derived",
        "item.regions_proposed",
        "item.region_decided",
        "item.region_moved",
        "record.revised",
        "consent.recorded",
        "consent.withdrawn",
        "export.created",
        "exhibit.numbered",
        "publication.decided",
        "transfer.sent",
        "transfer.received",
        "item.erased",
        "checkpoint",
    }
)

# Every action said as words, for the interface and the dossiers (translated through
# kernel.catalogs); a test holds the keys equal to ACTIONS.
ACTION_WORDS = {
    "vault.created": "Vault created",
    "vault.compacted": "Vault compacted",
    "vault.rekeyed": "Vault keys renewed",
    "vault.state_accepted": "Vault state accepted",
    "item.ingested": "Imported",
    "item.reacquired": "Received again",
    "item.provenance_recorded": "Provenance recorded",
    "item.c2pa_checked": "C2PA credentials checked",
    "item.proofmode_checked": "ProofMode signatures checked",
    "item.described": "Links changed",
    "item.extracted": "Copy extracted",
    "item.derived": "Redacted copy made",
    "item.regions_proposed": "Faces found for blurring",
    "item.region_decided": "Blurring decided",
    "item.region_moved": "Blurred region moved",
    "record.revised": "Record saved",
    "consent.recorded": "Consent recorded",
    "consent.withdrawn": "Consent withdrawn",
    "export.created": "Dossier exported",
    "exhibit.numbered": "Exhibit number given",
    "publication.decided": "Publication decided",
    "transfer.sent": "Sent to another vault",
    "transfer.received": "Received from another vault",
    "item.erased": "Erased",
    "checkpoint": "Checkpoint",
}


@dataclass(frozen=True)
class Actor:
    fingerprint: str
    name: str


def event_body(row: CustodyEvent) -> dict[str, Any]:
    """The signed content of an event, as it is canonicalised and hashed."""
    return {
        "seq": row.seq,
        "event_id": row.event_id,
        "time": row.time,
        "actor": {"fingerprint": row.actor_fingerprint, "name": row.actor_name},
        "action": row.action,
        "subject": row.subject,
        "subject_sha256": row.subject_sha256,
        "details": json.loads(row.details_json),
        "prev": row.prev,
    }


def event_hash(row: CustodyEvent) -> str:
    return hashlib.sha256(canonical_json(event_body(row))).hexdigest()


def event_json(row: CustodyEvent) -> dict[str, Any]:
    """The event as exported: its body plus hash and signature."""
    return {**event_body(row), "hash": row.hash, "signature": row.signature}


def signature_is_valid(row: CustodyEvent, verify_key: nacl.signing.VerifyKey) -> bool:
    try:
        verify_key.verify(bytes.fromhex(row.hash), base64.b64decode(row.signature))
    except (nacl.exceptions.BadSignatureError, ValueError, TypeError):
        return False
    return True


def append_event(
    session: Session,
    sign: Callable[[bytes], bytes],
    public_key: bytes,
    actor_name: str,
    action: str,
    subject: str,
    subject_sha256: str | None = None,
    details: dict[str, Any] | None = None,
) -> CustodyEvent:
    """Append one signed event inside the caller's write transaction.

    The caller's transaction also holds whatever the event records, so both land together
    or neither does. `sign` makes the raw Ed25519 signature by the key `public_key` names;
    the key itself stays with the vault.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown custody action {action!r}")
    last = session.execute(
        select(CustodyEvent.seq, CustodyEvent.hash).order_by(CustodyEvent.seq.desc()).limit(1)
    ).first()
    seq, prev = (1, GENESIS_PREV) if last is None else (last.seq + 1, last.hash)
    row = CustodyEvent(
        seq=seq,
        event_id=str(uuid.uuid4()),
        time=utc_now(),
        actor_fingerprint=fingerprint(public_key),
        actor_name=actor_name,
        action=action,
        subject=subject,
        subject_sha256=subject_sha256,
        details_json=json.dumps({"tool": TOOL, **(details or {})}, ensure_ascii=False),
        prev=prev,
        hash="",
        signature="",
    )
    row.hash = event_hash(row)
    row.signature = base64.b64encode(sign(bytes.fromhex(row.hash))).decode()
    session.add(row)
    session.flush()
    return row
