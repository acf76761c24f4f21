"""The vault's X25519 transfer key pair, for hand-over between vaults.

Its private key is wrapped under the `identity` sub-key, like the signing seed, and kept in
the encrypted catalog: neither half appears in plaintext on disk.
"""

from __future__ import annotations

from dataclasses import dataclass

import nacl.public

from evidence_app.crypto.aead import DecryptionFailed, open_sealed, seal
from evidence_app.kernel.errors import IntegrityError

_AD = b"evidence-app transfer key v1"


@dataclass(frozen=True)
class WrappedTransferKey:
    public_key: bytes
    nonce: bytes
    wrapped_private_key: bytes


def new_transfer_key(identity_key: bytes) -> WrappedTransferKey:
    private = nacl.public.PrivateKey.generate()
    public_key = bytes(private.public_key)
    nonce, wrapped = seal(identity_key, bytes(private), _AD + public_key)
    return WrappedTransferKey(public_key, nonce, wrapped)


def unwrap_transfer_key(identity_key: bytes, stored: WrappedTransferKey) -> nacl.public.PrivateKey:
    try:
        raw = open_sealed(
            identity_key, stored.nonce, stored.wrapped_private_key, _AD + stored.public_key
        )
    except DecryptionFailed:
        raise IntegrityError("The vault's transfer key does not authenticate.") from None
    private = nacl.public.PrivateKey(raw)
    if bytes(private.public_key) != stored.public_key:
        raise IntegrityError("The vault's transfer key does not match its public key.")
    return private


def rewrap_transfer_key(
    old_identity_keys: tuple[bytes, ...], new_identity_key: bytes, stored: WrappedTransferKey
) -> WrappedTransferKey:
    private = unwrap_transfer_key_any(old_identity_keys, stored)
    nonce, wrapped = seal(new_identity_key, bytes(private), _AD + stored.public_key)
    return WrappedTransferKey(stored.public_key, nonce, wrapped)


def unwrap_transfer_key_any(
    keys: tuple[bytes, ...], stored: WrappedTransferKey
) -> nacl.public.PrivateKey:
    """Try each key (while a rekey runs, the key is wrapped under the old key or the new)."""
    for key in keys[:-1]:
        try:
            return unwrap_transfer_key(key, stored)
        except IntegrityError:
            continue
    return unwrap_transfer_key(keys[-1], stored)
