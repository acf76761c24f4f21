"""The one way anything is written to a vault: a unit of work that logs what it does.

    with write(vault) as unit:
        unit.session.add(...)                    # what is written
        unit.event("item.described", item.id)    # the signed custody event that says so
    unit.changes                                 # what changed, for the caller to return

One transaction holds the writes and their events, so both land or neither does. After it
commits the log's head is recorded in vault.json (the rollback check at open depends on
it) and the vault's subscribers hear what changed. A service cannot forget either step,
and nothing outside this module appends events or records the head.

Hand-over between vaults will add its events (`transfer.sent`, `transfer.received`) the
same way, so a received bundle lands in one unit with its provenance.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from sqlalchemy.orm import Session

from evidence_app.custody.events import append_event
from evidence_app.custody.log_state import record_head
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
            self._vault.signing_key,
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


@contextlib.contextmanager
def write(vault: Vault) -> Iterator[Write]:
    """Open a unit of work; on success commit, record the log's head, publish the changes."""
    with vault.writer() as session:
        unit = Write(vault, session)
        yield unit
    if unit.events or unit.checkpoint is not None:
        record_head(vault, unit.checkpoint)
    vault.publish(unit.changes)
