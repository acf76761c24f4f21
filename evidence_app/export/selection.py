"""What a case's accountability dossier may contain, decided by consent (DESIGN §5).

Only material whose people all gave `legal` consent, not withdrawn, goes in; material linked
to no person goes in too. Everything left out is reported with its reason twice: in full
for the person exporting, and without anything identifying (no name, ref or hash) for the
dossier itself, which travels further than the vault.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from evidence_app.export.consent_ledger import ConsentEntry, legal_consent
from evidence_app.export.exhibit_numbers import case_numbers, gaps, in_number_order, label_in
from evidence_app.export.file_names import exhibit_file_name
from evidence_app.export.observations import Limits, ObservationReport
from evidence_app.export.provenance_consent import shown_party
from evidence_app.kernel.errors import BadInput
from evidence_app.media.document_facts import PDF_MEDIA_TYPE, DocumentFacts
from evidence_app.media.media_facts import MediaFacts, is_recording
from evidence_app.records.consent import ConsentDecision, Purpose, material_may_be_used
from evidence_app.records.provenance import from_stored
from evidence_app.records.reasons import Reason, sentence
from evidence_app.records.store import current_body, records_of_kind
from evidence_app.records.testimony_translations import translation_checks
from evidence_app.storage.models import Item, ItemCase, ItemCredential, ItemSource, Record


@dataclass(frozen=True)
class Omission:
    """Something left out of a dossier, and why (a code with its parameters, records.reasons)."""

    kind: str  # exhibit | testimony | incident | finding (exhibitions: photo | item)
    subject: str  # the item's id or the record's ref: what programs match on
    label: str  # names what was left out, for the person exporting
    code: Reason
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def person(self) -> str:
        """The ref of the person whose consent decided it; "" when no person did."""
        return str(self.params.get("person") or "")

    @property
    def detail(self) -> str:
        """For the person exporting: what was left out, whose consent refused it and why."""
        person = self.params.get("person")
        why = sentence(self.code, self.params)
        return f"{self.label}: {person}: {why}" if person else f"{self.label}: {why}"

    @property
    def reason(self) -> str:
        """Safe to print in the dossier: names neither the material nor the person."""
        return dossier_reason(self.to_json())

    def to_json(self) -> dict[str, Any]:
        """`reason` in English; `code` and `params` (never the person) for other languages."""
        safe = {key: value for key, value in self.params.items() if key != "person"}
        entry: dict[str, Any] = {
            "kind": self.kind,
            "code": str(self.code),
            "params": safe,
            "decided_by_person": "person" in self.params,
        }
        entry["reason"] = dossier_reason(entry)
        return entry


# Said before a reason that a person's consent decided, without naming the person.
PERSON_DECIDED = "A person linked to it: {reason}"


def dossier_reason(
    entry: dict[str, Any], translate: Callable[[str], str] = lambda text: text
) -> str:
    """The reason of a manifest's `omitted` entry, in the words of `translate`."""
    why = sentence(entry["code"], entry.get("params") or {}, translate)
    if not entry.get("decided_by_person"):
        return why
    return translate(PERSON_DECIDED).format(reason=why[:1].lower() + why[1:])


@dataclass(frozen=True)
class SelectedExhibit:
    number: str  # `<case>-E0001`; "" until the item is first exported in the case
    item_id: str
    blob_id: str
    sha256: str
    size: int
    original_name: str
    media_type: str
    captured_at: str | None
    gps: dict[str, float] | None
    camera: dict[str, str | None]
    dimensions: dict[str, int] | None
    sources: list[dict[str, str]]
    caption: str
    people: list[str]  # pseudonyms
    provenance: list[dict[str, Any]] = field(default_factory=list)  # exhibit_provenance()
    document: dict[str, Any] | None = None  # a PDF's pages and own metadata
    duration: float | None = None  # seconds, for video and sound
    media: dict[str, Any] | None = None  # a recording's container and codecs
    credentials: list[dict[str, Any]] = field(default_factory=list)  # exhibit_credentials()

    @property
    def file_name(self) -> str:
        return exhibit_file_name(f"{self.number}_", self.original_name)


