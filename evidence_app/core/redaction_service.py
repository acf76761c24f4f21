"""Marking regions to blur on a photo, and making redacted copies as items of their own.

A redacted copy is new evidence derived from the original: it is stored like any item,
linked to its original, and logged as `item.derived` with both hashes and everything that
was done (the regions blurred and where each came from, size). The original is never
changed. A copy that blurs the same regions is reused, so exporting twice does not multiply
items. Which regions are blurred is decided in `region_service`.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from evidence_app.core.items_service import find_item
from evidence_app.core.region_service import (
    PhotoRegions,
    blurred_boxes,
    photo_regions,
    render_with,
    require_inside,
)
from evidence_app.custody.canonical import canonical_json, sha256_hex
from evidence_app.custody.write_path import write
from evidence_app.export.redaction import RENDERING, Box, RedactedPhoto
from evidence_app.kernel.clock import utc_now
from evidence_app.kernel.errors import BadInput
from evidence_app.media.thumbnail import is_decodable_image, make_thumbnail
from evidence_app.storage.blob_store import StoredBlob
from evidence_app.storage.changes import Changes
from evidence_app.storage.content import content_writer
from evidence_app.storage.models import Blob, Item, ItemDerivation, ItemRegion
from evidence_app.storage.vault import Vault

EXHIBITION = "exhibition"


@dataclass(frozen=True)
class RedactedCopy:
    item_id: str
    sha256: str
    parent_id: str
    faces_blurred: int
    regions_blurred: int
    reused: bool


def parse_region(text: str) -> Box:
    try:
        x, y, width, height = (int(part) for part in text.split(","))
    except ValueError:
        raise BadInput(
            f"A region is x,y,width,height in pixels, such as 120,40,300,200; not {text!r}."
        ) from None
    if min(x, y) < 0 or min(width, height) <= 0:
        raise BadInput(f"The region {text} must start inside the picture and have a size.")
    return Box(x, y, width, height)


def mark_regions(vault: Vault, item: Item, regions: list[Box]) -> int:
    """Record regions (upright pixels of the original) to blur in every published copy."""
    if not regions:
        raise BadInput("Give at least one region to blur.")
    for box in regions:
        require_inside(item, box)
    now = utc_now()
    with write(vault) as unit:
        event = unit.event(
            "item.described",
            subject=item.id,
            subject_sha256=item.sha256,
            details={"redaction_regions_added": [box.to_json() for box in regions]},
        )
        for box in regions:
            unit.session.add(
                ItemRegion(
                    item_id=item.id,
                    x=box.x,
                    y=box.y,
                    width=box.width,
                    height=box.height,
                    marked_at=now,
                    event_seq=event.seq,
                )
            )
    with vault.reader() as session:
        count = len(
            list(
                session.scalars(
                    select(ItemRegion.id).where(
                        ItemRegion.item_id == item.id, ItemRegion.status == "accepted"
                    )
                )
            )
        )
    return count


def mark_item_regions(vault: Vault, ref: str, region_texts: list[str]) -> tuple[Item, int]:
    """`items redact ID --region x,y,w,h …`: the item by id or hash prefix, regions as typed."""
    item = find_item(vault, ref)
    if not is_decodable_image(item.media_type):
        raise BadInput(f"{item.original_name} is {item.media_type}, not a photo with regions.")
    return item, mark_regions(vault, item, [parse_region(text) for text in region_texts])


def _recipe(parent: Item, boxes: list[Box]) -> str:
    """What makes two copies the same: the original, what is blurred, and how."""
    return sha256_hex(
        canonical_json(
            {
                "parent": parent.sha256,
                "regions": [b.to_json() for b in boxes],
                "rendering": RENDERING,
            }
        )
    )


def _decisions(regions: PhotoRegions, boxes: list[Box]) -> dict[str, Any]:
    """Every region of the photo, what became of it, and where it came from."""
    return {
        "detector": regions.detector,
        "regions": [
            {**region.to_json(), "blurred": region.box in boxes} for region in regions.regions
        ],
        "faces_blurred": [
            r.box.to_json() for r in regions.regions if r.source == "detector" and r.box in boxes
        ],
        "regions_marked": [
            r.box.to_json() for r in regions.regions if r.source == "manual" and r.box in boxes
        ],
    }


def redacted_copy(vault: Vault, parent: Item, purpose: str = EXHIBITION) -> RedactedCopy:
    """The redacted copy of a photo for publication, made now or reused."""
    regions = photo_regions(vault, parent)
    boxes = blurred_boxes(vault, regions)
    recipe = _recipe(parent, boxes)
    decisions = _decisions(regions, boxes)
    faces, marked = len(decisions["faces_blurred"]), len(decisions["regions_marked"])
    with vault.reader() as session:
        for derivation in session.scalars(
            select(ItemDerivation).where(
                ItemDerivation.parent_id == parent.id, ItemDerivation.purpose == purpose
            )
        ):
            if json.loads(derivation.parameters_json).get("recipe") == recipe:
                child = session.get(Item, derivation.child_id)
                assert child is not None
                return RedactedCopy(child.id, child.sha256, parent.id, faces, marked, True)
    photo = render_with(vault, parent, boxes)
    parameters = {**photo.parameters(), **decisions, "recipe": recipe, "purpose": purpose}
    with vault.reader() as session:
        same = session.scalar(select(Item.id).where(Item.sha256 == sha256_hex(photo.jpeg)))
    stored = None if same else _store_blobs(vault, photo)
    # The copy's row, its derivation and its item.derived event commit together: a kill in
    # between would leave an item whose entry into the vault the log does not record.
    with write(vault) as unit:
        session = unit.session
        child_id = same if stored is None else _add_copy(vault, session, parent, photo, stored)
        assert child_id is not None
        child = session.get(Item, child_id)
        assert child is not None
        if session.get(ItemDerivation, (child_id, parent.id)) is not None:
            # New regions that changed no pixel: the copy already made is the same copy.
            return RedactedCopy(child_id, child.sha256, parent.id, faces, marked, True)
        event = unit.event(
            "item.derived",
            subject=child_id,
            subject_sha256=child.sha256,
            details={
                "parent": parent.id,
                "parent_sha256": parent.sha256,
                "child_sha256": child.sha256,
                "transformation": "redaction",
                "parameters": parameters,
            },
        )
        session.add(
            ItemDerivation(
                child_id=child_id,
                parent_id=parent.id,
                purpose=purpose,
                parameters_json=json.dumps(parameters),
                event_seq=event.seq,
            )
        )
        unit.changed(Changes(items=frozenset({parent.id})))  # the original lists its copies
        sha256 = child.sha256
    return RedactedCopy(child_id, sha256, parent.id, faces, marked, reused=False)


def _store_blobs(vault: Vault, photo: RedactedPhoto) -> tuple[StoredBlob, StoredBlob | None]:
    """The copy's bytes and thumbnail, stored; their rows come with the copy's item."""
    writer = content_writer(vault)
    blob = writer.write_bytes(photo.jpeg)
    thumbnail = make_thumbnail(photo.jpeg)
    thumb_blob = writer.write_bytes(thumbnail.jpeg) if thumbnail.jpeg else None
    return blob, thumb_blob


def _add_copy(
    vault: Vault,
    session: Session,
    parent: Item,
    photo: RedactedPhoto,
    stored: tuple[StoredBlob, StoredBlob | None],
) -> str:
    """The copy as a new item in `session`; its derivation and event are added with it."""
    blob, thumb_blob = stored
    child_id = uuid.uuid4().hex
    now = utc_now()
    name = f"{parent.original_name.rsplit('.', 1)[0]} (redacted).jpg"
    for content, role in ((blob, "derived"), (thumb_blob, "thumbnail")):
        if content is not None:
            session.add(Blob.of(content, role, now, vault.identity_id))
    session.add(
        Item(
            id=child_id,
            sha256=blob.sha256,
            size=blob.size,
            blob_id=blob.blob_id,
            original_name=name,
            original_name_raw=name.encode(),
            media_type="image/jpeg",
            width=photo.width,
            height=photo.height,
            exif_json="{}",
            notes_json=json.dumps(["A redacted copy made for publication."]),
            file_times_json="{}",
            thumbnail_blob_id=thumb_blob.blob_id if thumb_blob else None,
            ingested_at=now,
        )
    )
    session.flush()  # the item row must exist before the derivation that refers to it
    return child_id
