"""Blob files as anyone with the vault folder sees them (DESIGN §2 layout): to tamper with
them, count them or read their format byte, without going through the store."""

from __future__ import annotations

from pathlib import Path

from evidence_app.storage.vault import Vault


def blob_path(vault: Vault, blob_id: str, quarantined: bool = False) -> Path:
    return vault.path / ("quarantine" if quarantined else "blobs") / blob_id[:2] / blob_id


def blob_ids_on_disk(vault: Vault, quarantined: bool = False) -> set[str]:
    root = vault.path / ("quarantine" if quarantined else "blobs")
    return {path.name for path in root.glob("*/*") if path.is_file()}


def blob_format_version(vault: Vault, blob_id: str) -> int:
    return blob_path(vault, blob_id).read_bytes()[4]  # after the magic EVB1
