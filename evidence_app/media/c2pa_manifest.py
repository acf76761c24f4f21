"""Reading and validating a file's C2PA manifest (Content Credentials) with c2pa-python.

The bytes are handed to the library from memory; nothing is written anywhere, and nothing
is fetched: remote manifests and OCSP answers stay unfetched, so ingest never tells a
server which file a researcher holds.

What the statuses mean:
- `valid`: the manifest is intact, matches the file's bytes, and its signing certificate
  chains to a trust anchor given to `read_c2pa`. The application configures no trust list,
  so at ingest no manifest is `valid`.
- `unknown_key`: the manifest is intact and matches the file's bytes (every hash and the
  claim signature check), but nobody we trust vouches for the certificate: its subject
  ("Nikon", "Truepic"…) is what the signer chose to write in it.
- `invalid`: the library found failures: bytes changed after signing, a signature that does
  not verify, a certificate unfit for signing… each failure's code is kept.
- `unreadable`: the file looks like it carries a manifest but it could not be parsed.
"""

from __future__ import annotations

import io
import json
import threading
from dataclasses import dataclass, field
from typing import Any, Final

import c2pa  # type: ignore[import-untyped]

from evidence_app.media.c2pa_presence import C2PA_READABLE_TYPES, carries_c2pa

# The only failure an intact manifest signed by an unknown certificate shows.
_UNTRUSTED: Final = "signingCredential.untrusted"
_NO_NETWORK: Final = {"verify": {"remote_manifest_fetch": False, "ocsp_fetch": False}}
_MAX_PROBLEM_CHARS: Final = 300

_contexts: dict[str, c2pa.Context] = {}
_contexts_lock = threading.Lock()


@dataclass(frozen=True)
class C2paReading:
    """What reading one manifest store found: a status and the summary kept in the catalog."""

    status: str  # valid | invalid | unknown_key | unreadable
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def note(self) -> str | None:
        """A line for the item's notes when the manifest could not be read at all."""
        if self.status != "unreadable":
            return None
        return f"The file carries a C2PA manifest that could not be read: {self.summary['problem']}"


def check_c2pa(
    data: bytes, media_type: str, notes: list[str], trust_anchors: str = ""
) -> C2paReading | None:
    """The file's C2PA manifest, read and validated; None when it carries none (cheaply).
    A manifest that cannot be read is said in `notes`, the item's notes.

    `trust_anchors`: PEM certificates whose signers count as known; none by default."""
    if media_type not in C2PA_READABLE_TYPES or not carries_c2pa(data, media_type):
        return None
    reading = read_c2pa(data, media_type, trust_anchors)
    if reading.note is not None:
        notes.append(reading.note)
    return reading


def note_unchecked_c2pa(head: bytes, media_type: str, notes: list[str]) -> None:
    """For a file too large to hold in memory: says when its first bytes show a manifest
    that was left unchecked, rather than letting its absence from the item pass for none."""
    if media_type in C2PA_READABLE_TYPES and carries_c2pa(head, media_type):
        notes.append(
            "The file carries a C2PA manifest that was not checked: files this large are "
            "stored without reading it."
        )


def read_c2pa(data: bytes, media_type: str, trust_anchors: str = "") -> C2paReading:
    try:
        reader = c2pa.Reader(media_type, io.BytesIO(data), context=_context(trust_anchors))
    except c2pa.C2paError.ManifestNotFound:
        return _unreadable("its marker is there, but no manifest store could be found in it.")
    except c2pa.C2paError as error:
        return _unreadable(str(error))
    with reader:
        try:
            store = json.loads(reader.json())
        except (c2pa.C2paError, ValueError) as error:
            return _unreadable(str(error))
        certificate = _certificate_info(reader, store.get("active_manifest"))
    return _reading_of(store, certificate, trusting=bool(trust_anchors))


