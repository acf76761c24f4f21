"""`items extract` of content that fails its check: exit 1, one line, and no file left at
the path the person chose — not even the chunks written before the damage was found."""

from __future__ import annotations

import os
from pathlib import Path

from evidence_app.core import ingest_service
from evidence_app.crypto.blobstream import DEFAULT_CHUNK_SIZE
from evidence_app.storage.models import Item
from tests.blob_files import blob_path
from tests.cli.cli_runner import evidence_app
from tests.conftest import VaultCopy


def test_damage_in_the_last_chunk_leaves_no_file(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    source = tmp_path / "video.bin"
    source.write_bytes(os.urandom(3 * DEFAULT_CHUNK_SIZE + 500))
    with vault_copy.open() as vault:
        [outcome] = ingest_service.ingest_paths(vault, [source]).outcomes
        assert outcome.item_id is not None
        with vault.reader() as session:
            item = session.get(Item, outcome.item_id)
            assert item is not None
            path = blob_path(vault, item.blob_id)
    blob = bytearray(path.read_bytes())
    blob[-20] ^= 0x01  # the first three chunks still decrypt and are written out
    path.write_bytes(bytes(blob))

    chosen = tmp_path / "out"
    chosen.mkdir()
    result = evidence_app(
        "items", "extract", outcome.item_id, "-o", str(chosen / "video.bin"),
        "--vault", str(vault_copy.path), "--recovery-file", str(secret_files["recovery"]),
    )  # fmt: skip
    assert result.code == 1, result.err
    assert "video.bin was not extracted" in result.err and "damaged" in result.err
    assert "Traceback" not in result.err
    assert list(chosen.iterdir()) == []
