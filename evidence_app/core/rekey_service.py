"""`vault rekey`: a new master key, so an old copy of vault.json opens nothing any more.

Changing the passphrase or turning on travel mode rewrites slots, but the master key stays:
a copy of vault.json kept from before still opens the vault with the old passphrase. A
rekey replaces the master key and everything under it:

1. version 1 blobs are compacted (their chunks authenticate the wrapped key, so only a
   full rewrite can re-wrap them);
2. vault.json gains the journal (storage.rekey_journal): new key and new slots, each key
   sealed under the other — from here the old secrets and the new ones both open;
3. every blob file is copied with its key re-wrapped (tmp/, fsync, rename);
4. the identity and transfer keys are re-wrapped in the catalog, in one transaction;
5. the catalog is exported under the new key and swapped in with one rename;
6. vault.json is written with only the new slots: the switch.

A crash anywhere leaves a vault that opens with the old secrets or the new ones; readers
try both keys while the journal is there, and the next `vault rekey` finishes the
interrupted one before starting its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import nacl.utils
from sqlalchemy import select

from evidence_app.core.compact_service import compact_vault
from evidence_app.core.vault_service import in_travel_mode, kdf_for
from evidence_app.crypto.identity import WrappedIdentity, rewrap_identity
from evidence_app.crypto.keyslots import KeySlot, passphrase_slot, recovery_slot, sealed_slot, unb64
from evidence_app.crypto.recovery_code import format_recovery_code, new_recovery_code
from evidence_app.crypto.subkeys import MASTER_KEY_BYTES, KeyPurpose
from evidence_app.custody.tree_head import log_origin
from evidence_app.custody.write_path import write
from evidence_app.kernel.clock import utc_now
from evidence_app.kernel.errors import BadInput
from evidence_app.kernel.progress import NoProgress, Progress, check_cancelled
from evidence_app.storage.blob_maintenance import rewrap_all
from evidence_app.storage.models import Identity, Setting
from evidence_app.storage.transfer_key_store import (
    TRANSFER_KEY_SETTING,
    rewrapped_transfer_key_setting,
)
from evidence_app.storage.vault import Vault, check_new_passphrase


@dataclass(frozen=True)
class RekeyResult:
    recovery_code: str  # formatted for paper; shown once, never stored
    blobs_compacted: int
    blobs_rewrapped: int
    slots: tuple[str, ...]  # the kinds of the new slots
    finished_interrupted: bool
    problems: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "recovery_code": self.recovery_code,
            "blobs_compacted": self.blobs_compacted,
            "blobs_rewrapped": self.blobs_rewrapped,
            "slots": list(self.slots),
            "finished_interrupted": self.finished_interrupted,
            "problems": list(self.problems),
        }


def rekey_vault(
    vault: Vault,
    new_passphrase: str | None,
    kdf_seconds: float = 1.0,
    progress: Progress | None = None,
) -> RekeyResult:
    """`new_passphrase` may be None only in travel mode (the vault then keeps no passphrase)."""
    progress = progress or NoProgress()
    if new_passphrase is None and not in_travel_mode(vault.slots):
        raise BadInput("A rekey replaces the passphrase too: give the new passphrase.")
    if new_passphrase is not None:
        check_new_passphrase(new_passphrase)
    progress.report(0.0, "Rewriting unpadded blobs")
    compacted = compact_vault(vault, progress)
    problems = list(compacted.problems)
    finished_interrupted = vault.rekey_pending
    if finished_interrupted:
        _carry_out(vault, progress, problems)
    check_cancelled(progress)

    code = new_recovery_code()
    new_key = nacl.utils.random(MASTER_KEY_BYTES)
    now = utc_now()
    slots: list[KeySlot] = []
    if new_passphrase is not None:
        kdf = kdf_for(kdf_seconds)
        slots.append(passphrase_slot(vault.vault_id, new_key, new_passphrase, kdf, now))
    slots.append(recovery_slot(vault.vault_id, new_key, code, now))
    for slot in vault.slots:
        if slot.kind == "sealed":
            public_key = unb64(slot.params.get("public_key"), "an organisation public key")
            label = str(slot.params.get("label", ""))
            slots.append(sealed_slot(vault.vault_id, new_key, public_key, label, now))
    vault.begin_rekey(new_key, tuple(slots))
    rewrapped = _carry_out(vault, progress, problems)
    kinds = tuple(slot.kind for slot in slots)
    with write(vault) as unit:
        unit.event(
            "vault.rekeyed",
            subject=log_origin(vault),
            details={
                "blobs_compacted": compacted.rewritten,
                "blobs_rewrapped": rewrapped,
                "slots": list(kinds),
            },
        )
    progress.report(1.0, "Rekeyed")
    return RekeyResult(
        recovery_code=format_recovery_code(code),
        blobs_compacted=compacted.rewritten,
        blobs_rewrapped=rewrapped,
        slots=kinds,
        finished_interrupted=finished_interrupted,
        problems=tuple(problems),
    )


def _carry_out(vault: Vault, progress: Progress, problems: list[str]) -> int:
    """Steps 3 to 6 for the pending rekey. Not cancellable: it must reach the switch."""
    rewrapped, blob_problems = rewrap_all(
        vault,
        vault.subkeys(KeyPurpose.BLOBWRAP)[0],
        lambda n, total: progress.report(n / max(total, 1), f"{n} of {total} blob keys re-wrapped"),
    )
    problems.extend(blob_problems)
    identity_keys = vault.subkeys(KeyPurpose.IDENTITY)
    with write(vault) as unit:
        session = unit.session
        for row in session.scalars(select(Identity)):
            stored = WrappedIdentity(row.public_key, row.nonce, row.wrapped_seed)
            fresh = rewrap_identity(identity_keys, identity_keys[0], stored)
            row.nonce, row.wrapped_seed = fresh.nonce, fresh.wrapped_seed
        setting = session.get(Setting, TRANSFER_KEY_SETTING)
        if setting is not None:
            setting.value = rewrapped_transfer_key_setting(
                identity_keys, identity_keys[0], setting.value
            ).value
    vault.reopen_catalog_under_pending_key()
    vault.finish_rekey()
    return rewrapped
