"""`verify-dossier NEW --previous OLD`: NEW's custody log extends OLD's (RFC 6962 §2.1.2).

Each dossier's manifest carries, next to its checkpoint (size N), a consistency proof from
every earlier checkpoint its vault issued (size M < N). Given OLD's signed checkpoint, the
proof for OLD's size in NEW's manifest shows that NEW's first M events are exactly OLD's.
A vault copied and changed in two ways, or a catalog rolled back and written again, never
issued OLD's checkpoint in NEW's history, so NEW has no proof that leads to OLD's root.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evidence_app.custody.merkle import verify_consistency


@dataclass(frozen=True)
class EditionHead:
    """A verified dossier's signed checkpoint and signer."""

    fingerprint: str
    origin: str
    size: int
    root: bytes


def extension_problem(
    new: EditionHead, old: EditionHead, proofs: list[dict[str, Any]]
) -> str | None:
    """Why NEW does not extend OLD, or None when the consistency proof checks out."""
    if old.fingerprint != new.fingerprint:
        return (
            f"the previous edition was signed by another key ({old.fingerprint}), "
            f"not by this dossier's signer ({new.fingerprint})"
        )
    if old.origin != new.origin:
        return f"the previous edition's custody log is another log ({old.origin})"
    if old.size > new.size:
        return (
            f"this dossier is older than the previous edition: its custody log has {new.size} "
            f"events, the previous edition's {old.size} (swapped, or a rolled-back log)"
        )
    if old.size == new.size:
        if old.root == new.root:
            return None
        return f"the two editions sign different logs of {new.size} events (a fork)"
    matching = [entry for entry in proofs if entry.get("from_size") == old.size]
    if not matching:
        return (
            f"this dossier carries no consistency proof from the previous edition's checkpoint "
            f"({old.size} events): its log never issued that checkpoint (a fork, or a log "
            "rolled back and written again)"
        )
    try:
        proof = [bytes.fromhex(node) for node in matching[0]["proof"]]
    except (KeyError, TypeError, ValueError):
        return f"the consistency proof from {old.size} events is malformed"
    if not verify_consistency(old.size, new.size, old.root, new.root, proof):
        return (
            f"the custody log does not extend the previous edition's: its first {old.size} "
            "events differ from the ones the previous edition signed (a fork or a rewritten "
            "history)"
        )
    return None
