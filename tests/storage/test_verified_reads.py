"""Every read of stored content is checked against the SHA-256 and size the catalog
recorded (DESIGN §2): a blob that decrypts is not enough, it must be the content expected."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from pathlib import Path

import pytest
from sqlalchemy import update

from evidence_app.core import ingest_service, items_service
from evidence_app.crypto.blobstream import DEFAULT_CHUNK_SIZE
from evidence_app.kernel.errors import IntegrityError
from evidence_app.storage.content import content_chunks, content_writer, read_content
from evidence_app.storage.models import Item
from evidence_app.storage.vault import Vault
from tests.blob_files import blob_path

SIZE = 3 * DEFAULT_CHUNK_SIZE + 123  # several chunks, so a stream has a middle


def test_a_flipped_byte_of_ciphertext_is_refused(vault: Vault) -> None:
    stored = content_writer(vault).write_bytes(os.urandom(5000))
    path = blob_path(vault, stored.blob_id)
    blob = bytearray(path.read_bytes())
    blob[-40] ^= 0x01
    path.write_bytes(bytes(blob))
    with pytest.raises(IntegrityError, match="damaged"):
        read_content(vault, stored)


def test_two_swapped_blob_files_are_each_refused(vault: Vault) -> None:
    writer = content_writer(vault)
    first, second = writer.write_bytes(b"first photo"), writer.write_bytes(b"second photo")
    one, two = blob_path(vault, first.blob_id), blob_path(vault, second.blob_id)
    one_bytes = one.read_bytes()
    one.write_bytes(two.read_bytes())
    two.write_bytes(one_bytes)
    for stored in (first, second):
        with pytest.raises(IntegrityError, match="another blob"):
            read_content(vault, stored)


@pytest.mark.parametrize("size_change", [-1, 1, 1000])
def test_a_size_other_than_the_recorded_one_is_refused(vault: Vault, size_change: int) -> None:
    stored = content_writer(vault).write_bytes(os.urandom(5000))
    wrong = dataclasses.replace(stored, size=stored.size + size_change)
    with pytest.raises(IntegrityError, match="size differs"):
        read_content(vault, wrong)


def test_a_hash_other_than_the_recorded_one_is_refused(vault: Vault) -> None:
    stored = content_writer(vault).write_bytes(b"testimony W-017")
    wrong = dataclasses.replace(stored, sha256=hashlib.sha256(b"testimony W-018").hexdigest())
    with pytest.raises(IntegrityError, match="SHA-256 differs"):
        read_content(vault, wrong)


def test_the_stream_hands_out_every_chunk_then_refuses(vault: Vault) -> None:
    content = os.urandom(SIZE)
    stored = content_writer(vault).write_bytes(content)
    wrong = dataclasses.replace(stored, sha256=hashlib.sha256(b"other").hexdigest())
    received = bytearray()
    with pytest.raises(IntegrityError, match="SHA-256 differs"):
        for chunk in content_chunks(vault, wrong):
            received += chunk
    # Only the end can prove the whole; the caller learns it after the last chunk.
    assert bytes(received) == content


def test_the_stream_never_hands_out_more_than_the_recorded_size(vault: Vault) -> None:
    stored = content_writer(vault).write_bytes(os.urandom(SIZE))
    shorter = dataclasses.replace(stored, size=DEFAULT_CHUNK_SIZE + 1)
    received = 0
    with pytest.raises(IntegrityError, match="size differs"):
        for chunk in content_chunks(vault, shorter):
            received += len(chunk)
    assert received <= shorter.size


def test_a_catalog_pointing_an_item_at_other_content_is_refused_and_extracts_nothing(
    vault: Vault, tmp_path: Path
) -> None:
    # Both blobs decrypt: only the recorded SHA-256 tells the item's content from another's.
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.bin").write_bytes(os.urandom(SIZE))
    (folder / "b.bin").write_bytes(os.urandom(SIZE))
    ingest_service.ingest_paths(vault, [folder])
    with vault.reader() as session:
        a, b = sorted(session.query(Item).all(), key=lambda item: item.original_name)
    with vault.writer() as session:
        session.execute(update(Item).where(Item.id == a.id).values(blob_id=b.blob_id))
    with pytest.raises(IntegrityError, match="SHA-256 differs"):
        items_service.content_bytes(vault, a.id)
    chosen = tmp_path / "out"
    chosen.mkdir()
    with pytest.raises(IntegrityError, match=r"a\.bin was not extracted"):
        items_service.extract_item(vault, a.id, chosen / "a.bin")
    assert list(chosen.iterdir()) == []


def test_nothing_outside_storage_reaches_the_blob_store_itself() -> None:
    # The checked reads are the only ones there are: no code outside storage/ holds the
    # store, whose unchecked methods could be called by mistake.
    package = Path(__file__).parents[2] / "evidence_app"
    reaching = [
        str(path.relative_to(package))
        for path in sorted(package.rglob("*.py"))
        if "storage" not in path.relative_to(package).parts
        and any(name in path.read_text(encoding="utf-8") for name in ("._blobs", "BlobStore"))
    ]
    assert reaching == []
