"""Whole-store operations on blobs for `verify`, `vault compact`, `vault rekey` and
`vault recover-orphans`: the loops over blob files live here, next to the store, so the
services above see catalog rows and outcomes, never blob files or unchecked content.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator

from sqlalchemy import func, select

from evidence_app.crypto.blobstream import SourceSizeChanged
from evidence_app.kernel.errors import IntegrityError
from evidence_app.storage.blob_store import StoredBlob
from evidence_app.storage.models import Blob, StoredContent
from evidence_app.storage.vault import Vault

# -- verify ----------------------------------------------------------------------------------


def check_stored(vault: Vault, content: StoredContent, full: bool) -> None:
    """IntegrityError naming what is wrong with `content`'s blob. Full: decrypt it and
    compare SHA-256 and size with the record; quick: header and exact length only."""
    if full:
        found = vault._blobs.content_digest(content.blob_id)
        if found.sha256 != content.sha256 or found.size != content.size:
            raise IntegrityError(f"its content no longer matches its SHA-256 {content.sha256}.")
    else:
        vault._blobs.check_structure(content.blob_id, content.size)


def quarantined_ids(vault: Vault) -> list[str]:
    return list(vault._blobs.quarantined_ids())


def blob_totals(vault: Vault) -> tuple[int, int]:
    """How many blobs the catalog records, and the bytes of content they hold."""
    with vault.reader() as session:
        count, size = session.execute(
            select(func.count(Blob.id), func.coalesce(func.sum(Blob.size), 0))
        ).one()
        return int(count), int(size)


# -- vault compact ---------------------------------------------------------------------------


def version_1_blobs(vault: Vault) -> tuple[list[Blob], int]:
    """The catalog's blobs in the unpadded format 1, and how many are format 2 already."""
    with vault.reader() as session:
        rows = list(session.scalars(select(Blob).order_by(Blob.id)))
    old = []
    for row in rows:
        try:
            if vault._blobs.version_of(row.id) == 1:
                old.append(row)
        except IntegrityError:
            old.append(row)  # its rewrite will name the problem
    return old, len(rows) - len(old)


class _ChunkReader(io.RawIOBase):
    """A file-like view of an iterator of byte chunks."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._pending:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._pending = chunk
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


def reencrypt(vault: Vault, row: Blob) -> StoredBlob:
    """A new blob (current format, new id) holding `row`'s content, checked against the
    row while it is copied; nothing is left behind when the check fails. The caller points
    the catalog at it, then removes the old one with `remove_replaced`."""
    store = vault._blobs
    chunks = store.verified_chunks(row.id, row.sha256, row.size)
    try:
        new = store.write(io.BufferedReader(_ChunkReader(chunks), 1024 * 1024), size=row.size)
    except SourceSizeChanged:
        raise IntegrityError("Its stored size does not match its content.") from None
    finally:
        chunks.close()  # the write stops at the recorded size, maybe before the check
    if new.sha256 != row.sha256:
        store.remove(new.blob_id)
        raise IntegrityError("Its content no longer matches its recorded SHA-256.")
    return new


def remove_replaced(vault: Vault, blob_id: str) -> None:
    """Remove a blob whose content another blob now holds; refused while a row names it."""
    with vault.reader() as session:
        if session.get(Blob, blob_id) is not None:
            raise ValueError(f"blob {blob_id} is still in the catalog")
    vault._blobs.remove(blob_id)


# -- vault rekey -----------------------------------------------------------------------------


def rewrap_all(
    vault: Vault, new_wrap_key: bytes, on_blob: Callable[[int, int], None]
) -> tuple[int, list[str]]:
    """Re-wrap every blob key in blobs/ under `new_wrap_key`; returns how many were, and a
    problem for each that keeps its old key. `on_blob(done, total)` after each."""
    blob_ids = list(vault._blobs.stored_ids())
    rewrapped = 0
    problems = []
    for n, blob_id in enumerate(blob_ids, 1):
        try:
            vault._blobs.rewrap(blob_id, new_wrap_key)
            rewrapped += 1
        except (IntegrityError, ValueError) as error:
            problems.append(f"blob {blob_id}: {error} It keeps its old key.")
        on_blob(n, len(blob_ids))
    return rewrapped, problems


# -- vault recover-orphans -------------------------------------------------------------------


def examine_quarantined(vault: Vault, blob_id: str, head_bytes: int) -> StoredBlob:
    """Decrypt a quarantined blob in place, keeping its first `head_bytes`; IntegrityError
    if it does not decrypt. No catalog row records its hash: the one found here is what
    `read_quarantined` then checks."""
    return vault._blobs.content_digest(blob_id, quarantined=True, head_bytes=head_bytes)


def read_quarantined(vault: Vault, content: StoredContent) -> bytes:
    return vault._blobs.read_verified(
        content.blob_id, content.sha256, content.size, quarantined=True
    )


def restore(vault: Vault, blob_id: str) -> None:
    """Bring a quarantined blob back into blobs/; its catalog row must follow."""
    vault._blobs.restore(blob_id)


def quarantine(vault: Vault, blob_id: str) -> None:
    """Set a blob no row references aside in quarantine/, still encrypted."""
    vault._blobs.quarantine(blob_id)
