"""Use cases on the vault itself: create, open, passphrase, travel mode, slots, info.

The CLI and the GUI call these; they never reach into `storage` themselves.
"""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass, replace
from pathlib import Path

import nacl.public

from evidence_app.core.case_labels import adopt_case_labels
from evidence_app.core.export_staging import outstanding_leftovers, sweep_leftovers
from evidence_app.core.vault_results import (
    AcceptedCatalog,
    PublicKeyInfo,
    SlotDescription,
    SlotKdf,
    VaultInfo,
)
from evidence_app.crypto.identity import fingerprint as fingerprint
from evidence_app.crypto.kdf import MIB, Argon2idParams, calibrate
from evidence_app.crypto.keyslots import KeySlot, passphrase_slot, sealed_slot
from evidence_app.crypto.recovery_code import format_recovery_code
from evidence_app.custody.log_state import find_rollback, read_only_reason, recorded_checkpoint
from evidence_app.custody.tree_head import log_origin
from evidence_app.custody.write_path import record_head_now, write
from evidence_app.kernel.errors import BadInput, UnknownVaultFormat
from evidence_app.kernel.notice import Notice as Notice  # what the shells say in their language
from evidence_app.storage import vault_lifecycle
from evidence_app.storage.blob_maintenance import blob_totals, quarantined_ids
from evidence_app.storage.blob_store import BLOBS_DIR
from evidence_app.storage.catalog_engine import CATALOG_NAME
from evidence_app.storage.changes import NO_CHANGES as NO_CHANGES
from evidence_app.storage.changes import Changes as Changes
from evidence_app.storage.secrets import UnlockSecret
from evidence_app.storage.vault import MIN_PASSPHRASE_CHARS as MIN_PASSPHRASE_CHARS
from evidence_app.storage.vault import Vault as Vault
from evidence_app.storage.vault import check_new_passphrase
from evidence_app.storage.vault_file import FORMAT, VERSION, read_vault_file
from evidence_app.storage.vault_lifecycle import confirm_secret as confirm_secret
from evidence_app.storage.vault_lifecycle import is_vault as is_vault
from evidence_app.storage.vault_lifecycle import open_vault


@dataclass(frozen=True)
class CreatedVault:
    vault: Vault
    recovery_code: str  # formatted for paper; shown once, never stored


@dataclass(frozen=True)
class LockedVault:
    """What can be shown of a vault without unlocking it: vault.json holds no name, so the
    folder's name stands for the vault (the keeper's name is inside, encrypted)."""

    path: Path
    name: str
    passphrase_opens: bool  # False in travel mode: only the recovery code or org key does


def locked_vault(path: Path) -> LockedVault:
    slots = read_vault_file(path).slots
    return LockedVault(path, path.name or str(path), not in_travel_mode(slots))


NOT_EMPTY = (
    "This folder already holds other files. Choose an empty folder, or type the name of a "
    "new one: it is created for you."
)
ALREADY_A_VAULT = "This folder already holds a vault. Open it, or choose another folder."


def check_new_vault_folder(path: Path) -> None:
    """Refuse, before any key is derived, a folder a new vault cannot be created in."""
    if is_vault(path):
        raise BadInput(ALREADY_A_VAULT)
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise BadInput(NOT_EMPTY)


def kdf_for(target_seconds: float) -> Argon2idParams:
    """Calibrated parameters, or the floor when no time target is given."""
    return calibrate(target_seconds) if target_seconds > 0 else Argon2idParams.floor()


def create_vault(
    path: Path, passphrase: str, display_name: str = "", kdf_seconds: float = 1.0
) -> CreatedVault:
    check_new_vault_folder(path)
    vault, code = vault_lifecycle.create_vault(
        path, passphrase, display_name.strip() or "Evidence App vault", kdf_for(kdf_seconds)
    )
    try:
        with write(vault) as unit:
            unit.event(
                "vault.created",
                subject=log_origin(vault),
                details={"format": FORMAT, "version": VERSION},
            )
        vault.before_close.append(_record_head_if_writable)
    except BaseException:
        vault.close()
        raise
    return CreatedVault(vault=vault, recovery_code=format_recovery_code(code))


