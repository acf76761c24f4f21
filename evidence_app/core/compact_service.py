"""`vault compact`: rewrite version 1 blobs as padded version 2 blobs.

Each blob is re-encrypted under a new id: written through tmp/ (fsync, rename, fsync the
folder), then the catalog points at it in one transaction, and only after that commit is
the old file removed. A crash at any moment leaves the old file or the new one referenced;
the other is an unreferenced file, which the vault's open-time handling deals with. The
content and its SHA-256 do not change, so custody events about items stay true; one
`vault.compacted` event per run records how many blobs were rewritten.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select, update

from evidence_app.crypto.blobstream import SourceSizeChanged
from evidence_app.custody.tree_head import log_origin
from evidence_app.custody.write_path import write
from evidence_app.kernel.errors import IntegrityError
from evidence_app.kernel.progress import NoProgress, Progress, check_cancelled
from evidence_app.storage.models import Blob, Item
from evidence_app.storage.vault import Vault


@dataclass
class CompactReport:
    rewritten: int = 0
    rewritten_bytes: int = 0
    already_padded: int = 0
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "rewritten": self.rewritten,
            "rewritten_bytes": self.rewritten_bytes,
            "already_padded": self.already_padded,
            "problems": self.problems,
        }


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


def blobs_to_compact(vault: Vault) -> tuple[list[Blob], int]:
    """The catalog's version 1 blobs, and how many are version 2 already."""
    with vault.reader() as session:
        rows = list(session.scalars(select(Blob).order_by(Blob.id)))
    old = []
    for row in rows:
        try:
            if vault.blobs.version_of(row.id) == 1:
                old.append(row)
        except IntegrityError:
            old.append(row)  # its rewrite will name the problem
    return old, len(rows) - len(old)


def compact_vault(vault: Vault, progress: Progress | None = None) -> CompactReport:
    progress = progress or NoProgress()
    old, padded = blobs_to_compact(vault)
    report = CompactReport(already_padded=padded)
    total = sum(row.size for row in old) or 1
    done = 0
    for row in old:
        check_cancelled(progress)
        try:
            _rewrite(vault, row)
            report.rewritten += 1
            report.rewritten_bytes += row.size
        except IntegrityError as error:
            report.problems.append(f"blob {row.id}: {error} It was left as it was.")
        done += row.size
        progress.report(done / total, f"{report.rewritten} of {len(old)} blobs rewritten")
    if report.rewritten:
        with write(vault) as unit:
            unit.event(
                "vault.compacted",
                subject=log_origin(vault),
                details={
                    "blobs_rewritten": report.rewritten,
                    "bytes_rewritten": report.rewritten_bytes,
                    "format": "blob version 2 (padded)",
                },
            )
    return report


def _rewrite(vault: Vault, row: Blob) -> None:
    reader = io.BufferedReader(_ChunkReader(vault.blobs.chunks(row.id)), 1024 * 1024)
    try:
        new = vault.blobs.write(reader, size=row.size)
    except SourceSizeChanged:
        raise IntegrityError("Its stored size does not match its content.") from None
    if new.sha256 != row.sha256:
        vault.blobs.remove(new.blob_id)
        raise IntegrityError("Its content no longer matches its recorded SHA-256.")
    with write(vault) as unit:
        session = unit.session
        session.add(
            Blob(
                id=new.blob_id,
                size=row.size,
                sha256=row.sha256,
                role=row.role,
                created=row.created,
                created_by=row.created_by,
            )
        )
        session.flush()
        session.execute(update(Item).where(Item.blob_id == row.id).values(blob_id=new.blob_id))
        session.execute(
            update(Item)
            .where(Item.thumbnail_blob_id == row.id)
            .values(thumbnail_blob_id=new.blob_id)
        )
        session.execute(delete(Blob).where(Blob.id == row.id))
    vault.blobs.remove(row.id)
