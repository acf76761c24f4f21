"""A ProofMode check said in one line, in the interface's or the dossier's language.

The English sentences are the keys of the translation catalogs (kernel.catalogs), so the
item view and the dossier say the same thing in the same words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from evidence_app.media.proofmode_check import REASONS

LABEL = "ProofMode"
_LINES = {
    "valid": "Signature valid, key {key}",
    "invalid": "Not valid: {reason}",
    "unknown_key": "Signatures not checked: {reason}",
}
_UNREADABLE = "Could not be read"


def proofmode_line(
    summary: Mapping[str, Any], translate: Callable[[str], str], short_key: bool = True
) -> str:
    """The result of one check (an `item_credentials` summary): status, reason or key."""
    status = str(summary.get("status") or "")
    template = _LINES.get(status)
    if template is None:
        return translate(_UNREADABLE)
    reason = REASONS.get(str(summary.get("reason") or ""), "")
    return translate(template).format(
        key=key_text(summary.get("key_fingerprint"), short_key),
        reason=translate(reason).rstrip("."),
    )


def key_text(fingerprint: object, short: bool) -> str:
    """A fingerprint in groups of four, as OpenPGP tools print it; the first 16 when short."""
    text = str(fingerprint or "").upper()
    if not text:
        return "—"
    shown = text[:16] if short else text
    grouped = " ".join(shown[i : i + 4] for i in range(0, len(shown), 4))
    return grouped + ("…" if short and len(text) > 16 else "")