def _certificate_info(reader: c2pa.Reader, label: object) -> dict[str, Any]:
    """The signing certificate's subject, issuer and validity: only the standard JSON form
    (crJSON) names the issuer; the plain one gives the subject's organisation alone."""
    try:
        manifests = json.loads(reader.crjson()).get("manifests") or []
    except (c2pa.C2paError, ValueError, AttributeError):
        return {}
    for manifest in manifests:
        if isinstance(manifest, dict) and manifest.get("label") == label:
            info = (manifest.get("signature") or {}).get("certificateInfo")
            return info if isinstance(info, dict) else {}
    return {}


def _distinguished_name(parts: object) -> str | None:
    if not isinstance(parts, dict) or not parts:
        return None
    return ", ".join(f"{key}={value}" for key, value in parts.items())


def _context(trust_anchors: str) -> c2pa.Context:
    with _contexts_lock:
        context = _contexts.get(trust_anchors)
        if context is None:
            settings: dict[str, Any] = dict(_NO_NETWORK)
            if trust_anchors:
                settings["trust"] = {"trust_anchors": trust_anchors}
            context = c2pa.Context(settings=c2pa.Settings.from_dict(settings))
            _contexts[trust_anchors] = context
        return context


def _unreadable(problem: str) -> C2paReading:
    return C2paReading("unreadable", {"problem": problem.strip()[:_MAX_PROBLEM_CHARS]})


def _reading_of(store: dict[str, Any], certificate: dict[str, Any], trusting: bool) -> C2paReading:
    state = str(store.get("validation_state") or "")
    failures = [
        {"code": str(entry.get("code")), "explanation": str(entry.get("explanation") or "")}
        for entry in store.get("validation_status") or []
    ]
    codes = {failure["code"] for failure in failures}
    if state == "Trusted" and not codes:
        status = "valid"
    elif state in ("Valid", "Trusted") and codes <= {_UNTRUSTED}:
        status = "unknown_key"
    else:
        status = "invalid"
    manifests = store.get("manifests") or {}
    active = manifests.get(store.get("active_manifest")) or {}
    signature = active.get("signature_info") or {}
    summary = {
        "validation_state": state or None,
        "trust_list": trusting,
        "claim_generator": _claim_generator(active),
        "signer": {
            "common_name": signature.get("common_name"),
            "organisation": signature.get("issuer"),  # the library's "issuer" is the subject's O
            "subject": _distinguished_name(certificate.get("subject")),
            "issuer": _distinguished_name(certificate.get("issuer")),
            "serial_number": certificate.get("serialNumber"),
            "valid_from": (certificate.get("validity") or {}).get("notBefore"),
            "valid_until": (certificate.get("validity") or {}).get("notAfter"),
            "algorithm": signature.get("alg"),
        },
        # Only a timestamp authority's time is a signing time; without one there is none.
        "signed_at": signature.get("time"),
        "title": active.get("title"),
        "actions": _actions(active),
        "ingredients": [
            {
                "title": ingredient.get("title"),
                "format": ingredient.get("format"),
                "relationship": ingredient.get("relationship"),
            }
            for ingredient in active.get("ingredients") or []
        ],
        "manifests": len(manifests),
        "failures": failures,
    }
    if not active:
        summary["problem"] = "The manifest store names no active manifest."
    return C2paReading(status, summary)


def _claim_generator(manifest: dict[str, Any]) -> str | None:
    for info in manifest.get("claim_generator_info") or []:
        if isinstance(info, dict) and info.get("name"):
            return " ".join(str(part) for part in (info["name"], info.get("version")) if part)
    legacy = manifest.get("claim_generator")  # C2PA 1.x's free-text form
    return str(legacy) if legacy else None


def _agent(agent: Any) -> str | None:
    if isinstance(agent, dict):
        name = " ".join(str(part) for part in (agent.get("name"), agent.get("version")) if part)
        return name or None
    return str(agent) if agent else None


def _actions(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for assertion in manifest.get("assertions") or []:
        if not str(assertion.get("label", "")).startswith("c2pa.actions"):
            continue
        for action in (assertion.get("data") or {}).get("actions") or []:
            found.append(
                {
                    "action": action.get("action"),
                    "software_agent": _agent(action.get("softwareAgent")),
                    "when": action.get("when"),
                    "digital_source_type": action.get("digitalSourceType"),
                }
            )
    return found
