"""Making, unlocking and recognising a vault folder; the open vault is `storage.vault.Vault`."""

from __future__ import annotations

import uuid
from pathlib import Path

import nacl.public
import nacl.signing
import nacl.utils

from evidence_app.crypto.identity import new_identity
from evidence_app.crypto.kdf import Argon2idParams, calibrate
from evidence_app.crypto.keyslots import (
    passphrase_slot,
    recovery_slot,
    unlock_with_org_key,
    unlock_with_passphrase,
    unlock_with_recovery_code,
)
from evidence_app.crypto.recovery_code import new_recovery_code
from evidence_app.crypto.subkeys import MASTER_KEY_BYTES, KeyPurpose, derive_subkey
from evidence_app.kernel.clock import utc_now
from evidence_app.kernel.errors import (
    BadInput,
    NoWayToUnlock,
    UnknownVaultFormat,
    WrongSecret,
)
from evidence_app.storage.blob_store import BLOBS_DIR, TMP_DIR
from evidence_app.storage.models import Identity, Setting
from evidence_app.storage.process_lock import ProcessLock
from evidence_app.storage.rekey_journal import open_journal
from evidence_app.storage.schema import current_revision, known_revisions, upgrade_to_head
from evidence_app.storage.secrets import OrgPrivateKey, Passphrase, RecoveryCode, UnlockSecret
from evidence_app.storage.vault import Vault, check_new_passphrase
from evidence_app.storage.vault_file import (
    VaultFile,
    read_vault_file,
    vault_file_path,
    write_vault_file,
)


def create_vault(
    path: Path,
    passphrase: str,
    display_name: str,
    kdf: Argon2idParams | None = None,
) -> tuple[Vault, bytes]:
    """Create a vault in a new or empty folder; returns it open, with the recovery code."""
    check_new_passphrase(passphrase)
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise BadInput(f"{path} already exists and is not an empty folder.")
    # Owner-only permissions: on a shared computer other accounts see nothing, not even sizes.
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    lock = ProcessLock(path)
    lock.acquire()
    try:
        vault_id = str(uuid.uuid4())
        now = utc_now()
        master_key = nacl.utils.random(MASTER_KEY_BYTES)
        recovery = new_recovery_code()
        slots = (
            passphrase_slot(vault_id, master_key, passphrase, kdf or calibrate(), now),
            recovery_slot(vault_id, master_key, recovery, now),
        )
        vault_file = VaultFile(vault_id=vault_id, created=now, slots=slots)
        (path / TMP_DIR).mkdir(mode=0o700)
        (path / BLOBS_DIR).mkdir(mode=0o700)
        vault = Vault(path, vault_file, master_key, lock)
        upgrade_to_head(vault._engine)
        _, wrapped = new_identity(derive_subkey(master_key, KeyPurpose.IDENTITY))
        with vault.writer() as session:
            session.add(
                Identity(
                    public_key=wrapped.public_key,
                    display_name=display_name,
                    nonce=wrapped.nonce,
                    wrapped_seed=wrapped.wrapped_seed,
                    created=now,
                )
            )
            session.add(Setting(key="log_id", value=str(uuid.uuid4())))
        # vault.json last: a folder without it is not a vault, so a crash mid-way leaves
        # nothing that looks openable.
        write_vault_file(path, vault_file)
        vault._load_identity()
        vault.ensure_transfer_key()
    except BaseException:
        lock.release()
        raise
    return vault, recovery


def unlock_master_key(vault_file: VaultFile, secret: UnlockSecret) -> bytes:
    """Try the slots of the secret's kind; a wrong secret costs one KDF run per such slot."""
    kind = {Passphrase: "passphrase", RecoveryCode: "recovery", OrgPrivateKey: "sealed"}[
        type(secret)
    ]
    pending = () if vault_file.rekey is None else vault_file.rekey.slots
    candidates = [slot for slot in (*vault_file.slots, *pending) if slot.kind == kind]
    if not candidates:
        names = {"passphrase": "passphrase", "recovery": "recovery code", "sealed": "org key"}
        others = sorted({names[slot.kind] for slot in vault_file.slots})
        raise NoWayToUnlock(
            f"This vault has no {names[kind]} slot"
            + (" (travel mode is on)" if kind == "passphrase" else "")
            + (f"; it opens with: {', '.join(others)}." if others else ".")
        )
    last_error: WrongSecret | None = None
    for slot in candidates:
        try:
            match secret:
                case Passphrase(value):
                    return unlock_with_passphrase(vault_file.vault_id, slot, value)
                case RecoveryCode(code):
                    return unlock_with_recovery_code(vault_file.vault_id, slot, code)
                case OrgPrivateKey(key):
                    return unlock_with_org_key(vault_file.vault_id, slot, key)
        except WrongSecret as error:
            last_error = error
    assert last_error is not None
    raise last_error


def open_vault(path: Path, secret: UnlockSecret) -> Vault:
    """Unlock and open. Nothing on disk changes unless the unlock succeeds."""
    vault_file = read_vault_file(path)
    # The secret is checked before the lock is taken, so a wrong one leaves no trace.
    master_key = unlock_master_key(vault_file, secret)
    lock = ProcessLock(path)
    lock.acquire()
    try:
        current = read_vault_file(path)
        if current != vault_file:  # slots changed while we were deriving keys
            master_key = unlock_master_key(current, secret)
            vault_file = current
        committed, pending = open_journal(vault_file, master_key)
        vault = Vault(path, vault_file, committed, lock, pending)
        try:
            revision = current_revision(vault._engine)
            if revision is not None and revision not in known_revisions():
                raise UnknownVaultFormat(
                    "This vault was written by a newer version of Evidence App; update it."
                )
            upgrade_to_head(vault._engine)
            vault._load_identity()
            vault._blobs.clear_staging()
        except BaseException:
            vault._engine.dispose()
            raise
    except BaseException:
        lock.release()
        raise
    return vault


def confirm_secret(vault: Vault, secret: UnlockSecret) -> None:
    """Raise WrongSecret (or NoWayToUnlock) unless `secret` opens this open vault as its
    vault.json is now: an open window alone must not be enough to change how the vault opens.
    Costs one key derivation per slot of the secret's kind; nothing on disk changes."""
    if not vault.holds_master_key(unlock_master_key(vault.vault_file, secret)):
        raise WrongSecret("This secret does not open this vault.")


def is_vault(path: Path) -> bool:
    return vault_file_path(path).is_file()
