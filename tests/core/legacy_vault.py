"""A vault with real items whose blobs are in the unpadded format 1, as older versions left."""

from __future__ import annotations

import random
from pathlib import Path

from sqlalchemy import select

from evidence_app.core import ingest_service
from evidence_app.crypto.subkeys import KeyPurpose
from evidence_app.storage.content import read_blob
from evidence_app.storage.models import Blob
from evidence_app.storage.vault import Vault
from tests.blob_files import blob_path
from tests.crypto.hand_made_blobs import downgrade_to_version_1

SIZES = (0, 5, 1000, 70_000, 1024 * 1024 + 3, 3 * 1024 * 1024 + 77)


def fill_with_version_1_blobs(
    vault: Vault, folder: Path, count: int = len(SIZES)
) -> dict[str, bytes]:
    """Ingest `count` files, then rewrite every blob as format 1; returns blob id → content."""
    folder.mkdir()
    rng = random.Random(7)
    for n in range(count):
        (folder / f"file-{n}.bin").write_bytes(rng.randbytes(SIZES[n % len(SIZES)]) + bytes([n]))
    ingest_service.ingest_paths(vault, [folder], source="legacy")
    wrap_key = vault.subkeys(KeyPurpose.BLOBWRAP)[0]
    contents = {}
    with vault.reader() as session:
        for blob_id in session.scalars(select(Blob.id)):
            content = read_blob(vault, blob_id)
            downgrade_to_version_1(blob_path(vault, blob_id), content, wrap_key)
            contents[blob_id] = content
    return contents
