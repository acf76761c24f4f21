"""The catalog row of an item that enters the vault, from what ingest read of its file.

Ingest and the recovery of quarantined content both make items; both build the row here,
so a field added to items is filled the same way on either path.
"""

from __future__ import annotations

import json
from typing import Any

from evidence_app.ingest.exif_metadata import ImageMetadata
from evidence_app.storage.models import Item


def item_row(
    item_id: str,
    *,
    sha256: str,
    size: int,
    blob_id: str,
    original_name: str,
    original_name_raw: bytes,
    media_type: str,
    metadata: ImageMetadata | None,
    width: int | None,
    height: int | None,
    notes: list[str],
    file_times: dict[str, Any],
    thumbnail_blob_id: str | None,
    now: str,
    phash: str | None = None,
    pages: int | None = None,
    duration: float | None = None,
) -> Item:
    meta = metadata
    gps = meta.gps if meta else None
    return Item(
        id=item_id,
        sha256=sha256,
        size=size,
        blob_id=blob_id,
        original_name=original_name,
        original_name_raw=original_name_raw,
        media_type=media_type,
        captured_at=meta.captured_at if meta else None,
        captured_at_source=meta.captured_at_source if meta else None,
        gps_lat=gps[0] if gps else None,
        gps_lon=gps[1] if gps else None,
        gps_alt=meta.altitude if meta else None,
        camera_make=meta.camera_make if meta else None,
        camera_model=meta.camera_model if meta else None,
        orientation=meta.orientation if meta else None,
        width=width,
        height=height,
        exif_json=json.dumps(meta.exif if meta else {}, ensure_ascii=False),
        notes_json=json.dumps(notes, ensure_ascii=False),
        file_times_json=json.dumps(file_times),
        thumbnail_blob_id=thumbnail_blob_id,
        ingested_at=now,
        phash=phash,
        pages=pages,
        duration=duration,
    )
