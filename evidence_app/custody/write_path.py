"""The one way anything is written to a vault: a unit of work that logs what it does.

    with write(vault) as unit:
        unit.session.add(...)                    # what is written
        unit.event("item.described", item.id)    # the signed custody event that says so
    unit.changes                                 # what changed, for the caller to return

One transaction holds the writes and their events, so both land or neither does. After it
commits the log's head is recorded in vault.json (the rollback check at open depends on
it) and the vault's subscribers hear what changed. A service cannot forget either step,
and nothing outside this module appends events or records the head.

Work that commits many units in a row (an ingest of a thousand files, commits of sixteen)
runs them inside `batch(vault)`: each unit still commits and publishes on its own, and the
head is recorded once, when the batch ends. A crash in between leaves a catalog ahead of
the recorded head, which the rollback check accepts: nothing is lost by it.

Hand-over between vaults will add its events (`transfer.sent`, `transfer.received`) the
same way, so a received bundle lands in one unit with its provenance.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from evidence_app.custody.events import append_event
from evidence_app.custody.log_state import record_head, reseal_from_catalog
from evidence_app.storage.changes import Changes
from evidence_app.storage.models import CustodyEvent
from evidence_app.storage.vault import Vault

# What an action's subject names, for telling the views what changed.
_ITEM_ACTIONS = ("item.",)
_RECORD_ACTIONS = ("record.", "consent.")
_VAULT_ACTIONS = ("vault.",)
_EXPORT_ACTIONS = ("export.", "publication.")


class Write:
    """One open unit of work: its session, its events, and what it changed so far."""

    def __init__(self, vault: Vault, session: Session) -> None:
        self.session = session
        self._vault = vault
        self._changes = Changes()
        self.events: list[CustodyEvent] = []
        # A tree head issued in this unit, sealed into vault.json with the log's head.
        self.checkpoint: dict[str, Any] | None = None
        # The keeper accepted the catalog as it is: vault.json's state is rebuilt from it,
        # since the state it holds may be one that no longer authenticates.
        self.reseal_from_catalog = False

    @property
    def changes(self) -> Changes:
        return self._changes

    def event(
        self,
        action: str,
        subject: str,
        subject_sha256: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> CustodyEvent:
        """Append one signed custody event in this unit's transaction."""
        row = append_event(
            self.session,
            self._vault.sign,
            self._vault.public_key,
            self._vault.display_name,
            action,
            subject=subject,
            subject_sha256=subject_sha256,
            details=details,
        )
        self.events.append(row)
        self._changes |= _changes_of(action, subject)
        return row

    def changed(self, changes: Changes) -> None:
        """Say what changed beyond what the events name (e.g. links, settings)."""
        self._changes |= changes


def _changes_of(action: str, subject: str) -> Changes:
    if action.startswith(_ITEM_ACTIONS):
        return Changes(items=frozenset({subject}), log=True)
    if action.startswith(_RECORD_ACTIONS) and ":" in subject:
        kind, ref = subject.split(":", 1)
        return Changes(records=frozenset({(kind, ref)}), log=True)
    if action.startswith(_VAULT_ACTIONS):
        return Changes(vault=True, log=True)
    if action.startswith(_EXPORT_ACTIONS):
        return Changes(exports=True, log=True)
    return Changes(log=True)


@dataclass
class _Batch:
    vault: Vault
    logged: bool = False


# The batch open on this thread, if any; a unit written on another thread records its own head.
_open_batch: ContextVar[_Batch | None] = ContextVar("open_batch", default=None)


@contextlib.contextmanager
def write(vault: Vault) -> Iterator[Write]:
    """Open a unit of work; on success commit, record the log's head, publish the changes.

    An exception in the block rolls the whole unit back: no row, no event, nothing published.
    """
    with vault.writer() as session:
        unit = Write(vault, session)
        yield unit
        if unit.checkpoint is not None:
            # Sealed before the commit as well as after it. A kill between the two then
            # leaves vault.json naming a checkpoint over events the catalog already holds
            # (it covers the events before its own), which verifies; sealed only after, the
            # catalog would hold a checkpoint vault.json lacks, which reads as an old
            # vault.json put back.
            record_head(vault, unit.checkpoint)
    in_batch = _open_batch.get()
    if unit.reseal_from_catalog:
        reseal_from_catalog(vault)
    elif unit.checkpoint is not None:
        record_head(vault, unit.checkpoint)  # sealed the moment it is issued, batch or not
    elif unit.events and in_batch is not None and in_batch.vault is vault:
        in_batch.logged = True
    elif unit.events:
        record_head(vault)
    vault.publish(unit.changes)


@contextlib.contextmanager
def batch(vault: Vault) -> Iterator[None]:
    """Units written on this thread inside the block record the log's head once, at its end.

    The head is recorded even when the block stops on an exception, for the units that
    committed before it.
    """
    outer = _open_batch.get()
    if outer is not None and outer.vault is vault:
        yield
        return
    opened = _Batch(vault)
    token = _open_batch.set(opened)
    try:
        yield
    finally:
        _open_batch.reset(token)
        if opened.logged:
            record_head(vault)


def record_head_now(vault: Vault) -> None:
    """Record the log's head outside any unit: when a vault closes, for what came before."""
    record_head(vault)
