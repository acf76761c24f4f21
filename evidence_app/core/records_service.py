"""Use cases on records: import/export, saving from editors, revisions, consent, search."""

from __future__ import annotations

import difflib
import functools
import json
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from evidence_app.core.record_results import ExportedRecords, RecordView, RevisionView
from evidence_app.custody.write_path import write
from evidence_app.kernel.errors import BadInput
from evidence_app.records import store
from evidence_app.records.consent import SCOPES, ConsentDecision, Purpose, person_consents_to
from evidence_app.records.document import SECTION_OF_KIND, parse_document
from evidence_app.records.interchange import (
    ImportSummary,
    export_document,
    import_document,
    log_consent_changes,
)
from evidence_app.records.json_input import MAX_DOCUMENT_BYTES, parse_json_document
from evidence_app.records.json_input import InvalidDocument as InvalidDocument
from evidence_app.records.local_formats import Unreadable as Unreadable  # for the editors
from evidence_app.records.local_formats import date_examples as date_examples
from evidence_app.records.local_formats import format_date as format_date
from evidence_app.records.local_formats import format_number as format_number
from evidence_app.records.local_formats import parse_date as parse_date
from evidence_app.records.local_formats import parse_number as parse_number
from evidence_app.records.partial_dates import PartialDateError, span
from evidence_app.records.problems import Problem as Problem  # for the editors
from evidence_app.records.schema import CONSENT_ENTRY as CONSENT_ENTRY  # for the editors
from evidence_app.records.schema import RECORD_KINDS as RECORD_KINDS
from evidence_app.records.schema import SECTION_LABELS as SECTION_LABELS
from evidence_app.records.schema import TRANSLATION as TRANSLATION
from evidence_app.records.schema import Field as Field
from evidence_app.records.schema import Type as Type
from evidence_app.records.search import SearchFilters, SearchHit, search
from evidence_app.records.titles import label_of as label_of  # for the lists
from evidence_app.records.titles import title_of as title_of
from evidence_app.records.vocabularies import RECEIPT_CHANNELS as RECEIPT_CHANNELS
from evidence_app.records.vocabularies import UnknownCode
from evidence_app.records.vocabularies import vocabulary as vocabulary  # for the editors
from evidence_app.storage.atomic import DestinationExists, write_new_file
from evidence_app.storage.models import Item, Record
from evidence_app.storage.vault import Vault

CONSENT_SCOPES = SCOPES


def check_code(vocabulary_name: str, code: str) -> str | None:
    try:
        vocabulary(vocabulary_name).validate(code)
    except UnknownCode as error:
        return str(error)
    return None


def read_document(path: Path) -> Any:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_DOCUMENT_BYTES + 1)  # no more than the limit into memory
    except FileNotFoundError:
        raise BadInput(f"{path} does not exist.") from None
    except OSError as error:
        raise BadInput(f"Cannot read {path}: {error.strerror or error}.") from None
    return parse_json_document(raw)


def import_records(vault: Vault, path: Path) -> ImportSummary:
    data = read_document(path)
    with write(vault) as unit:
        summary = import_document(unit, data, check_code)
    return summary


def export_records(vault: Vault, destination: Path, replace: bool = False) -> ExportedRecords:
    """Write every record, in plaintext, to a file the person chose; 0600, never half-written.

    An existing file is replaced only when `replace` is given.
    """
    with vault.reader() as session:
        document = export_document(session)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    try:
        write_new_file(destination, text.encode("utf-8"), replace=replace)
    except DestinationExists:
        raise BadInput(
            f"{destination} already exists; nothing was written. Choose another name, "
            "or replace it on purpose (--force)."
        ) from None
    except OSError as error:
        raise BadInput(f"Cannot write {destination}: {error.strerror or error}.") from None
    return ExportedRecords(
        **{key: len(value) for key, value in document.items() if isinstance(value, list)}
    )


def save_record(vault: Vault, kind: str, ref: str, body: dict[str, Any]) -> int | None:
    """Validate one record as the import does, then store it as a new revision."""
    if kind == "evidence":
        # An item's links, which the dossiers select by, follow its record: one way in.
        from evidence_app.core.links_service import save_evidence_record  # imports this

        return save_evidence_record(vault, ref, body)
    document = {
        "format": "evidence-app/records",
        "version": 1,
        SECTION_OF_KIND[kind]: [{"ref": ref, **body}],
    }
    with write(vault) as unit:
        refs = functools.partial(store.refs_of_kind, unit.session)
        (parsed,) = parse_document(document, check_code, refs, store.known_in(unit.session))
        previous = store.current_body(unit.session, kind, ref)
        revision = store.save_record(unit, kind, ref, parsed.body)
        if kind == "person" and revision is not None:  # as an import logs them
            log_consent_changes(unit, ref, previous, parsed.body)
    return revision


def find_record(vault: Vault, kind: str, ref: str) -> RecordView | None:
    with vault.reader() as session:
        row = session.get(Record, (kind, ref))
        return None if row is None else RecordView.of(row)


