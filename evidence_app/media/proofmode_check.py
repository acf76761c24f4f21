"""Checking what a ProofMode bundle says about one media file in it, with OpenPGP.

A media file is `valid` when its SHA-256 is the one its proof was made for and every
signature the bundle carries for it (the media's, the proof JSON's and CSV's) verifies with
the bundle's own public key; `invalid` when a hash differs or a signature fails (the reason
says which); `unknown_key` when nothing can be checked: no key, an unreadable key, or no
signature. A key inside the bundle proves the files were not changed since they were signed
by that key, not who holds it: the fingerprint is shown so a person can compare it.

Signatures are verified by pysequoia (Sequoia-PGP). Its error messages carry a native
backtrace, so none of them is passed on; the reasons here are the app's own words.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from typing import Any, Literal

import pysequoia

from evidence_app.media.proofmode_bundle import ProofModeBundle

Status = Literal["valid", "invalid", "unknown_key"]
Signature = Literal["valid", "failed", "absent", "not_checked"]

# The proof's own fields shown beside the result. Device identifiers, network addresses
# and cell towers stay in the bundle, which is kept byte for byte: they identify the
# phone, and with it the person who filmed.
SHOWN_FIELDS = (
    "File Hash SHA256",
    "File Path",
    "File Created",
    "File Modified",
    "Proof Generated",
    "Location.Latitude",
    "Location.Longitude",
    "Location.Altitude",
    "Location.Accuracy",
    "Location.Provider",
    "Location.Time",
    "Manufacturer",
    "Hardware",
    "Notes",
)
_MAX_PROOF_FIELD = 400

REASONS = {
    "hash_mismatch": "The file's SHA-256 is not the one its proof was made for.",
    "signature_failed": "A signature does not verify with the bundle's key.",
    "no_proof": "No proof in the bundle names this file.",
    "no_key": "The bundle carries no public key to check the signatures with.",
    "unreadable_key": "The bundle's public key cannot be read.",
    "unsigned": "Nothing in the bundle is signed for this file.",
}


@dataclass(frozen=True)
class ProofModeCheck:
    status: Status
    reason: str | None  # a key of REASONS; None when valid
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def fingerprint(self) -> str | None:
        found = self.summary.get("key_fingerprint")
        return str(found) if found else None


def check_media(bundle: ProofModeBundle, name: str, data: bytes) -> ProofModeCheck:
    """The check of the media file `name` (bytes `data`) against the bundle's proof."""
    actual = hashlib.sha256(data).hexdigest()
    proof_hash = _proof_hash_for(bundle, name, actual)
    checked: dict[str, Any] = {"media_sha256": actual}
    summary: dict[str, Any] = {"media_name": name, "checked": checked}
    if proof_hash is None:
        return _result("invalid", "no_proof", summary)
    proof_files = bundle.proofs[proof_hash]
    fields = _proof_fields(proof_files)
    summary["proof_hash"] = proof_hash
    summary["proof"] = {
        key: fields[key][:_MAX_PROOF_FIELD] for key in SHOWN_FIELDS if key in fields
    }
    claimed = fields.get("File Hash SHA256", proof_hash).strip().lower()
    checked["hash"] = "match" if actual == proof_hash == claimed else "mismatch"
    checked["opentimestamps"] = (
        "present, not checked" if proof_hash in bundle.timestamped else "absent"
    )
    media_signature = bundle.signature_for(proof_hash) or bundle.signature_for(name)
    signed = {"media_signature": (data, media_signature)}
    for kind in sorted(proof_files):
        signature = bundle.signature_for(f"{proof_hash}.proof.{kind}")
        signed[f"proof_{kind}_signature"] = (proof_files[kind], signature)
    cert = _certificate(bundle.public_key)
    if isinstance(cert, pysequoia.Cert):
        summary["key_fingerprint"] = cert.fingerprint.upper()
        summary["key_user_ids"] = [str(uid) for uid in cert.user_ids][:4]
    for label, (content, signature) in signed.items():
        checked[label] = _verify(content, signature, cert)
    if checked["hash"] == "mismatch":
        return _result("invalid", "hash_mismatch", summary)
    if bundle.public_key is None:
        return _result("unknown_key", "no_key", summary)
    if cert is None:
        return _result("unknown_key", "unreadable_key", summary)
    outcomes = [checked[label] for label in signed]
    if "failed" in outcomes:
        return _result("invalid", "signature_failed", summary)
    if "valid" not in outcomes:
        return _result("unknown_key", "unsigned", summary)
    return _result("valid", None, summary)


def _result(status: Status, reason: str | None, summary: dict[str, Any]) -> ProofModeCheck:
    summary["status"] = status
    summary["reason"] = reason
    return ProofModeCheck(status, reason, summary)


def _proof_hash_for(bundle: ProofModeBundle, name: str, actual: str) -> str | None:
    """The proof made for this file: by its hash, or (when the file was changed since) by
    the name the proof records, or the bundle's only proof when it has one file."""
    if actual in bundle.proofs:
        return actual
    for proof_hash, files in bundle.proofs.items():
        recorded = _proof_fields(files).get("File Path", "")
        if recorded and recorded.replace("\\", "/").rsplit("/", 1)[-1] == name:
            return proof_hash
    if len(bundle.proofs) == 1 and len(bundle.media) == 1:
        return next(iter(bundle.proofs))
    return None


def _proof_fields(files: dict[str, bytes]) -> dict[str, str]:
    """The proof as field → text: from its JSON, else from its CSV (a header, one row)."""
    if "json" in files:
        try:
            parsed = json.loads(files["json"].decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            parsed = None
        if isinstance(parsed, dict):
            return {str(key): str(value) for key, value in parsed.items()}
    if "csv" in files:
        text = files["csv"].decode("utf-8", errors="replace")
        rows = list(csv.reader(io.StringIO(text)))
        if len(rows) >= 2:
            return {key.strip(): value for key, value in zip(rows[0], rows[1], strict=False)}
    return {}


def _certificate(armored: bytes | None) -> pysequoia.Cert | None:
    if armored is None:
        return None
    try:
        return pysequoia.Cert.from_bytes(armored)
    except (RuntimeError, ValueError):
        return None


def _verify(content: bytes, signature: bytes | None, cert: pysequoia.Cert | None) -> Signature:
    if signature is None:
        return "absent"
    if cert is None:
        return "not_checked"  # nothing to check it with; the status says why
    try:
        parsed = pysequoia.Sig.from_bytes(signature)
        result = pysequoia.verify(bytes=content, store=lambda _ids: [cert], signature=parsed)
    except (RuntimeError, ValueError):
        return "failed"
    return "valid" if result.valid_sigs else "failed"
