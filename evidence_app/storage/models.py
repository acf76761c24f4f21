"""SQLAlchemy models of the catalog. Alembic migrations in `migrations/` create them."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import Float, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class StoredContent(Protocol):
    """Content the blob store holds: a blob just written, or one found in quarantine."""

    @property
    def blob_id(self) -> str: ...

    @property
    def size(self) -> int: ...

    @property
    def sha256(self) -> str: ...


class Base(DeclarativeBase):
    pass


class Setting(Base):
    """Vault-wide values that must stay secret, e.g. the vault's name and log id."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Identity(Base):
    """An Ed25519 signing identity; the seed is wrapped under the `identity` sub-key."""

    __tablename__ = "identities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    display_name: Mapped[str] = mapped_column(Text)
    nonce: Mapped[bytes] = mapped_column(LargeBinary(24))
    wrapped_seed: Mapped[bytes] = mapped_column(LargeBinary)
    created: Mapped[str] = mapped_column(String(32))


class Blob(Base):
    """One encrypted file in blobs/. Its plaintext hash lives only here, never in a name."""

    __tablename__ = "blobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    role: Mapped[str] = mapped_column(String(16))  # original | thumbnail | derived
    created: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("identities.id"))

    @property
    def blob_id(self) -> str:  # so a row is StoredContent, read and checked like any
        return self.id

    @classmethod
    def of(cls, stored: StoredContent, role: str, created: str, created_by: int | None) -> Blob:
        """The catalog row of content the blob store has just written."""
        return cls(
            id=stored.blob_id,
            size=stored.size,
            sha256=stored.sha256,
            role=role,
            created=created,
            created_by=created_by,
        )


class Item(Base):
    """One piece of evidence: exact bytes, stored once however often they arrive."""

    __tablename__ = "items"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(Integer)
    blob_id: Mapped[str] = mapped_column(ForeignKey("blobs.id"))
    original_name: Mapped[str] = mapped_column(Text)
    # The name exactly as the file system gave it, for names that are not valid UTF-8.
    original_name_raw: Mapped[bytes] = mapped_column(LargeBinary)
    media_type: Mapped[str] = mapped_column(String(127))
    captured_at: Mapped[str | None] = mapped_column(String(40))
    captured_at_source: Mapped[str | None] = mapped_column(String(40))
    gps_lat: Mapped[float | None] = mapped_column(Float)
    gps_lon: Mapped[float | None] = mapped_column(Float)
    gps_alt: Mapped[float | None] = mapped_column(Float)
    camera_make: Mapped[str | None] = mapped_column(Text)
    camera_model: Mapped[str | None] = mapped_column(Text)
    orientation: Mapped[int | None] = mapped_column(Integer)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    exif_json: Mapped[str] = mapped_column(Text, default="{}")
    notes_json: Mapped[str] = mapped_column(Text, default="[]")
    file_times_json: Mapped[str] = mapped_column(Text, default="{}")
    thumbnail_blob_id: Mapped[str | None] = mapped_column(ForeignKey("blobs.id"))
    ingested_at: Mapped[str] = mapped_column(String(32))
    # Perceptual hash (media.perceptual_hash): NULL not computed yet, "" not a picture.
    phash: Mapped[str | None] = mapped_column(String(16), default=None)
    pages: Mapped[int | None] = mapped_column(Integer, default=None)  # documents only
    duration: Mapped[float | None] = mapped_column(Float, default=None)  # seconds: video, sound


class ItemText(Base):
    """A document's text layer as written: what search shows around the words it found."""

    __tablename__ = "item_texts"

    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"), primary_key=True)
    text: Mapped[str] = mapped_column(Text)


class ItemCredential(Base):
    """What a capture app signed about an item (a ProofMode bundle's OpenPGP signatures, a
    C2PA manifest), as checked at ingest. `source_item_id` is the item that carried it when
    that is another one: the ProofMode bundle a photo came in."""

    __tablename__ = "item_credentials"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # proofmode | c2pa
    # valid | invalid | unknown_key (signed, but by nobody we can check) | unreadable
    status: Mapped[str] = mapped_column(String(16))
    source_item_id: Mapped[str | None] = mapped_column(
        ForeignKey("items.id"), default=None, index=True
    )
    summary_json: Mapped[str] = mapped_column(Text)  # what the credential says, as read
    checked_at: Mapped[str] = mapped_column(String(32))
    event_seq: Mapped[int] = mapped_column(Integer)


class ItemSource(Base):
    """Each time the same bytes were received: from whom or where, and the original path."""

    __tablename__ = "item_sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"), index=True)
    source: Mapped[str] = mapped_column(Text)
    original_name: Mapped[str] = mapped_column(Text)
    original_path: Mapped[str] = mapped_column(Text)
    received_at: Mapped[str] = mapped_column(String(32))
    event_seq: Mapped[int] = mapped_column(Integer)
    # records.provenance as canonical JSON (who captured it, when and how it was received,
    # custodians before); also in the signed event that recorded it, which `verify` compares.
    provenance_json: Mapped[str | None] = mapped_column(Text, nullable=True)


