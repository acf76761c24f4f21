"""Reading items and the custody log; extracting an item to a file the person chose."""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from evidence_app.core.item_hashes import kept_similar
from evidence_app.core.item_marks import ItemMarks, marks_of
from evidence_app.core.item_results import (
    CredentialView,
    ExtractedItem,
    ItemRow,
    ItemSourceView,
    ItemSummary,
    LoggedEvent,
    ShownItem,
)
from evidence_app.custody.write_path import write
from evidence_app.kernel.errors import BadInput, IntegrityError
from evidence_app.kernel.progress import NoProgress, Progress, check_cancelled
from evidence_app.media.camera import camera_name as camera_name  # for the GUI
from evidence_app.records.provenance import from_stored
from evidence_app.storage.content import content_chunks, read_blob, read_content
from evidence_app.storage.models import CustodyEvent, Item, ItemCase, ItemCredential, ItemSource
from evidence_app.storage.vault import Vault

MIN_REF_CHARS = 6
_HEX_DIGITS = frozenset("0123456789abcdef")
_MAX_CANDIDATES = 10


def list_items(vault: Vault, case_ref: str | None = None) -> list[ItemSummary]:
    with vault.reader() as session:
        query = select(Item).order_by(Item.ingested_at, Item.id)
        if case_ref:
            query = query.join(ItemCase).where(ItemCase.case_ref == case_ref)
        return [ItemSummary.of(item) for item in session.scalars(query)]


SORTABLE = {
    "name": Item.original_name,
    "captured_at": Item.captured_at,
    "camera": Item.camera_model,
    "size": Item.size,
    "ingested_at": Item.ingested_at,
    "sha256": Item.sha256,
    "media_type": Item.media_type,
}


@dataclass(frozen=True)
class ItemQuery:
    """Which items a table shows: a case, a text filter on name and camera, an order."""

    case_ref: str | None = None
    text: str = ""
    sort: str = "ingested_at"
    descending: bool = False

    def apply(self, query: Select[Any]) -> Select[Any]:
        if self.case_ref:
            query = query.join(ItemCase).where(ItemCase.case_ref == self.case_ref)
        text = self.text.strip()
        if text:
            # autoescape: `%` and `_` typed in the filter are characters, not wildcards.
            query = query.where(
                or_(
                    Item.original_name.icontains(text, autoescape=True),
                    Item.camera_make.icontains(text, autoescape=True),
                    Item.camera_model.icontains(text, autoescape=True),
                    Item.sha256.startswith(text.lower(), autoescape=True),
                )
            )
        return query


def count_items(vault: Vault, item_query: ItemQuery | None = None) -> int:
    item_query = item_query or ItemQuery()
    with vault.reader() as session:
        return int(session.scalar(item_query.apply(select(func.count()).select_from(Item))) or 0)


def page_of_items(
    vault: Vault, offset: int, limit: int, item_query: ItemQuery | None = None
) -> list[ItemRow]:
    """One page of item rows for a table that never loads everything at once."""
    item_query = item_query or ItemQuery()
    column = SORTABLE.get(item_query.sort, Item.ingested_at)
    order = column.desc() if item_query.descending else column.asc()
    query = item_query.apply(select(Item)).order_by(order, Item.id).offset(offset).limit(limit)
    with vault.reader() as session:
        rows = list(session.scalars(query))
        cases: dict[str, list[str]] = {}
        for item_id, case_ref in session.execute(
            select(ItemCase.item_id, ItemCase.case_ref).where(
                ItemCase.item_id.in_([row.id for row in rows])
            )
        ):
            cases.setdefault(item_id, []).append(case_ref)
        marks = marks_of(session, rows)
    return [
        ItemRow.of_row(row, cases.get(row.id, []), marks.get(row.id, ItemMarks())) for row in rows
    ]


def thumbnail_jpeg(vault: Vault, item_id: str) -> bytes | None:
    """The item's thumbnail, decrypted into memory only."""
    with vault.reader() as session:
        blob_id = session.scalar(select(Item.thumbnail_blob_id).where(Item.id == item_id))
    return None if blob_id is None else read_blob(vault, blob_id)


def content_bytes(vault: Vault, item_id: str, limit: int = 256 * 1024 * 1024) -> bytes:
    """An item's content in memory, for viewing; refuses what would not fit."""
    with vault.reader() as session:
        item = session.get(Item, item_id)
    if item is None:
        raise BadInput(f"No item {item_id}.")
    if item.size > limit:
        raise BadInput(f"{item.original_name} is too large to show here; extract it instead.")
    return read_content(vault, item)


