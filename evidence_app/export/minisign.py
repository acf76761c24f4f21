"""Signatures that the stock `minisign` tool verifies, made with the vault's Ed25519 key.

Formats (minisign 0.9+):
- public key: `untrusted comment: …` then base64("Ed" ‖ key id (8 bytes) ‖ public key);
- signature: `untrusted comment: …`, base64("ED" ‖ key id ‖ Ed25519(BLAKE2b-512(file))),
  `trusted comment: …`, base64(Ed25519(signature ‖ trusted comment)). The second signature
  binds the trusted comment, so it cannot be changed either.

The key id is the first 8 bytes of SHA-256 of the public key, so the same vault always
presents the same id.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import nacl.exceptions
import nacl.signing

_KEY_ALGORITHM = b"Ed"
_PREHASHED = b"ED"


class MinisignError(ValueError):
    pass


def key_id(public_key: bytes) -> bytes:
    return hashlib.sha256(public_key).digest()[:8]


def key_id_text(public_key: bytes) -> str:
    """The id as minisign prints it: the 8 bytes as a little-endian number in hex."""
    return key_id(public_key)[::-1].hex().upper()


def public_key_file(public_key: bytes) -> str:
    blob = base64.b64encode(_KEY_ALGORITHM + key_id(public_key) + public_key).decode("ascii")
    return f"untrusted comment: minisign public key {key_id_text(public_key)}\n{blob}\n"


def prehash(chunks: Iterable[bytes]) -> bytes:
    """BLAKE2b-512 of a file read in chunks: what a prehashed ("ED") signature signs, so
    files of any size are signed and checked without holding them in memory."""
    digest = hashlib.blake2b(digest_size=64)
    for chunk in chunks:
        digest.update(chunk)
    return digest.digest()


def sign(
    message: bytes, sign: Callable[[bytes], bytes], public_key: bytes, trusted_comment: str
) -> str:
    return sign_prehashed(prehash([message]), sign, public_key, trusted_comment)


def sign_prehashed(
    digest: bytes, sign: Callable[[bytes], bytes], public_key: bytes, trusted_comment: str
) -> str:
    """`sign` makes the raw Ed25519 signature by the key `public_key` names."""
    if "\n" in trusted_comment or "\r" in trusted_comment:
        raise MinisignError("a trusted comment is one line")
    signature = sign(digest)
    global_signature = sign(signature + trusted_comment.encode("utf-8"))
    line = base64.b64encode(_PREHASHED + key_id(public_key) + signature).decode("ascii")
    return (
        f"untrusted comment: signature from evidence-app key {key_id_text(public_key)}\n"
        f"{line}\n"
        f"trusted comment: {trusted_comment}\n"
        f"{base64.b64encode(global_signature).decode('ascii')}\n"
    )


def _decode(line: str, length: int, what: str) -> bytes:
    try:
        raw = base64.b64decode(line.strip(), validate=True)
    except binascii.Error:
        raise MinisignError(f"the {what} is not valid base64") from None
    if len(raw) != length:
        raise MinisignError(f"the {what} has the wrong length")
    return raw


def read_public_key(text: str) -> bytes:
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) != 2 or not lines[0].startswith("untrusted comment:"):
        raise MinisignError("not a minisign public key file")
    raw = _decode(lines[1], 42, "public key")
    if raw[:2] != _KEY_ALGORITHM:
        raise MinisignError("the public key is not an Ed25519 minisign key")
    public_key = raw[10:]
    if raw[2:10] != key_id(public_key):
        raise MinisignError("the public key's id does not belong to its key")
    return public_key


@dataclass(frozen=True)
class VerifiedSignature:
    trusted_comment: str


def verify_prehashed(digest: bytes, signature_file: str, public_key: bytes) -> VerifiedSignature:
    """Check a minisign signature by `public_key` of the file whose `prehash` is `digest`;
    raise MinisignError if not. Only prehashed signatures (minisign's default since 0.9,
    and all this module makes) are accepted, so no file is ever held whole."""
    lines = signature_file.splitlines()
    if len(lines) < 4 or not lines[2].startswith("trusted comment: "):
        raise MinisignError("not a minisign signature file")
    raw = _decode(lines[1], 74, "signature")
    algorithm, signer_id, signature = raw[:2], raw[2:10], raw[10:]
    if signer_id != key_id(public_key):
        raise MinisignError("the signature was made by another key")
    trusted_comment = lines[2][len("trusted comment: ") :]
    global_signature = _decode(lines[3], 64, "trusted comment's signature")
    if algorithm != _PREHASHED:
        raise MinisignError("not a prehashed signature (made by minisign before 0.9?)")
    verify_key = nacl.signing.VerifyKey(public_key)
    try:
        verify_key.verify(digest, signature)
    except nacl.exceptions.BadSignatureError:
        raise MinisignError("the signature does not match the file") from None
    try:
        verify_key.verify(signature + trusted_comment.encode("utf-8"), global_signature)
    except nacl.exceptions.BadSignatureError:
        raise MinisignError("the trusted comment was changed after signing") from None
    return VerifiedSignature(trusted_comment)
