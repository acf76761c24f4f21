"""A seized laptop reveals nothing: no stored text appears in any file the vault wrote."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from evidence_app.core import vault_service
from evidence_app.storage.content import content_writer, read_blob
from evidence_app.storage.models import Blob, Setting

LATIN_CANARY = "Canary-Kx7-witness-Ivanova"
CYRILLIC_CANARY = "Канарейка-Пытки-ИК6-Щёлково"
KEEPER = "Researcher Щербакова"


def encodings(text: str) -> list[bytes]:
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("cp1251", "ignore")]


@pytest.fixture
def private_tmpdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point every temp-file API at a folder we can inspect afterwards."""
    folder = tmp_path / "system-tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder


def test_canaries_appear_nowhere_in_the_vault_or_temp_files(
    tmp_path: Path, private_tmpdir: Path
) -> None:
    vault_dir = tmp_path / "vault"
    created = vault_service.create_vault(vault_dir, "a long enough passphrase", KEEPER, 0)
    with created.vault as vault:
        content = f"{LATIN_CANARY} {CYRILLIC_CANARY}\n".encode() * 2000
        stored = content_writer(vault).write_bytes(content)
        with vault.writer() as session:
            session.add(
                Blob(
                    id=stored.blob_id,
                    size=stored.size,
                    sha256=stored.sha256,
                    role="original",
                    created="2026-01-01T00:00:00.000Z",
                )
            )
            session.add(Setting(key="note", value=f"{LATIN_CANARY} {CYRILLIC_CANARY}"))
        assert read_blob(vault, stored.blob_id) == content
        needles = [
            *encodings(LATIN_CANARY),
            *encodings(CYRILLIC_CANARY),
            *encodings(KEEPER),
            stored.sha256.encode(),
            bytes.fromhex(stored.sha256),
        ]
        # Scan while open too: the WAL holds the newest pages before a checkpoint.
        scanned = scan(vault_dir, needles) + scan(private_tmpdir, needles)
    scanned += scan(vault_dir, needles) + scan(private_tmpdir, needles)
    assert scanned == []


def scan(folder: Path, needles: list[bytes]) -> list[str]:
    found = []
    for root, _dirs, files in os.walk(folder):
        for name in files:
            data = (Path(root) / name).read_bytes()
            found += [f"{name}: {needle!r}" for needle in needles if needle and needle in data]
    return found