def _record_head_if_writable(vault: Vault) -> None:
    if vault.read_only_reason is None:
        record_head_now(vault)


def unlock_vault(path: Path, secret: UnlockSecret) -> Vault:
    """Open the vault; read-only if its catalog is not the one vault.json recorded.

    Only a vault that passes the rollback check sets unreferenced blobs aside: a catalog put
    back from an older copy makes the newer evidence look unreferenced, and the keeper should
    see that before anything moves. Decrypted files an interrupted export left beside its
    destination are removed, and `vault.notices` says so; a read-only vault only names them.
    """
    vault = open_vault(path, secret)
    try:
        finding = find_rollback(vault)
        if finding is not None:
            vault.make_read_only(read_only_reason(finding))
            vault.notices.extend(outstanding_leftovers(vault))
        else:
            vault.quarantine_unreferenced_blobs()
            vault.notices.extend(sweep_leftovers(vault))
            vault.ensure_transfer_key()
            adopt_case_labels(vault)
        vault.before_close.append(_record_head_if_writable)
    except BaseException:
        vault.close()
        raise
    return vault


def accept_catalog(vault: Vault) -> AcceptedCatalog:
    """The keeper's decision to go on from the catalog as it is, logged for good.

    Logs `vault.state_accepted` with what vault.json recorded and what the catalog held,
    seals the catalog's head and newest checkpoint into vault.json, and allows writing again
    (setting unreferenced blobs aside, as a normal open does).
    """
    finding = find_rollback(vault)
    if vault.read_only_reason is None or finding is None:
        raise BadInput("The vault is not read-only; there is nothing to accept.")
    reason = vault.read_only_reason
    dropped = recorded_checkpoint(vault)
    vault.make_writable()
    try:
        details = finding.to_json()
        if dropped is not None:  # no longer in vault.json: keep the signed note in the log
            details["recorded"]["checkpoint_note"] = dropped.get("note")
        with write(vault) as unit:
            event = unit.event(
                "vault.state_accepted",
                subject=log_origin(vault),
                details=details,
            )
            unit.reseal_from_catalog = True
            seq = event.seq
        quarantined = vault.quarantine_unreferenced_blobs()
        adopt_case_labels(vault)
    except BaseException:
        vault.make_read_only(reason)
        raise
    return AcceptedCatalog(finding, seq, tuple(quarantined))


def change_passphrase(vault: Vault, new_passphrase: str, kdf_seconds: float = 1.0) -> KeySlot:
    """Replace every passphrase slot by one for the new passphrase; no data is re-encrypted."""
    check_new_passphrase(new_passphrase)
    kdf = kdf_for(kdf_seconds)
    new_slot = vault.wrap_master_key_for(
        lambda vault_id, key, now: passphrase_slot(vault_id, key, new_passphrase, kdf, now)
    )
    others = tuple(slot for slot in vault.slots if slot.kind != "passphrase")
    vault.replace_slots((new_slot, *others))
    return new_slot


def travel_mode_on(vault: Vault) -> int:
    """Remove every passphrase slot; returns how many. Refused if nothing else could open it."""
    remaining = tuple(slot for slot in vault.slots if slot.kind != "passphrase")
    if not remaining:
        raise BadInput(
            "Travel mode needs a recovery code or an organisation key to come back; "
            "this vault has neither, so it stays as it is."
        )
    removed = len(vault.slots) - len(remaining)
    vault.replace_slots(remaining)
    return removed


def travel_mode_off(vault: Vault, new_passphrase: str, kdf_seconds: float = 1.0) -> KeySlot:
    return change_passphrase(vault, new_passphrase, kdf_seconds)


def in_travel_mode(slots: tuple[KeySlot, ...]) -> bool:
    return not any(slot.kind == "passphrase" for slot in slots)


def parse_public_key(text: str) -> bytes:
    """An X25519 public key given as base64 or hex (64 characters)."""
    cleaned = text.strip()
    try:
        raw = (
            bytes.fromhex(cleaned)
            if len(cleaned) == 64
            else base64.b64decode(cleaned, validate=True)
        )
    except (ValueError, binascii.Error):
        raw = b""
    if len(raw) != 32:
        raise BadInput("An organisation public key is 32 bytes, written as base64 or hex.")
    return raw


