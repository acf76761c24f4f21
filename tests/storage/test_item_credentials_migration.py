"""Migration 0014: a vault gains the table of capture-app credentials, empty; going back
removes it and the vault still opens and verifies."""

from __future__ import annotations

from alembic import command
from sqlalchemy import select

from evidence_app.core import verify_service
from evidence_app.storage.models import ItemCredential
from evidence_app.storage.schema import alembic_config
from tests.conftest import VaultCopy


def _tables(session: object) -> set[str]:
    rows = session.connection().exec_driver_sql("SELECT name FROM sqlite_master")  # type: ignore[attr-defined]
    return {row[0] for row in rows}


def test_an_older_catalog_gains_an_empty_credentials_table(vault_copy: VaultCopy) -> None:
    with vault_copy.open() as vault:
        config = alembic_config()
        with vault.reader() as session, session.begin():
            config.attributes["connection"] = session.connection()
            command.downgrade(config, "0013")
            assert "item_credentials" not in _tables(session)
    with vault_copy.open() as vault:  # upgrades to the head on open
        with vault.reader() as session:
            assert "item_credentials" in _tables(session)
            assert list(session.scalars(select(ItemCredential))) == []
        assert verify_service.verify_vault(vault).ok
