"""The declaration of the person exporting an accountability dossier, and its check.

The declarant states, in fixed words, what the vault can vouch for (the exhibits are the
files as received and kept, the records as recorded) and what nobody exporting can (the
truth of what the files show, their history before receipt). The vault's identity key signs
the RFC 8785 canonical JSON of the declarant, the statement, and what names this dossier:
the case, the export's date, every exhibit's number and SHA-256, and the custody log's
checkpoint. The verifier takes those from the dossier's own manifest, never from the
declaration, so a declaration copied into another dossier, even one of the same vault and
case, does not verify. The object carries a `format` of its own, so its signature can be
taken for no other message the key signs (event hashes, checkpoint notes, minisign
digests).
"""

from __future__ import annotations

import base64
import binascii
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import nacl.exceptions
import nacl.signing

from evidence_app.crypto.identity import fingerprint
from evidence_app.custody.canonical import canonical_json
from evidence_app.export.dossier_words import language_of, localized
from evidence_app.kernel.errors import BadInput

FORMAT = "evidence-app/dossier-declaration"
MAX_LENGTH = 200  # characters per field: a name, a title, an organisation
# Control and format characters could hide or reorder what the PDF shows (U+202E turns text
# around); the zero-width (non-)joiners stay, as Persian and Indic names need them.
_JOINERS = {"\u200c", "\u200d"}

SIGNED_OVER = (
    "Ed25519 signature by the signer key over the RFC 8785 canonical JSON of "
    '{"format", "declarant", "date", "statement", "case", "exhibits": [{"number", "sha256"}], '
    '"checkpoint": {"size", "root_sha256"}}, where case, date (the manifest\'s "created"), '
    "exhibits and checkpoint are taken from this manifest"
)

# The statement's fixed words, signed in the dossier's language (export.dossier_words): what
# is signed is what the reader reads, and the manifest names the language.
STATEMENT = {
    "opening": "I, {name}, {role}{organisation}, make this declaration about the "
    "accountability dossier for case {case}, which I exported on {date} (UTC).",
    "organisation": ", of {organisation}",
    "vault": "1. I exported this dossier from the Evidence App vault whose identity key, "
    "with the SHA-256 fingerprint {fingerprint}, signs this declaration and the dossier.",
    "exhibits": "2. The dossier holds {count} exhibit files, each listed in manifest.json "
    "with its SHA-256. Each is, byte for byte, the file as it was received into that vault "
    "and kept there: when the dossier was written, the vault found each file's SHA-256 "
    "equal to the one recorded when the file was received.",
    "records": "3. The custody events, descriptions and records in this dossier are "
    "reproduced as they are recorded in the vault, up to its checkpoint of {size} custody "
    "events.",
    "limits": "4. I do not attest to the truth or accuracy of what any exhibit or record "
    "shows or states, to how a file was made or handled before it was received into the "
    "vault, or to the identity of any person or place it depicts. The provenance and "
    "custody recorded in this dossier are for the reader to weigh.",
    "scope": "5. Material of the case that may not be used for legal purposes is left out, "
    "as the dossier lists; this declaration covers only what the dossier contains.",
}


@dataclass(frozen=True)
class Declarant:
    """Who makes the declaration. Name and role are required; the organisation may be
    empty (an independent researcher)."""

    name: str
    role: str
    organisation: str = ""

    def checked(self) -> Declarant:
        """The fields tidied (spaces), or BadInput saying what is wrong."""
        fields = {}
        for what, value in (
            ("name", self.name),
            ("role", self.role),
            ("organisation", self.organisation),
        ):
            tidy = " ".join(unicodedata.normalize("NFC", value).split())
            if any(unicodedata.category(c).startswith("C") and c not in _JOINERS for c in tidy):
                raise BadInput(f"The declarant's {what} contains control characters.")
            if len(tidy) > MAX_LENGTH:
                raise BadInput(f"The declarant's {what} is longer than {MAX_LENGTH} characters.")
            fields[what] = tidy
        if not fields["name"] or not fields["role"]:
            raise BadInput(
                "A declaration needs the name and the role of the person exporting "
                "(the organisation may be left empty)."
            )
        return Declarant(**fields)

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "role": self.role, "organisation": self.organisation}