@dataclass(frozen=True)
class SelectedRecord:
    kind: str
    ref: str
    revision: int
    sha256: str
    body: dict[str, Any]


@dataclass(frozen=True)
class ExhibitLinks:
    """What an exhibit's evidence record links it to, by ref (people: refs, not pseudonyms)."""

    incident: str | None
    facility: str | None
    people: tuple[str, ...]


@dataclass
class Selection:
    case_ref: str
    case: dict[str, Any]
    exhibits: list[SelectedExhibit] = field(default_factory=list)
    testimonies: list[SelectedRecord] = field(default_factory=list)
    incidents: list[SelectedRecord] = field(default_factory=list)
    findings: list[SelectedRecord] = field(default_factory=list)
    pseudonyms: dict[str, str] = field(default_factory=dict)  # person ref → pseudonym
    # testimony ref → per translation, the revision it translates and what changed since
    translation_checks: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    omitted: list[Omission] = field(default_factory=list)
    facilities: list[SelectedRecord] = field(default_factory=list)
    exhibit_links: dict[str, ExhibitLinks] = field(default_factory=dict)  # by item id
    consent: dict[str, list[ConsentEntry]] = field(default_factory=dict)  # by person ref
    observations: ObservationReport = field(default_factory=lambda: ObservationReport(Limits()))
    not_included: list[str] = field(default_factory=list)  # numbers of the case left out


def number_exhibits(selection: Selection, numbers: Mapping[str, int]) -> None:
    """Give each exhibit its number in the case (item id → number), put them in number
    order (those still without one last, in the order selected), and list the case's
    numbers this edition leaves out."""
    case, order = selection.case_ref, in_number_order(numbers)
    selection.exhibits = sorted(
        (replace(e, number=label_in(case, numbers, e.item_id)) for e in selection.exhibits),
        key=lambda e: order(e.item_id),
    )
    selection.not_included = gaps(case, numbers, (e.item_id for e in selection.exhibits))


def _consent_of_people(session: Session, refs: list[str]) -> dict[str, list[dict[str, Any]]]:
    people = {}
    for ref in refs:
        body = current_body(session, "person", ref) or {}
        people[ref] = list(body.get("consent", []))
    return people


def _record(session: Session, kind: str, ref: str) -> SelectedRecord:
    row = session.get(Record, (kind, ref))
    assert row is not None
    return SelectedRecord(kind, ref, row.revision, row.sha256, json.loads(row.body_json))


def select_for_legal_dossier(session: Session, case_ref: str) -> Selection:
    case = current_body(session, "case", case_ref)
    item_ids = list(
        session.scalars(
            select(ItemCase.item_id).where(ItemCase.case_ref == case_ref).order_by(ItemCase.item_id)
        )
    )
    if case is None and not item_ids:
        raise BadInput(
            f"There is no case {case_ref!r} in this vault, and no item is filed under it."
        )
    selection = Selection(case_ref, case or {"title": case_ref, "description": ""})
    selection.pseudonyms = {
        ref: body.get("pseudonym") or ref for ref, body in records_of_kind(session, "person")
    }
    _select_exhibits(session, selection, item_ids)
    number_exhibits(selection, case_numbers(session, case_ref))
    _select_testimonies(session, selection)
    _select_incidents(session, selection)
    _select_findings(session, selection)
    _select_facilities(session, selection)
    _select_consent(session, selection)
    return selection


def _decide(session: Session, people: list[str]) -> ConsentDecision:
    return material_may_be_used(_consent_of_people(session, people), Purpose.LEGAL_DOSSIER)


def _left_out(kind: str, subject: str, label: str, decision: ConsentDecision) -> Omission:
    return Omission(kind, subject, label, decision.reason_code, decision.params)


