"""Setting what items are linked to: cases, people, facility, incident, caption, publishable.

One function for the item's Links tab, the evidence list's "Link to case…", `items link`
and saving an evidence record: for one item or many, in one unit of work. What is given
replaces what was linked (an empty list unlinks all); a field not given is left as it is.
Every ref is checked first, and a ref no record has is refused naming what exists, before
anything is written. Each item whose links changed gets one evidence record revision
(`record.revised`), and the cases the dossiers select by (`item_cases`) follow it.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from evidence_app.core import dossier_impact
from evidence_app.core.case_refs import cases_in, unknown_refs_message
from evidence_app.core.items_service import find_item
from evidence_app.core.records_service import check_code
from evidence_app.custody.write_path import Write, write
from evidence_app.kernel.errors import BadInput
from evidence_app.records import store
from evidence_app.records.document import FORMAT, VERSION, parse_document
from evidence_app.records.evidence_links import (
    current_link,
    item_by_sha256,
    linked_cases,
    store_link,
)
from evidence_app.records.titles import name_of
from evidence_app.storage.models import Item
from evidence_app.storage.vault import Vault


@dataclass(frozen=True)
class LinkChange:
    """What to link; None leaves a field as it is. An empty list, or "" for facility,
    incident and caption, clears it."""

    cases: Sequence[str] | None = None
    people: Sequence[str] | None = None
    facility: str | None = None
    incident: str | None = None
    caption: str | None = None
    publishable: bool | None = None
    add_cases: Sequence[str] | None = None  # filed under these too, keeping the others

    def applied_to(self, body: dict[str, Any]) -> dict[str, Any]:
        """`body` with the given fields replaced, as the records format takes them."""
        for key in _FIELDS:
            value = getattr(self, key)
            if value is None:
                continue
            if key in ("cases", "people"):
                value = _refs(value)
            elif key in ("facility", "incident"):
                value = value.strip() or None
            elif key == "caption":
                value = value.strip()
            body[key] = value
        if self.add_cases:
            body["cases"] = _refs([*body["cases"], *self.add_cases])
        return body

    @property
    def empty(self) -> bool:
        return all(getattr(self, key) is None for key in _CHANGES)


_FIELDS = ("cases", "people", "facility", "incident", "caption", "publishable")
_CHANGES = (*_FIELDS, "add_cases")
# (field, kind of record it names)
_REFERENCES = (
    ("cases", "case"),
    ("add_cases", "case"),
    ("people", "person"),
    ("facility", "facility"),
    ("incident", "incident"),
)


def _refs(values: Any) -> list[str]:
    """The refs a field names, blanks and repeats dropped (what is not text is left to the
    records format's own check)."""
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list | tuple):
        return []
    return list(dict.fromkeys(v.strip() for v in values if isinstance(v, str) and v.strip()))


@dataclass(frozen=True)
class LinkedItem:
    item_id: str
    sha256: str
    original_name: str
    revision: int | None  # the new evidence record revision, if there is one
    changed: bool  # its links differ from before (a revision, or its cases alone)
    links: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.item_id,
            "sha256": self.sha256,
            "original_name": self.original_name,
            "revision": self.revision,
            "changed": self.changed,
            "links": self.links,
        }


@dataclass(frozen=True)
class LinkResult:
    items: list[LinkedItem]
    # Left out of a dossier now, and not before the link: filed under a case whose dossiers
    # need a consent that a person linked to the item has not given.
    fell_out: list[dossier_impact.LeftOut] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return sum(1 for item in self.items if item.changed)

    def to_json(self) -> dict[str, Any]:
        return {
            "changed": self.changed,
            "items": [item.to_json() for item in self.items],
            "left_out": [left.to_json() for left in self.fell_out],
        }


def _require_refs(session: Session, fields: dict[str, Any]) -> None:
    problems = []
    for key, kind in _REFERENCES:
        known_refs = set(store.refs_of_kind(session, kind))
        unknown = [ref for ref in _refs(fields.get(key)) if ref not in known_refs]
        if not unknown:
            continue
        if kind == "case":
            known = [(c.ref, c.title) for c in cases_in(session)]
        else:
            known = [
                (ref, name_of(kind, ref, body))
                for ref, body in store.records_of_kind(session, kind)
            ]
        problems.append(unknown_refs_message(kind, unknown, known))
    if problems:
        raise BadInput(" ".join(problems) + " Nothing was linked.")


def _store(unit: Write, item: Item, body: dict[str, Any]) -> int | None:
    """Validate `body` exactly as an import does, then store it as the item's links."""
    document = {
        "format": FORMAT,
        "version": VERSION,
        "evidence": [{**body, "sha256": item.sha256}],
    }
    refs = functools.partial(store.refs_of_kind, unit.session)
    (parsed,) = parse_document(document, check_code, refs)
    return store_link(unit, item, parsed.body)


def set_links(vault: Vault, item_refs: Sequence[str], change: LinkChange) -> LinkResult:
    """Link every named item (id or SHA-256, or a prefix of one) as `change` says."""
    if not item_refs:
        raise BadInput("Name at least one item to link.")
    if change.empty:
        raise BadInput(
            "Say what to link: cases, people, facility, incident, caption or publishable."
        )
    item_ids = list(dict.fromkeys(find_item(vault, ref).id for ref in item_refs))
    before_link = {left.key for left in dossier_impact.items_left_out_by_consent(vault, item_ids)}
    linked = []
    with write(vault) as unit:
        _require_refs(unit.session, {key: getattr(change, key) for key in _CHANGES})
        for item_id in item_ids:
            item = unit.session.get(Item, item_id)
            if item is None:  # erased since it was named
                raise BadInput(f"No item {item_id}; nothing was linked.")
            before = current_link(unit.session, item)
            revision = _store(unit, item, change.applied_to(dict(before)))
            after = current_link(unit.session, item)
            linked.append(
                LinkedItem(
                    item.id, item.sha256, item.original_name, revision, after != before, after
                )
            )
    after_link = dossier_impact.items_left_out_by_consent(vault, item_ids)
    return LinkResult(linked, [left for left in after_link if left.key not in before_link])


def save_evidence_record(vault: Vault, sha256: str, body: dict[str, Any]) -> int | None:
    """A whole evidence record as an editor gives it: every field replaced, but for `cases`
    when it is not given (the item stays filed where it is)."""
    with write(vault) as unit:
        item = item_by_sha256(unit.session, sha256.lower())
        if item is None:
            raise BadInput(f"No item in the vault has the SHA-256 {sha256}.")
        _require_refs(unit.session, body)
        if "cases" not in body:
            body = {**body, "cases": linked_cases(unit.session, item.id)}
        return _store(unit, item, body)


def save_item_links(vault: Vault, sha256: str, body: dict[str, Any]) -> dossier_impact.Saved:
    """The item's Links tab: save its evidence record, and tell what of it this leaves out
    of a dossier (the people linked may not have consented to what a case's dossier needs)."""
    return dossier_impact.saved_telling(
        vault, "evidence", sha256, lambda: save_evidence_record(vault, sha256, body)
    )


def item_links(vault: Vault, item_ref: str) -> dict[str, Any]:
    """The item's links as they stand, its cases as the dossiers see them."""
    item = find_item(vault, item_ref)
    with vault.reader() as session:
        return current_link(session, item)
