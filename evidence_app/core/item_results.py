"""What the item and custody use cases return: frozen values the CLI prints with `to_json()`
and the GUI reads by attribute, so mypy checks every field a shell uses.

`to_json()` keeps the field order of the JSON that DESIGN §4 documents; the dataclasses'
field order follows it, so a new field goes where it should appear.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from evidence_app.core.item_marks import ItemMarks
from evidence_app.custody.events import Actor
from evidence_app.media.camera import camera_name
from evidence_app.media.document_facts import PDF_MEDIA_TYPE, DocumentFacts
from evidence_app.media.media_facts import MediaFacts, is_recording
from evidence_app.storage.models import CustodyEvent, Item, ItemCredential


@dataclass(frozen=True)
class LoggedEvent:
    """A custody event as exported: its signed body plus hash and signature. `details` is
    part of the signed document and stays as it was written."""

    seq: int
    event_id: str
    time: str
    actor: Actor
    action: str
    subject: str
    subject_sha256: str | None
    details: dict[str, Any]
    prev: str
    hash: str
    signature: str

    @classmethod
    def of(cls, row: CustodyEvent) -> LoggedEvent:
        return cls(
            seq=row.seq,
            event_id=row.event_id,
            time=row.time,
            actor=Actor(row.actor_fingerprint, row.actor_name),
            action=row.action,
            subject=row.subject,
            subject_sha256=row.subject_sha256,
            details=json.loads(row.details_json),
            prev=row.prev,
            hash=row.hash,
            signature=row.signature,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "event_id": self.event_id,
            "time": self.time,
            "actor": {"fingerprint": self.actor.fingerprint, "name": self.actor.name},
            "action": self.action,
            "subject": self.subject,
            "subject_sha256": self.subject_sha256,
            "details": self.details,
            "prev": self.prev,
            "hash": self.hash,
            "signature": self.signature,
        }


def _summary_fields(item: Item) -> tuple[str, str, int, str, str, str | None]:
    return item.id, item.sha256, item.size, item.original_name, item.media_type, item.captured_at


@dataclass(frozen=True)
class ItemSummary:
    """One line of `items list`."""

    id: str
    sha256: str
    size: int
    original_name: str
    media_type: str
    captured_at: str | None

    @classmethod
    def of(cls, item: Item) -> ItemSummary:
        return cls(*_summary_fields(item))

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "sha256": self.sha256,
            "size": self.size,
            "original_name": self.original_name,
            "media_type": self.media_type,
            "captured_at": self.captured_at,
        }


@dataclass(frozen=True)
class ItemRow(ItemSummary):
    """A row of the evidence table: the summary with what the table shows beside it."""

    camera: str
    cases: tuple[str, ...]
    has_thumbnail: bool
    marks: ItemMarks  # filed under a case, publishable, redacted, exported: the badges

    @classmethod
    def of_row(cls, item: Item, cases: list[str], marks: ItemMarks) -> ItemRow:
        return cls(
            *_summary_fields(item),
            camera=camera_name(item.camera_make, item.camera_model),
            cases=tuple(sorted(cases)),
            has_thumbnail=item.thumbnail_blob_id is not None,
            marks=marks,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            **super().to_json(),
            "camera": self.camera,
            "cases": list(self.cases),
            "has_thumbnail": self.has_thumbnail,
        }


@dataclass(frozen=True)
class Position:
    """Signed decimal degrees."""

    lat: float
    lon: float


@dataclass(frozen=True)
class Camera:
    make: str | None
    model: str | None


@dataclass(frozen=True)
class ItemSourceView:
    """Where one copy of the item came from (an item may be received more than once)."""

    source: str
    original_name: str
    original_path: str
    link_target: str | None  # where the file really was, when reached through a link
    received_at: str
    event_seq: int
    provenance: dict[str, Any] | None  # records.provenance; None when nothing was recorded

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "original_name": self.original_name,
            "original_path": self.original_path,
            "link_target": self.link_target,
            "received_at": self.received_at,
            "event_seq": self.event_seq,
            "provenance": self.provenance,
        }


@dataclass(frozen=True)
class SimilarItem:
    """An item that looks like another: their perceptual hashes differ in `distance` bits."""

    id: str
    original_name: str
    distance: int

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "original_name": self.original_name, "distance": self.distance}


@dataclass(frozen=True)
class CredentialView:
    """What a capture app signed about an item (a C2PA manifest, a ProofMode bundle) and
    what checking it at ingest found. `source_item_id` is the item that carried it (a
    ProofMode bundle); `summary` is as the check wrote it, its keys the check's own."""

    kind: str  # proofmode | c2pa
    status: str  # valid | invalid | unknown_key | unreadable
    item_id: str
    source_item_id: str | None
    fingerprint: str | None
    summary: dict[str, Any]
    checked_at: str
    event_seq: int

    @classmethod
    def of(cls, row: ItemCredential) -> CredentialView:
        summary = json.loads(row.summary_json)
        fingerprint = summary.get("key_fingerprint") if isinstance(summary, dict) else None
        return cls(
            row.kind,
            row.status,
            row.item_id,
            row.source_item_id,
            str(fingerprint) if fingerprint else None,
            summary if isinstance(summary, dict) else {},
            row.checked_at,
            row.event_seq,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "status": self.status,
            "item_id": self.item_id,
            "source_item_id": self.source_item_id,
            "fingerprint": self.fingerprint,
            "summary": self.summary,
            "checked_at": self.checked_at,
            "event_seq": self.event_seq,
        }


