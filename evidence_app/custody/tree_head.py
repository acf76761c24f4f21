"""Signed tree heads over the custody log: issuing checkpoints and reading the tree.

The events' hashes are the leaves of an RFC 6962 Merkle tree. A checkpoint signs the tree
of the first N events in the C2SP tlog-checkpoint format; it is stored in the catalog,
logged as a `checkpoint` event and kept sealed in vault.json as the last known state.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from evidence_app.custody.checkpoint import Checkpoint as SignedTreeHead
from evidence_app.custody.checkpoint import sign_checkpoint
from evidence_app.custody.merkle import leaf_hash, root_from_leaf_hashes
from evidence_app.custody.write_path import write
from evidence_app.kernel.clock import utc_now
from evidence_app.storage.models import Checkpoint, CustodyEvent
from evidence_app.storage.vault import Vault


@dataclass(frozen=True)
class IssuedCheckpoint:
    size: int
    root: str
    time: str
    note: str
    origin: str


def log_origin(vault: Vault) -> str:
    """The log's name in checkpoints: a random log id, never the vault id in vault.json."""
    return f"evidence-app/log/{vault.setting('log_id')}"


def leaf_hashes(session: Session, size: int | None = None) -> list[bytes]:
    query = select(CustodyEvent.hash).order_by(CustodyEvent.seq)
    if size is not None:
        query = query.where(CustodyEvent.seq <= size)
    return [leaf_hash(bytes.fromhex(value)) for value in session.scalars(query)]


def issue_checkpoint(vault: Vault) -> IssuedCheckpoint:
    origin = log_origin(vault)
    with write(vault) as unit:
        leaves = leaf_hashes(unit.session)
        head = SignedTreeHead(
            origin=origin,
            size=len(leaves),
            root=root_from_leaf_hashes(leaves),
            time=utc_now(),
        )
        note = sign_checkpoint(head, origin, vault.sign, vault.public_key)
        unit.session.add(
            Checkpoint(size=head.size, root=head.root.hex(), time=head.time, note=note)
        )
        unit.event(
            "checkpoint",
            subject=origin,
            details={"size": head.size, "root": head.root.hex()},
        )
        unit.checkpoint = {"size": head.size, "root": head.root.hex(), "note": note}
    return IssuedCheckpoint(head.size, head.root.hex(), head.time, note, origin)
