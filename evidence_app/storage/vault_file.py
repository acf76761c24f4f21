"""vault.json: the only plaintext file of a vault.

It holds what is needed to unlock — the format, the vault id, the key slots — and the last
checkpoint, sealed under the `state` sub-key so it reveals nothing and cannot be forged.

While `vault rekey` runs it also holds the journal of the rekey: the new master key sealed
under the old one, the old sealed under the new, and the new slots. Either the old secrets
or the new ones then yield both keys, so a crash at any moment leaves a vault that opens.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeGuard

from evidence_app.crypto.keyslots import KeySlot, b64, unb64
from evidence_app.kernel.errors import UnknownVaultFormat, VaultNotFound
from evidence_app.storage.atomic import write_atomically

FORMAT = "evidence-vault"
VERSION = 1
FILE_NAME = "vault.json"
# A vault.json with a dozen slots is a few KiB; anything near this is not one.
MAX_FILE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class SealedState:
    nonce: bytes
    ciphertext: bytes


@dataclass(frozen=True)
class PendingRekey:
    new_key: SealedState  # the new master key, under the old one's `rekey` sub-key
    old_key: SealedState  # the old master key, under the new one's `rekey` sub-key
    slots: tuple[KeySlot, ...]  # the slots that will replace today's, wrapping the new key


def _sealed_json(sealed: SealedState) -> dict[str, str]:
    return {"nonce": b64(sealed.nonce), "sealed": b64(sealed.ciphertext)}


def _sealed_from_json(data: Any, what: str) -> SealedState:
    if not isinstance(data, dict):
        raise UnknownVaultFormat(f"vault.json: {what} is malformed.")
    return SealedState(unb64(data.get("nonce"), f"{what} nonce"), unb64(data.get("sealed"), what))


@dataclass(frozen=True)
class VaultFile:
    vault_id: str
    created: str
    slots: tuple[KeySlot, ...]
    checkpoint: SealedState | None = None
    rekey: PendingRekey | None = None

    def with_slots(self, slots: tuple[KeySlot, ...]) -> VaultFile:
        return replace(self, slots=slots)

    def with_checkpoint(self, checkpoint: SealedState | None) -> VaultFile:
        return replace(self, checkpoint=checkpoint)

    def with_rekey(self, rekey: PendingRekey | None) -> VaultFile:
        return replace(self, rekey=rekey)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "vault_id": self.vault_id,
            "created": self.created,
            "slots": [slot.to_json() for slot in self.slots],
            "checkpoint": None if self.checkpoint is None else _sealed_json(self.checkpoint),
        }
        if self.rekey is not None:
            data["rekey"] = {
                "new_key": _sealed_json(self.rekey.new_key),
                "old_key": _sealed_json(self.rekey.old_key),
                "slots": [slot.to_json() for slot in self.rekey.slots],
            }
        return data


def vault_file_path(vault_dir: Path) -> Path:
    return vault_dir / FILE_NAME


def _read_plain_file(path: Path, vault_dir: Path) -> bytes:
    """vault.json's bytes, refusing a link (it could lead anywhere), a folder, a FIFO (which
    would hang the read) or a file far larger than any vault.json."""
    flags = (
        os.O_RDONLY
        | getattr(os, "O_NOFOLLOW", 0)
        | getattr(os, "O_NONBLOCK", 0)
        | getattr(os, "O_BINARY", 0)
    )
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise VaultNotFound(f"No vault at {vault_dir} (there is no {FILE_NAME}).") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UnknownVaultFormat(f"{path} is a link, not a plain file; refusing it.") from None
        raise VaultNotFound(f"Cannot read {path}: {error.strerror}.") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise UnknownVaultFormat(f"{path} is not a plain file; refusing it.")
    with os.fdopen(fd, "rb") as handle:
        raw = handle.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise UnknownVaultFormat(
            f"{path} is larger than any vault.json ({MAX_FILE_BYTES // 1024} KiB); refusing it."
        )
    return raw


def read_vault_file(vault_dir: Path) -> VaultFile:
    path = vault_file_path(vault_dir)
    raw = _read_plain_file(path, vault_dir)
    # ValueError covers integers too long to convert; RecursionError, absurdly deep nesting.
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise UnknownVaultFormat(f"{path} is not valid JSON.") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UnknownVaultFormat(f"{path} is not an Evidence App vault.")
    version = data.get("version")
    if type(version) is not int or version != VERSION:
        raise UnknownVaultFormat(
            f"This vault has format version {version!r:.40}; "
            f"this version of Evidence App reads version {VERSION}."
        )
    vault_id, slots = data.get("vault_id"), data.get("slots")
    if not _is_uuid(vault_id) or not isinstance(slots, list):
        raise UnknownVaultFormat(f"{path} has no valid vault id or key slots.")
    checkpoint = data.get("checkpoint")
    sealed = None if checkpoint is None else _sealed_from_json(checkpoint, "the checkpoint")
    return VaultFile(
        vault_id=vault_id,
        created=str(data.get("created", "")),
        slots=tuple(KeySlot.from_json(slot) for slot in slots),
        checkpoint=sealed,
        rekey=_pending_rekey(data.get("rekey")),
    )


def _pending_rekey(data: Any) -> PendingRekey | None:
    if data is None:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("slots"), list):
        raise UnknownVaultFormat("vault.json: the rekey journal is malformed.")
    return PendingRekey(
        new_key=_sealed_from_json(data.get("new_key"), "the rekey journal's new key"),
        old_key=_sealed_from_json(data.get("old_key"), "the rekey journal's old key"),
        slots=tuple(KeySlot.from_json(slot) for slot in data["slots"]),
    )


def _is_uuid(value: object) -> TypeGuard[str]:
    """The vault id is bound into every slot and sealed state as ASCII: a canonical UUID."""
    if not isinstance(value, str):
        return False
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


def write_vault_file(vault_dir: Path, vault_file: VaultFile) -> None:
    text = json.dumps(vault_file.to_json(), indent=2, ensure_ascii=False) + "\n"
    write_atomically(vault_file_path(vault_dir), text.encode("utf-8"))
