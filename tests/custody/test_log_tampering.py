"""The custody log catches and locates every kind of rewrite (DESIGN §3).

The tampering goes through the project's own storage layer, as someone holding the vault's
keys but not willing to leave a trace would do it: the append-only triggers are dropped
first, then rows are edited, deleted, inserted or reordered.
"""

from __future__ import annotations

import base64
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete, text, update

from evidence_app.core import ingest_service, verify_service
from evidence_app.custody.events import event_hash
from evidence_app.custody.tree_head import issue_checkpoint
from evidence_app.storage.models import CustodyEvent, Item
from evidence_app.storage.vault import Vault
from tests.blob_files import blob_path
from tests.conftest import VaultCopy


def drop_append_only_guards(vault: Vault) -> None:
    with vault.writer() as session:
        for table in ("custody_events", "checkpoints"):
            for verb in ("UPDATE", "DELETE"):
                session.execute(text(f"DROP TRIGGER IF EXISTS {table}_no_{verb}"))


@pytest.fixture
def filled(vault_copy: VaultCopy, tmp_path: Path) -> Iterator[Vault]:
    """A vault with six ingested files and a checkpoint after the first four."""
    sources = tmp_path / "received"
    sources.mkdir()
    for n in range(6):
        (sources / f"document-{n}.txt").write_text(f"Показания свидетеля {n}\n" * (n + 1))
    vault = vault_copy.open()
    try:
        for n in range(4):
            ingest_service.ingest_paths(vault, [sources / f"document-{n}.txt"], source="lawyer")
        issue_checkpoint(vault)
        for n in range(4, 6):
            ingest_service.ingest_paths(vault, [sources / f"document-{n}.txt"], source="lawyer")
        yield vault
    finally:
        vault.close()


def test_an_untouched_log_verifies(filled: Vault) -> None:
    report = verify_service.verify_vault(filled, full=True)
    assert report.ok, report.problems
    assert report.events == 1 + 4 + 1 + 2  # created, 4 ingests, checkpoint, 2 ingests
    assert report.checkpoints == 2  # the catalog's and the copy kept in vault.json


def test_the_append_only_guard_refuses_edits(filled: Vault) -> None:
    with pytest.raises(Exception, match="append-only"), filled.writer() as session:
        session.execute(update(CustodyEvent).where(CustodyEvent.seq == 2).values(actor_name="X"))


def test_an_edited_event_is_named_as_the_first_bad_event(filled: Vault) -> None:
    drop_append_only_guards(filled)
    with filled.writer() as session:
        row = session.get(CustodyEvent, 3)
        assert row is not None
        details = json.loads(row.details_json)
        details["source"] = "someone else"
        row.details_json = json.dumps(details)
    report = verify_service.verify_vault(filled)
    assert not report.ok
    assert report.first_bad_event == 3
    assert any("Event 3" in p.message and "altered" in p.message for p in report.problems)


def test_an_edited_event_with_a_recomputed_hash_fails_its_signature(filled: Vault) -> None:
    drop_append_only_guards(filled)
    with filled.writer() as session:
        row = session.get(CustodyEvent, 4)
        assert row is not None
        row.actor_name = "Forger"
        row.hash = event_hash(row)
    report = verify_service.verify_vault(filled)
    assert report.first_bad_event == 4
    assert any("signature" in p.message for p in report.problems if p.seq == 4)


def test_a_deleted_event_is_located(filled: Vault) -> None:
    drop_append_only_guards(filled)
    with filled.writer() as session:
        session.execute(delete(CustodyEvent).where(CustodyEvent.seq == 5))
    report = verify_service.verify_vault(filled)
    assert report.first_bad_event == 5
    assert any("event 5 is missing" in p.message for p in report.problems)


def test_a_deleted_last_event_is_caught_by_the_recorded_head(
    vault_copy: VaultCopy, filled: Vault
) -> None:
    drop_append_only_guards(filled)
    with filled.writer() as session:
        newest = session.query(CustodyEvent).order_by(CustodyEvent.seq.desc()).first()
        assert newest is not None
        session.delete(newest)
    filled.before_close.clear()  # a tamperer would not record the new head
    filled.close()
    with vault_copy.open() as reopened:
        assert reopened.read_only_reason is not None
        assert "recorded event 8, but the catalog ends at event 7" in reopened.read_only_reason


def test_an_inserted_event_breaks_the_chain_where_it_was_inserted(filled: Vault) -> None:
    drop_append_only_guards(filled)
    with filled.writer() as session:
        rows = session.query(CustodyEvent).order_by(CustodyEvent.seq.desc()).all()
        for row in rows:  # make room at 3 by renumbering from the end
            if row.seq >= 3:
                session.execute(
                    update(CustodyEvent).where(CustodyEvent.seq == row.seq).values(seq=row.seq + 1)
                )
        forged = CustodyEvent(
            seq=3,
            event_id="00000000-0000-0000-0000-000000000000",
            time="2026-01-01T00:00:00.000Z",
            actor_fingerprint=rows[-1].actor_fingerprint,
            actor_name="Forger",
            action="item.extracted",
            subject="x",
            subject_sha256=None,
            details_json="{}",
            prev=rows[-2].hash,
            hash="ab" * 32,
            signature="A" * 88,
        )
        session.add(forged)
    report = verify_service.verify_vault(filled)
    assert report.first_bad_event == 3


