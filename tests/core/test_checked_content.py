"""`vault compact` and `verify` check content against the catalog, not only that it
decrypts: a blob whose content is not the recorded one is never copied nor passed."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from PIL import Image
from sqlalchemy import select, update

from evidence_app.core import compact_service, ingest_service, verify_service
from evidence_app.storage.models import Blob, Item
from evidence_app.storage.vault import Vault
from tests.blob_files import blob_ids_on_disk, blob_path
from tests.core.legacy_vault import fill_with_version_1_blobs

OTHER_SHA256 = hashlib.sha256(b"not this content").hexdigest()


def test_compact_refuses_to_copy_a_blob_that_is_not_the_recorded_content(
    vault: Vault, tmp_path: Path
) -> None:
    before = fill_with_version_1_blobs(vault, tmp_path / "files", count=2)
    wrong = sorted(before)[0]
    with vault.writer() as session:
        session.execute(update(Blob).where(Blob.id == wrong).values(sha256=OTHER_SHA256))
    old_file = blob_path(vault, wrong).read_bytes()
    report = compact_service.compact_vault(vault)
    assert report.rewritten == 1
    [problem] = report.problems
    assert wrong in problem and "SHA-256" in problem and "left as it was" in problem
    assert blob_path(vault, wrong).read_bytes() == old_file  # neither removed nor replaced
    with vault.reader() as session:
        assert blob_ids_on_disk(vault) == set(session.scalars(select(Blob.id)))  # no stray copy


def test_verify_full_checks_each_thumbnail_against_its_record(vault: Vault, tmp_path: Path) -> None:
    photo = tmp_path / "cell.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 80, 40)).save(buffer, "JPEG")
    photo.write_bytes(buffer.getvalue())
    ingest_service.ingest_paths(vault, [photo])
    assert verify_service.verify_vault(vault, full=True).ok
    with vault.reader() as session:
        thumbnail = session.scalar(select(Item.thumbnail_blob_id))
    assert thumbnail is not None
    with vault.writer() as session:
        session.execute(update(Blob).where(Blob.id == thumbnail).values(sha256=OTHER_SHA256))
    report = verify_service.verify_vault(vault, full=True)
    assert not report.ok
    assert any("its thumbnail" in problem.message for problem in report.problems)
