"""Migration 0013: items gain `pages` and documents their text; older items have neither,
are shown and searched as before, and the vault verifies."""

from __future__ import annotations

from pathlib import Path

from alembic import command

from evidence_app.core import ingest_service, items_service, records_service, verify_service
from evidence_app.storage.schema import alembic_config
from tests.conftest import VaultCopy
from tests.media.pdf_files import statement


def test_an_older_catalog_gains_pages_and_texts_with_nothing_guessed(
    vault_copy: VaultCopy, tmp_path: Path
) -> None:
    (tmp_path / "statement.pdf").write_bytes(statement())
    with vault_copy.open() as vault:
        (outcome,) = ingest_service.ingest_paths(
            vault, [tmp_path / "statement.pdf"], source="lawyer"
        ).outcomes
        config = alembic_config()
        with vault.reader() as session, session.begin():
            config.attributes["connection"] = session.connection()
            command.downgrade(config, "0012")
            tables = session.connection().exec_driver_sql("SELECT name FROM sqlite_master")
            assert "item_texts" not in {row[0] for row in tables}
    with vault_copy.open() as vault:  # upgrades to the head on open
        assert outcome.item_id is not None
        shown = items_service.show_item(vault, outcome.item_id)
        assert shown.pages is None and shown.document is not None
        assert shown.document.author == "Advocate Olena K."  # kept in the item's tags
        # The full-text index kept its words; the snippet has only the item's facts.
        (hit,) = records_service.search_everything(vault, "Zhdanovka")
        assert hit.ref == outcome.item_id and "Zhdanovka" not in hit.snippet
        assert verify_service.verify_vault(vault).ok
