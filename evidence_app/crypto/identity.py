"""The vault's Ed25519 identity key, which signs custody events, checkpoints and dossiers.

Its seed is stored wrapped under the `identity` sub-key inside the encrypted catalog: the
public key never appears in plaintext on disk, so a seized laptop cannot be matched with a
published dossier's signer key.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import nacl.signing

from evidence_app.crypto.aead import DecryptionFailed, open_sealed, seal
from evidence_app.kernel.errors import IntegrityError

_AD = b"evidence-app identity seed v1"


@dataclass(frozen=True)
class WrappedIdentity:
    public_key: bytes
    nonce: bytes
    wrapped_seed: bytes


def fingerprint(public_key: bytes) -> str:
    """SHA-256 of the raw public key, hex: what people compare on paper."""
    return hashlib.sha256(public_key).hexdigest()


def new_identity(identity_key: bytes) -> tuple[nacl.signing.SigningKey, WrappedIdentity]:
    signing_key = nacl.signing.SigningKey.generate()
    public_key = bytes(signing_key.verify_key)
    nonce, wrapped = seal(identity_key, bytes(signing_key), _AD + public_key)
    return signing_key, WrappedIdentity(public_key, nonce, wrapped)


def unwrap_identity(identity_key: bytes, stored: WrappedIdentity) -> nacl.signing.SigningKey:
    try:
        seed = open_sealed(identity_key, stored.nonce, stored.wrapped_seed, _AD + stored.public_key)
    except DecryptionFailed:
        raise IntegrityError("The vault's signing key does not authenticate.") from None
    signing_key = nacl.signing.SigningKey(seed)
    if bytes(signing_key.verify_key) != stored.public_key:
        raise IntegrityError("The vault's signing key does not match its public key.")
    return signing_key


def unwrap_identity_any(
    identity_keys: tuple[bytes, ...], stored: WrappedIdentity
) -> nacl.signing.SigningKey:
    """Try each key (while a rekey runs, the seed is wrapped under the old key or the new)."""
    for key in identity_keys[:-1]:
        try:
            return unwrap_identity(key, stored)
        except IntegrityError:
            continue
    return unwrap_identity(identity_keys[-1], stored)


def rewrap_identity(
    identity_keys: tuple[bytes, ...], new_identity_key: bytes, stored: WrappedIdentity
) -> WrappedIdentity:
    signing_key = unwrap_identity_any(identity_keys, stored)
    nonce, wrapped = seal(new_identity_key, bytes(signing_key), _AD + stored.public_key)
    return WrappedIdentity(stored.public_key, nonce, wrapped)
