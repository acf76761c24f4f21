"""Sub-keys derived from the vault's master key, one per purpose.

BLAKE2b keyed with the master key and personalised with the purpose is libsodium's
`crypto_kdf` construction; PyNaCl does not expose `crypto_kdf_derive_from_key`, so we use
the hash directly. Purposes are fixed strings: a new purpose never yields an old key.
"""

from __future__ import annotations

from enum import Enum

import nacl.encoding
import nacl.hash

MASTER_KEY_BYTES = 32
_SALT = b"evidence-vault".ljust(16, b"\0")


class KeyPurpose(Enum):
    CATALOG = "catalog"  # the SQLCipher raw key
    BLOBWRAP = "blobwrap"  # wraps the per-blob keys
    IDENTITY = "identity"  # wraps the Ed25519 signing key
    STATE = "state"  # authenticates the last checkpoint kept in vault.json
    REKEY = "rekey"  # seals the other master key in vault.json while a rekey runs


def derive_subkey(master_key: bytes, purpose: KeyPurpose) -> bytes:
    if len(master_key) != MASTER_KEY_BYTES:
        raise ValueError("the master key must be 32 bytes")
    key: bytes = nacl.hash.blake2b(
        b"",
        digest_size=32,
        key=master_key,
        salt=_SALT,
        person=purpose.value.encode("ascii").ljust(16, b"\0"),
        encoder=nacl.encoding.RawEncoder,
    )
    return key
