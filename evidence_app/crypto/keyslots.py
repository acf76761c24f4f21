"""Key slots: the master key wrapped under a key-encryption key (KEK), one slot per way in.

Every slot wraps the master key with XChaCha20-Poly1305. The associated data binds the
vault id, the slot id, its kind and its public parameters, so editing any of them in
vault.json makes the unlock fail instead of weakening it. The KEK comes from:
- `passphrase`: Argon2id over the passphrase with the slot's salt and parameters;
- `recovery`: BLAKE2b of the 256-bit recovery code (already full entropy, no stretching);
- `sealed`: a random KEK sealed to an organisation's X25519 public key (crypto_box_seal),
  so only the holder of the private key can open it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import uuid
from dataclasses import dataclass
from typing import Any, Literal

import nacl.exceptions
import nacl.public
import nacl.utils
import rfc8785

from evidence_app.crypto.aead import DecryptionFailed, open_sealed, seal
from evidence_app.crypto.kdf import SALT_BYTES, Argon2idParams, derive_key
from evidence_app.kernel.errors import UnknownVaultFormat, WrongSecret

SlotKind = Literal["passphrase", "recovery", "sealed"]
SLOT_KINDS: tuple[SlotKind, ...] = ("passphrase", "recovery", "sealed")


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: Any, what: str) -> bytes:
    if not isinstance(text, str):
        raise UnknownVaultFormat(f"vault.json: {what} is missing or not text.")
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as error:
        raise UnknownVaultFormat(f"vault.json: {what} is not valid base64.") from error


@dataclass(frozen=True)
class KeySlot:
    """One slot as stored in vault.json. `params` holds the kind's public parameters."""

    slot_id: str
    kind: SlotKind
    created: str
    params: dict[str, Any]
    nonce: bytes
    wrapped_key: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.slot_id,
            "kind": self.kind,
            "created": self.created,
            "params": self.params,
            "nonce": b64(self.nonce),
            "wrapped_key": b64(self.wrapped_key),
        }

    @classmethod
    def from_json(cls, data: Any) -> KeySlot:
        if not isinstance(data, dict):
            raise UnknownVaultFormat("vault.json: a key slot is not an object.")
        kind, slot_id, params = data.get("kind"), data.get("id"), data.get("params")
        if kind not in SLOT_KINDS:
            raise UnknownVaultFormat(f"vault.json: unknown key slot kind {kind!r:.40}.")
        if not isinstance(slot_id, str) or not isinstance(params, dict):
            raise UnknownVaultFormat("vault.json: a key slot has no id or parameters.")
        try:  # the parameters are bound into the unlock as canonical JSON
            _associated_data("", slot_id, kind, params)
        except rfc8785.CanonicalizationError:
            raise UnknownVaultFormat(
                "vault.json: a key slot holds a number out of range in its parameters."
            ) from None
        return cls(
            slot_id=slot_id,
            kind=kind,
            created=str(data.get("created", "")),
            params=params,
            nonce=unb64(data.get("nonce"), "a slot nonce"),
            wrapped_key=unb64(data.get("wrapped_key"), "a wrapped key"),
        )


def _associated_data(vault_id: str, slot_id: str, kind: str, params: dict[str, Any]) -> bytes:
    bound: dict[str, Any] = {
        "vault_id": vault_id,
        "slot_id": slot_id,
        "kind": kind,
        "params": params,
    }
    encoded: bytes = rfc8785.dumps(bound)
    return encoded


def _recovery_kek(code: bytes) -> bytes:
    return hashlib.blake2b(code, digest_size=32, person=b"evidence-recov").digest()


def _wrap(
    vault_id: str, kind: SlotKind, params: dict[str, Any], kek: bytes, master_key: bytes, now: str
) -> KeySlot:
    slot_id = uuid.uuid4().hex[:12]
    nonce, wrapped = seal(kek, master_key, _associated_data(vault_id, slot_id, kind, params))
    return KeySlot(slot_id, kind, now, params, nonce, wrapped)


def _unwrap(vault_id: str, slot: KeySlot, kek: bytes) -> bytes:
    ad = _associated_data(vault_id, slot.slot_id, slot.kind, slot.params)
    return open_sealed(kek, slot.nonce, slot.wrapped_key, ad)


def passphrase_slot(
    vault_id: str, master_key: bytes, passphrase: str, kdf: Argon2idParams, now: str
) -> KeySlot:
    salt = nacl.utils.random(SALT_BYTES)
    params = {"kdf": kdf.to_json(), "salt": b64(salt)}
    return _wrap(vault_id, "passphrase", params, derive_key(passphrase, salt, kdf), master_key, now)


def recovery_slot(vault_id: str, master_key: bytes, code: bytes, now: str) -> KeySlot:
    return _wrap(vault_id, "recovery", {}, _recovery_kek(code), master_key, now)


def sealed_slot(
    vault_id: str, master_key: bytes, org_public_key: bytes, label: str, now: str
) -> KeySlot:
    kek = nacl.utils.random(32)
    sealed = nacl.public.SealedBox(nacl.public.PublicKey(org_public_key)).encrypt(kek)
    params = {"label": label, "public_key": b64(org_public_key), "sealed_kek": b64(sealed)}
    return _wrap(vault_id, "sealed", params, kek, master_key, now)


def unlock_with_passphrase(vault_id: str, slot: KeySlot, passphrase: str) -> bytes:
    kdf = Argon2idParams.from_json(slot.params.get("kdf"))
    salt = unb64(slot.params.get("salt"), "a slot salt")
    if len(salt) != SALT_BYTES:
        raise UnknownVaultFormat("vault.json: a passphrase slot has a salt of the wrong size.")
    try:
        return _unwrap(vault_id, slot, derive_key(passphrase, salt, kdf))
    except DecryptionFailed:
        raise WrongSecret("Wrong passphrase.") from None


def unlock_with_recovery_code(vault_id: str, slot: KeySlot, code: bytes) -> bytes:
    try:
        return _unwrap(vault_id, slot, _recovery_kek(code))
    except DecryptionFailed:
        raise WrongSecret("Wrong recovery code.") from None


def unlock_with_org_key(vault_id: str, slot: KeySlot, org_private_key: bytes) -> bytes:
    sealed = unb64(slot.params.get("sealed_kek"), "a sealed key")
    try:
        box = nacl.public.SealedBox(nacl.public.PrivateKey(org_private_key))
        kek = box.decrypt(sealed)
        return _unwrap(vault_id, slot, kek)
    except (nacl.exceptions.CryptoError, DecryptionFailed, ValueError, TypeError):
        raise WrongSecret("This organisation key does not open the vault.") from None
