"""Migration 0008: regions drawn before the review existed stay blurred."""

from __future__ import annotations

from pathlib import Path

from alembic import command

from evidence_app.core import ingest_service
from evidence_app.core.redaction_service import mark_item_regions
from evidence_app.core.region_service import blurred_boxes, list_regions
from evidence_app.export.redaction import Box
from evidence_app.storage.schema import alembic_config
from tests.conftest import VaultCopy
from tests.ingest import camera_files


def test_regions_drawn_before_the_review_are_manual_and_still_blurred(
    vault_copy: VaultCopy, tmp_path: Path
) -> None:
    photo = tmp_path / "wall.jpg"
    photo.write_bytes(camera_files.jpeg(camera_files.noisy((640, 480), (90, 120, 60))))
    with vault_copy.open() as vault:
        sha = ingest_service.ingest_paths(vault, [photo]).outcomes[0].sha256 or ""
        config = alembic_config()
        with vault.reader() as session, session.begin():
            config.attributes["connection"] = session.connection()
            command.downgrade(config, "0006")
        with vault.reader() as session, session.begin():
            connection = session.connection()
            item_id = connection.exec_driver_sql(
                "SELECT id FROM items WHERE sha256 = ?", (sha,)
            ).scalar_one()
            connection.exec_driver_sql(
                "INSERT INTO item_regions (item_id, x, y, width, height, marked_at, event_seq) "
                "VALUES (?, 10, 20, 30, 40, '2026-11-30T10:00:00Z', 1)",
                (item_id,),
            )
    with vault_copy.open() as vault:  # opening upgrades to the newest schema
        regions = list_regions(vault, sha)
        assert [(r.kind, r.box) for r in regions.regions] == [("manual", Box(10, 20, 30, 40))]
        assert regions.undecided == [] and regions.detector is not None
        assert blurred_boxes(vault, regions) == [Box(10, 20, 30, 40)]
        mark_item_regions(vault, sha, ["50,60,10,10"])
        assert [r.kind for r in list_regions(vault, sha).regions] == ["manual", "manual"]