def evidence_of_people(vault: Vault, people: list[str]) -> list[tuple[str, str]]:
    """Evidence that names any of these people: (SHA-256, what a person knows it by: the
    first line of its caption, else the file's name as received)."""
    wanted = set(people)
    linked = [
        (sha256, str(link.get("caption") or "").strip().split("\n", 1)[0])
        for sha256, link in list_records(vault, "evidence")
        if wanted & set(link.get("people", []))
    ]
    with vault.reader() as session:
        rows = session.execute(
            select(Item.sha256, Item.original_name).where(
                Item.sha256.in_([sha256 for sha256, _caption in linked])
            )
        )
        names = {sha256: name for sha256, name in rows}
    return [(sha256, caption or names.get(sha256, sha256[:12])) for sha256, caption in linked]


def photo_choices(vault: Vault) -> list[tuple[str, str]]:
    """The images of the vault an injury may be linked to: (SHA-256, file name and the day
    it was captured), newest capture first."""
    with vault.reader() as session:
        rows = session.execute(
            select(Item.sha256, Item.original_name, Item.captured_at)
            .where(Item.media_type.like("image/%"))
            .order_by(Item.captured_at.desc(), Item.original_name)
        )
        return [
            (sha256, f"{name} · {captured[:10]}" if captured else name)
            for sha256, name, captured in rows
        ]


def get_record(vault: Vault, kind: str, ref: str) -> RecordView:
    record = find_record(vault, kind, ref)
    if record is None:
        raise BadInput(f"There is no {kind} with the ref {ref!r}.")
    return record


def list_records(vault: Vault, kind: str) -> list[tuple[str, dict[str, Any]]]:
    with vault.reader() as session:
        return list(store.records_of_kind(session, kind))


def record_revisions(vault: Vault, kind: str, ref: str) -> list[RevisionView]:
    with vault.reader() as session:
        return [RevisionView.of(row) for row in store.revisions(session, kind, ref)]


def compare_revisions(vault: Vault, kind: str, ref: str, older: int, newer: int) -> list[str]:
    """A line diff of two revisions' bodies, as people read them side by side."""
    by_number = {r.revision: r for r in record_revisions(vault, kind, ref)}
    if older not in by_number or newer not in by_number:
        raise BadInput(f"{kind} {ref} has revisions {sorted(by_number)}.")

    def lines(revision: int) -> list[str]:
        return json.dumps(by_number[revision].body, ensure_ascii=False, indent=2).splitlines()

    return list(
        difflib.unified_diff(
            lines(older), lines(newer), f"revision {older}", f"revision {newer}", lineterm=""
        )
    )


def consent_decision(vault: Vault, person_ref: str, purpose: Purpose) -> ConsentDecision:
    person = get_record(vault, "person", person_ref)
    return person_consents_to(person.body.get("consent", []), purpose)


def withdraw_consent(vault: Vault, person_ref: str, scope: str | None = None) -> list[str]:
    """Mark every consent entry in force (of `scope`, or all) withdrawn today."""
    if scope is not None and scope not in SCOPES:
        raise BadInput(f"Unknown consent scope {scope!r}; allowed: {', '.join(SCOPES)}.")
    today = date.today().isoformat()
    with write(vault) as unit:
        body = store.current_body(unit.session, "person", person_ref)
        if body is None:
            raise BadInput(f"There is no person with the ref {person_ref!r}.")
        withdrawn = []
        for entry in body.get("consent", []):
            if (scope is None or entry["scope"] == scope) and not entry.get("withdrawn_on"):
                entry["withdrawn_on"] = today
                withdrawn.append(entry["scope"])
        if not withdrawn:
            raise BadInput(
                f"{person_ref} has no consent in force"
                + (f" for {scope}" if scope else "")
                + "; nothing was changed."
            )
        store.save_record(unit, "person", person_ref, body)
        for withdrawn_scope in withdrawn:
            unit.event(
                "consent.withdrawn",
                subject=f"person:{person_ref}",
                details={"scope": withdrawn_scope, "withdrawn_on": today},
            )
    return withdrawn


def search_filters(
    date_from: str | None = None, date_to: str | None = None, **facets: Any
) -> SearchFilters:
    """Filters from what a person types: partial dates such as 2023-03 widen to whole months.

    `facets` are SearchFilters' own fields (case, facility, method, role, person, kinds).
    """
    try:
        dates = span(date_from, date_to) if date_from or date_to else None
    except PartialDateError as error:
        raise BadInput(f"From/to dates: {error}.") from None
    return SearchFilters(
        date_from=dates[0] if dates and date_from else None,
        date_to=dates[1] if dates and date_to else None,
        **facets,
    )


def search_everything(
    vault: Vault,
    text: str,
    filters: SearchFilters | None = None,
    limit: int = 200,
    language: str = "en",
) -> list[SearchHit]:
    with vault.reader() as session:
        return search(session, text, filters, limit, language)


def free_ref(vault: Vault, kind: str, wanted: str) -> str:
    """`wanted` if no record of `kind` has it, else the next `<prefix>-<n>` that is free.

    A new record's ref is proposed from the list on screen, which may be a moment behind the
    vault; saving a new record must never become a revision of another one."""
    with vault.reader() as session:
        taken = set(store.refs_of_kind(session, kind))
    if wanted not in taken:
        return wanted
    prefix = wanted.rsplit("-", 1)[0] if "-" in wanted else wanted
    number = len(taken) + 1
    while f"{prefix}-{number}" in taken:
        number += 1
    return f"{prefix}-{number}"