def test_two_events_swapped_are_located(filled: Vault) -> None:
    drop_append_only_guards(filled)
    with filled.writer() as session:
        session.execute(update(CustodyEvent).where(CustodyEvent.seq == 4).values(seq=-4))
        session.execute(update(CustodyEvent).where(CustodyEvent.seq == 5).values(seq=4))
        session.execute(update(CustodyEvent).where(CustodyEvent.seq == -4).values(seq=5))
    report = verify_service.verify_vault(filled)
    assert report.first_bad_event == 4


def test_history_rewritten_behind_a_checkpoint_is_caught_even_if_re_signed(
    filled: Vault,
) -> None:
    """Someone with the key re-signs a rewritten history; the old checkpoint still binds it."""
    drop_append_only_guards(filled)
    with filled.writer() as session:
        rows = session.query(CustodyEvent).order_by(CustodyEvent.seq).all()
        prev = rows[0].hash
        for row in rows[1:]:
            if row.seq == 2:
                row.actor_name = "Rewritten"
            row.prev = prev
            row.hash = event_hash(row)
            row.signature = base64.b64encode(filled.sign(bytes.fromhex(row.hash))).decode()
            prev = row.hash
    report = verify_service.verify_vault(filled)
    assert not report.ok
    assert all(p.kind == "checkpoint" for p in report.problems)
    assert any("rewritten after it was signed" in p.message for p in report.problems)


def test_a_flipped_bit_in_stored_content_names_the_item(filled: Vault) -> None:
    with filled.reader() as session:
        item = session.query(Item).order_by(Item.ingested_at).first()
        assert item is not None
    path = blob_path(filled, item.blob_id)
    data = bytearray(path.read_bytes())
    data[-5] ^= 0x01
    path.write_bytes(bytes(data))
    quick = verify_service.verify_vault(filled)
    assert quick.ok  # same length, authentic header: only a full pass reads every chunk
    full = verify_service.verify_vault(filled, full=True)
    assert full.bad_items == [item.id]


def test_a_missing_blob_names_the_item_even_in_a_quick_check(filled: Vault) -> None:
    with filled.reader() as session:
        item = session.query(Item).order_by(Item.ingested_at.desc()).first()
        assert item is not None
    blob_path(filled, item.blob_id).unlink()
    report = verify_service.verify_vault(filled)
    assert report.bad_items == [item.id]
    assert any("missing" in p.message for p in report.problems)


def test_a_truncated_blob_is_caught_by_a_quick_check(filled: Vault) -> None:
    with filled.reader() as session:
        item = session.query(Item).first()
        assert item is not None
    path = blob_path(filled, item.blob_id)
    path.write_bytes(path.read_bytes()[:-17])
    report = verify_service.verify_vault(filled)
    assert report.bad_items == [item.id]


def test_an_item_hash_edited_in_the_catalog_is_caught(filled: Vault) -> None:
    with filled.writer() as session:
        item = session.query(Item).first()
        assert item is not None
        item.sha256 = "0" * 64
        item_id = item.id
    report = verify_service.verify_vault(filled)
    assert item_id in report.bad_items


def test_an_older_copy_of_the_catalog_put_back_is_detected_on_open(
    vault_copy: VaultCopy, tmp_path: Path
) -> None:
    received = tmp_path / "received"
    received.mkdir()
    (received / "a.txt").write_text("first")
    (received / "b.txt").write_text("second")
    with vault_copy.open() as vault:
        ingest_service.ingest_paths(vault, [received / "a.txt"])
    backup = tmp_path / "catalog-backup"
    backup.mkdir()
    for name in ("catalog.db", "catalog.db-wal", "catalog.db-shm"):
        if (vault_copy.path / name).exists():
            shutil.copy(vault_copy.path / name, backup / name)
    with vault_copy.open() as vault:
        ingest_service.ingest_paths(vault, [received / "b.txt"])
    for name in ("catalog.db", "catalog.db-wal", "catalog.db-shm"):
        (vault_copy.path / name).unlink(missing_ok=True)
        if (backup / name).exists():
            shutil.copy(backup / name, vault_copy.path / name)
    blobs_before = sorted(p.name for p in (vault_copy.path / "blobs").rglob("*") if p.is_file())
    with vault_copy.open() as vault:
        assert vault.read_only_reason is not None
        assert "an older copy of catalog.db was put back" in vault.read_only_reason
    blobs_after = sorted(p.name for p in (vault_copy.path / "blobs").rglob("*") if p.is_file())
    assert blobs_after == blobs_before  # nothing moved: the newer evidence is still there
