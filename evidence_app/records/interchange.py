"""Importing and exporting the records document (DESIGN §5).

An import is validated whole, then stored in one transaction: either every record lands or
none does. Refs are the author's and stay stable; a record whose content did not change
gets no new revision; people without a pseudonym get the next W-NNN.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from evidence_app.custody.write_path import Write
from evidence_app.records.document import (
    FORMAT,
    KINDS,
    SECTION_OF_KIND,
    VERSION,
    CodeCheck,
    ParsedRecord,
    parse_document,
)
from evidence_app.records.evidence_links import item_by_sha256, linked_cases, store_link
from evidence_app.records.json_input import InvalidDocument
from evidence_app.records.provenance import from_stored
from evidence_app.records.receipts import first_receipt, record_provenance
from evidence_app.records.store import (
    current_body,
    known_in,
    records_of_kind,
    refs_of_kind,
    save_record,
)
from evidence_app.storage.models import Item

_PSEUDONYM = re.compile(r"^W-([0-9]{1,9})$")  # few ASCII digits: int() refuses thousands


@dataclass
class ImportSummary:
    created: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"created": self.created, "revised": self.revised, "unchanged": self.unchanged}


class _Pseudonyms:
    """Hands out W-NNN numbers above every one in use, in the vault or in the document.

    The highest is found once per import; looking it up again for each person made an
    import of n people without pseudonyms take time in n².
    """

    def __init__(self, session: Session, parsed: list[ParsedRecord]) -> None:
        given = [body.get("pseudonym") for _ref, body in records_of_kind(session, "person")]
        given += [record.body.get("pseudonym") for record in parsed if record.kind == "person"]
        self._highest = max(
            (int(m.group(1)) for p in given if (m := _PSEUDONYM.match(str(p or "")))),
            default=0,
        )

    def next(self) -> str:
        self._highest += 1
        return f"W-{self._highest:03d}"


def import_document(
    unit: Write,
    data: Any,
    check_code: CodeCheck,
) -> ImportSummary:
    session = unit.session
    parsed = parse_document(
        data, check_code, lambda kind: refs_of_kind(session, kind), known_in(session)
    )
    _check_evidence_items(session, parsed)
    # An evidence entry without `cases` leaves the item filed where it is (at ingest, say).
    given_cases = {
        str(entry.get("sha256", "")).lower()
        for entry in data.get("evidence", [])
        if isinstance(entry, dict) and "cases" in entry
    }
    summary = ImportSummary()
    pseudonyms = _Pseudonyms(session, parsed)
    for record in parsed:
        body = record.body
        previous = current_body(session, record.kind, record.ref)
        provenance_changed = False  # the record may stand as it was while its receipt changes
        if record.kind == "person" and not body["pseudonym"]:
            kept = previous.get("pseudonym") if previous else None
            body["pseudonym"] = kept or pseudonyms.next()
        if record.kind == "evidence":
            item = item_by_sha256(session, record.ref)
            assert item is not None  # checked above
            if record.ref not in given_cases:
                body["cases"] = linked_cases(session, item.id)
            revision = store_link(unit, item, body, when_unchanged=False)
            if record.provenance:
                provenance_changed = record_provenance(unit, item, record.provenance)
        else:
            revision = save_record(unit, record.kind, record.ref, body)
        label = f"{record.kind}:{record.ref}"
        if revision is None and not provenance_changed:
            summary.unchanged.append(label)
            continue
        (summary.created if revision == 1 else summary.revised).append(label)
        if record.kind == "person":
            log_consent_changes(unit, record.ref, previous, body)
    return summary


def _check_evidence_items(session: Session, parsed: list[ParsedRecord]) -> None:
    errors = []
    index = 0
    for record in parsed:
        if record.kind != "evidence":
            continue
        if session.scalar(select(Item.id).where(Item.sha256 == record.ref)) is None:
            errors.append(f"evidence[{index}].sha256: no item in the vault has this SHA-256")
        index += 1
    if errors:
        raise InvalidDocument(errors)


def _entry_key(entry: dict[str, Any]) -> tuple[Any, Any]:
    return entry.get("scope"), entry.get("given_on")


def log_consent_changes(
    unit: Write,
    ref: str,
    previous: dict[str, Any] | None,
    body: dict[str, Any],
) -> None:
    before = {_entry_key(e): e for e in (previous or {}).get("consent", [])}
    for entry in body.get("consent", []):
        old = before.get(_entry_key(entry))
        if old is None:
            unit.event(
                "consent.recorded",
                subject=f"person:{ref}",
                details={
                    "scope": entry["scope"],
                    "given_on": entry["given_on"],
                    "recorded_by": entry.get("recorded_by", ""),
                },
            )
        if entry.get("withdrawn_on") and not (old or {}).get("withdrawn_on"):
            unit.event(
                "consent.withdrawn",
                subject=f"person:{ref}",
                details={"scope": entry["scope"], "withdrawn_on": entry["withdrawn_on"]},
            )


def export_document(session: Session) -> dict[str, Any]:
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    for kind in KINDS:
        entries = []
        for ref, body in records_of_kind(session, kind):
            key = "sha256" if kind == "evidence" else "ref"
            entry = {key: ref, **{k: v for k, v in body.items() if v not in (None, "")}}
            if kind == "evidence" and (provenance := _provenance_of(session, ref)):
                entry["provenance"] = provenance
            entries.append(entry)
        document[SECTION_OF_KIND[kind]] = entries
    return document


def _provenance_of(session: Session, sha256: str) -> dict[str, Any] | None:
    """What an import of `evidence[].provenance` sets: the first receipt's provenance."""
    item = item_by_sha256(session, sha256)
    receipt = first_receipt(session, item.id) if item is not None else None
    return from_stored(receipt.provenance_json) if receipt is not None else None
