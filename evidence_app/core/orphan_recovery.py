"""`vault recover-orphans`: quarantined blobs back into the vault as items.

A blob lands in quarantine/ when no catalog row references it: a write cut short before its
commit, or a catalog put back from an older copy. The bytes survived; their name, source
and cases went with the lost row. Each readable blob becomes an item named
`recovered-<id prefix>`, logged as `item.ingested` with `recovered_from: "quarantine"` —
the same action as any content entering the vault, so `verify`, dossiers and outside
verifiers check its hash like any other, while the details say plainly where it came from.
A quarantined thumbnail goes back with its picture instead of becoming an item of its own.
Nothing is deleted: content already in the vault, and blobs that no longer decrypt, stay in
quarantine/ and are reported.
"""

from __future__ import annotations

import hashlib
import mimetypes
import uuid
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import select

from evidence_app.custody.write_path import Write, batch, write
from evidence_app.ingest.exif_metadata import ImageMetadata, read_image_metadata
from evidence_app.ingest.item_row import item_row
from evidence_app.ingest.prepare import HEAD_BYTES, IN_MEMORY_LIMIT, THUMBNAIL_SIDE
from evidence_app.kernel.clock import utc_now
from evidence_app.kernel.errors import IntegrityError
from evidence_app.kernel.progress import NoProgress, Progress
from evidence_app.media.media_type import sniff_media_type
from evidence_app.media.thumbnail import is_decodable_image, make_thumbnail
from evidence_app.records.search import index_text
from evidence_app.storage.blob_maintenance import (
    examine_quarantined,
    quarantine,
    quarantined_ids,
    read_quarantined,
    restore,
)
from evidence_app.storage.blob_store import QUARANTINE_DIR
from evidence_app.storage.models import Blob, Item, ItemSource
from evidence_app.storage.vault import Vault

RECOVERED_SOURCE = "recovered from quarantine"
RECOVERED_NOTE = (
    "Recovered from quarantine/: its original name, source and cases were lost with the "
    "catalog row that referenced it."
)
Status = Literal["recovered", "thumbnail", "restored", "already_present", "unreadable"]


@dataclass(frozen=True)
class OrphanOutcome:
    blob_id: str
    status: Status
    item_id: str | None = None
    sha256: str | None = None
    size: int = 0
    media_type: str | None = None
    message: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "blob": self.blob_id,
            "status": self.status,
            "id": self.item_id,
            "sha256": self.sha256,
            "size": self.size,
            "media_type": self.media_type,
            "message": self.message,
        }


@dataclass
class _Quarantined:
    blob_id: str
    sha256: str
    size: int
    media_type: str
    head: bytes
    thumbnail: _Quarantined | None = None
    width: int | None = None
    height: int | None = None


def recover_orphans(vault: Vault, progress: Progress | None = None) -> list[OrphanOutcome]:
    """Every quarantined blob: back as an item, back under its row, or kept and reported."""
    vault.require_writable()
    progress = progress or NoProgress()
    blob_ids = quarantined_ids(vault)
    outcomes: list[OrphanOutcome] = []
    readable: list[_Quarantined] = []
    for done, blob_id in enumerate(blob_ids):
        progress.report(done / max(len(blob_ids), 1) / 2, f"Reading {blob_id[:8]}")
        found = _examine(vault, blob_id)
        if isinstance(found, OrphanOutcome):
            outcomes.append(found)
        else:
            readable.append(found)
    fresh = []
    for blob in readable:
        duplicate = _duplicate_of(vault, blob)
        if duplicate is None:
            fresh.append(blob)
        else:
            outcomes.append(duplicate)
    thumbnails = _pair_thumbnails(vault, fresh)
    with batch(vault):
        for done, blob in enumerate(fresh):
            progress.report(0.5 + done / max(len(fresh), 1) / 2, f"Recovering {blob.blob_id[:8]}")
            if blob.blob_id not in thumbnails:
                outcomes.extend(_recover(vault, blob))
    progress.report(1.0, "Done")
    return outcomes


def _examine(vault: Vault, blob_id: str) -> _Quarantined | OrphanOutcome:
    """Decrypt a quarantined blob in place, every chunk authenticated; keep its first bytes."""
    with vault.reader() as session:
        if session.get(Blob, blob_id) is not None:  # a newer catalog was put back meanwhile
            restore(vault, blob_id)
            return OrphanOutcome(blob_id, "restored", message="The catalog refers to it again.")
    try:
        found = examine_quarantined(vault, blob_id, HEAD_BYTES)
    except IntegrityError as error:
        message = f"{error} It stays in {_where(blob_id)}."
        return OrphanOutcome(blob_id, "unreadable", message=message)
    return _Quarantined(blob_id, found.sha256, found.size, sniff_media_type(found.head), found.head)