def find_item(vault: Vault, ref: str) -> Item:
    """An item by its id or SHA-256, or an unambiguous prefix of either (hexadecimal, any
    case, at least MIN_REF_CHARS characters). An ambiguous prefix names the candidates."""
    ref = ref.strip().lower()
    if not MIN_REF_CHARS <= len(ref) <= 64 or not set(ref) <= _HEX_DIGITS:
        raise BadInput(
            f"An item is named by its id or SHA-256, or by at least {MIN_REF_CHARS} of their "
            f"first characters (0-9, a-f); {ref!r} is not one."
        )
    with vault.reader() as session:
        matches = list(
            session.scalars(
                select(Item)
                .where(
                    or_(
                        Item.id.startswith(ref, autoescape=True),
                        Item.sha256.startswith(ref, autoescape=True),
                    )
                )
                .order_by(Item.id)
                .limit(_MAX_CANDIDATES + 1)
            )
        )
    if not matches:
        raise BadInput(f"No item has an id or SHA-256 starting with {ref}.")
    if len(matches) > 1:
        named = ", ".join(f"{m.id} ({m.original_name})" for m in matches[:_MAX_CANDIDATES])
        more = " and more" if len(matches) > _MAX_CANDIDATES else ""
        raise BadInput(
            f"More than one item starts with {ref}: {named}{more}. Give more characters."
        )
    return matches[0]


def item_events(vault: Vault, item_id: str) -> list[LoggedEvent]:
    with vault.reader() as session:
        rows = session.scalars(
            select(CustodyEvent).where(CustodyEvent.subject == item_id).order_by(CustodyEvent.seq)
        )
        return [LoggedEvent.of(row) for row in rows]


def _link_target(session: Session, event_seq: int) -> str | None:
    """Where the file really was, when it was reached through a symbolic link."""
    event = session.get(CustodyEvent, event_seq)
    target = json.loads(event.details_json).get("link_target") if event else None
    return str(target) if target else None


def show_item(vault: Vault, ref: str) -> ShownItem:
    item = find_item(vault, ref)
    with vault.reader() as session:
        sources = session.scalars(
            select(ItemSource).where(ItemSource.item_id == item.id).order_by(ItemSource.id)
        )
        source_list = [
            ItemSourceView(
                source=s.source,
                original_name=s.original_name,
                original_path=s.original_path,
                link_target=_link_target(session, s.event_seq),
                received_at=s.received_at,
                event_seq=s.event_seq,
                provenance=from_stored(s.provenance_json),
            )
            for s in sources
        ]
        cases = list(session.scalars(select(ItemCase.case_ref).where(ItemCase.item_id == item.id)))
        credentials = tuple(_credentials_of(session, item.id))
    return ShownItem.of_item(
        item,
        source_list,
        cases,
        item_events(vault, item.id),
        kept_similar(vault, item),
        credentials,
    )


def extract_item(
    vault: Vault, ref: str, destination: Path, progress: Progress | None = None
) -> ExtractedItem:
    """Decrypt an item to `destination`, checking it is byte-identical to what was ingested.

    Logged as `item.extracted`, except on a read-only vault, where the result says
    `logged: False` because nothing may be written.

    The destination is a path the person chose; on any failure it is removed, so a damaged
    or partial copy never stays behind looking like evidence.
    """
    progress = progress or NoProgress()
    item = find_item(vault, ref)
    if destination.exists():
        raise BadInput(f"{destination} already exists; choose a new file name.")
    try:
        fd = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as error:
        raise BadInput(f"Cannot write {destination}: {error.strerror}.") from None
    written = 0
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in content_chunks(vault, item):
                check_cancelled(progress)
                out.write(chunk)
                written += len(chunk)
                progress.report(written / max(item.size, 1), item.original_name)
            out.flush()
            os.fsync(out.fileno())
    except BaseException as error:
        with contextlib.suppress(OSError):
            destination.unlink()
        if isinstance(error, IntegrityError):
            raise IntegrityError(f"{item.original_name} was not extracted. {error}") from None
        raise
    result = ExtractedItem.of_extraction(item, str(destination), logged=True)
    if vault.read_only_reason is not None:
        # Getting evidence out must still work when the catalog is in doubt; the missing
        # event is said, not hidden.
        return replace(result, logged=False)
    with write(vault) as unit:
        unit.event(
            "item.extracted",
            subject=item.id,
            subject_sha256=item.sha256,
            details={"file_name": destination.name},
        )
    return result


def custody_log(vault: Vault) -> list[LoggedEvent]:
    with vault.reader() as session:
        rows = session.scalars(select(CustodyEvent).order_by(CustodyEvent.seq)).yield_per(2000)
        return [LoggedEvent.of(row) for row in rows]


def _credentials_of(session: Session, item_id: str) -> list[CredentialView]:
    """Every credential about the item, and every one it carried for another item (a
    bundle's), of any kind, oldest first."""
    rows = session.scalars(
        select(ItemCredential)
        .where(or_(ItemCredential.item_id == item_id, ItemCredential.source_item_id == item_id))
        .order_by(ItemCredential.checked_at, ItemCredential.id)
    )
    return [CredentialView.of(row) for row in rows]
