"""Consent per purpose (DESIGN §5) and the one rule that decides whether material may be used.

Scopes: `internal` (documentation only; implied by any other), `legal` (courts, prosecutors,
UN mechanisms), `public_anonymous` (shown publicly without anything identifying),
`public_named` (shown with the name; implies `public_anonymous`). `legal` and the public
scopes are independent. Material may be used for a purpose only while a matching entry is
given and not withdrawn, for every person it is linked to.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

SCOPES = ("internal", "legal", "public_anonymous", "public_named")


class Purpose(Enum):
    DOCUMENTATION = "internal"
    LEGAL_DOSSIER = "legal"
    ANONYMOUS_EXHIBITION = "public_anonymous"
    NAMING = "public_named"


# Which recorded scopes grant each purpose.
_GRANTED_BY: dict[Purpose, frozenset[str]] = {
    Purpose.DOCUMENTATION: frozenset(SCOPES),
    Purpose.LEGAL_DOSSIER: frozenset({"legal"}),
    Purpose.ANONYMOUS_EXHIBITION: frozenset({"public_anonymous", "public_named"}),
    Purpose.NAMING: frozenset({"public_named"}),
}


@dataclass(frozen=True)
class ConsentDecision:
    allowed: bool
    reason: str
    # The reason for screens that translate it: a stable code, and the person it concerns.
    code: str = ""
    person: str = ""


def _in_force(entry: Mapping[str, Any], today: str) -> bool:
    given, withdrawn = entry.get("given_on"), entry.get("withdrawn_on")
    if not given or str(given) > today:
        return False
    return not withdrawn or str(withdrawn) > today


def person_consents_to(
    consent: Iterable[Mapping[str, Any]], purpose: Purpose, on: date | None = None
) -> ConsentDecision:
    """Whether one person's consent entries allow `purpose` on the given day (today)."""
    today = (on or date.today()).isoformat()
    entries = list(consent)
    granting = _GRANTED_BY[purpose]
    if any(e.get("scope") in granting and _in_force(e, today) for e in entries):
        return ConsentDecision(True, "consent given", "consent_given")
    if any(e.get("scope") in granting and e.get("withdrawn_on") for e in entries):
        return ConsentDecision(
            False, f"consent for {purpose.value} was withdrawn", "consent_withdrawn"
        )
    if entries:
        scopes = ", ".join(sorted({str(e.get("scope")) for e in entries if _in_force(e, today)}))
        return ConsentDecision(
            False,
            f"consent covers only {scopes or 'nothing in force'}, not {purpose.value}",
            "consent_does_not_cover",
        )
    return ConsentDecision(False, "no consent recorded", "no_consent")


def material_may_be_used(
    people: Mapping[str, Iterable[Mapping[str, Any]]],
    purpose: Purpose,
    publishable_without_people: bool = False,
    on: date | None = None,
) -> ConsentDecision:
    """Material linked to `people` (ref → consent entries) may be used for `purpose`?

    Material linked to nobody goes into legal dossiers, and into exhibitions only once a
    curator marked it publishable.
    """
    if not people:
        if purpose in (Purpose.LEGAL_DOSSIER, Purpose.DOCUMENTATION):
            return ConsentDecision(True, "linked to no person", "no_person")
        if publishable_without_people:
            return ConsentDecision(True, "linked to no person; marked publishable", "publishable")
        return ConsentDecision(
            False, "linked to no person and not marked publishable", "not_publishable"
        )
    for ref, consent in sorted(people.items()):
        decision = person_consents_to(consent, purpose, on)
        if not decision.allowed:
            return ConsentDecision(False, f"{ref}: {decision.reason}", decision.code, ref)
    return ConsentDecision(True, "every person linked gave consent", "consent_given")