def _select_exhibits(session: Session, selection: Selection, item_ids: list[str]) -> None:
    items = [session.get(Item, item_id) for item_id in item_ids]
    # In the order the evidence was captured, then received: how a court reads it, and the
    # order in which exhibits exported for the first time get their numbers.
    ordered = sorted(
        (item for item in items if item is not None),
        key=lambda item: (item.captured_at or "9999", item.ingested_at, item.original_name),
    )
    for item in ordered:
        link = current_body(session, "evidence", item.sha256) or {}
        people = list(link.get("people", []))
        decision = _decide(session, people)
        if not decision.allowed:
            label = f"{item.original_name} ({item.sha256[:12]})"
            selection.omitted.append(_left_out("exhibit", item.id, label, decision))
            continue
        selection.exhibit_links[item.id] = ExhibitLinks(
            link.get("incident"), link.get("facility"), tuple(people)
        )
        sources = [
            {"source": source.source, "received_at": source.received_at}
            for source in session.scalars(
                select(ItemSource).where(ItemSource.item_id == item.id).order_by(ItemSource.id)
            )
        ]
        selection.exhibits.append(
            SelectedExhibit(
                number="",
                item_id=item.id,
                blob_id=item.blob_id,
                sha256=item.sha256,
                size=item.size,
                original_name=item.original_name,
                media_type=item.media_type,
                captured_at=item.captured_at,
                gps=(
                    {"lat": item.gps_lat, "lon": item.gps_lon}
                    if item.gps_lat is not None and item.gps_lon is not None
                    else None
                ),
                camera={"make": item.camera_make, "model": item.camera_model},
                dimensions=(
                    {"width": item.width, "height": item.height}
                    if item.width and item.height
                    else None
                ),
                sources=sources,
                caption=str(link.get("caption") or ""),
                people=[selection.pseudonyms.get(ref, ref) for ref in people],
                provenance=exhibit_provenance(session, item.id, selection.pseudonyms),
                document=_document(item),
                duration=item.duration,
                media=_media(item),
                credentials=exhibit_credentials(session, item.id),
            )
        )


def exhibit_credentials(session: Session, item_id: str) -> list[dict[str, Any]]:
    """What capture apps signed about the item, as checked at ingest. A C2PA summary goes
    whole: it is what the file itself declares. Of a ProofMode check only the result, the
    key and what was checked: the proof's own fields (place, device) stay in the vault with
    the bundle."""
    rows = session.scalars(
        select(ItemCredential)
        .where(ItemCredential.item_id == item_id)
        .order_by(ItemCredential.checked_at, ItemCredential.id)
    )
    shown: list[dict[str, Any]] = []
    for row in rows:
        summary = json.loads(row.summary_json)
        entry: dict[str, Any] = {"kind": row.kind, "status": row.status}
        if row.kind == "proofmode":
            entry |= {
                "reason": summary.get("reason"),
                "key_fingerprint": summary.get("key_fingerprint"),
                "checked": summary.get("checked", {}),
                "bundle_sha256": summary.get("bundle_sha256"),
            }
        else:
            entry["summary"] = summary
        entry["checked_at"] = row.checked_at
        shown.append(entry)
    return shown


def _document(item: Item) -> dict[str, Any] | None:
    if item.media_type != PDF_MEDIA_TYPE:
        return None
    facts = DocumentFacts.of(item.pages, json.loads(item.exif_json))
    return {"pages": facts.pages, **facts.to_json()}


def _media(item: Item) -> dict[str, Any] | None:
    if not is_recording(item.media_type):
        return None
    facts = MediaFacts.of(item.duration, json.loads(item.exif_json)).to_json()
    del facts["duration"]  # the exhibit's own field
    return facts


