"""Regions of a photo to blur: proposed by the face detector, decided by a curator.

The detector looks at a photo once, the first time its regions are needed (listed, or an
exhibition prepared), and its boxes are stored as *proposed* regions with stable ids,
logged as `item.regions_proposed`. A curator accepts a proposal (it is blurred), rejects
it (a car seat, a blossom: left as it is) or keeps it visible, which only a person who
consented to `public_named` allows; regions drawn by hand (`items redact`) are blurred.
Every decision is a signed `item.region_decided` event (a box moved: `region_edits`).
Nothing is published while a proposal is undecided, and `render_redacted` makes the very
image an export prints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import select

from evidence_app.core.items_service import find_item
from evidence_app.custody.write_path import write
from evidence_app.export import face_detector
from evidence_app.export.redaction import (
    FACE_PADDING,
    Box,
    NotRedactable,
    RedactedPhoto,
    decode_upright,
    redact_photo,
)
from evidence_app.kernel.clock import utc_now
from evidence_app.kernel.errors import BadInput, Cancelled
from evidence_app.kernel.progress import NoProgress, Progress
from evidence_app.media.thumbnail import is_decodable_image
from evidence_app.records.consent import Purpose, person_consents_to
from evidence_app.records.store import current_body
from evidence_app.storage.content import read_content
from evidence_app.storage.models import Item, ItemDetection, ItemRegion
from evidence_app.storage.vault import Vault

Decision = Literal["accept", "reject", "keep"]
_STATUS: dict[str, str] = {"accept": "accepted", "reject": "rejected", "keep": "kept"}
MAX_REDACTABLE_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class Region:
    id: int
    box: Box  # upright pixels of the original
    source: str  # "detector" or "manual"
    status: str  # "proposed", "accepted", "rejected" or "kept"
    detector: str | None
    score: float | None
    person_ref: str | None

    @property
    def kind(self) -> str:
        """What a curator sees: manual, or the state of a detector's proposal."""
        return "manual" if self.source == "manual" and self.status == "accepted" else self.status

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "box": self.box.to_json(),
            "kind": self.kind,
            "source": self.source,
            "status": self.status,
            "detector": self.detector,
            "score": self.score,
            "person": self.person_ref,
        }


@dataclass(frozen=True)
class PhotoRegions:
    item_id: str
    sha256: str
    original_name: str
    detector: str | None  # what looked for faces; None for a copy that is never published
    regions: list[Region]

    @property
    def undecided(self) -> list[Region]:
        return [region for region in self.regions if region.status == "proposed"]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.item_id,
            "sha256": self.sha256,
            "original_name": self.original_name,
            "detector": self.detector,
            "undecided": len(self.undecided),
            "regions": [region.to_json() for region in self.regions],
        }


def photo_item(vault: Vault, ref: str) -> Item:
    item = find_item(vault, ref)
    if not is_decodable_image(item.media_type):
        raise BadInput(f"{item.original_name} is {item.media_type}, not a photo with regions.")
    return item


def stored_regions(vault: Vault, item: Item) -> PhotoRegions:
    with vault.reader() as session:
        detection = session.get(ItemDetection, item.id)
        rows = session.scalars(
            select(ItemRegion).where(ItemRegion.item_id == item.id).order_by(ItemRegion.id)
        )
        regions = [
            Region(
                r.id,
                Box(r.x, r.y, r.width, r.height),
                r.source,
                r.status,
                r.detector,
                r.score,
                r.person_ref,
            )
            for r in rows
        ]
    detector = detection.detector if detection else None
    return PhotoRegions(item.id, item.sha256, item.original_name, detector, regions)


def _source_bytes(vault: Vault, item: Item) -> bytes:
    if item.size > MAX_REDACTABLE_BYTES:
        raise NotRedactable("the photo is too large to decode safely")
    return read_content(vault, item)


