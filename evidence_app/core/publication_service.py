"""The publication check of an exhibition (DESIGN §8): list findings, decide them, clear.

Every person in the vault whose `public_named` consent is not in force is looked for in
every string the exhibition would print — not only the people linked to the material,
because a testimony may name anyone. Decisions are custody events (`publication.decided`,
subject `case:REF`, with the finding's id, the person's record ref and the decision; never
the name), so they need no table of their own and cannot be rewritten silently.

"Replace with pseudonym" changes only what this exhibition prints. The record keeps the
witness's own words: a testimony is evidence, and the accountability dossier must carry it
as it was given; the substitution is visible in `NAME.review.json` and in the custody log.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from evidence_app.custody.write_path import write
from evidence_app.export.exhibition_selection import ExhibitionSelection, select_for_exhibition
from evidence_app.export.name_matching import NameIndex
from evidence_app.export.publication_check import (
    DECISIONS,
    ClearedSelection,
    Decision,
    Finding,
    clear,
    find_names,
)

# Re-exported for the shells, which speak to core only.
from evidence_app.export.publication_check import REPLACE as REPLACE
from evidence_app.export.publication_check import REVIEWED as REVIEWED
from evidence_app.export.publication_check import CheckedFinding as CheckedFinding
from evidence_app.export.publication_check import PublicationBlocked as PublicationBlocked
from evidence_app.kernel.errors import BadInput
from evidence_app.records.consent import Purpose, person_consents_to
from evidence_app.records.store import records_of_kind
from evidence_app.storage.models import CustodyEvent
from evidence_app.storage.vault import Vault

ACTION = "publication.decided"


@dataclass(frozen=True)
class PublicationCheck:
    case_ref: str
    findings: list[CheckedFinding]

    @property
    def unresolved(self) -> list[CheckedFinding]:
        return [f for f in self.findings if f.decision is None]

    def to_json(self) -> dict[str, Any]:
        return {
            "case": self.case_ref,
            "findings": [f.to_json() for f in self.findings],
            "unresolved": len(self.unresolved),
        }


def _people(session: Session) -> tuple[NameIndex, dict[str, str]]:
    """The names of everyone who may not be named, and everyone's pseudonym."""
    unnamed = []
    pseudonyms = {}
    for ref, body in records_of_kind(session, "person"):
        pseudonyms[ref] = str(body.get("pseudonym") or ref)
        if not person_consents_to(body.get("consent", []), Purpose.NAMING).allowed:
            unnamed.append((ref, str(body.get("full_name") or ""), body.get("aliases") or []))
    return NameIndex(unnamed), pseudonyms


def _decisions(session: Session, case_ref: str) -> dict[str, Decision]:
    """The latest decision on each finding of this case's exhibition."""
    decisions: dict[str, Decision] = {}
    rows = session.scalars(
        select(CustodyEvent)
        .where(CustodyEvent.action == ACTION, CustodyEvent.subject == f"case:{case_ref}")
        .order_by(CustodyEvent.seq)
    )
    for row in rows:
        details = json.loads(row.details_json)
        decisions[details["finding"]] = Decision(
            details["finding"], details["decision"], details.get("note", ""), row.seq, row.time
        )
    return decisions


def _check(
    session: Session, selection: ExhibitionSelection
) -> tuple[list[Finding], dict[str, Decision]]:
    index, pseudonyms = _people(session)
    return find_names(selection, index, pseudonyms), _decisions(session, selection.case_ref)


def check_publication(
    vault: Vault, case_ref: str, organiser: str = "", language: str = "en"
) -> PublicationCheck:
    """Every finding of the `language` edition of `case_ref` (with this organiser on its
    cover), each with its decision if any."""
    with vault.reader() as session:
        selection = select_for_exhibition(session, case_ref, language)
        selection.case["organiser"] = organiser
        findings, decisions = _check(session, selection)
    return PublicationCheck(case_ref, [CheckedFinding(f, decisions.get(f.id)) for f in findings])


def clear_for_publication(vault: Vault, selection: ExhibitionSelection) -> ClearedSelection:
    """The selection with replacements made; raises PublicationBlocked while any finding is
    undecided."""
    with vault.reader() as session:
        findings, decisions = _check(session, selection)
    return clear(selection, findings, decisions)


def resolve_finding(
    vault: Vault,
    case_ref: str,
    finding_id: str,
    decision: str,
    note: str = "",
    organiser: str = "",
    language: str = "en",
) -> CheckedFinding:
    """Record the curator's decision on one finding (a unique id prefix will do)."""
    if decision not in DECISIONS:
        raise BadInput(f"A decision is one of {', '.join(DECISIONS)}, not {decision!r}.")
    check = check_publication(vault, case_ref, organiser, language)
    wanted = finding_id.strip().lower()
    matching = [c for c in check.findings if c.finding.id.startswith(wanted)] if wanted else []
    if len(matching) != 1:
        known = ", ".join(c.finding.id for c in check.findings) or "none"
        problem = "matches several findings" if matching else "is not a current finding"
        raise BadInput(
            f"{finding_id!r} {problem} of the exhibition of {case_ref} (findings: {known}). "
            "A finding lapses when its text is edited; list them again with "
            f"`evidence-app exhibition findings --case {case_ref}`."
        )
    (chosen,) = matching
    finding = chosen.finding
    with write(vault) as unit:
        event = unit.event(
            ACTION,
            subject=f"case:{case_ref}",
            subject_sha256=finding.text_sha256,
            details={
                "case": case_ref,
                "finding": finding.id,
                "place": finding.place.key,
                "person": finding.person_ref,
                "decision": decision,
                "note": note,
            },
        )
        recorded = Decision(finding.id, decision, note, event.seq, event.time)
    return CheckedFinding(finding, recorded)