def exhibit_provenance(
    session: Session, item_id: str, pseudonyms: dict[str, str]
) -> list[dict[str, Any]]:
    """Each receipt of an item with the provenance it records; a person named in it is
    given with their pseudonym, as people appear in the dossier, when their consent allows
    legal use, and otherwise not named (export.provenance_consent)."""

    def consent_of(ref: str) -> list[dict[str, Any]]:
        return _consent_of_people(session, [ref])[ref]

    def shown(party: dict[str, Any]) -> dict[str, Any]:
        return shown_party(party, pseudonyms, consent_of)

    found = []
    for source in session.scalars(
        select(ItemSource).where(ItemSource.item_id == item_id).order_by(ItemSource.id)
    ):
        recorded = from_stored(source.provenance_json) or {}
        if "captured_by" in recorded:
            recorded["captured_by"] = shown(recorded["captured_by"])
        if "custodians" in recorded:
            recorded["custodians"] = [shown(c) for c in recorded["custodians"]]
        found.append(
            {
                "receipt_event_seq": source.event_seq,
                "source": source.source,
                "ingested_at": source.received_at,
                **recorded,
            }
        )
    return found


def _select_testimonies(session: Session, selection: Selection) -> None:
    for ref, body in records_of_kind(session, "testimony"):
        if body.get("case") != selection.case_ref:
            continue
        witness = [body["witness"]] if body.get("witness") else []
        decision = _decide(session, witness)
        if not decision.allowed:
            selection.omitted.append(_left_out("testimony", ref, f"testimony {ref}", decision))
            continue
        selection.testimonies.append(_record(session, "testimony", ref))
        selection.translation_checks[ref] = translation_checks(session, ref, body)


def _select_incidents(session: Session, selection: Selection) -> None:
    included = {t.ref for t in selection.testimonies}
    for ref, body in records_of_kind(session, "incident"):
        if body.get("case") != selection.case_ref:
            continue
        decision = _decide(session, list(body.get("victims", [])))
        if not decision.allowed:
            selection.omitted.append(_left_out("incident", ref, f"incident {ref}", decision))
            continue
        if any(source not in included for source in body.get("sources", [])):
            selection.omitted.append(
                Omission("incident", ref, f"incident {ref}", Reason.SOURCE_LEFT_OUT)
            )
            continue
        selection.incidents.append(_record(session, "incident", ref))


def _select_findings(session: Session, selection: Selection) -> None:
    """Prison-condition findings about the facilities this case's material concerns."""
    facilities: set[str] = set()
    for record in selection.testimonies:
        facilities.update(record.body.get("facilities", []))
    for record in selection.incidents:
        if record.body.get("facility"):
            facilities.add(record.body["facility"])
    included = {t.ref for t in selection.testimonies}
    for ref, body in records_of_kind(session, "condition"):
        if body.get("facility") not in facilities:
            continue
        if any(source not in included for source in body.get("sources", [])):
            selection.omitted.append(
                Omission("finding", ref, f"finding {ref}", Reason.SOURCE_LEFT_OUT)
            )
            continue
        selection.findings.append(_record(session, "condition", ref))


def _select_facilities(session: Session, selection: Selection) -> None:
    """The facilities the case's exhibits, incidents, findings and testimonies name."""
    refs: set[str] = set()
    for links in selection.exhibit_links.values():
        refs.add(links.facility or "")
    for record in [*selection.incidents, *selection.findings]:
        refs.add(record.body.get("facility") or "")
    for record in selection.testimonies:
        refs.update(record.body.get("facilities", []))
    for ref in sorted(refs):
        if ref and session.get(Record, ("facility", ref)) is not None:
            selection.facilities.append(_record(session, "facility", ref))


def _select_consent(session: Session, selection: Selection) -> None:
    """The legal consent of everyone an included exhibit or testimony is linked to."""
    refs = {ref for links in selection.exhibit_links.values() for ref in links.people}
    refs.update(t.body["witness"] for t in selection.testimonies if t.body.get("witness"))
    selection.consent = {ref: legal_consent(session, ref) for ref in sorted(refs)}


def facility_names(session: Session) -> dict[str, str]:
    return {ref: str(body.get("name") or ref) for ref, body in records_of_kind(session, "facility")}
