"""The catalog is SQLCipher 4 with a raw key, WAL mode and an Alembic-managed schema."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from evidence_app.core import vault_service
from evidence_app.kernel.errors import IntegrityError, UnknownVaultFormat
from evidence_app.storage.schema import head_revision
from evidence_app.storage.vault import Vault
from tests.conftest import VaultCopy


def test_the_catalog_file_is_not_a_readable_sqlite_database(vault: Vault) -> None:
    header = (vault.path / "catalog.db").read_bytes()[:16]
    assert header != b"SQLite format 3\x00"


def test_the_catalog_runs_on_sqlcipher_4_in_wal_mode(vault: Vault) -> None:
    with vault.reader() as session:
        version = session.execute(text("PRAGMA cipher_version")).scalar_one()
        mode = session.execute(text("PRAGMA journal_mode")).scalar_one()
        temp_store = session.execute(text("PRAGMA temp_store")).scalar_one()
    assert version.startswith("4.")
    assert mode == "wal"
    assert temp_store == 2  # memory: SQLCipher does not encrypt temporary files


def test_the_schema_is_at_the_newest_migration(vault: Vault) -> None:
    with vault.reader() as session:
        revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    assert revision == head_revision()


def test_a_catalog_from_another_vault_is_refused(vault_copy: VaultCopy, tmp_path: Path) -> None:
    other = vault_service.create_vault(tmp_path / "other", "another passphrase!", kdf_seconds=0)
    other.vault.close()
    shutil.copy(tmp_path / "other" / "catalog.db", vault_copy.path / "catalog.db")
    with pytest.raises(IntegrityError, match="does not open with this vault's key"):
        vault_service.unlock_vault(vault_copy.path, vault_copy.recovery)


def test_a_catalog_from_a_newer_app_version_is_refused(vault_copy: VaultCopy) -> None:
    with vault_copy.open() as vault, vault.writer() as session:
        session.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(UnknownVaultFormat, match="newer version"):
        vault_service.unlock_vault(vault_copy.path, vault_copy.recovery)
