"""Consent per purpose (DESIGN §5) and the one rule that decides whether material may be used.

Scopes: `internal` (documentation only; implied by any other), `legal` (courts, prosecutors,
UN mechanisms), `public_anonymous` (shown publicly without anything identifying),
`public_named` (shown with the name; implies `public_anonymous`). `legal` and the public
scopes are independent. Material may be used for a purpose only while a matching entry is
given and not withdrawn, for every person it is linked to.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import Enum
from typing import Any

from evidence_app.records.reasons import Reason, sentence

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
    """Whether material may be used, with why as a code and its parameters (records.reasons)."""

    allowed: bool
    reason_code: Reason
    given_scopes: tuple[str, ...] = ()  # the scopes in force that day, in SCOPES order
    wanted: str | None = None  # the scope the purpose needs
    person: str | None = None  # whose consent refused it, for material linked to people

    @property
    def params(self) -> dict[str, Any]:
        params: dict[str, Any] = {"given": list(self.given_scopes)}
        if self.wanted is not None:
            params["wanted"] = self.wanted
        if self.person is not None:
            params["person"] = self.person
        return params

    @property
    def reason(self) -> str:
        """The plain English sentence, without codes and without the person."""
        return sentence(self.reason_code, self.params)


def _in_force(entry: Mapping[str, Any], today: str) -> bool:
    given, withdrawn = entry.get("given_on"), entry.get("withdrawn_on")
    if not given or str(given) > today:
        return False
    return not withdrawn or str(withdrawn) > today


def scopes_in_force(
    consent: Iterable[Mapping[str, Any]], on: date | None = None
) -> tuple[str, ...]:
    today = (on or date.today()).isoformat()
    in_force = {e.get("scope") for e in consent if _in_force(e, today)}
    return tuple(scope for scope in SCOPES if scope in in_force)


def person_consents_to(
    consent: Iterable[Mapping[str, Any]], purpose: Purpose, on: date | None = None
) -> ConsentDecision:
    """Whether one person's consent entries allow `purpose` on the given day (today)."""
    today = (on or date.today()).isoformat()
    entries = list(consent)
    granting = _GRANTED_BY[purpose]
    given = scopes_in_force(entries, on)
    if any(e.get("scope") in granting and _in_force(e, today) for e in entries):
        return ConsentDecision(True, Reason.CONSENT_GIVEN, given, purpose.value)
    if any(e.get("scope") in granting and e.get("withdrawn_on") for e in entries):
        return ConsentDecision(False, Reason.CONSENT_WITHDRAWN, given, purpose.value)
    if given:
        return ConsentDecision(False, Reason.CONSENT_DOES_NOT_COVER, given, purpose.value)
    if entries:
        return ConsentDecision(False, Reason.NO_CONSENT_IN_FORCE, given, purpose.value)
    return ConsentDecision(False, Reason.NO_CONSENT, given, purpose.value)


def material_may_be_used(
    people: Mapping[str, Iterable[Mapping[str, Any]]],
    purpose: Purpose,
    publishable_without_people: bool = False,
    on: date | None = None,
) -> ConsentDecision:
    """Material linked to `people` (ref → consent entries) may be used for `purpose`?

    Material linked to nobody goes into legal dossiers, and into exhibitions only once a
    curator marked it publishable. A refusal names the first person (by ref) who refused.
    """
    if not people:
        if purpose in (Purpose.LEGAL_DOSSIER, Purpose.DOCUMENTATION):
            return ConsentDecision(True, Reason.NO_PERSON, wanted=purpose.value)
        if publishable_without_people:
            return ConsentDecision(True, Reason.PUBLISHABLE, wanted=purpose.value)
        return ConsentDecision(False, Reason.NOT_PUBLISHABLE, wanted=purpose.value)
    for ref, consent in sorted(people.items()):
        decision = person_consents_to(consent, purpose, on)
        if not decision.allowed:
            return replace(decision, person=ref)
    return ConsentDecision(True, Reason.EVERYONE_CONSENTED, wanted=purpose.value)
