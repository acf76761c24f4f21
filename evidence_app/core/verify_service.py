"""`verify`: the custody log, every checkpoint, and every stored content of the vault.

Without `full`, content is checked for presence, an authentic header and its exact length;
with `full`, every content is decrypted (every chunk authenticated, the final tag seen) and
its SHA-256 compared with the catalog's. Nothing is ever repaired. Also reported: a vault
that opened read-only, content no row references and quarantined blobs (each may be
evidence the catalog has lost), and decrypted files an interrupted export left and that
could not be removed.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from evidence_app.core.export_staging import outstanding_leftovers
from evidence_app.custody.log_check import Problem, check_log, first_bad_event
from evidence_app.custody.log_state import recorded_checkpoint
from evidence_app.custody.tree_head import log_origin
from evidence_app.kernel.errors import IntegrityError
from evidence_app.kernel.progress import NoProgress, Progress, check_cancelled
from evidence_app.records.receipts import receipt_mismatches
from evidence_app.storage.blob_maintenance import check_stored, quarantined_ids
from evidence_app.storage.models import Blob, CustodyEvent, Item
from evidence_app.storage.vault import Vault

_WORKERS = 2


@dataclass
class VerificationReport:
    full: bool
    events: int = 0
    checkpoints: int = 0
    items: int = 0
    content_bytes: int = 0
    problems: list[Problem] = field(default_factory=list)
    read_only_reason: str | None = None
    unreferenced: list[str] = field(default_factory=list)  # in blobs/, no row
    quarantined: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_bad_event(self) -> int | None:
        return first_bad_event(self.problems)

    @property
    def bad_items(self) -> list[str]:
        return sorted({p.item_id for p in self.problems if p.item_id is not None})

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "full": self.full,
            "events": self.events,
            "checkpoints": self.checkpoints,
            "items": self.items,
            "content_bytes": self.content_bytes,
            "first_bad_event": self.first_bad_event,
            "bad_items": self.bad_items,
            "read_only_reason": self.read_only_reason,
            "unreferenced_blobs": self.unreferenced,
            "quarantined_blobs": self.quarantined,
            "problems": [
                {"kind": p.kind, "message": p.message, "seq": p.seq, "item": p.item_id}
                for p in self.problems
            ],
        }


@dataclass(frozen=True)
class _ItemToCheck:
    item_id: str
    name: str
    sha256: str
    size: int
    blob_id: str
    thumbnail_blob_id: str | None


def verify_vault(
    vault: Vault, full: bool = False, progress: Progress | None = None
) -> VerificationReport:
    progress = progress or NoProgress()
    report = VerificationReport(full=full)
    progress.report(0.0, "Checking the custody log")
    with vault.reader() as session:
        log = check_log(session, log_origin(vault), recorded_checkpoint(vault))
        # An item comes into the vault received (item.ingested) or made from another
        # (item.derived); either event recorded the hash it must still have.
        ingested = {
            subject: sha256
            for subject, sha256 in session.execute(
                select(CustodyEvent.subject, CustodyEvent.subject_sha256).where(
                    CustodyEvent.action.in_(("item.ingested", "item.derived"))
                )
            )
        }
        blobs = {row.id: row for row in session.scalars(select(Blob))}
        items = [
            _ItemToCheck(i.id, i.original_name, i.sha256, i.size, i.blob_id, i.thumbnail_blob_id)
            for i in session.scalars(select(Item).order_by(Item.ingested_at, Item.id))
        ]
        receipts = receipt_mismatches(session)
    report.events, report.checkpoints = log.events, log.checkpoints
    report.problems.extend(log.problems)
    # Not the evidence itself, but plaintext outside the vault that nothing could remove.
    report.problems.extend(Problem("leftover", str(n)) for n in outstanding_leftovers(vault))
    report.items = len(items)

    for item in items:
        if ingested.get(item.item_id) != item.sha256:
            report.problems.append(
                Problem(
                    "item",
                    f"Item {item.item_id} ({item.name}): its hash is not the one recorded "
                    "when it entered the vault.",
                    item_id=item.item_id,
                )
            )
        blob = blobs.get(item.blob_id)
        if blob is None or blob.sha256 != item.sha256 or blob.size != item.size:
            report.problems.append(
                Problem(
                    "item",
                    f"Item {item.item_id} ({item.name}): its content record does not match it.",
                    item_id=item.item_id,
                )
            )

    names = {item.item_id: item.name for item in items}
    for item_id, seq in receipts:
        report.problems.append(
            Problem(
                "item",
                f"Item {item_id} ({names.get(item_id, 'no such item')}): the source or "
                f"provenance of its receipt (event {seq}) is not what the custody log recorded.",
                item_id=item_id,
            )
        )

    total = sum(item.size for item in items) or 1
    done = 0

    def check_content(item: _ItemToCheck) -> list[Problem]:
        check_cancelled(progress)
        found = []
        try:
            check_stored(vault, item, full)
        except IntegrityError as error:
            found.append(str(error))
        thumbnail = blobs.get(item.thumbnail_blob_id or "")
        if item.thumbnail_blob_id is not None and thumbnail is None:
            found.append("its thumbnail has no content record.")
        elif thumbnail is not None:
            try:  # small: always read in full, and checked against its record
                check_stored(vault, thumbnail, full=True)
            except IntegrityError as error:
                found.append(f"its thumbnail: {error}")
        return [
            Problem("item", f"Item {item.item_id} ({item.name}): {message}", item_id=item.item_id)
            for message in found
        ]

    with ThreadPoolExecutor(max_workers=_WORKERS, thread_name_prefix="verify") as pool:
        for item, found in zip(items, pool.map(check_content, items), strict=True):
            report.problems.extend(found)
            done += item.size
            report.content_bytes += item.size if full else 0
            progress.report(done / total, f"Checked {item.name}")
    _check_vault_state(vault, report)
    progress.report(1.0, "Done")
    return report


def _check_vault_state(vault: Vault, report: VerificationReport) -> None:
    report.read_only_reason = vault.read_only_reason
    if vault.read_only_reason is not None:
        report.problems.append(Problem("state", vault.read_only_reason))
    report.unreferenced = vault.unreferenced_blob_ids()
    if report.unreferenced:
        report.problems.append(
            Problem(
                "quarantine",
                f"{len(report.unreferenced)} stored content(s) in blobs/ that no catalog row "
                f"references: {', '.join(report.unreferenced)}. They are kept; a vault that "
                "accepts writes moves them to quarantine/ when it opens.",
            )
        )
    report.quarantined = quarantined_ids(vault)
    if report.quarantined:
        report.problems.append(
            Problem(
                "quarantine",
                f"{len(report.quarantined)} stored content(s) in quarantine/ that no catalog "
                f"row references: {', '.join(report.quarantined)}. "
                "`evidence-app vault recover-orphans` brings them back as items.",
            )
        )
