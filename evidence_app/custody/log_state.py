"""The log's last known state, kept sealed in vault.json, and the rollback check at open.

vault.json keeps the newest checkpoint and the newest event the app saw (`head`), both
encrypted and authenticated under the vault's `state` sub-key. The head is refreshed after
every batch of work, at each checkpoint and when the vault closes; a catalog.db that lacks
that event, or holds a different one under its number, is an older or rewritten copy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from evidence_app.core.errors import IntegrityError
from evidence_app.storage.models import CustodyEvent
from evidence_app.storage.vault import Vault


class RollbackDetected(IntegrityError):
    """The catalog is behind, or differs from, what the vault last recorded."""


@dataclass(frozen=True)
class LogHead:
    seq: int
    hash: str


def _read_state(vault: Vault) -> dict[str, Any]:
    raw = vault.open_state()
    return {} if raw is None else dict(json.loads(raw))


def _write_state(vault: Vault, state: dict[str, Any]) -> None:
    vault.seal_state(json.dumps(state, sort_keys=True).encode("utf-8"))


def current_head(vault: Vault) -> LogHead | None:
    with vault.reader() as session:
        row = session.execute(
            select(CustodyEvent.seq, CustodyEvent.hash).order_by(CustodyEvent.seq.desc()).limit(1)
        ).first()
    return None if row is None else LogHead(row.seq, row.hash)


def recorded_checkpoint(vault: Vault) -> dict[str, Any] | None:
    checkpoint = _read_state(vault).get("checkpoint")
    return checkpoint if isinstance(checkpoint, dict) else None


def record_head(vault: Vault, checkpoint: dict[str, Any] | None = None) -> None:
    """Remember the newest event (and optionally a new checkpoint) in vault.json."""
    state = _read_state(vault)
    head = current_head(vault)
    if head is not None:
        state["head"] = {"seq": head.seq, "hash": head.hash}
    if checkpoint is not None:
        state["checkpoint"] = checkpoint
    _write_state(vault, state)


def check_not_rolled_back(vault: Vault) -> None:
    head = _read_state(vault).get("head")
    if not isinstance(head, dict):
        return
    seq, expected = int(head["seq"]), str(head["hash"])
    with vault.reader() as session:
        found = session.scalar(select(CustodyEvent.hash).where(CustodyEvent.seq == seq))
        newest = session.scalar(select(CustodyEvent.seq).order_by(CustodyEvent.seq.desc()))
    if found is None:
        raise RollbackDetected(
            f"The catalog is older than this vault's last recorded state: it ends at event "
            f"{newest or 0}, but the vault had recorded event {seq}. An older copy of "
            "catalog.db may have been put back; nothing was changed."
        )
    if found != expected:
        raise RollbackDetected(
            f"Event {seq} in the catalog is not the one this vault recorded: the custody log "
            "was rewritten or replaced; nothing was changed."
        )
