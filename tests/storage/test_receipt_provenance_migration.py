"""Migration 0011: receipts recorded before it have no provenance, and the vault verifies."""

from __future__ import annotations

from pathlib import Path

from alembic import command

from evidence_app.core import ingest_service, items_service, verify_service
from evidence_app.storage.schema import alembic_config
from tests.conftest import VaultCopy


def test_an_older_catalog_gains_the_column_with_nothing_guessed_and_still_verifies(
    vault_copy: VaultCopy, tmp_path: Path
) -> None:
    (tmp_path / "letter.txt").write_text("письмо")
    with vault_copy.open() as vault:
        (outcome,) = ingest_service.ingest_paths(
            vault, [tmp_path / "letter.txt"], source="post"
        ).outcomes
        config = alembic_config()
        with vault.reader() as session, session.begin():
            config.attributes["connection"] = session.connection()
            command.downgrade(config, "0009")
            columns = session.connection().exec_driver_sql("PRAGMA table_info(item_sources)")
            assert "provenance_json" not in {row[1] for row in columns}
    with vault_copy.open() as vault:  # upgrades to the head on open
        with vault.reader() as session:
            columns = session.connection().exec_driver_sql("PRAGMA table_info(item_sources)")
            assert "provenance_json" in {row[1] for row in columns}
        assert outcome.item_id is not None
        (source,) = items_service.show_item(vault, outcome.item_id).sources
        assert source.source == "post" and source.provenance is None
        assert verify_service.verify_vault(vault).ok
