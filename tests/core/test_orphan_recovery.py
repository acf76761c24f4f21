"""`vault recover-orphans`: quarantined content comes back as items, nothing is deleted."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sqlalchemy import select

from evidence_app.core import ingest_service, items_service, verify_service
from evidence_app.core.orphan_recovery import recover_orphans
from evidence_app.storage.blob_maintenance import quarantined_ids
from evidence_app.storage.content import content_writer, read_blob
from evidence_app.storage.models import CustodyEvent, Item
from tests.blob_files import blob_path
from tests.conftest import VaultCopy
from tests.core.vault_copies import CATALOG_FILES, put_back, save_copy, with_a_then_b
from tests.ingest import camera_files


def test_content_lost_with_a_restored_catalog_comes_back_as_an_item(
    vault_copy: VaultCopy, tmp_path: Path
) -> None:
    _a, b, backup = with_a_then_b(vault_copy, tmp_path)
    put_back(backup, vault_copy.path, (*CATALOG_FILES, "vault.json"))
    with vault_copy.open() as vault:
        outcomes = recover_orphans(vault)
        assert [(o.blob_id, o.status, o.sha256) for o in outcomes] == [
            (b.blob_id, "recovered", b.sha256)
        ]
        item_id = outcomes[0].item_id
        assert item_id is not None
        item = items_service.show_item(vault, item_id)
        assert item.original_name == f"recovered-{b.blob_id[:8]}.txt"
        assert item.media_type == "text/plain"
        assert item.size == b.size
        with vault.reader() as session:
            event = session.scalars(
                select(CustodyEvent).where(CustodyEvent.subject == item_id)
            ).one()
        assert event.action == "item.ingested"
        assert event.subject_sha256 == b.sha256
        assert json.loads(event.details_json)["recovered_from"] == "quarantine"
        assert quarantined_ids(vault) == []
        report = verify_service.verify_vault(vault, full=True)
        assert report.ok, report.problems
    with vault_copy.open() as vault:
        assert vault.read_only_reason is None


def test_a_blob_left_without_its_row_is_quarantined_and_recoverable(
    vault_copy: VaultCopy,
) -> None:
    """A kill between the blob's rename and its catalog commit leaves exactly this."""
    content = "Протокол допроса, стр. 1\n".encode() * 100
    with vault_copy.open() as vault:
        orphan = content_writer(vault).write_bytes(content)
    with vault_copy.open() as vault:
        assert quarantined_ids(vault) == [orphan.blob_id]
        assert not blob_path(vault, orphan.blob_id).is_file()
        assert verify_service.verify_vault(vault).quarantined == [orphan.blob_id]
        [outcome] = recover_orphans(vault)
        assert outcome.status == "recovered"
        assert outcome.item_id is not None
        assert read_blob(vault, orphan.blob_id) == content
        assert outcome.sha256 == hashlib.sha256(content).hexdigest()
        assert verify_service.verify_vault(vault, full=True).ok


def test_a_picture_comes_back_with_its_thumbnail_not_as_two_items(
    vault_copy: VaultCopy, tmp_path: Path
) -> None:
    received = tmp_path / "received"
    received.mkdir()
    (received / "photo.jpg").write_bytes(camera_files.canon_eos())
    save_copy(vault_copy.path, tmp_path / "backup", (*CATALOG_FILES, "vault.json"))
    with vault_copy.open() as vault:
        ingest_service.ingest_paths(vault, [received / "photo.jpg"])
        with vault.reader() as session:
            photo = session.scalars(select(Item)).one()
    put_back(tmp_path / "backup", vault_copy.path, (*CATALOG_FILES, "vault.json"))
    with vault_copy.open() as vault:
        assert sorted(quarantined_ids(vault)) == sorted(
            [photo.blob_id, str(photo.thumbnail_blob_id)]
        )
        outcomes = {o.blob_id: o for o in recover_orphans(vault)}
        assert outcomes[photo.blob_id].status == "recovered"
        assert outcomes[str(photo.thumbnail_blob_id)].status == "thumbnail"
        items = items_service.list_items(vault)
        assert [i.sha256 for i in items] == [photo.sha256]
        details = items_service.show_item(vault, items[0].id)
        assert details.captured_at == photo.captured_at
        with vault.reader() as session:
            recovered = session.get(Item, items[0].id)
            assert recovered is not None
            assert recovered.thumbnail_blob_id == photo.thumbnail_blob_id
            assert (recovered.width, recovered.height) == (photo.width, photo.height)
        assert verify_service.verify_vault(vault, full=True).ok


def test_content_already_in_the_vault_stays_in_quarantine(
    vault_copy: VaultCopy, tmp_path: Path
) -> None:
    a, _b, _backup = with_a_then_b(vault_copy, tmp_path)
    with vault_copy.open() as vault:
        copy = content_writer(vault).write_bytes(read_blob(vault, a.blob_id))
    with vault_copy.open() as vault:
        [outcome] = recover_orphans(vault)
        assert outcome.status == "already_present"
        assert outcome.item_id == a.id
        assert "you may delete it yourself" in outcome.message
        assert quarantined_ids(vault) == [copy.blob_id]
        assert len(items_service.list_items(vault)) == 2


def test_a_blob_that_no_longer_decrypts_stays_in_quarantine(vault_copy: VaultCopy) -> None:
    with vault_copy.open() as vault:
        orphan = content_writer(vault).write_bytes(b"x" * 5000)
        path = blob_path(vault, orphan.blob_id)
        damaged = bytearray(path.read_bytes())
        damaged[-20] ^= 0xFF
        path.write_bytes(bytes(damaged))
    with vault_copy.open() as vault:
        [outcome] = recover_orphans(vault)
        assert outcome.status == "unreadable"
        assert "stays in quarantine/" in outcome.message
        assert quarantined_ids(vault) == [orphan.blob_id]
        assert items_service.list_items(vault) == []


def test_a_quarantined_blob_the_catalog_refers_to_again_is_moved_back(
    vault_copy: VaultCopy, tmp_path: Path
) -> None:
    """The careless restore undone by putting the newer files back after an open."""
    _a, b, backup = with_a_then_b(vault_copy, tmp_path)
    save_copy(vault_copy.path, tmp_path / "newer", (*CATALOG_FILES, "vault.json"))
    put_back(backup, vault_copy.path, (*CATALOG_FILES, "vault.json"))
    with vault_copy.open() as vault:
        assert quarantined_ids(vault) == [b.blob_id]
    put_back(tmp_path / "newer", vault_copy.path, (*CATALOG_FILES, "vault.json"))
    with vault_copy.open() as vault:
        assert not verify_service.verify_vault(vault).ok  # B's content is not in blobs/
        [outcome] = recover_orphans(vault)
        assert outcome.status == "restored"
        assert verify_service.verify_vault(vault, full=True).ok
