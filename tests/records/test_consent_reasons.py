"""Why material is in or out, as a stable code with parameters and as a plain sentence that
never shows a code: the trial found a willing witness's testimony left out of the court
dossier with only "consent covers only public_anonymous, not legal" as the reason."""

from __future__ import annotations

import re
from datetime import date

import pytest

from evidence_app.export.selection import Omission
from evidence_app.records.consent import (
    SCOPES,
    ConsentDecision,
    Purpose,
    material_may_be_used,
    person_consents_to,
)
from evidence_app.records.reasons import TEMPLATES, Reason, sentence

DAY = date(2026, 3, 1)
RAW_CODES = re.compile(
    "|".join([*(rf"\b{s}\b" for s in SCOPES), *(r.value for r in Reason if "_" in r.value)])
)


def entry(scope: str, given: str = "2026-01-05", withdrawn: str | None = None) -> dict[str, object]:
    return {"scope": scope, "given_on": given, "withdrawn_on": withdrawn}


def sample_params(code: Reason) -> dict[str, object]:
    return {
        "wanted": "legal",
        "given": ["internal", "public_anonymous", "public_named"],
        "person": "p-017",
        "media_type": "text/plain",
        "error": "the picture cannot be decoded",
    }


def test_public_anonymous_alone_says_in_words_that_courts_are_not_covered() -> None:
    decision = person_consents_to([entry("public_anonymous")], Purpose.LEGAL_DOSSIER, DAY)
    assert decision == ConsentDecision(
        False, Reason.CONSENT_DOES_NOT_COVER, ("public_anonymous",), "legal"
    )
    assert decision.reason == (
        "Consent given only for public use without the name; not for courts and investigators."
    )


@pytest.mark.parametrize(
    ("consent", "purpose", "code"),
    [
        ([], Purpose.LEGAL_DOSSIER, Reason.NO_CONSENT),
        ([entry("legal", withdrawn="2026-02-01")], Purpose.LEGAL_DOSSIER, Reason.CONSENT_WITHDRAWN),
        ([entry("legal", given="2026-04-01")], Purpose.LEGAL_DOSSIER, Reason.NO_CONSENT_IN_FORCE),
        ([entry("legal")], Purpose.LEGAL_DOSSIER, Reason.CONSENT_GIVEN),
        ([entry("public_named")], Purpose.ANONYMOUS_EXHIBITION, Reason.CONSENT_GIVEN),
        ([entry("legal")], Purpose.NAMING, Reason.CONSENT_DOES_NOT_COVER),
    ],
)
def test_each_decision_carries_its_code_and_the_purpose_wanted(
    consent: list[dict[str, object]], purpose: Purpose, code: Reason
) -> None:
    decision = person_consents_to(consent, purpose, DAY)
    assert decision.reason_code is code and decision.wanted == purpose.value
    assert decision.allowed is (code is Reason.CONSENT_GIVEN)


def test_material_names_the_person_who_refused_and_only_the_sentence_reaches_a_dossier() -> None:
    people = {"p-1": [entry("legal")], "p-2": [entry("public_anonymous")]}
    decision = material_may_be_used(people, Purpose.LEGAL_DOSSIER, on=DAY)
    assert not decision.allowed and decision.person == "p-2"
    omission = Omission("exhibit", "ab" * 32, "cell.jpg (abababababab)", **_why(decision))
    assert omission.detail.startswith("cell.jpg (abababababab): p-2: Consent given only for")
    assert "p-2" not in omission.reason and "cell.jpg" not in omission.reason
    assert omission.to_json() == {  # the code for other languages, never the person
        "kind": "exhibit",
        "reason": omission.reason,
        "code": "consent_does_not_cover",
        "params": {"given": ["public_anonymous"], "wanted": "legal"},
        "decided_by_person": True,
    }
    assert material_may_be_used({}, Purpose.LEGAL_DOSSIER).reason_code is Reason.NO_PERSON
    unlinked = material_may_be_used({}, Purpose.ANONYMOUS_EXHIBITION)
    assert unlinked.reason_code is Reason.NOT_PUBLISHABLE and not unlinked.allowed


def _why(decision: ConsentDecision) -> dict[str, object]:
    return {"code": decision.reason_code, "params": decision.params}


@pytest.mark.parametrize("code", list(Reason))
def test_every_code_has_a_sentence_without_any_code_in_it(code: Reason) -> None:
    assert code in TEMPLATES
    text = sentence(code, sample_params(code))
    assert text and text[0].isupper() and not RAW_CODES.search(text), text
    assert "{" not in text and "p-017" not in text  # the person is named beside, not inside


def test_sentences_can_be_rendered_in_another_language_through_a_translation() -> None:
    words = {
        "Consent for {wanted} was withdrawn.": "Согласие {wanted} отозвано.",
        "courts and investigators": "для судов и следствия",
    }
    shown = sentence(Reason.CONSENT_WITHDRAWN, {"wanted": "legal"}, lambda s: words.get(s, s))
    assert shown == "Согласие для судов и следствия отозвано."
