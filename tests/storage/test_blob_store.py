"""The blob store on disk: write order, names, streaming, quarantine (DESIGN §2, §8)."""

from __future__ import annotations

import hashlib
import io
import tracemalloc

import pytest

from evidence_app.kernel.errors import IntegrityError
from evidence_app.storage.models import Blob
from evidence_app.storage.vault import Vault
from tests.conftest import VaultCopy


class PatternReader(io.RawIOBase):
    """A large readable stream made on the fly, so tests hold no big buffers themselves."""

    def __init__(self, size: int) -> None:
        self.remaining = size
        self.block = bytes(range(256)) * 4096

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        n = min(len(buffer), self.remaining, len(self.block))
        buffer[:n] = self.block[:n]
        self.remaining -= n
        return n


class HashingSink(io.RawIOBase):
    def __init__(self) -> None:
        self.digest = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.digest.update(data)
        self.size += len(data)
        return len(data)


def test_stored_content_reads_back_byte_for_byte(vault: Vault) -> None:
    content = "Свидетельство W-017: canary ЁЖ".encode() * 5000
    stored = vault._blobs.write(io.BytesIO(content))
    assert stored.size == len(content)
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert vault._blobs.read_verified(stored.blob_id, stored.sha256, stored.size) == content


def test_blob_file_names_are_random_not_content_hashes(vault: Vault) -> None:
    content = b"the same photo"
    first = vault._blobs.write_bytes(content)
    second = vault._blobs.write_bytes(content)
    assert first.blob_id != second.blob_id
    assert hashlib.sha256(content).hexdigest() not in {first.blob_id, second.blob_id}
    path = vault._blobs.path_of(first.blob_id)
    assert path.parent.name == first.blob_id[:2] and path.parent.parent.name == "blobs"


def test_a_write_leaves_nothing_behind_in_staging(vault: Vault) -> None:
    vault._blobs.write_bytes(b"content")
    assert list((vault.path / "tmp").iterdir()) == []


def test_a_failed_write_leaves_no_file_anywhere(vault: Vault) -> None:
    class Vanishing(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
            raise OSError("the file vanished")

    with pytest.raises(OSError):
        vault._blobs.write(Vanishing(), size=10)
    assert list((vault.path / "tmp").iterdir()) == []
    assert list(vault._blobs.stored_ids()) == []


def test_writing_and_reading_large_content_uses_constant_memory(vault: Vault) -> None:
    size = 64 * 1024 * 1024
    tracemalloc.start()
    stored = vault._blobs.write(io.BufferedReader(PatternReader(size)), size=size)
    sink = HashingSink()
    for chunk in vault._blobs.verified_chunks(stored.blob_id, stored.sha256, stored.size):
        sink.write(chunk)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert sink.size == size and sink.digest.hexdigest() == stored.sha256
    assert peak < 16 * 1024 * 1024, f"peak {peak / 2**20:.1f} MiB for a {size / 2**20:.0f} MiB blob"


def test_a_missing_blob_is_reported_as_missing(vault: Vault) -> None:
    stored = vault._blobs.write_bytes(b"content")
    vault._blobs.path_of(stored.blob_id).unlink()
    with pytest.raises(IntegrityError, match="missing"):
        vault._blobs.read_verified(stored.blob_id, stored.sha256, stored.size)


def test_a_blob_moved_to_another_name_is_refused(vault: Vault) -> None:
    first = vault._blobs.write_bytes(b"first")
    second = vault._blobs.write_bytes(b"second")
    vault._blobs.path_of(first.blob_id).replace(vault._blobs.path_of(second.blob_id))
    with pytest.raises(IntegrityError, match="another blob"):
        vault._blobs.read_verified(second.blob_id, second.sha256, second.size)


def test_opening_the_vault_quarantines_blobs_no_row_references(vault_copy: VaultCopy) -> None:
    with vault_copy.open() as vault:
        kept = vault._blobs.write_bytes(b"referenced")
        with vault.writer() as session:
            session.add(
                Blob(
                    id=kept.blob_id,
                    size=kept.size,
                    sha256=kept.sha256,
                    role="original",
                    created="2026-01-01T00:00:00.000Z",
                )
            )
        orphan = vault._blobs.write_bytes(b"written, then the process died before its row")
        orphan_bytes = vault._blobs.path_of(orphan.blob_id).read_bytes()
        (vault.path / "tmp" / "half-written").write_bytes(b"\x00" * 10)
    with vault_copy.open() as vault:
        assert set(vault._blobs.stored_ids()) == {kept.blob_id}
        assert list(vault._blobs.quarantined_ids()) == [orphan.blob_id]
        set_aside = vault.path / "quarantine" / orphan.blob_id[:2] / orphan.blob_id
        assert set_aside.read_bytes() == orphan_bytes  # moved as it was, still encrypted
        assert list((vault.path / "tmp").iterdir()) == []
        assert vault._blobs.read_verified(kept.blob_id, kept.sha256, kept.size) == b"referenced"
