"""vault.json: the only plaintext file of a vault.

It holds what is needed to unlock — the format, the vault id, the key slots — and the last
checkpoint, sealed under the `state` sub-key so it reveals nothing and cannot be forged.
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
class VaultFile:
    vault_id: str
    created: str
    slots: tuple[KeySlot, ...]
    checkpoint: SealedState | None = None

    def with_slots(self, slots: tuple[KeySlot, ...]) -> VaultFile:
        return replace(self, slots=slots)

    def with_checkpoint(self, checkpoint: SealedState) -> VaultFile:
        return replace(self, checkpoint=checkpoint)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "vault_id": self.vault_id,
            "created": self.created,
            "slots": [slot.to_json() for slot in self.slots],
            "checkpoint": None
            if self.checkpoint is None
            else {"nonce": b64(self.checkpoint.nonce), "sealed": b64(self.checkpoint.ciphertext)},
        }


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
    sealed = None
    if checkpoint is not None:
        if not isinstance(checkpoint, dict):
            raise UnknownVaultFormat(f"{path} has a malformed checkpoint.")
        sealed = SealedState(
            unb64(checkpoint.get("nonce"), "the checkpoint nonce"),
            unb64(checkpoint.get("sealed"), "the checkpoint"),
        )
    return VaultFile(
        vault_id=vault_id,
        created=str(data.get("created", "")),
        slots=tuple(KeySlot.from_json(slot) for slot in slots),
        checkpoint=sealed,
    )


def write_vault_file(vault_dir: Path, vault_file: VaultFile) -> None:
    text = json.dumps(vault_file.to_json(), indent=2, ensure_ascii=False) + "\n"
    write_atomically(vault_file_path(vault_dir), text.encode("utf-8"))
