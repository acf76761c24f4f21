"""XChaCha20-Poly1305 for small secrets (key slots, wrapped keys, sealed state)."""

from __future__ import annotations

import nacl.bindings as sodium
import nacl.exceptions
import nacl.utils

KEY_BYTES = 32
NONCE_BYTES = sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
TAG_BYTES = sodium.crypto_aead_xchacha20poly1305_ietf_ABYTES


class DecryptionFailed(Exception):
    """Wrong key, or the data or its associated data was changed."""


def seal(key: bytes, plaintext: bytes, associated_data: bytes) -> tuple[bytes, bytes]:
    """Encrypt with a fresh random nonce; returns (nonce, ciphertext with tag)."""
    nonce = nacl.utils.random(NONCE_BYTES)
    ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
        plaintext, associated_data, nonce, key
    )
    return nonce, ciphertext


def open_sealed(key: bytes, nonce: bytes, ciphertext: bytes, associated_data: bytes) -> bytes:
    try:
        plaintext: bytes = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
            ciphertext, associated_data, nonce, key
        )
    except (nacl.exceptions.CryptoError, nacl.exceptions.ValueError, TypeError) as error:
        raise DecryptionFailed from error
    return plaintext
