"""Ingest: files and folders into the vault, each with its custody event.

Two workers read, hash, analyse and encrypt files (hashing, encryption and image decoding
release the GIL); this thread commits them one at a time through the vault's single writer,
in the order they were given. A file is reported as stored only after its catalog row and
its `item.ingested` event are committed together.

What is known of where the files came from (records.provenance: captured by, received on
and via, custodians before) is checked before anything is read, and is signed into each
receipt's event as well as kept on the receipt.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select

from evidence_app.core.case_refs import check_case
from evidence_app.core.item_hashes import IngestedHashes
from evidence_app.core.item_results import SimilarItem
from evidence_app.core.proofmode_credentials import record_proofmode_check
from evidence_app.core.records_service import check_code
from evidence_app.custody.write_path import Write, batch, write
from evidence_app.ingest.c2pa_credential import record_c2pa
from evidence_app.ingest.file_walk import FileToIngest, collect_files, display_path
from evidence_app.ingest.item_row import item_row
from evidence_app.ingest.prepare import PreparedFile, UnreadableFile, prepare_file
from evidence_app.kernel.clock import utc_now
from evidence_app.kernel.errors import Cancelled
from evidence_app.kernel.progress import NoProgress, Progress
from evidence_app.records.document import check_provenance
from evidence_app.records.provenance import InvalidProvenance as InvalidProvenance  # shells
from evidence_app.records.provenance import stored_text
from evidence_app.records.provenance import typed_party as typed_party  # the import dialog
from evidence_app.records.provenance import typed_provenance as typed_provenance  # the CLI
from evidence_app.records.search import index_text
from evidence_app.records.search_snippets import document_words
from evidence_app.records.store import refs_of_kind
from evidence_app.storage.content import ContentWriter, content_writer
from evidence_app.storage.models import Blob, Item, ItemCase, ItemSource, ItemText
from evidence_app.storage.vault import Vault

Status = Literal["stored", "already_present", "reacquired", "skipped", "failed", "cancelled"]
_WORKERS = 2
_WINDOW = 16  # files prepared ahead of the commits; only the two being read hold content
_BATCH = 16  # files committed in one transaction at most


@dataclass(frozen=True)
class IngestOutcome:
    path: str
    status: Status
    item_id: str | None = None
    sha256: str | None = None
    size: int = 0
    media_type: str | None = None
    notes: tuple[str, ...] = ()
    reason: str | None = None
    similar: tuple[SimilarItem, ...] = ()  # items it looks like (a recompressed copy …)
    contained: tuple[IngestOutcome, ...] = ()  # files inside it stored as items of their own

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "status": self.status,
            "id": self.item_id,
            "sha256": self.sha256,
            "size": self.size,
            "media_type": self.media_type,
            "notes": list(self.notes),
            "reason": self.reason,
            "similar": [found.to_json() for found in self.similar],
            "contained": [inner.to_json() for inner in self.contained],
        }


@dataclass
class IngestReport:
    outcomes: list[IngestOutcome] = field(default_factory=list)
    cancelled: bool = False

    def count(self, status: Status) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def everything_stored(self) -> bool:
        return not self.cancelled and not any(
            o.status in ("skipped", "failed", "cancelled") for o in self.outcomes
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "stored": self.count("stored"),
            "already_present": self.count("already_present"),
            "reacquired": self.count("reacquired"),
            "skipped": self.count("skipped"),
            "failed": self.count("failed"),
            "cancelled": self.cancelled,
            "files": [outcome.to_json() for outcome in self.outcomes],
        }


class _ByteCounter:
    """Progress by bytes across worker threads; raises Cancelled inside long files."""

    def __init__(self, total: int, progress: Progress) -> None:
        self.total = max(total, 1)
        self.done = 0
        self.files_done = 0
        self.files_total = 0
        self.started = time.monotonic()
        self._lock = threading.Lock()
        self._progress = progress

    def add(self, count: int) -> None:
        if self._progress.cancel_requested():
            raise Cancelled("Stopped at your request.")
        with self._lock:
            self.done += count
        self.report()

    def report(self) -> None:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = self.done / elapsed / 2**20
        self._progress.report(
            min(self.done / self.total, 1.0),
            f"{self.files_done} of {self.files_total} files · "
            f"{self.done / 2**20:.0f} of {self.total / 2**20:.0f} MiB · {rate:.0f} MiB/s",
        )


def ingest_paths(
    vault: Vault,
    paths: list[Path],
    source: str = "",
    case_ref: str | None = None,
    progress: Progress | None = None,
    on_outcome: Callable[[IngestOutcome], None] | None = None,
    provenance: dict[str, Any] | None = None,
) -> IngestReport:
    """`provenance` in the shape of records.provenance; refused whole if any part is wrong."""
    vault.require_writable()  # before anything is read, written or logged
    if case_ref is not None:
        check_case(vault, case_ref)  # a case no record has is refused, naming the cases
    checked = _checked_provenance(vault, provenance)
    progress = progress or NoProgress()
    report = IngestReport()

    def record(outcome: IngestOutcome) -> None:
        report.outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)

    progress.report(None, "Looking for files")
    files, walk_failures = collect_files(paths)
    for failure in walk_failures:
        status: Status = "skipped" if failure.skipped else "failed"
        record(IngestOutcome(display_path(failure.path), status, reason=failure.reason))
    counter = _ByteCounter(sum(f.size for f in files), progress)
    counter.files_total = len(files)

    def is_known(sha256: str) -> bool:
        with vault.reader() as session:
            return session.scalar(select(Item.id).where(Item.sha256 == sha256)) is not None

    # Blobs are flushed to disk together, once per commit, not four times per photo.
    writer = content_writer(vault, durable=False)
    hashes = IngestedHashes(vault)

    def prepare(entry: FileToIngest) -> PreparedFile:
        if progress.cancel_requested():  # queued before the request: do not even open it
            raise Cancelled("Stopped at your request.")
        prepared = prepare_file(entry.path, writer, is_known, counter.add)
        prepared.link_target = entry.link_target
        return prepared

    pending: deque[tuple[FileToIngest, Future[PreparedFile]]] = deque()
    queue = deque(files)
    with (
        batch(vault),
        ThreadPoolExecutor(max_workers=_WORKERS, thread_name_prefix="ingest") as pool,
    ):
        while queue or pending:
            while queue and len(pending) < _WINDOW and not report.cancelled:
                if progress.cancel_requested():
                    report.cancelled = True
                    break
                entry = queue.popleft()
                pending.append((entry, pool.submit(prepare, entry)))
            if not pending:
                break
            # Commit the next file together with any after it that are ready: one
            # transaction, one fsync of the catalog, for a burst of small files.
            ready = [pending.popleft()]
            ready[0][1].exception()  # wait for it, whatever its outcome
            while pending and pending[0][1].done() and len(ready) < _BATCH:
                ready.append(pending.popleft())
            for outcome in _finish(vault, ready, source, case_ref, checked, hashes, writer):
                record(outcome)
                counter.files_done += 1
            counter.report()
        for entry in queue:
            record(IngestOutcome(display_path(entry.path), "cancelled", reason="Not started."))
    return report


def _checked_provenance(vault: Vault, provenance: dict[str, Any] | None) -> dict[str, Any] | None:
    if provenance is None:
        return None
    with vault.reader() as session:
        people = refs_of_kind(session, "person")
    return check_provenance(provenance, check_code, people)


def _finish(
    vault: Vault,
    ready: list[tuple[FileToIngest, Future[PreparedFile]]],
    source: str,
    case_ref: str | None,
    provenance: dict[str, Any] | None,
    hashes: IngestedHashes,
    writer: ContentWriter,
) -> list[IngestOutcome]:
    """Outcomes of prepared files, in order; the readable ones committed in one transaction."""
    outcomes: list[IngestOutcome | None] = []
    readable: list[tuple[str, PreparedFile]] = []
    for entry, future in ready:
        shown = display_path(entry.path)
        try:
            readable.append((shown, future.result()))
            outcomes.append(None)
        except UnreadableFile as error:
            outcomes.append(IngestOutcome(shown, "failed", reason=str(error)))
        except Cancelled:
            outcomes.append(
                IngestOutcome(shown, "cancelled", reason="Stopped while it was being read.")
            )
    if readable:
        writer.make_durable()  # the rows about to be committed refer to these blobs
    committed = iter(_commit(vault, readable, source, case_ref, provenance, hashes))
    return [outcome or next(committed) for outcome in outcomes]


def _commit(
    vault: Vault,
    readable: list[tuple[str, PreparedFile]],
    source: str,
    case_ref: str | None,
    provenance: dict[str, Any] | None,
    hashes: IngestedHashes,
) -> list[IngestOutcome]:
    if not readable:
        return []
    now = utc_now()
    outcomes = []
    duplicates: list[PreparedFile] = []

    def commit_one(shown: str, prepared: PreparedFile) -> IngestOutcome:
        existing = unit.session.scalars(select(Item).where(Item.sha256 == prepared.sha256)).first()
        if existing is None:
            item_id = _store_new_item(vault, unit, prepared, source, case_ref, provenance, now)
            status: Status = "stored"
        else:
            item_id = existing.id
            status = _record_again(unit, existing, prepared, source, case_ref, provenance, now)
            duplicates.append(prepared)
        return IngestOutcome(
            shown,
            status,
            item_id=item_id,
            sha256=prepared.sha256,
            size=prepared.size,
            media_type=prepared.media_type,
            notes=tuple(prepared.notes),
        )

    with write(vault) as unit:
        for shown, prepared in readable:
            outcome = commit_one(shown, prepared)
            contained = []
            for member in prepared.contained:  # a ProofMode bundle's media, in one unit
                inner = commit_one(display_path(member.path), member)
                if member.proofmode is not None and inner.item_id and outcome.item_id:
                    record_proofmode_check(
                        unit,
                        inner.item_id,
                        member.sha256,
                        outcome.item_id,
                        prepared.sha256,
                        member.proofmode,
                        now,
                    )
                contained.append(inner)
            outcomes.append(replace(outcome, contained=tuple(contained)))
    for prepared in duplicates:  # the same bytes were stored meanwhile, or twice in a batch
        prepared.discard_blobs(contained=False)
    return [
        _with_similar(outcome, prepared, hashes)
        for outcome, (_, prepared) in zip(outcomes, readable, strict=True)
    ]


def _with_similar(
    outcome: IngestOutcome, prepared: PreparedFile, hashes: IngestedHashes
) -> IngestOutcome:
    contained = tuple(
        _with_similar(inner, member, hashes)
        for inner, member in zip(outcome.contained, prepared.contained, strict=True)
    )
    if outcome.status != "stored" or not outcome.item_id:
        return replace(outcome, contained=contained)
    found = hashes.similar(outcome.item_id, prepared.original_name, prepared.phash)
    return replace(outcome, similar=found, contained=contained)


def _store_new_item(
    vault: Vault,
    unit: Write,
    prepared: PreparedFile,
    source: str,
    case_ref: str | None,
    provenance: dict[str, Any] | None,
    now: str,
) -> str:
    session = unit.session
    content = prepared.content
    if content is None:  # known when read, gone before this commit: never in practice
        raise UnreadableFile("The content was not stored; ingest the file again.")
    item_id = uuid.uuid4().hex
    for blob, role in ((content, "original"), (prepared.thumbnail, "thumbnail")):
        if blob is not None:
            session.add(Blob.of(blob, role, now, vault.identity_id))
    session.add(
        item_row(
            item_id,
            sha256=prepared.sha256,
            size=prepared.size,
            blob_id=content.blob_id,
            original_name=prepared.original_name,
            original_name_raw=prepared.original_name_raw,
            media_type=prepared.media_type,
            metadata=prepared.metadata,
            width=prepared.width,
            height=prepared.height,
            notes=prepared.notes,
            file_times=prepared.file_times,
            thumbnail_blob_id=prepared.thumbnail.blob_id if prepared.thumbnail else None,
            now=now,
            phash=prepared.phash,
            pages=prepared.pages,
            duration=prepared.duration,
        )
    )
    session.flush()  # the item row must exist before rows that refer to it
    event = unit.event(
        "item.ingested",
        subject=item_id,
        subject_sha256=prepared.sha256,
        details={
            "source": source,
            "original_name": prepared.original_name,
            "size": prepared.size,
            "media_type": prepared.media_type,
            "file_times": prepared.file_times,
            "case": case_ref,
            "notes": prepared.notes,
            **_link_details(prepared),
            **_provenance_details(provenance),
        },
    )
    session.add(_source_row(item_id, prepared, source, provenance, now, event.seq))
    record_c2pa(unit, item_id, prepared.sha256, prepared.c2pa, now)
    if case_ref:
        session.add(ItemCase(item_id=item_id, case_ref=case_ref))
    searchable = [prepared.original_name, source, prepared.media_type]
    meta = prepared.metadata
    if meta is not None:
        searchable += [meta.camera_make or "", meta.camera_model or "", *document_words(meta.exif)]
    if prepared.text:
        session.add(ItemText(item_id=item_id, text=prepared.text))
        searchable.append(prepared.text)
    index_text(session, "item", item_id, prepared.original_name, " ".join(searchable))
    return item_id


def _record_again(
    unit: Write,
    existing: Item,
    prepared: PreparedFile,
    source: str,
    case_ref: str | None,
    provenance: dict[str, Any] | None,
    now: str,
) -> Status:
    session = unit.session
    # The same bytes through another chain of custody are another receipt to record.
    known_receipts = set(
        session.execute(
            select(ItemSource.source, ItemSource.provenance_json).where(
                ItemSource.item_id == existing.id
            )
        ).tuples()
    )
    status: Status = "already_present"
    if (source, stored_text(provenance)) not in known_receipts:
        event = unit.event(
            "item.reacquired",
            subject=existing.id,
            subject_sha256=existing.sha256,
            details={
                "source": source,
                "original_name": prepared.original_name,
                **_link_details(prepared),
                **_provenance_details(provenance),
            },
        )
        session.add(_source_row(existing.id, prepared, source, provenance, now, event.seq))
        status = "reacquired"
    if case_ref and session.get(ItemCase, (existing.id, case_ref)) is None:
        session.add(ItemCase(item_id=existing.id, case_ref=case_ref))
        unit.event(
            "item.described",
            subject=existing.id,
            subject_sha256=existing.sha256,
            details={"case_added": case_ref},
        )
    return status


def _link_details(prepared: PreparedFile) -> dict[str, str]:
    """Where a file reached through a symbolic link really was: its name is the link's."""
    if prepared.link_target is None:
        return {}
    return {
        "link_path": display_path(prepared.path.absolute()),
        "link_target": display_path(prepared.link_target),
    }


def _provenance_details(provenance: dict[str, Any] | None) -> dict[str, Any]:
    """Absent when none was given, so receipts without it keep the events they had."""
    return {"provenance": provenance} if provenance else {}


def _source_row(
    item_id: str,
    prepared: PreparedFile,
    source: str,
    provenance: dict[str, Any] | None,
    now: str,
    seq: int,
) -> ItemSource:
    return ItemSource(
        item_id=item_id,
        source=source,
        original_name=prepared.original_name,
        original_path=display_path(prepared.path.absolute()),
        received_at=now,
        event_seq=seq,
        provenance_json=stored_text(provenance),
    )
