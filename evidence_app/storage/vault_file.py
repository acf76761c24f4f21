"""vault.json: the only plaintext file of a vault.

It holds what is needed to unlock — the format, the vault id, the key slots — and the last
checkpoint, sealed under the `state` sub-key so it reveals nothing and cannot be forged.

While `vault rekey` runs it also holds the journal of the rekey: the new master key sealed
under the old one, the old sealed under the new, and the new slots. Either the old secrets
or the new ones then yield both keys, so a crash at any moment leaves a vault that opens.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from evidence_app.core.errors import UnknownVaultFormat, VaultNotFound
from evidence_app.crypto.keyslots import KeySlot, b64, unb64
from evidence_app.storage.atomic import write_atomically

FORMAT = "evidence-vault"
VERSION = 1
FILE_NAME = "vault.json"


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


def read_vault_file(vault_dir: Path) -> VaultFile:
    path = vault_file_path(vault_dir)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise VaultNotFound(f"No vault at {vault_dir} (there is no {FILE_NAME}).") from None
    except OSError as error:
        raise VaultNotFound(f"Cannot read {path}: {error.strerror}.") from None
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise UnknownVaultFormat(f"{path} is not valid JSON.") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UnknownVaultFormat(f"{path} is not an Evidence App vault.")
    if data.get("version") != VERSION:
        raise UnknownVaultFormat(
            f"This vault has format version {data.get('version')!r}; "
            f"this version of Evidence App reads version {VERSION}."
        )
    vault_id, slots = data.get("vault_id"), data.get("slots")
    if not isinstance(vault_id, str) or not isinstance(slots, list):
        raise UnknownVaultFormat(f"{path} has no vault id or key slots.")
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


def write_vault_file(vault_dir: Path, vault_file: VaultFile) -> None:
    text = json.dumps(vault_file.to_json(), indent=2, ensure_ascii=False) + "\n"
    write_atomically(vault_file_path(vault_dir), text.encode("utf-8"))
