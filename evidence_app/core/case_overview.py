"""A case at a glance: its evidence, testimonies, people, facilities and incidents, and what
each dossier would include and leave out, and why, before anything is exported.

Read-only. What the dossiers would include is decided by the very selection code the
exports run (export.selection, export.exhibition_selection), so this page and an export
cannot disagree. Each reason left out has a stable code with its parameters and an English
sentence; screens translate the sentence's template (`Reason.sentence`).

Not foreseen here: an exhibition export also stops on undecided face proposals and on
unresolved publication-check findings, and drops a photo it cannot redact; those are
found when it runs (detection is slow and is logged).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from evidence_app.core.item_marks import ItemMarks, marks_of
from evidence_app.export.exhibit_numbers import case_numbers, exhibit_label
from evidence_app.export.exhibition_selection import select_for_exhibition
from evidence_app.export.selection import Omission, select_for_legal_dossier
from evidence_app.records.reasons import PURPOSE_WORDS, TEMPLATES, sentence
from evidence_app.records.store import current_body, records_of_kind
from evidence_app.storage.models import Item, ItemCase
from evidence_app.storage.vault import Vault

# Why something is left out, by code, and the words for what each consent scope allows: one
# set for the whole application (records.reasons). Screens translate these templates as
# they stand.
REASONS: dict[str, str] = {str(code): template for code, template in TEMPLATES.items()}
PURPOSES: dict[str, str] = dict(PURPOSE_WORDS)
ACCOUNTABILITY, EXHIBITION = "accountability", "exhibition"


@dataclass(frozen=True)
class Reason:
    code: str  # a key of REASONS; "" when the selection gave no code (its words kept)
    person: str = ""  # pseudonym, or name, of the person whose consent decided it
    purpose: str = ""  # consent scope the dossier needs (key of PURPOSES)
    words: str = ""  # the selection's own words, for a code this module does not know
    params: Mapping[str, Any] = field(default_factory=dict)  # given, media_type, error

    def sentence(self, translate: Callable[[str], str] = str) -> str:
        """The reason in plain words; `translate` maps an English template to the
        reader's language (the GUI's `tr`)."""
        if self.code not in REASONS:
            return translate(self.words)
        why = sentence(self.code, {**self.params, "wanted": self.purpose}, translate)
        return f"{self.person}: {why}" if self.person else why

    @property
    def text(self) -> str:
        return self.sentence()


@dataclass(frozen=True)
class CaseItem:
    id: str
    title: str  # the caption, else the original file name
    original_name: str
    media_type: str
    has_thumbnail: bool
    captured_at: str | None
    caption: str
    people: tuple[str, ...]  # pseudonyms or names
    marks: ItemMarks


@dataclass(frozen=True)
class CaseRecord:
    kind: str  # testimony | person | facility | incident
    ref: str
    title: str  # what people read: a name, a pseudonym, a witness; never only a ref
    date: str = ""  # as written, often partial
    terms: tuple[str, ...] = ()  # vocabulary codes: roles, facility kind, methods
    vocabulary: str = ""  # the vocabulary `terms` come from
    summary: str = ""


@dataclass(frozen=True)
class DossierEntry:
    kind: str  # item | testimony | incident | finding
    subject: str  # item id or record ref
    label: str
    reason: Reason | None = None  # None: included
    # An item's exhibit number in the case once an export gave it one: shown beside the
    # entry, not part of what it is (an export's report and the page foresee the same entries).
    number: str = field(default="", compare=False)


@dataclass(frozen=True)
class DossierPreview:
    dossier: str  # accountability | exhibition
    included: tuple[DossierEntry, ...]
    left_out: tuple[DossierEntry, ...]

    @property
    def total(self) -> int:
        return len(self.included) + len(self.left_out)


@dataclass(frozen=True)
class CaseOverview:
    ref: str
    title: str
    description: str
    items: tuple[CaseItem, ...]
    testimonies: tuple[CaseRecord, ...]
    people: tuple[CaseRecord, ...]
    facilities: tuple[CaseRecord, ...]
    incidents: tuple[CaseRecord, ...]
    accountability: DossierPreview
    exhibition: DossierPreview


def case_overview(vault: Vault, case_ref: str) -> CaseOverview:
    with vault.reader() as session:
        return _overview(session, case_ref)


def _first_line(text: Any, limit: int = 80) -> str:
    line = str(text or "").strip().split("\n", 1)[0]
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def person_label(ref: str, body: dict[str, Any] | None) -> str:
    body = body or {}
    return str(body.get("pseudonym") or body.get("full_name") or ref)


def _overview(session: Session, case_ref: str) -> CaseOverview:
    legal = select_for_legal_dossier(session, case_ref)  # refuses an unknown case
    public = select_for_exhibition(session, case_ref)
    case = current_body(session, "case", case_ref) or {}
    people = dict(records_of_kind(session, "person"))
    facilities = dict(records_of_kind(session, "facility"))
    names = {ref: person_label(ref, body) for ref, body in people.items()}
    testimonies, incidents = (
        [
            (ref, body)
            for ref, body in records_of_kind(session, kind)
            if body.get("case") == case_ref
        ]
        for kind in ("testimony", "incident")
    )

    item_rows = list(
        session.scalars(
            select(Item)
            .join(ItemCase)
            .where(ItemCase.case_ref == case_ref)
            .order_by(Item.captured_at, Item.ingested_at, Item.id)
        )
    )
    marks = marks_of(session, item_rows)
    person_refs: list[str] = []
    facility_refs: list[str] = []
    items = []
    for item in item_rows:
        link = current_body(session, "evidence", item.sha256) or {}
        linked = [str(ref) for ref in link.get("people", [])]
        person_refs += linked
        facility_refs += [link["facility"]] if link.get("facility") else []
        caption = str(link.get("caption") or "")
        items.append(
            CaseItem(
                id=item.id,
                title=_first_line(caption) or item.original_name,
                original_name=item.original_name,
                media_type=item.media_type,
                has_thumbnail=item.thumbnail_blob_id is not None,
                captured_at=item.captured_at,
                caption=caption,
                people=tuple(names.get(ref, ref) for ref in linked),
                marks=marks[item.id],
            )
        )
    for _ref, body in testimonies:
        person_refs += [body["witness"]] if body.get("witness") else []
        facility_refs += list(body.get("facilities", []))
    for _ref, body in incidents:
        for key in ("victims", "perpetrators", "witnesses"):
            person_refs += list(body.get(key, []))
        facility_refs += [body["facility"]] if body.get("facility") else []

    def facility_name(ref: str) -> str:
        return str((facilities.get(ref) or {}).get("name") or ref)

    records = {
        "testimony": tuple(_testimony(ref, body, names) for ref, body in testimonies),
        "person": tuple(
            CaseRecord(
                "person",
                ref,
                names.get(ref, ref),
                terms=tuple(people.get(ref, {}).get("roles", [])),
                vocabulary="roles",
            )
            for ref in _unique(person_refs)
        ),
        "facility": tuple(
            CaseRecord(
                "facility",
                ref,
                facility_name(ref),
                terms=tuple(filter(None, [(facilities.get(ref) or {}).get("kind")])),
                vocabulary="facility_kinds",
                summary=str((facilities.get(ref) or {}).get("region") or ""),
            )
            for ref in _unique(facility_refs)
        ),
        "incident": tuple(
            CaseRecord(
                "incident",
                ref,
                _first_line(body.get("title") or body.get("description"))
                or facility_name(str(body.get("facility") or ref)),
                date=str(body.get("date") or ""),
                terms=tuple(body.get("methods", [])),
                vocabulary="methods",
                summary=", ".join(names.get(v, v) for v in body.get("victims", [])),
            )
            for ref, body in incidents
        ),
    }
    labels = {("item", item.id): item.title for item in items}
    labels.update({("testimony", r.ref): r.title for r in records["testimony"]})
    labels.update({("incident", r.ref): r.title for r in records["incident"]})
    for ref, body in records_of_kind(session, "condition"):
        labels[("finding", ref)] = _first_line(body.get("finding")) or ref
    numbers = {
        item_id: exhibit_label(case_ref, number)
        for item_id, number in case_numbers(session, case_ref).items()
    }
    included_legal = (
        [("item", exhibit.item_id) for exhibit in legal.exhibits]
        + [("testimony", record.ref) for record in legal.testimonies]
        + [("incident", record.ref) for record in legal.incidents]
        + [("finding", record.ref) for record in legal.findings]
    )
    included_public = (
        [("item", photo.item_id) for photo in public.photos]
        + [("testimony", ref) for ref in _unique(e.ref for e in public.excerpts)]
        + [("finding", str(finding["ref"])) for finding in public.findings]
    )
    return CaseOverview(
        ref=case_ref,
        title=str(case.get("title") or case_ref),
        description=str(case.get("description") or ""),
        items=tuple(items),
        testimonies=records["testimony"],
        people=records["person"],
        facilities=records["facility"],
        incidents=records["incident"],
        accountability=_preview(
            ACCOUNTABILITY, "legal", included_legal, legal.omitted, labels, names, numbers
        ),
        exhibition=_preview(
            EXHIBITION, "public_anonymous", included_public, public.omitted, labels, names, numbers
        ),
    )


def _testimony(ref: str, body: dict[str, Any], names: dict[str, str]) -> CaseRecord:
    witness = str(body.get("witness") or "")
    sections = body.get("sections") or {}
    first = next((text for text in sections.values() if text), "")
    return CaseRecord(
        "testimony",
        ref,
        names.get(witness, witness) or _first_line(first) or ref,
        date=str(body.get("interviewed_on") or ""),
        terms=tuple(body.get("methods", [])),
        vocabulary="methods",
        summary=_first_line(first),
    )


_KINDS = {"exhibit": "item", "photo": "item", "item": "item"}


def explain_left_out(
    session: Session, omitted: list[Omission], purpose: str
) -> tuple[DossierEntry, ...]:
    """What an export left out, each by the title people know it by, with its reason (for
    screens reporting an export; the case page builds its own from the same parts)."""
    names = {ref: person_label(ref, body) for ref, body in records_of_kind(session, "person")}
    labels: dict[tuple[str, str], str] = {}
    for omission in omitted:
        kind, subject = _KINDS.get(omission.kind, omission.kind), omission.subject
        if kind == "item":
            item = session.get(Item, subject)
            if item is not None:
                link = current_body(session, "evidence", item.sha256) or {}
                labels[(kind, subject)] = _first_line(link.get("caption")) or item.original_name
        elif kind == "testimony":
            body = current_body(session, "testimony", subject) or {}
            labels[(kind, subject)] = _testimony(subject, body, names).title
        else:  # an incident or a finding
            record, field = ("condition", "finding") if kind == "finding" else (kind, "title")
            body = current_body(session, record, subject) or {}
            text = body.get(field) or body.get("description")
            labels[(kind, subject)] = _first_line(text) or subject
    return _preview("", purpose, [], omitted, labels, names).left_out


def _preview(
    dossier: str,
    purpose: str,
    included: list[tuple[str, str]],
    omitted: list[Omission],
    labels: dict[tuple[str, str], str],
    names: dict[str, str],
    numbers: Mapping[str, str] | None = None,
) -> DossierPreview:
    def entry(kind: str, subject: str, reason: Reason | None = None) -> DossierEntry:
        number = (numbers or {}).get(subject, "") if kind == "item" else ""
        return DossierEntry(kind, subject, labels.get((kind, subject), subject), reason, number)

    left_out = []
    for omission in omitted:
        kind = _KINDS.get(omission.kind, omission.kind)
        reason = Reason(
            omission.code if omission.code in REASONS else "",
            person=names.get(omission.person, omission.person),
            purpose=str(omission.params.get("wanted") or purpose),
            words=omission.reason,
            params={k: v for k, v in omission.params.items() if k != "person"},
        )
        left_out.append(entry(kind, omission.subject, reason))
    return DossierPreview(
        dossier,
        tuple(entry(kind, subject) for kind, subject in included),
        tuple(left_out),
    )


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(str(value) for value in values))