def statement_text(declarant: Declarant, manifest: dict[str, Any], key_fingerprint: str) -> str:
    words = localized(STATEMENT, language_of(manifest))
    organisation = (
        words["organisation"].format(organisation=declarant.organisation)
        if declarant.organisation
        else ""
    )
    opening = words["opening"].format(
        name=declarant.name,
        role=declarant.role,
        organisation=organisation,
        case=manifest["case"]["ref"],
        date=str(manifest["created"])[:10],
    )
    return "\n\n".join(
        [
            opening,
            words["vault"].format(fingerprint=key_fingerprint),
            words["exhibits"].format(count=len(manifest["exhibits"])),
            words["records"].format(size=manifest["checkpoint"]["size"]),
            words["limits"],
            words["scope"],
        ]
    )


def _signed_message(declaration: dict[str, Any], manifest: dict[str, Any]) -> bytes:
    """What the key signs: the declaration's own words, bound to `manifest`'s dossier."""
    checkpoint = manifest.get("checkpoint", {})
    return canonical_json(
        {
            "format": FORMAT,
            "declarant": declaration.get("declarant"),
            "date": manifest.get("created"),
            "statement": declaration.get("statement"),
            "case": manifest.get("case", {}).get("ref"),
            "exhibits": [
                {"number": exhibit.get("number"), "sha256": exhibit.get("sha256")}
                for exhibit in manifest.get("exhibits", [])
            ],
            "checkpoint": {
                "size": checkpoint.get("size"),
                "root_sha256": checkpoint.get("root_sha256"),
            },
        }
    )


def make_declaration(
    declarant: Declarant,
    manifest: dict[str, Any],
    sign: Callable[[bytes], bytes],
    public_key: bytes,
) -> dict[str, Any]:
    """The manifest's `declaration`; `manifest` is complete but for it. `sign` makes the
    raw Ed25519 signature by the key `public_key` names."""
    key_fingerprint = fingerprint(public_key)
    declaration: dict[str, Any] = {
        "declarant": declarant.to_json(),
        "date": manifest["created"],
        "statement": statement_text(declarant, manifest, key_fingerprint),
        "algorithm": "Ed25519",
        "key_fingerprint_sha256": key_fingerprint,
        "signed_over": SIGNED_OVER,
    }
    signature = sign(_signed_message(declaration, manifest))
    declaration["signature"] = base64.b64encode(signature).decode("ascii")
    return declaration


def declared_by(manifest: dict[str, Any]) -> dict[str, str] | None:
    """The declarant as the manifest names them (checked or not), None without a declaration."""
    declaration = manifest.get("declaration")
    if declaration is None:
        return None
    declarant = declaration.get("declarant") if isinstance(declaration, dict) else None
    if not isinstance(declarant, dict):
        declarant = {}
    return {key: str(declarant.get(key, "")) for key in ("name", "role", "organisation")}


def declaration_problems(manifest: dict[str, Any], public_key: bytes) -> list[str]:
    """Why the manifest's declaration does not hold, or nothing (also when there is none:
    a dossier may be exported without one, and its manifest's signature says so)."""
    declaration = manifest.get("declaration")
    if declaration is None:
        return []
    if not isinstance(declaration, dict):
        return ["the declaration in manifest.json is malformed"]
    declarant = declaration.get("declarant")
    if not isinstance(declarant, dict) or not all(
        isinstance(declarant.get(key), str) for key in ("name", "role", "organisation")
    ):
        return ["the declaration does not name its declarant's name, role and organisation"]
    if not isinstance(declaration.get("statement"), str):
        return ["the declaration carries no statement"]
    problems = []
    if declaration.get("key_fingerprint_sha256") != fingerprint(public_key):
        problems.append("the declaration names a signing key other than signer.pub")
    if declaration.get("date") != manifest.get("created"):
        problems.append("the declaration's date is not the date the dossier was exported")
    try:
        message = _signed_message(declaration, manifest)
    except (AttributeError, TypeError, ValueError):  # RFC 8785 refuses what JSON cannot hold
        return [*problems, "manifest.json is malformed, so the declaration cannot be checked"]
    try:
        signature = base64.b64decode(str(declaration.get("signature", "")), validate=True)
        nacl.signing.VerifyKey(public_key).verify(message, signature)
    except (binascii.Error, ValueError, nacl.exceptions.BadSignatureError):
        problems.append(
            f"the declaration by {declarant['name']!r} is not signed by the signer key for "
            "this dossier: its words were changed, or it was made for another dossier "
            "(another case, exhibit list or checkpoint)"
        )
    return problems