class ItemCase(Base):
    __tablename__ = "item_cases"

    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"), primary_key=True)
    case_ref: Mapped[str] = mapped_column(String(128), primary_key=True, index=True)


class ExhibitNumber(Base):
    """An item's exhibit number in a case (`<case>-E0001`), given the first time the item
    is exported in either dossier of the case. Rows are never changed or removed: a number
    is never given twice, even once its item has left the case."""

    __tablename__ = "exhibit_numbers"
    __table_args__ = (UniqueConstraint("case_ref", "item_id", name="uq_exhibit_numbers_item"),)

    case_ref: Mapped[str] = mapped_column(String(128), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"))
    assigned_at: Mapped[str] = mapped_column(String(32))
    event_seq: Mapped[int] = mapped_column(Integer)  # its `exhibit.numbered` event


class CustodyEvent(Base):
    """One event of the chain-of-custody log. Rows are only ever appended."""

    __tablename__ = "custody_events"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    event_id: Mapped[str] = mapped_column(String(36), unique=True)
    time: Mapped[str] = mapped_column(String(32))
    actor_fingerprint: Mapped[str] = mapped_column(String(64))
    actor_name: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(32), index=True)
    subject: Mapped[str] = mapped_column(String(64), index=True)
    subject_sha256: Mapped[str | None] = mapped_column(String(64))
    details_json: Mapped[str] = mapped_column(Text)
    prev: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    signature: Mapped[str] = mapped_column(String(88))


class Checkpoint(Base):
    """A signed tree head the vault issued (C2SP tlog-checkpoint signed note)."""

    __tablename__ = "checkpoints"

    size: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    root: Mapped[str] = mapped_column(String(64))
    time: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text)


class Record(Base):
    """The current revision of a record (case, person, facility, testimony, incident,
    condition finding or evidence link), addressed by its author-chosen `ref`."""

    __tablename__ = "records"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    ref: Mapped[str] = mapped_column(String(128), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer)
    body_json: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[str] = mapped_column(String(32))


class RecordRevision(Base):
    """Every saved revision, immutable; its hash is logged as `record.revised`."""

    __tablename__ = "record_revisions"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    ref: Mapped[str] = mapped_column(String(128), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    body_json: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    saved_at: Mapped[str] = mapped_column(String(32))
    event_seq: Mapped[int] = mapped_column(Integer)


class RecordFacet(Base):
    """What records are filtered by: case, facility, method, role, person, date range."""

    __tablename__ = "record_facets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    ref: Mapped[str] = mapped_column(String(128))
    facet: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(128))


class ItemRegion(Base):
    """A rectangle of an item's picture (upright pixels): drawn by hand, or proposed by a
    face detector and then accepted, rejected or kept visible by a curator."""

    __tablename__ = "item_regions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"), index=True)
    x: Mapped[int] = mapped_column(Integer)
    y: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    marked_at: Mapped[str] = mapped_column(String(32))
    event_seq: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(16), default="manual")  # manual | detector
    detector: Mapped[str | None] = mapped_column(String(200), nullable=True)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    # proposed (undecided) | accepted (blurred) | rejected (not a face) | kept (consented)
    status: Mapped[str] = mapped_column(String(16), default="accepted")
    person_ref: Mapped[str | None] = mapped_column(String(128), nullable=True)
    decided_event_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)


class ItemDetection(Base):
    """That a detector looked at an item, so that its proposals are made once and keep
    their ids, even when it found nothing."""

    __tablename__ = "item_detections"

    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"), primary_key=True)
    detector: Mapped[str] = mapped_column(String(200))
    detected_at: Mapped[str] = mapped_column(String(32))
    event_seq: Mapped[int] = mapped_column(Integer)


class ItemDerivation(Base):
    """A new item made from another (a redacted copy), with how it was made. Two originals
    may give the same copy (the same picture with different metadata): one child item then
    has two derivations."""

    __tablename__ = "item_derivations"

    child_id: Mapped[str] = mapped_column(ForeignKey("items.id"), primary_key=True)
    parent_id: Mapped[str] = mapped_column(ForeignKey("items.id"), primary_key=True, index=True)
    purpose: Mapped[str] = mapped_column(String(32))
    parameters_json: Mapped[str] = mapped_column(Text)
    event_seq: Mapped[int] = mapped_column(Integer)


class ExportInProgress(Base):
    """An export that may have decrypted files into hidden staging paths beside its
    destination; the row goes once those paths are gone (see core.export_staging)."""

    __tablename__ = "exports_in_progress"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # accountability | exhibition
    destination: Mapped[str] = mapped_column(Text)  # the path the person chose
    folder: Mapped[str] = mapped_column(Text)  # its folder, symlinks resolved at the start
    folder_device: Mapped[str] = mapped_column(String(32))  # st_dev of that folder
    paths_json: Mapped[str] = mapped_column(Text)  # [{"path": …, "is_dir": …}], in `folder`
    started: Mapped[str] = mapped_column(String(32))
