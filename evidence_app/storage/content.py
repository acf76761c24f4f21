"""Item content in and out of the blob store, for everything outside storage.

Every read is checked against the SHA-256 and size the catalog recorded, so a blob that
decrypts but is not the expected content (a catalog put back from elsewhere, a bug, a key
holder with bad intent) is refused instead of shown, exported or extracted. There is no
unchecked read to forget the check on.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Generator
from typing import BinaryIO

from evidence_app.crypto.blobstream import ChunkCallback
from evidence_app.kernel.errors import IntegrityError
from evidence_app.storage.blob_store import BlobStore, StoredBlob
from evidence_app.storage.models import Blob, StoredContent
from evidence_app.storage.vault import Vault


def content_chunks(vault: Vault, content: StoredContent) -> Generator[bytes, None, None]:
    """`content`'s bytes chunk by chunk (an item, an exhibit, a blob row); IntegrityError
    after the last chunk if they are not what was recorded. Whoever writes the chunks to a
    file removes it when that is raised."""
    return vault._blobs.verified_chunks(content.blob_id, content.sha256, content.size)


def read_content(vault: Vault, content: StoredContent) -> bytes:
    """`content`'s bytes in memory, checked like `content_chunks`."""
    return vault._blobs.read_verified(content.blob_id, content.sha256, content.size)


def read_blob(vault: Vault, blob_id: str) -> bytes:
    """A blob's bytes (e.g. a thumbnail), checked against its own catalog row."""
    with vault.reader() as session:
        row = session.get(Blob, blob_id)
    if row is None:
        raise IntegrityError(f"Stored content {blob_id} has no catalog record.")
    return read_content(vault, row)


class ContentWriter:
    """New content into the blob store, and out again only if its catalog row never came:
    it removes no blob it did not write itself. Safe to share between threads."""

    def __init__(self, store: BlobStore, durable: bool = True) -> None:
        self._store = store
        self._durable = durable
        self._written: set[str] = set()
        self._not_yet_durable: set[str] = set()
        self._lock = threading.Lock()

    def _wrote(self, stored: StoredBlob) -> StoredBlob:
        with self._lock:
            self._written.add(stored.blob_id)
            if not self._durable:
                self._not_yet_durable.add(stored.blob_id)
        return stored

    def write(
        self, source: BinaryIO, on_chunk: ChunkCallback | None = None, size: int | None = None
    ) -> StoredBlob:
        return self._wrote(self._store.write(source, on_chunk, size=size, durable=self._durable))

    def write_bytes(self, data: bytes, known_sha256: str | None = None) -> StoredBlob:
        return self._wrote(
            self._store.write(
                io.BytesIO(data), None, known_sha256, len(data), durable=self._durable
            )
        )

    def make_durable(self) -> None:
        """Make every blob written so far last, before a catalog row may refer to one."""
        with self._lock:
            pending, self._not_yet_durable = self._not_yet_durable, set()
        try:
            self._store.make_durable(pending)
        except BaseException:
            with self._lock:
                self._not_yet_durable |= pending
            raise

    def discard(self, blob_id: str) -> None:
        """Remove a blob this writer wrote whose catalog row was never committed."""
        with self._lock:
            if blob_id not in self._written:
                raise ValueError(f"blob {blob_id} was not written here")
            self._written.discard(blob_id)
            self._not_yet_durable.discard(blob_id)
        self._store.remove(blob_id)


def content_writer(vault: Vault, durable: bool = True) -> ContentWriter:
    """`durable=False`: blobs are flushed together by `make_durable`, which must come before
    the commit of any catalog row that refers to them."""
    return ContentWriter(vault._blobs, durable)
