"""Custody events carried outside the vault, each provable on its own.

An exported event holds its signed body, `hash`, `signature` and an RFC 9162 inclusion
proof in the tree of a signed checkpoint. Anyone with the signer's public key can check
that the event is the one that was signed and that it sits in the log the checkpoint
commits to: nothing here needs the vault.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

import nacl.exceptions
import nacl.signing

from evidence_app.custody.canonical import canonical_json
from evidence_app.custody.merkle import (
    consistency_proofs,
    inclusion_proofs,
    leaf_hash,
    verify_inclusion,
)

_PROOF_FIELDS = ("hash", "signature", "leaf_index", "inclusion_proof")


def with_inclusion_proofs(
    events: Iterable[dict[str, Any]], leaves: Sequence[bytes]
) -> list[dict[str, Any]]:
    """Each event (as `event_json` gives it) with its proof in the tree of `leaves`."""
    listed = list(events)
    indices = [int(event["seq"]) - 1 for event in listed]
    return [
        {**event, "leaf_index": index, "inclusion_proof": [node.hex() for node in proof]}
        for event, index, proof in zip(
            listed, indices, inclusion_proofs(leaves, indices), strict=True
        )
    ]


def consistency_from(leaves: Sequence[bytes], old_sizes: Iterable[int]) -> list[dict[str, Any]]:
    """Consistency proofs from each earlier tree size to the tree of `leaves`, as a dossier
    carries them: whoever holds an earlier checkpoint of the log can check that this tree
    extends it."""
    sizes = sorted({size for size in old_sizes if 0 < size < len(leaves)})
    return [
        {"from_size": size, "proof": [node.hex() for node in proof]}
        for size, proof in zip(sizes, consistency_proofs(leaves, sizes), strict=True)
    ]


def exported_event_problem(
    event: dict[str, Any], verify_key: nacl.signing.VerifyKey, tree_size: int, root: bytes
) -> str | None:
    """Why an exported event cannot be trusted, or None when it checks out."""
    try:
        body = {key: value for key, value in event.items() if key not in _PROOF_FIELDS}
        digest = hashlib.sha256(canonical_json(body)).hexdigest()
        if digest != event["hash"]:
            return "its content does not match its hash (it was edited)"
        try:
            verify_key.verify(bytes.fromhex(digest), base64.b64decode(event["signature"]))
        except (nacl.exceptions.BadSignatureError, binascii.Error, ValueError):
            return "its signature is not valid for the signer key"
        index = int(event["leaf_index"])
        if index != int(event["seq"]) - 1:
            return "its position in the log does not match its number"
        proof = [bytes.fromhex(node) for node in event["inclusion_proof"]]
        leaf = leaf_hash(bytes.fromhex(digest))
        if not verify_inclusion(leaf, index, tree_size, proof, root):
            return f"its inclusion proof does not lead to the checkpoint's root (size {tree_size})"
    except (KeyError, TypeError, ValueError) as error:
        return f"it is malformed ({error.__class__.__name__}: {error})"
    return None
