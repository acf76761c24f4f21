"""Putting back older copies of a vault's files, as an attacker or a careless restore does."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from evidence_app.core import ingest_service
from evidence_app.storage.models import Item
from evidence_app.storage.vault import Vault
from tests.conftest import VaultCopy

CATALOG_FILES = ("catalog.db", "catalog.db-wal", "catalog.db-shm")


def save_copy(vault_dir: Path, backup: Path, names: tuple[str, ...]) -> None:
    backup.mkdir(parents=True, exist_ok=True)
    for name in names:
        if (vault_dir / name).exists():
            shutil.copy(vault_dir / name, backup / name)


def put_back(backup: Path, vault_dir: Path, names: tuple[str, ...]) -> None:
    for name in names:
        (vault_dir / name).unlink(missing_ok=True)
        if (backup / name).exists():
            shutil.copy(backup / name, vault_dir / name)


def remove_sealed_state(vault_dir: Path) -> None:
    """What anyone can do without a key: vault.json is plaintext JSON."""
    path = vault_dir / "vault.json"
    data = json.loads(path.read_text())
    data["checkpoint"] = None
    path.write_text(json.dumps(data))


def ingest_text(vault: Vault, folder: Path, name: str, text: str) -> Item:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    report = ingest_service.ingest_paths(vault, [folder / name], source="a lawyer")
    assert report.everything_stored
    with vault.reader() as session:
        item = session.get(Item, report.outcomes[0].item_id)
        assert item is not None
        return item


def with_a_then_b(vault_copy: VaultCopy, tmp_path: Path) -> tuple[Item, Item, Path]:
    """Ingest A, close, copy catalog.db and vault.json aside, ingest B, close."""
    received = tmp_path / "received"
    with vault_copy.open() as vault:
        a = ingest_text(vault, received, "a.txt", "Показания А")
    backup = tmp_path / "backup"
    save_copy(vault_copy.path, backup, (*CATALOG_FILES, "vault.json"))
    with vault_copy.open() as vault:
        b = ingest_text(vault, received, "b.txt", "Показания Б, позже")
    return a, b, backup
