"""What the redaction editor does beyond deciding: move or resize a region, offer the people
whose face may stay visible, and show the photo exactly as an export prints it.

A box moved or resized keeps its decision and is logged as `item.region_moved` with its
previous box, so the log tells what every published copy blurred and why.
"""

from __future__ import annotations

from dataclasses import dataclass

from evidence_app.core.region_service import (
    PhotoRegions,
    photo_item,
    render_redacted,
    render_with,
    require_inside,
    stored_regions,
)
from evidence_app.custody.write_path import write
from evidence_app.export.redaction import Box as Box  # the editor's boxes
from evidence_app.export.redaction import NotRedactable
from evidence_app.kernel.errors import BadInput
from evidence_app.records.consent import Purpose, person_consents_to
from evidence_app.records.store import records_of_kind
from evidence_app.records.titles import label_of
from evidence_app.storage.models import ItemRegion
from evidence_app.storage.vault import Vault


def move_region(vault: Vault, ref: str, region_id: int, box: Box) -> PhotoRegions:
    """Move or resize one region of a photo (its decision stays), logged with both boxes."""
    item = photo_item(vault, ref)
    require_inside(item, box)
    with write(vault) as unit:
        row = unit.session.get(ItemRegion, region_id)
        if row is None or row.item_id != item.id:
            raise BadInput(
                f"{item.original_name} has no region {region_id} (`evidence-app items "
                f"regions {item.id[:12]}` lists them)."
            )
        previous = [row.x, row.y, row.width, row.height]
        if previous != box.to_json():
            unit.event(
                "item.region_moved",
                subject=item.id,
                subject_sha256=item.sha256,
                details={
                    "region": row.id,
                    "box": box.to_json(),
                    "previous": previous,
                    "status": row.status,
                    "source": row.source,
                    "detector": row.detector,
                },
            )
            row.x, row.y, row.width, row.height = box.x, box.y, box.width, box.height
    return stored_regions(vault, item)


def named_people(vault: Vault) -> list[tuple[str, str]]:
    """Everyone whose face may be kept visible: public_named consent in force (ref, label)."""
    with vault.reader() as session:
        people = list(records_of_kind(session, "person"))
    return [
        (ref, label_of("person", ref, body))
        for ref, body in people
        if person_consents_to(body.get("consent", []), Purpose.NAMING).allowed
    ]


@dataclass(frozen=True)
class PrintedPhoto:
    """A photo as an export prints it, in memory only; regions are in the original's
    upright pixels (`original_size`), the picture may be smaller."""

    jpeg: bytes
    size: tuple[int, int]
    original_size: tuple[int, int]


def picture(vault: Vault, ref: str, redacted: bool) -> PrintedPhoto:
    """The photo as an export prints it (same size, same encoder): blurred exactly as the
    export would blur it now, or with nothing blurred, to draw regions on."""
    item = photo_item(vault, ref)
    try:
        photo = render_redacted(vault, item) if redacted else render_with(vault, item, [])
    except NotRedactable as error:
        raise BadInput(f"{item.original_name} cannot be shown as printed ({error}).") from None
    size = (photo.width, photo.height)
    original = (item.width, item.height) if item.width and item.height else size
    return PrintedPhoto(photo.jpeg, size, original)