def _where(blob_id: str) -> str:
    return f"{QUARANTINE_DIR}/{blob_id[:2]}/{blob_id}"


def _duplicate_of(vault: Vault, blob: _Quarantined) -> OrphanOutcome | None:
    """Content the vault stores already (an item, a thumbnail, a derived copy) stays put."""
    with vault.reader() as session:
        if session.scalar(select(Blob.id).where(Blob.sha256 == blob.sha256).limit(1)) is None:
            return None
        item_id = session.scalar(select(Item.id).where(Item.sha256 == blob.sha256))
    what = f"item {item_id}" if item_id else "stored already (a thumbnail or a derived copy)"
    return OrphanOutcome(
        blob.blob_id,
        "already_present",
        item_id,
        blob.sha256,
        blob.size,
        blob.media_type,
        f"The same content is {what}; this copy stays in {_where(blob.blob_id)}, and you "
        "may delete it yourself once you have checked.",
    )


def _pair_thumbnails(vault: Vault, fresh: list[_Quarantined]) -> set[str]:
    """Find which quarantined blobs are the thumbnails of others: ingest made them from the
    picture with the same code, so making them again gives the same bytes. Returns their ids.
    """
    by_sha = {blob.sha256: blob for blob in fresh}
    paired: set[str] = set()
    for blob in fresh:
        if not is_decodable_image(blob.media_type) or blob.size > IN_MEMORY_LIMIT:
            continue
        data = read_quarantined(vault, blob)
        thumb = make_thumbnail(data, THUMBNAIL_SIDE)
        blob.width, blob.height = thumb.width, thumb.height
        match = by_sha.get(hashlib.sha256(thumb.jpeg).hexdigest()) if thumb.jpeg else None
        if match is not None and match is not blob and match.blob_id not in paired:
            blob.thumbnail = match
            paired.add(match.blob_id)
    return paired


def _recover(vault: Vault, blob: _Quarantined) -> list[OrphanOutcome]:
    name = f"recovered-{blob.blob_id[:8]}{mimetypes.guess_extension(blob.media_type) or ''}"
    meta = read_image_metadata(blob.head) if blob.media_type.startswith("image/") else None
    moved = [blob.blob_id] + ([blob.thumbnail.blob_id] if blob.thumbnail else [])
    for blob_id in moved:
        restore(vault, blob_id)
    try:
        with write(vault) as unit:
            item_id = _add_item(vault, unit, blob, name, meta)
    except BaseException:
        # Unreferenced in blobs/ they would be set aside again at the next open; do it now.
        for blob_id in moved:
            quarantine(vault, blob_id)
        raise
    outcomes = [
        OrphanOutcome(
            blob.blob_id, "recovered", item_id, blob.sha256, blob.size, blob.media_type, name
        )
    ]
    if blob.thumbnail is not None:
        thumb = blob.thumbnail
        outcomes.append(
            OrphanOutcome(
                thumb.blob_id,
                "thumbnail",
                item_id,
                thumb.sha256,
                thumb.size,
                thumb.media_type,
                f"The thumbnail of {name}.",
            )
        )
    return outcomes


def _add_item(
    vault: Vault, unit: Write, blob: _Quarantined, name: str, meta: ImageMetadata | None
) -> str:
    session = unit.session
    now = utc_now()
    item_id = uuid.uuid4().hex
    notes = [RECOVERED_NOTE, *(meta.notes if meta else [])]
    for part, role in ((blob, "original"), (blob.thumbnail, "thumbnail")):
        if part is not None:
            session.add(Blob.of(part, role, now, vault.identity_id))
    session.add(
        item_row(
            item_id,
            sha256=blob.sha256,
            size=blob.size,
            blob_id=blob.blob_id,
            original_name=name,
            original_name_raw=name.encode("utf-8"),
            media_type=blob.media_type,
            metadata=meta,
            width=blob.width,
            height=blob.height,
            notes=notes,
            file_times={},
            thumbnail_blob_id=blob.thumbnail.blob_id if blob.thumbnail else None,
            now=now,
        )
    )
    session.flush()
    event = unit.event(
        "item.ingested",
        subject=item_id,
        subject_sha256=blob.sha256,
        details={
            "source": RECOVERED_SOURCE,
            "recovered_from": "quarantine",
            "original_name": name,
            "size": blob.size,
            "media_type": blob.media_type,
            "case": None,
            "notes": notes,
        },
    )
    session.add(
        ItemSource(
            item_id=item_id,
            source=RECOVERED_SOURCE,
            original_name=name,
            original_path="",
            received_at=now,
            event_seq=event.seq,
        )
    )
    index_text(session, "item", item_id, name, f"{name} {RECOVERED_SOURCE} {blob.media_type}")
    return item_id
