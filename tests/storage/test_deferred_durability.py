"""Ingest writes a batch of blobs without flushing each, then makes them all durable at
once: before the catalog commit that refers to them, never after, on Linux (syncfs) and
where only file-by-file flushes exist."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from evidence_app.core import ingest_service
from evidence_app.storage import blob_store
from evidence_app.storage.blob_store import BlobStore
from evidence_app.storage.content import content_writer
from evidence_app.storage.models import Blob
from evidence_app.storage.vault import Vault
from tests.ingest import camera_files


@pytest.mark.parametrize("syncfs", [True, False], ids=["syncfs", "file-by-file"])
def test_blobs_written_without_flushes_are_made_durable_together(
    vault: Vault, monkeypatch: pytest.MonkeyPatch, syncfs: bool
) -> None:
    if not syncfs:  # a system without syncfs: every file and folder is flushed instead
        monkeypatch.setattr(blob_store, "sync_file_system", lambda path: False)
    writer = content_writer(vault, durable=False)
    stored = [writer.write_bytes(bytes([n]) * (1000 + n)) for n in range(20)]
    writer.make_durable()
    for n, blob in enumerate(stored):
        assert vault._blobs.read_verified(blob.blob_id, blob.sha256, blob.size) == bytes([n]) * (
            1000 + n
        )
    assert not list((vault.path / "tmp").iterdir())  # staged under tmp/, then renamed


def test_ingest_flushes_each_blob_before_the_commit_of_the_row_that_refers_to_it(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n, maker in enumerate((camera_files.canon_eos, camera_files.iphone, camera_files.nikon)):
        (tmp_path / f"photo-{n}.jpg").write_bytes(maker())
    made_durable: set[str] = set()
    committed_too_early: list[str] = []
    real = BlobStore.make_durable

    def watching(store: BlobStore, blob_ids: set[str]) -> None:
        with vault.reader() as session:
            referenced = set(session.scalars(select(Blob.id)))
        committed_too_early.extend(sorted(referenced & set(blob_ids)))
        real(store, blob_ids)
        made_durable.update(blob_ids)

    monkeypatch.setattr(BlobStore, "make_durable", watching)
    report = ingest_service.ingest_paths(vault, sorted(tmp_path.glob("*.jpg")), source="test")
    assert report.count("stored") == 3
    with vault.reader() as session:
        rows = set(session.scalars(select(Blob.id)))
    assert len(rows) == 6  # each photo and its thumbnail
    assert rows <= made_durable
    assert committed_too_early == []