def photo_regions(vault: Vault, item: Item, progress: Progress | None = None) -> PhotoRegions:
    """The photo's regions, looking for faces first if no detector has looked yet. A cancel
    is honoured before and after the detector (which cannot be interrupted): nothing is
    stored then, and the detector looks again next time."""
    progress = progress or NoProgress()
    if not is_decodable_image(item.media_type):
        raise NotRedactable(f"{item.media_type} is not a photo that can be redacted")
    with vault.reader() as session:
        if session.get(ItemDetection, item.id) is not None:
            return stored_regions(vault, item)
    progress.report(None, "Looking for faces…")
    image = decode_upright(_source_bytes(vault, item))
    if progress.cancel_requested():
        raise Cancelled("Stopped before looking for faces.")
    name = face_detector.detector_name()
    factor = (item.width or image.width) / image.width
    found = [
        (
            Box(d.x, d.y, d.width, d.height).padded(FACE_PADDING, image.size).scaled(factor),
            d.score,
            face_detector.model_name(d.model),
        )
        for d in face_detector.detect_faces(image)
    ]
    if progress.cancel_requested():
        raise Cancelled("Stopped; the faces found were not stored.")
    with write(vault) as unit:
        session = unit.session
        if session.get(ItemDetection, item.id) is None:
            rows = [
                ItemRegion(
                    item_id=item.id,
                    x=box.x,
                    y=box.y,
                    width=box.width,
                    height=box.height,
                    marked_at=utc_now(),
                    event_seq=0,  # set below, once the event that names the ids exists
                    source="detector",
                    detector=model,
                    score=score,
                    status="proposed",
                )
                for box, score, model in found
            ]
            session.add_all(rows)
            session.flush()
            event = unit.event(
                "item.regions_proposed",
                subject=item.id,
                subject_sha256=item.sha256,
                details={
                    "detector": name,
                    "regions": [
                        {
                            "region": r.id,
                            "box": [r.x, r.y, r.width, r.height],
                            "score": r.score,
                            "detector": r.detector,
                        }
                        for r in rows
                    ],
                },
            )
            for row in rows:
                row.event_seq = event.seq
            session.add(
                ItemDetection(
                    item_id=item.id, detector=name, detected_at=utc_now(), event_seq=event.seq
                )
            )
    return stored_regions(vault, item)


def list_regions(vault: Vault, ref: str, progress: Progress | None = None) -> PhotoRegions:
    """`items regions ID`: the item by id or hash prefix."""
    item = photo_item(vault, ref)
    try:
        return photo_regions(vault, item, progress)
    except NotRedactable as error:
        raise BadInput(
            f"{item.original_name} cannot be looked at for faces ({error}); it is never published."
        ) from None


def decide(
    vault: Vault,
    ref: str,
    decision: Decision,
    region_ids: Sequence[int],
    person_ref: str | None = None,
) -> PhotoRegions:
    """Accept, reject or keep visible regions of one photo, each decision logged."""
    if decision not in _STATUS:
        raise BadInput(f"A region is accepted, rejected or kept, not {decision!r}.")
    if not region_ids:
        raise BadInput("Name at least one region by its id (see `items regions ID`).")
    item = photo_item(vault, ref)
    known = {region.id: region for region in list_regions(vault, item.id).regions}
    unknown = [str(i) for i in region_ids if i not in known]
    if unknown:
        raise BadInput(
            f"{item.original_name} has no region {', '.join(unknown)}; its regions are "
            f"{', '.join(str(i) for i in known) or 'none'} (`evidence-app items regions "
            f"{item.id[:12]}` lists them)."
        )
    if decision == "keep":
        _require_named_consent(vault, person_ref)
    elif person_ref is not None:
        raise BadInput("Only a region kept visible names a person (--person goes with keep).")
    with write(vault) as unit:
        for region_id in dict.fromkeys(region_ids):
            row = unit.session.get(ItemRegion, region_id)
            assert row is not None
            event = unit.event(
                "item.region_decided",
                subject=item.id,
                subject_sha256=item.sha256,
                details={
                    "region": row.id,
                    "box": [row.x, row.y, row.width, row.height],
                    "decision": decision,
                    "previous": row.status,
                    "source": row.source,
                    "detector": row.detector,
                    **({"person": person_ref} if decision == "keep" else {}),
                },
            )
            row.status = _STATUS[decision]
            row.person_ref = person_ref if decision == "keep" else None
            row.decided_event_seq = event.seq
    return stored_regions(vault, item)