def add_sealed_slot(vault: Vault, public_key: bytes, label: str = "") -> KeySlot:
    slot = vault.wrap_master_key_for(
        lambda vault_id, key, now: sealed_slot(vault_id, key, public_key, label, now)
    )
    vault.replace_slots((*vault.slots, slot))
    return slot


def remove_slot(vault: Vault, slot_id: str) -> KeySlot:
    """Remove one recovery or sealed slot. The passphrase goes only through travel mode,
    which says first what that means; the last slot never goes."""
    slot = next((slot for slot in vault.slots if slot.slot_id == slot_id), None)
    if slot is None:
        raise BadInput("This vault has no such key slot; it may have been removed already.")
    if slot.kind == "passphrase":
        raise BadInput("The passphrase is removed by turning travel mode on.")
    remaining = tuple(other for other in vault.slots if other is not slot)
    if not any(other.kind != "passphrase" for other in remaining):
        raise BadInput(
            "This is the last way to open the vault besides the passphrase: without it a "
            "forgotten passphrase, or travel mode, would lock you out for good. Add an "
            "organisation key first."
        )
    vault.replace_slots(remaining)
    return slot


@dataclass(frozen=True)
class OrgKeyPair:
    private_key: bytes
    public_key: bytes


def generate_org_keypair() -> OrgKeyPair:
    private = nacl.public.PrivateKey.generate()
    return OrgKeyPair(bytes(private), bytes(private.public_key))


def describe_slot(slot: KeySlot) -> SlotDescription:
    """What a slot is; a damaged slot is described as damaged (`damaged`: why), so the other
    slots and the rest of the vault can still be shown."""
    described = SlotDescription(slot.slot_id, slot.kind, slot.created)
    if slot.kind == "passphrase":
        try:
            kdf = Argon2idParams.from_json(slot.params.get("kdf"))
        except UnknownVaultFormat as error:
            return replace(described, damaged=str(error))
        return replace(described, kdf=SlotKdf("Argon2id", kdf.memlimit // MIB, kdf.opslimit))
    if slot.kind == "sealed":
        label, public_key = slot.params.get("label", ""), slot.params.get("public_key", "")
        if isinstance(label, str) and isinstance(public_key, str):
            return replace(described, label=label, public_key=public_key)
        return replace(described, damaged="Its label or public key is not text.")
    return described


def list_slots(path: Path) -> list[SlotDescription]:
    """Slots as vault.json shows them; needs no secret."""
    return [describe_slot(slot) for slot in read_vault_file(path).slots]


def _disk_usage(path: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(root, name))
            except OSError:
                continue
    return total


def vault_info(vault: Vault) -> VaultInfo:
    blob_count, content_bytes = blob_totals(vault)
    catalog_bytes = sum(
        (vault.path / name).stat().st_size
        for name in (CATALOG_NAME, CATALOG_NAME + "-wal")
        if (vault.path / name).exists()
    )
    return VaultInfo(
        path=str(vault.path),
        format=FORMAT,
        version=VERSION,
        vault_id=vault.vault_id,
        created=vault.vault_file.created,
        travel_mode=in_travel_mode(vault.slots),
        slots=tuple(describe_slot(slot) for slot in vault.slots),
        keeper=vault.display_name,
        identity=PublicKeyInfo(
            "Ed25519",
            base64.b64encode(vault.public_key).decode("ascii"),
            fingerprint(vault.public_key),
        ),
        # A vault from before transfer keys gets one when it next opens for writing.
        transfer_key=(
            PublicKeyInfo(
                "X25519",
                base64.b64encode(vault.transfer_public_key).decode("ascii"),
                fingerprint(vault.transfer_public_key),
            )
            if vault.has_transfer_key
            else None
        ),
        rekey_pending=vault.rekey_pending,
        read_only_reason=vault.read_only_reason,
        blob_count=blob_count,
        quarantined_count=len(quarantined_ids(vault)),
        content_bytes=content_bytes,
        catalog_bytes=catalog_bytes,
        blob_files_bytes=_disk_usage(vault.path / BLOBS_DIR),
    )
