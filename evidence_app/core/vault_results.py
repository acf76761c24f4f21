"""What the vault use cases return: frozen values the CLI prints with `to_json()` and the
GUI reads by attribute. `to_json()` keeps the order and the keys `vault info --json` and
`vault slots --json` have always had."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evidence_app.custody.log_state import RollbackFinding


@dataclass(frozen=True)
class SlotKdf:
    algorithm: str
    memory_mib: int
    passes: int


@dataclass(frozen=True)
class SlotDescription:
    """A key slot as people see it. Only what the slot's kind has is set: `kdf` for a
    passphrase, `label` and `public_key` for a sealed slot; `damaged` says why a slot could
    not be read, so the others can still be shown."""

    id: str
    kind: str
    created: str
    kdf: SlotKdf | None = None
    label: str | None = None
    public_key: str | None = None
    damaged: str | None = None

    def to_json(self) -> dict[str, Any]:
        described: dict[str, Any] = {"id": self.id, "kind": self.kind, "created": self.created}
        if self.kdf is not None:
            described["kdf"] = {
                "algorithm": self.kdf.algorithm,
                "memory_mib": self.kdf.memory_mib,
                "passes": self.kdf.passes,
            }
        if self.label is not None:
            described["label"] = self.label
        if self.public_key is not None:
            described["public_key"] = self.public_key
        if self.damaged is not None:
            described["damaged"] = self.damaged
        return described


@dataclass(frozen=True)
class PublicKeyInfo:
    """A public key as it is shown and compared: base64, and its fingerprint."""

    algorithm: str
    public_key: str
    fingerprint: str

    def to_json(self) -> dict[str, Any]:
        return {
            "algorithm": self.algorithm,
            "public_key": self.public_key,
            "fingerprint": self.fingerprint,
        }


@dataclass(frozen=True)
class VaultInfo:
    path: str
    format: str
    version: int
    vault_id: str
    created: str
    travel_mode: bool
    slots: tuple[SlotDescription, ...]
    keeper: str  # the identity's name in the custody log
    identity: PublicKeyInfo  # Ed25519, signs the log
    transfer_key: PublicKeyInfo | None  # X25519; made when the vault next opens for writing
    rekey_pending: bool
    read_only_reason: str | None
    blob_count: int
    quarantined_count: int
    content_bytes: int
    catalog_bytes: int
    blob_files_bytes: int

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "format": self.format,
            "version": self.version,
            "vault_id": self.vault_id,
            "created": self.created,
            "travel_mode": self.travel_mode,
            "slots": [slot.to_json() for slot in self.slots],
            "identity": {"name": self.keeper, **self.identity.to_json()},
            "transfer_key": None if self.transfer_key is None else self.transfer_key.to_json(),
            "rekey_pending": self.rekey_pending,
            "read_only_reason": self.read_only_reason,
            "counts": {"blobs": self.blob_count, "quarantined": self.quarantined_count},
            "sizes": {
                "content_bytes": self.content_bytes,
                "catalog_bytes": self.catalog_bytes,
                "blob_files_bytes": self.blob_files_bytes,
            },
        }


@dataclass(frozen=True)
class AcceptedCatalog:
    """The keeper's decision after a rollback finding: what was accepted, the custody event
    that records it, and the blobs set aside in quarantine/."""

    accepted: RollbackFinding
    event: int
    quarantined: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted.to_json(),
            "event": self.event,
            "quarantined": list(self.quarantined),
        }
