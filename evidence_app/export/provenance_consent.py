"""People named in a provenance chain, under the same consent rule as people linked to an
exhibit (DESIGN §5): only someone whose consent allows legal use appears in the court dossier
by their pseudonym.

Who captured a file and who held it before it was received are not what the exhibit shows,
so their refusal does not keep the exhibit out (the chain would otherwise decide what a
court may see); it keeps them out of it. Such a person stays in the chain as a step, since a
gap would misstate the custody, but is given only by their ref, with why they are not named
(`not_named`: the consent decision's code and parameters, as `omitted` gives them). The ref
is what the signed receipt event holds anyway (Appendix A prints it); it names nobody
outside the vault, and lets the organisation produce the person if a court so orders.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from evidence_app.records.consent import Purpose, person_consents_to
from evidence_app.records.reasons import sentence

# The chain's parties, as the export report names them.
ROLES = {"captured_by": "who captured it", "custodians": "a prior custodian"}


def shown_party(
    party: dict[str, Any],
    pseudonyms: dict[str, str],
    consent_of: Callable[[str], list[dict[str, Any]]],
) -> dict[str, Any]:
    """A party of the chain as the dossier gives it: a person with legal consent with their
    pseudonym, a person without it by ref and why; a name typed as free text as it is."""
    ref = party.get("person")
    if not ref:
        return party
    decision = person_consents_to(consent_of(ref), Purpose.LEGAL_DOSSIER)
    if decision.allowed:
        return {**party, "pseudonym": pseudonyms.get(ref, ref)}
    return {**party, "not_named": {"code": decision.reason_code.value, "params": decision.params}}


def unnamed_in_provenance(exhibits: Iterable[tuple[str, list[dict[str, Any]]]]) -> list[str]:
    """For the person exporting: each person of a chain the dossier does not name, and why
    (`exhibits`: each exhibit's number and its manifest provenance)."""
    lines = []
    for number, receipts in exhibits:
        for receipt in receipts:
            parties = [("captured_by", receipt.get("captured_by") or {})]
            parties += [("custodians", custodian) for custodian in receipt.get("custodians", [])]
            for role, party in parties:
                if withheld := party.get("not_named"):
                    why = sentence(withheld["code"], withheld["params"])
                    lines.append(
                        f"Exhibit {number}: {party['person']} ({ROLES[role]}) is not named "
                        f"in the dossier: {why}"
                    )
    return lines
