"""The log's last known state, kept sealed in vault.json, and the rollback check at open.

vault.json keeps the newest checkpoint and the newest event the app saw (`head`), both
encrypted and authenticated under the vault's `state` sub-key. The head is refreshed after
every batch of work, at each checkpoint and when the vault closes; a catalog.db that lacks
that event, or holds a different one under its number, is an older or rewritten copy.

What this cannot see: catalog.db and vault.json put back together from the same older copy
agree with each other. Only someone holding a later checkpoint (a dossier) can tell.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from evidence_app.kernel.errors import UnknownVaultFormat
from evidence_app.storage.models import Checkpoint, CustodyEvent
from evidence_app.storage.vault import Vault


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
    """The checkpoint sealed in vault.json, or None if it keeps none.

    A state that does not authenticate also gives None here: the vault opened read-only for
    it, and `verify` reports that reason.
    """
    try:
        checkpoint = _read_state(vault).get("checkpoint")
    except UnknownVaultFormat:
        return None
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


def _newest_checkpoint(vault: Vault) -> Checkpoint | None:
    with vault.reader() as session:
        return session.scalars(select(Checkpoint).order_by(Checkpoint.size.desc())).first()


@dataclass(frozen=True)
class RollbackFinding:
    """How the catalog differs from what vault.json recorded; kept in the log on acceptance."""

    kind: str  # missing | older | different | old_vault_file | altered
    message: str
    recorded_head: LogHead | None
    recorded_checkpoint_size: int | None
    found_head: LogHead | None
    found_checkpoint_size: int | None

    def to_json(self) -> dict[str, Any]:
        def head(value: LogHead | None) -> dict[str, Any] | None:
            return None if value is None else {"seq": value.seq, "hash": value.hash}

        return {
            "kind": self.kind,
            "message": self.message,
            "recorded": {
                "head": head(self.recorded_head),
                "checkpoint_size": self.recorded_checkpoint_size,
            },
            "found": {
                "head": head(self.found_head),
                "checkpoint_size": self.found_checkpoint_size,
            },
        }


def find_rollback(vault: Vault) -> RollbackFinding | None:
    """Compare the catalog with the state sealed in vault.json at the last write.

    - no recorded head while the catalog has events: the state was removed from vault.json
      (it needs no key) or a vault.json from before the vault's first event was put back;
    - the recorded event is missing: the catalog is an older copy, or events were removed;
    - another event under the recorded number: the catalog holds a different history;
    - the catalog holds a checkpoint newer than vault.json's: an older vault.json was put
      back (every checkpoint is sealed into vault.json before its commit, and again after).

    A catalog merely ahead of the recorded head is not a rollback: a crash between a commit
    and the next seal leaves exactly that, and nothing is lost by it.
    """
    found = current_head(vault)
    newest = _newest_checkpoint(vault)
    found_size = None if newest is None else newest.size
    try:
        state = _read_state(vault)
    except UnknownVaultFormat as error:
        return RollbackFinding("altered", str(error), None, None, found, found_size)
    raw_head, raw_checkpoint = state.get("head"), state.get("checkpoint")
    recorded = (
        LogHead(int(raw_head["seq"]), str(raw_head["hash"])) if isinstance(raw_head, dict) else None
    )
    recorded_size = int(raw_checkpoint["size"]) if isinstance(raw_checkpoint, dict) else None
    ends_at = 0 if found is None else found.seq

    def finding(kind: str, message: str) -> RollbackFinding:
        return RollbackFinding(kind, message, recorded, recorded_size, found, found_size)

    if recorded is None:
        if found is None:
            return None
        return finding(
            "missing",
            f"vault.json holds no record of the custody log, yet the catalog holds {ends_at} "
            "events: the record was removed from vault.json, or an older vault.json was put "
            "back.",
        )
    with vault.reader() as session:
        at_recorded = session.scalar(
            select(CustodyEvent.hash).where(CustodyEvent.seq == recorded.seq)
        )
    if at_recorded is None:
        return finding(
            "older",
            f"vault.json recorded event {recorded.seq}, but the catalog ends at event {ends_at}: "
            "an older copy of catalog.db was put back, or events were removed.",
        )
    if at_recorded != recorded.hash:
        return finding(
            "different",
            f"Event {recorded.seq} in the catalog is not the one vault.json recorded: the "
            "catalog holds a different custody history.",
        )
    if found_size is not None and (recorded_size is None or found_size > recorded_size):
        kept = "none" if recorded_size is None else f"one over {recorded_size} events"
        return finding(
            "old_vault_file",
            f"The catalog holds a checkpoint over {found_size} events, but vault.json keeps "
            f"{kept}: an older copy of vault.json was put back.",
        )
    return None


READ_ONLY_ADVICE = (
    " The vault is open read-only: you can read, browse, verify and extract, and nothing is "
    "written. If this copy was put back on purpose, `evidence-app vault accept-catalog --yes` "
    "records that decision in the custody log and allows writing again; if not, close the "
    "vault and put the newer catalog.db and vault.json back."
)


def read_only_reason(finding: RollbackFinding) -> str:
    return finding.message + READ_ONLY_ADVICE


def reseal_from_catalog(vault: Vault) -> None:
    """Record the catalog as it is now: its newest event and its newest checkpoint."""
    state: dict[str, Any] = {}
    head = current_head(vault)
    if head is not None:
        state["head"] = {"seq": head.seq, "hash": head.hash}
    newest = _newest_checkpoint(vault)
    if newest is not None:
        state["checkpoint"] = {"size": newest.size, "root": newest.root, "note": newest.note}
    _write_state(vault, state)
