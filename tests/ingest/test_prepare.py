"""Reading one file into the blob store: a failure part-way leaves no blob behind."""

from __future__ import annotations

from pathlib import Path

import nacl.utils
import pytest

from evidence_app.ingest.prepare import UnreadableFile, prepare_file
from evidence_app.kernel.errors import Cancelled
from evidence_app.storage.blob_store import BlobStore
from evidence_app.storage.content import ContentWriter
from tests.ingest import camera_files


class DiskFull(OSError):
    pass


def test_a_picture_whose_content_cannot_be_stored_leaves_no_thumbnail(tmp_path: Path) -> None:
    """Otherwise the thumbnail would wait in quarantine/ to be taken for evidence."""
    writes = 0

    def second_write_fails() -> None:  # the thumbnail is written first, then the content
        nonlocal writes
        writes += 1
        if writes == 2:
            raise DiskFull(28, "No space left on device")

    (tmp_path / "vault").mkdir()
    store = BlobStore(tmp_path / "vault", (nacl.utils.random(32),), before_write=second_write_fails)
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(camera_files.canon_eos())
    with pytest.raises(UnreadableFile, match="No space left"):
        prepare_file(photo, ContentWriter(store), lambda _sha256: False)
    assert writes == 2
    assert list(store.stored_ids()) == []


def test_a_file_cancelled_after_it_was_encrypted_leaves_no_blob(tmp_path: Path) -> None:
    """A cancel is a normal request, not a crash: it must not fill quarantine/."""
    (tmp_path / "vault").mkdir()
    store = BlobStore(tmp_path / "vault", (nacl.utils.random(32),))
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(camera_files.canon_eos())

    def stop(_count: int) -> None:
        raise Cancelled("Stopped at your request.")

    with pytest.raises(Cancelled):
        prepare_file(photo, ContentWriter(store), lambda _sha256: False, stop)
    assert list(store.stored_ids()) == []
