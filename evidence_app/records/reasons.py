"""Why material may or may not go into a dossier: a stable code with its parameters, and the
plain sentence a person reads.

Codes and parameters are what programs keep and compare (the case overview, the interface,
tests); sentences are for people and never show a code. The CLI prints the English sentence;
the interface renders the same templates through its own translations (`sentence(…, tr)`),
so every template and every purpose word below is a key of the translation catalogs.

Parameters: `wanted` (the scope a dossier needs), `given` (the scopes in force, in SCOPES
order), `person` (the ref of the person whose consent decided; left out of sentences meant
for a dossier), `media_type`, `error`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any


class Reason(StrEnum):
    # Allowed.
    CONSENT_GIVEN = "consent_given"
    NO_PERSON = "no_person"
    PUBLISHABLE = "publishable"
    EVERYONE_CONSENTED = "everyone_consented"
    # Refused by a person's consent.
    NO_CONSENT = "no_consent"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    CONSENT_DOES_NOT_COVER = "consent_does_not_cover"
    NO_CONSENT_IN_FORCE = "no_consent_in_force"
    # Refused for other reasons.
    NOT_PUBLISHABLE = "not_publishable"
    SOURCE_LEFT_OUT = "source_left_out"
    NOT_A_PHOTO = "not_a_photo"
    NO_EXCERPT = "no_excerpt"
    CANNOT_BE_REDACTED = "cannot_be_redacted"


# The refusals that a person's consent decides, and that a change of consent can undo.
CONSENT_REFUSALS = frozenset(
    {
        Reason.NO_CONSENT,
        Reason.CONSENT_WITHDRAWN,
        Reason.CONSENT_DOES_NOT_COVER,
        Reason.NO_CONSENT_IN_FORCE,
    }
)

# What each scope allows, as it fits "for …" in a sentence.
PURPOSE_WORDS = {
    "internal": "the organisation's own documentation",
    "legal": "courts and investigators",
    "public_anonymous": "public use without the name",
    "public_named": "public use with the name",
}
UNKNOWN_PURPOSE = "unknown use"  # a scope from a newer version of the format

TEMPLATES = {
    Reason.CONSENT_GIVEN: "Consent given for {wanted}.",
    Reason.NO_PERSON: "Linked to no person.",
    Reason.PUBLISHABLE: "Linked to no person; marked publishable.",
    Reason.EVERYONE_CONSENTED: "Every person linked to it gave consent.",
    Reason.NO_CONSENT: "No consent is recorded.",
    Reason.CONSENT_WITHDRAWN: "Consent for {wanted} was withdrawn.",
    Reason.CONSENT_DOES_NOT_COVER: "Consent given only for {given}; not for {wanted}.",
    Reason.NO_CONSENT_IN_FORCE: "No consent is in force; none for {wanted}.",
    Reason.NOT_PUBLISHABLE: "Linked to no person and not marked publishable.",
    Reason.SOURCE_LEFT_OUT: "A testimony it rests on is left out.",
    Reason.NOT_A_PHOTO: "Not a photo ({media_type}); exhibitions show only redacted photos.",
    Reason.NO_EXCERPT: "No excerpt was chosen for publication.",
    Reason.CANNOT_BE_REDACTED: "It cannot be redacted: {error}",
}


def _same(text: str) -> str:
    return text


def purpose_words(scope: str, translate: Callable[[str], str] = _same) -> str:
    return translate(PURPOSE_WORDS.get(scope, UNKNOWN_PURPOSE))


def sentence(code: str, params: Mapping[str, Any], translate: Callable[[str], str] = _same) -> str:
    """The reason in words, without any code; `translate` gives it in another language."""
    given = [str(scope) for scope in params.get("given", ())]
    return translate(TEMPLATES[Reason(code)]).format(
        wanted=purpose_words(str(params.get("wanted", "")), translate),
        given=", ".join(purpose_words(scope, translate) for scope in given),
        media_type=params.get("media_type", ""),
        error=params.get("error", ""),
    )
