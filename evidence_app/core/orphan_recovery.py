"""`vault recover-orphans`: quarantined blobs back into the vault as items.

A blob lands in quarantine/ when no catalog row references it: a write cut short before its
commit, or a catalog put back from an older copy. The bytes survived; their name, source
and cases went with the lost row. Each readable blob becomes an item named
`recovered-<id prefix>`, logged as `item.ingested` with `recovered_from: "quarantine"` —
the same action as any content entering the vault, so `verify`, dossiers and outside
verifiers check its hash like any other, while the details say plainly where it came from.
Nothing is deleted: content already in the vault, and blobs that no longer decrypt, stay in
quarantine/ and are reported.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import uuid
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from evidence_app.core.clock import utc_now
from evidence_app.core.errors import IntegrityError
from evidence_app.core.progress import NoProgress, Progress
from evidence_app.custody.events import append_event
from evidence_app.custody.log_state import record_head
from evidence_app.ingest.exif_metadata import ImageMetadata, read_image_metadata
from evidence_app.ingest.media_type import sniff_media_type
from evidence_app.ingest.prepare import HEAD_BYTES
from evidence_app.records.search import index_text
from evidence_app.storage.blob_store import QUARANTINE_DIR
from evidence_app.storage.models import Blob, Item, ItemSource
from evidence_app.storage.vault import Vault

RECOVERED_SOURCE = "recovered from quarantine"
RECOVERED_NOTE = (
    "Recovered from quarantine/: its original name, source and cases were lost with the "
    "catalog row that referenced it."
)
Status = Literal["recovered", "restored", "already_present", "unreadable"]


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


def recover_orphans(vault: Vault, progress: Progress | None = None) -> list[OrphanOutcome]:
    vault.require_writable()
    progress = progress or NoProgress()
    blob_ids = list(vault.blobs.quarantined_ids())
    outcomes = []
    for done, blob_id in enumerate(blob_ids):
        progress.report(done / max(len(blob_ids), 1), f"Recovering {blob_id[:8]}")
        outcomes.append(_recover_one(vault, blob_id))
    if any(o.status == "recovered" for o in outcomes):
        record_head(vault)
    progress.report(1.0, "Done")
    return outcomes


def _read_quarantined(vault: Vault, blob_id: str) -> tuple[str, int, bytes]:
    """SHA-256, size and first bytes of a quarantined blob, every chunk authenticated."""
    digest = hashlib.sha256()
    head = bytearray()
    size = 0
    for chunk in vault.blobs.chunks(blob_id, quarantined=True):
        digest.update(chunk)
        size += len(chunk)
        if len(head) < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - len(head)]
    return digest.hexdigest(), size, bytes(head)


def _recover_one(vault: Vault, blob_id: str) -> OrphanOutcome:
    where = f"{QUARANTINE_DIR}/{blob_id[:2]}/{blob_id}"
    with vault.reader() as session:
        if session.get(Blob, blob_id) is not None:  # a newer catalog was put back meanwhile
            vault.blobs.restore(blob_id)
            return OrphanOutcome(blob_id, "restored", message="The catalog refers to it again.")
    try:
        sha256, size, head = _read_quarantined(vault, blob_id)
    except IntegrityError as error:
        return OrphanOutcome(blob_id, "unreadable", message=f"{error} It stays in {where}.")
    with vault.reader() as session:
        existing = session.scalar(select(Item.id).where(Item.sha256 == sha256))
    if existing is not None:
        return OrphanOutcome(
            blob_id,
            "already_present",
            existing,
            sha256,
            size,
            message=f"The same content is item {existing}; this copy stays in {where}, "
            "and you may delete it yourself once you have checked.",
        )
    media_type = sniff_media_type(head)
    name = f"recovered-{blob_id[:8]}{mimetypes.guess_extension(media_type) or ''}"
    meta = read_image_metadata(head) if media_type.startswith("image/") else None
    vault.blobs.restore(blob_id)
    try:
        with vault.writer() as session:
            item_id = _add_item(vault, session, blob_id, sha256, size, media_type, name, meta)
    except BaseException:
        # Unreferenced in blobs/ it would be set aside again at the next open; do it now.
        vault.blobs.quarantine(blob_id)
        raise
    return OrphanOutcome(blob_id, "recovered", item_id, sha256, size, media_type, name)


def _add_item(
    vault: Vault,
    session: Session,
    blob_id: str,
    sha256: str,
    size: int,
    media_type: str,
    name: str,
    meta: ImageMetadata | None,
) -> str:
    now = utc_now()
    item_id = uuid.uuid4().hex
    notes = [RECOVERED_NOTE, *(meta.notes if meta else [])]
    session.add(
        Blob(
            id=blob_id,
            size=size,
            sha256=sha256,
            role="original",
            created=now,
            created_by=vault.identity_id,
        )
    )
    gps = meta.gps if meta else None
    session.add(
        Item(
            id=item_id,
            sha256=sha256,
            size=size,
            blob_id=blob_id,
            original_name=name,
            original_name_raw=name.encode("utf-8"),
            media_type=media_type,
            captured_at=meta.captured_at if meta else None,
            captured_at_source=meta.captured_at_source if meta else None,
            gps_lat=gps[0] if gps else None,
            gps_lon=gps[1] if gps else None,
            gps_alt=meta.altitude if meta else None,
            camera_make=meta.camera_make if meta else None,
            camera_model=meta.camera_model if meta else None,
            orientation=meta.orientation if meta else None,
            exif_json=json.dumps(meta.exif if meta else {}, ensure_ascii=False),
            notes_json=json.dumps(notes, ensure_ascii=False),
            file_times_json="{}",
            ingested_at=now,
        )
    )
    session.flush()
    event = append_event(
        session,
        vault.signing_key,
        vault.display_name,
        "item.ingested",
        subject=item_id,
        subject_sha256=sha256,
        details={
            "source": RECOVERED_SOURCE,
            "recovered_from": "quarantine",
            "original_name": name,
            "size": size,
            "media_type": media_type,
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
    index_text(session, "item", item_id, name, f"{name} {RECOVERED_SOURCE} {media_type}")
    return item_id