@dataclass(frozen=True)
class ShownItem(ItemSummary):
    """Everything `items show` tells about one item. `exif` and `file_times` are what the
    file held, as strings; they stay mappings because their keys are the file's, not ours."""

    captured_at_source: str | None
    gps: Position | None
    altitude: float | None
    camera: Camera
    orientation: int | None
    width: int | None
    height: int | None
    pages: int | None
    document: DocumentFacts | None  # a PDF's own metadata; None for anything else
    duration: float | None  # seconds, for video and sound
    media: MediaFacts | None  # a recording's container and codecs; None for anything else
    exif: dict[str, str]
    notes: tuple[str, ...]
    file_times: dict[str, str]
    has_thumbnail: bool
    ingested_at: str
    sources: tuple[ItemSourceView, ...]
    cases: tuple[str, ...]
    custody: tuple[LoggedEvent, ...]
    similar: tuple[SimilarItem, ...] = ()
    credentials: tuple[CredentialView, ...] = ()

    @classmethod
    def of_item(
        cls,
        item: Item,
        sources: list[ItemSourceView],
        cases: list[str],
        custody: list[LoggedEvent],
        similar: tuple[SimilarItem, ...] = (),
        credentials: tuple[CredentialView, ...] = (),
    ) -> ShownItem:
        gps = (
            Position(item.gps_lat, item.gps_lon)
            if item.gps_lat is not None and item.gps_lon is not None
            else None
        )
        exif = json.loads(item.exif_json)
        return cls(
            *_summary_fields(item),
            captured_at_source=item.captured_at_source,
            gps=gps,
            altitude=item.gps_alt,
            camera=Camera(item.camera_make, item.camera_model),
            orientation=item.orientation,
            width=item.width,
            height=item.height,
            pages=item.pages,
            document=(
                DocumentFacts.of(item.pages, exif) if item.media_type == PDF_MEDIA_TYPE else None
            ),
            duration=item.duration,
            media=MediaFacts.of(item.duration, exif) if is_recording(item.media_type) else None,
            exif=exif,
            notes=tuple(json.loads(item.notes_json)),
            file_times=json.loads(item.file_times_json),
            has_thumbnail=item.thumbnail_blob_id is not None,
            ingested_at=item.ingested_at,
            sources=tuple(sources),
            cases=tuple(sorted(cases)),
            custody=tuple(custody),
            similar=similar,
            credentials=credentials,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            **super().to_json(),
            "captured_at_source": self.captured_at_source,
            "gps": None if self.gps is None else {"lat": self.gps.lat, "lon": self.gps.lon},
            "altitude": self.altitude,
            "camera": {"make": self.camera.make, "model": self.camera.model},
            "orientation": self.orientation,
            "width": self.width,
            "height": self.height,
            "pages": self.pages,
            "document": None if self.document is None else self.document.to_json(),
            "duration": self.duration,
            "media": None if self.media is None else self.media.to_json(),
            "exif": self.exif,
            "notes": list(self.notes),
            "file_times": self.file_times,
            "has_thumbnail": self.has_thumbnail,
            "ingested_at": self.ingested_at,
            "sources": [source.to_json() for source in self.sources],
            "cases": list(self.cases),
            "custody": [event.to_json() for event in self.custody],
            "similar": [found.to_json() for found in self.similar],
            "credentials": [credential.to_json() for credential in self.credentials],
        }


@dataclass(frozen=True)
class ExtractedItem(ItemSummary):
    """An item written out; `logged` is False when a read-only vault could not say so."""

    extracted_to: str
    logged: bool

    @classmethod
    def of_extraction(cls, item: Item, destination: str, logged: bool) -> ExtractedItem:
        return cls(*_summary_fields(item), extracted_to=destination, logged=logged)

    def to_json(self) -> dict[str, Any]:
        return {**super().to_json(), "extracted_to": self.extracted_to, "logged": self.logged}
