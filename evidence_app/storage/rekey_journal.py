"""The rekey journal kept in vault.json while `vault rekey` runs.

Each master key is sealed under the other's `rekey` sub-key, so whichever slot opened —
an old one or a new one — both keys are at hand, and blobs, catalog and identity can be
read whichever of the two they are under at the moment of a crash.
"""

from __future__ import annotations

from evidence_app.crypto.aead import DecryptionFailed, open_sealed, seal
from evidence_app.crypto.keyslots import KeySlot
from evidence_app.crypto.subkeys import KeyPurpose, derive_subkey
from evidence_app.kernel.errors import UnknownVaultFormat
from evidence_app.storage.vault_file import PendingRekey, SealedState, VaultFile


def _sealed(key: bytes, under: bytes, vault_id: str, role: str) -> SealedState:
    nonce, ciphertext = seal(
        derive_subkey(under, KeyPurpose.REKEY), key, f"{vault_id}:{role}".encode()
    )
    return SealedState(nonce, ciphertext)


def _opened(sealed: SealedState, under: bytes, vault_id: str, role: str) -> bytes:
    return open_sealed(
        derive_subkey(under, KeyPurpose.REKEY),
        sealed.nonce,
        sealed.ciphertext,
        f"{vault_id}:{role}".encode(),
    )


def seal_journal(
    vault_id: str, old_key: bytes, new_key: bytes, new_slots: tuple[KeySlot, ...]
) -> PendingRekey:
    return PendingRekey(
        new_key=_sealed(new_key, old_key, vault_id, "new"),
        old_key=_sealed(old_key, new_key, vault_id, "old"),
        slots=new_slots,
    )


def open_journal(vault_file: VaultFile, key: bytes) -> tuple[bytes, bytes | None]:
    """(the key today's slots wrap, the pending key or None) given either of the two."""
    journal = vault_file.rekey
    if journal is None:
        return key, None
    vault_id = vault_file.vault_id
    try:
        return key, _opened(journal.new_key, key, vault_id, "new")
    except DecryptionFailed:
        pass
    try:
        return _opened(journal.old_key, key, vault_id, "old"), key
    except DecryptionFailed:
        raise UnknownVaultFormat(
            "The rekey journal in vault.json does not authenticate: it was altered."
        ) from None
