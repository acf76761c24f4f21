"""What a person's consent keeps out of the dossiers, said when a save or a link changes it.

The dossiers' own selections (export.selection, export.exhibition_selection) decide, so the
answer here is exactly what the next export would leave out; nothing re-derives the consent
rules. Only refusals by consent are reported (records.reasons.CONSENT_REFUSALS): those are what
a researcher can change by recording consent, and what a save can cause without anyone
noticing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from evidence_app.core import records_service
from evidence_app.export.exhibition_selection import select_for_exhibition
from evidence_app.export.selection import Omission, select_for_legal_dossier
from evidence_app.kernel.errors import BadInput
from evidence_app.records.reasons import CONSENT_REFUSALS
from evidence_app.records.reasons import sentence as sentence  # for the interface
from evidence_app.records.schema import RECORD_KINDS
from evidence_app.records.store import current_body, records_of_kind
from evidence_app.records.titles import label_of
from evidence_app.storage.models import Item, ItemCase
from evidence_app.storage.vault import Vault

ACCOUNTABILITY = "accountability"
EXHIBITION = "exhibition"
# The kinds of record whose saving can move material in or out of a dossier.
CONCERNED_KINDS = ("person", "testimony", "incident", "evidence")


@dataclass(frozen=True)
class LeftOut:
    dossier: str  # ACCOUNTABILITY (the court dossier) | EXHIBITION
    case_ref: str
    omission: Omission  # what, and why: its code, parameters (person, wanted, given)
    # How the app names them: the case's title, the material's and the person's names,
    # each with its ref (records.titles.label_of).
    case_label: str = ""
    subject_label: str = ""
    person_label: str = ""

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        o = self.omission
        return self.dossier, self.case_ref, o.kind, o.subject, o.code.value

    def to_json(self) -> dict[str, Any]:
        o = self.omission
        return {
            "dossier": self.dossier,
            "case": self.case_ref,
            "kind": o.kind,
            "subject": o.subject,
            "code": o.code.value,
            "params": o.params,
            "detail": o.detail,
        }


@dataclass(frozen=True)
class Saved:
    revision: int | None
    # Left out now, and not before this save or not for this reason: someone who records
    # consent learns that it is still not the consent a dossier needs.
    fell_out: list[LeftOut]


def _items(session: Session, sha256: str) -> tuple[set[str], set[str]]:
    """The ids of the items with this content, and the cases they are filed under."""
    ids = set(session.scalars(select(Item.id).where(Item.sha256 == sha256)))
    cases = select(ItemCase.case_ref).where(ItemCase.item_id.in_(ids))
    return ids, set(session.scalars(cases))


def _material(session: Session, kind: str, ref: str) -> tuple[set[str], set[str]]:
    """The subjects (record refs, item ids) a record decides on, and their cases."""
    subjects: set[str] = set()
    cases: set[str] = set()
    body = current_body(session, kind, ref) or {}
    if kind in ("testimony", "incident"):
        subjects.add(ref)
        cases |= {body["case"]} if body.get("case") else set()
    elif kind == "evidence":
        subjects, cases = _items(session, ref)
    elif kind == "person":
        for material_kind, people_of in _PEOPLE_OF.items():
            for subject, material in records_of_kind(session, material_kind):
                if ref not in people_of(material):
                    continue
                if material_kind == "evidence":
                    ids, filed = _items(session, subject)
                    subjects, cases = subjects | ids, cases | filed
                else:
                    subjects.add(subject)
                    cases |= {material["case"]} if material.get("case") else set()
    return subjects, cases


_PEOPLE_OF: dict[str, Callable[[dict[str, Any]], list[str]]] = {
    "testimony": lambda body: [body["witness"]] if body.get("witness") else [],
    "incident": lambda body: list(body.get("victims", [])),
    "evidence": lambda body: list(body.get("people", [])),
}


def left_out_by_consent(vault: Vault, kind: str, ref: str) -> list[LeftOut]:
    """What of this record's material (for a person: everything linked to them) the court
    dossier and the exhibition of each case concerned leave out because of consent."""
    if kind not in CONCERNED_KINDS:
        return []
    with vault.reader() as session:
        subjects, cases = _material(session, kind, ref)
        return _left_out(session, subjects, cases, ref if kind == "person" else None)


def items_left_out_by_consent(vault: Vault, item_ids: Sequence[str]) -> list[LeftOut]:
    """What of these items the dossiers of the cases they are filed under leave out because
    of consent (each case's dossiers selected once, however many items)."""
    with vault.reader() as session:
        cases = select(ItemCase.case_ref).where(ItemCase.item_id.in_(item_ids))
        return _left_out(session, set(item_ids), set(session.scalars(cases)), None)


def _left_out(
    session: Session, subjects: set[str], cases: set[str], person: str | None
) -> list[LeftOut]:
    found: list[LeftOut] = []
    for case_ref in sorted(cases):
        try:
            dossiers = [
                (ACCOUNTABILITY, select_for_legal_dossier(session, case_ref).omitted),
                (EXHIBITION, select_for_exhibition(session, case_ref).omitted),
            ]
        except BadInput:  # a case named but not recorded, with nothing filed under it
            continue
        for dossier, omitted in dossiers:
            found += [
                LeftOut(
                    dossier,
                    case_ref,
                    omission,
                    _label(session, "case", case_ref),
                    _label(session, omission.kind, omission.subject)
                    if omission.kind in RECORD_KINDS
                    else omission.label,
                    _label(session, "person", omission.person) if omission.person else "",
                )
                for omission in omitted
                if omission.subject in subjects
                and omission.code in CONSENT_REFUSALS
                and (person is None or omission.params.get("person") == person)
            ]
    return found


def _label(session: Session, kind: str, ref: str) -> str:
    return label_of(kind, ref, current_body(session, kind, ref) or {})


def save_record(vault: Vault, kind: str, ref: str, body: dict[str, Any]) -> Saved:
    """Save as records_service.save_record does, and tell what fell out of a dossier by it."""
    return saved_telling(
        vault, kind, ref, lambda: records_service.save_record(vault, kind, ref, body)
    )


def saved_telling(vault: Vault, kind: str, ref: str, save: Callable[[], int | None]) -> Saved:
    """Run `save` (a write of record `kind`/`ref`), and tell what it made fall out."""
    before = {left.key for left in left_out_by_consent(vault, kind, ref)}
    revision = save()
    if revision is None:
        return Saved(None, [])
    after = left_out_by_consent(vault, kind, ref)
    return Saved(revision, [left for left in after if left.key not in before])
