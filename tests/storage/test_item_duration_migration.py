"""Migration 0015: items gain a duration, empty for what was ingested before (nothing is
read back from blobs); going back removes it and the vault still opens and verifies."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import select

from evidence_app.core import ingest_service, verify_service
from evidence_app.storage.models import Item
from evidence_app.storage.schema import alembic_config
from tests.conftest import VaultCopy
from tests.media.recording_files import phone_video


def _columns(session: object) -> set[str]:
    rows = session.connection().exec_driver_sql("PRAGMA table_info(items)")  # type: ignore[attr-defined]
    return {row[1] for row in rows}


def test_items_ingested_before_have_no_duration_and_going_back_drops_it(
    vault_copy: VaultCopy, tmp_path: Path
) -> None:
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(phone_video())
    with vault_copy.open() as vault:
        ingest_service.ingest_paths(vault, [clip])
        config = alembic_config()
        with vault.reader() as session, session.begin():
            config.attributes["connection"] = session.connection()
            command.downgrade(config, "0014")
            assert "duration" not in _columns(session)
    with vault_copy.open() as vault:  # upgrades to the head on open
        with vault.reader() as session:
            assert "duration" in _columns(session)
            items = list(session.scalars(select(Item)))
            assert items and all(item.duration is None for item in items)
        assert verify_service.verify_vault(vault).ok