def require_inside(item: Item, box: Box) -> None:
    """A region starts inside the picture, has a size, and does not reach beyond it."""
    if min(box.x, box.y) < 0 or min(box.width, box.height) <= 0:
        raise BadInput(
            f"The region {box.x},{box.y},{box.width},{box.height} must start inside the "
            "picture and have a size."
        )
    if (
        item.width
        and item.height
        and (box.x + box.width > item.width or box.y + box.height > item.height)
    ):
        raise BadInput(
            f"The region {box.x},{box.y},{box.width},{box.height} reaches outside the "
            f"picture, which is {item.width} × {item.height} pixels."
        )


def _named_consent(vault: Vault, person_ref: str) -> bool:
    with vault.reader() as session:
        person = current_body(session, "person", person_ref)
    if person is None:
        return False
    return person_consents_to(person.get("consent", []), Purpose.NAMING).allowed


def _require_named_consent(vault: Vault, person_ref: str | None) -> None:
    if not person_ref:
        raise BadInput(
            "A face is kept visible only for a person who consented to be shown by name: "
            "give --person REF."
        )
    with vault.reader() as session:
        exists = current_body(session, "person", person_ref) is not None
    if not exists:
        raise BadInput(f"There is no person {person_ref!r} in this vault's records.")
    if not _named_consent(vault, person_ref):
        raise BadInput(
            f"{person_ref} has no public_named consent in force, so their face stays "
            "blurred. Record that consent first, or accept the region to blur it."
        )


def blurred_boxes(vault: Vault, regions: PhotoRegions) -> list[Box]:
    """What a published copy blurs: accepted and manual regions, proposals not yet decided
    (only a preview shows those: an export refuses them), and faces kept visible whose
    person's public_named consent is no longer in force."""
    return [
        region.box
        for region in regions.regions
        if region.status in ("accepted", "proposed")
        or (
            region.status == "kept"
            and not (region.person_ref and _named_consent(vault, region.person_ref))
        )
    ]


def render_redacted(vault: Vault, item: Item) -> RedactedPhoto:
    """The redacted image exactly as an export prints it: the preview is the export."""
    return render_with(vault, item, blurred_boxes(vault, photo_regions(vault, item)))


def render_with(vault: Vault, item: Item, boxes: list[Box]) -> RedactedPhoto:
    """Blur `boxes` (the original's pixels), the one way every published copy is made."""
    size = (item.width, item.height) if item.width and item.height else None
    return redact_photo(_source_bytes(vault, item), size, boxes)


class RegionsUndecided(BadInput):
    """Photos about to be published still carry proposals nobody decided on."""

    def __init__(self, findings: list[tuple[str, PhotoRegions]]) -> None:
        self.findings = findings
        lines = [
            f"  {label} (item {regions.item_id[:12]}): proposed regions "
            + ", ".join(str(region.id) for region in regions.undecided)
            for label, regions in findings
        ]
        super().__init__(
            f"{len(findings)} photo(s) have regions the face detector proposed that nobody "
            "has accepted or rejected yet, so nothing was exported:\n"
            + "\n".join(lines)
            + "\nLook at each with `evidence-app items regions ID`, then decide with "
            "`evidence-app items regions ID accept|reject REGION…`; or export again with "
            "--accept-all-proposed to blur every proposal (each logged as accepted)."
        )


def require_decided(
    vault: Vault,
    photos: Sequence[tuple[str, str]],
    accept_all_proposed: bool = False,
    on_photo: Callable[[int, str], None] | None = None,
) -> None:
    """Before publishing `photos` (label, item id): find faces where no detector looked yet,
    and refuse while proposals are undecided, unless told to accept them all (logged)."""
    findings: list[tuple[str, PhotoRegions]] = []
    for index, (label, item_id) in enumerate(photos):
        if on_photo is not None:
            on_photo(index, label)
        with vault.reader() as session:
            item = session.get(Item, item_id)
        assert item is not None
        try:
            regions = photo_regions(vault, item)
        except NotRedactable:
            continue  # the export leaves it out and says why
        if regions.undecided and accept_all_proposed:
            decide(vault, item.id, "accept", [region.id for region in regions.undecided])
        elif regions.undecided:
            findings.append((label, regions))
    if findings:
        raise RegionsUndecided(findings)
