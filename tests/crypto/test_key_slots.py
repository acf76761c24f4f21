"""Key slots (DESIGN §2): every field of a slot as vault.json stores it is bound into its
unlock, so editing any one of them makes the right secret fail cleanly — a wrong-secret or
format error, never a weaker unlock and never a traceback."""

from __future__ import annotations

import base64
import copy
from collections.abc import Callable, Iterator
from typing import Any

import nacl.public
import pytest

from evidence_app.crypto.kdf import Argon2idParams
from evidence_app.crypto.keyslots import (
    SLOT_KINDS,
    KeySlot,
    passphrase_slot,
    recovery_slot,
    sealed_slot,
    unlock_with_org_key,
    unlock_with_passphrase,
    unlock_with_recovery_code,
)
from evidence_app.kernel.errors import UnknownVaultFormat, WrongSecret

VAULT_ID = "0b5c9a52-6f0e-4a43-9d83-2f4f3c1d7e10"
MASTER_KEY = bytes(range(32))
CODE = bytes(range(100, 132))
PASSPHRASE = "correct horse battery staple"
NOW = "2026-01-01T00:00:00.000Z"
ORG = nacl.public.PrivateKey(bytes(range(50, 82)))

Unlock = Callable[[str, KeySlot], bytes]


def flip_b64(text: str) -> str:
    data = bytearray(base64.b64decode(text))
    data[len(data) // 2] ^= 0x01
    return base64.b64encode(bytes(data)).decode("ascii")


def edits(stored: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each field of a serialized slot changed in turn (the creation time is not a secret
    nor a parameter: it is shown, not bound)."""

    def edited(path: tuple[str, ...], value: Any) -> dict[str, Any]:
        changed = copy.deepcopy(stored)
        target = changed
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        return changed

    yield "id", edited(("id",), stored["id"][:-1] + ("0" if stored["id"][-1] != "0" else "1"))
    for kind in SLOT_KINDS:
        if kind != stored["kind"]:
            yield f"kind={kind}", edited(("kind",), kind)
    yield "nonce", edited(("nonce",), flip_b64(stored["nonce"]))
    yield "nonce cut short", edited(("nonce",), stored["nonce"][:8])
    yield "wrapped_key", edited(("wrapped_key",), flip_b64(stored["wrapped_key"]))
    yield "wrapped_key not base64", edited(("wrapped_key",), "not base64!")
    yield "params added", edited(("params", "extra"), 1)
    params = stored["params"]
    for name, value in params.items():
        if name == "kdf":
            yield "kdf opslimit", edited(("params", "kdf", "opslimit"), value["opslimit"] + 1)
            yield "kdf memlimit", edited(("params", "kdf", "memlimit"), value["memlimit"] * 2)
            yield "kdf alg", edited(("params", "kdf", "alg"), "argon2i13")
        elif name == "label":
            yield "label", edited(("params", "label"), value + " ")
        else:
            yield name, edited(("params", name), flip_b64(value))


def refused(unlock: Unlock, stored: dict[str, Any], vault_id: str = VAULT_ID) -> bool:
    try:
        slot = KeySlot.from_json(stored)
        unlock(vault_id, slot)
    except (WrongSecret, UnknownVaultFormat):
        return True
    return False


def check_every_field_is_bound(
    slot: KeySlot, unlock: Unlock, only: Callable[[str], bool] = lambda _name: True
) -> None:
    stored = slot.to_json()
    assert unlock(VAULT_ID, KeySlot.from_json(stored)) == MASTER_KEY
    tried = [(name, changed) for name, changed in edits(stored) if only(name)]
    accepted = [name for name, changed in tried if not refused(unlock, changed)]
    assert tried and accepted == [], f"unlocked after editing: {accepted}"
    assert refused(unlock, stored, vault_id=VAULT_ID.replace("0", "1", 1))  # another vault's


def test_every_field_of_a_recovery_slot_is_bound() -> None:
    check_every_field_is_bound(
        recovery_slot(VAULT_ID, MASTER_KEY, CODE, NOW),
        lambda vault_id, slot: unlock_with_recovery_code(vault_id, slot, CODE),
    )


def test_every_field_of_a_sealed_slot_is_bound() -> None:
    check_every_field_is_bound(
        sealed_slot(VAULT_ID, MASTER_KEY, bytes(ORG.public_key), "Legal team", NOW),
        lambda vault_id, slot: unlock_with_org_key(vault_id, slot, bytes(ORG)),
    )


@pytest.mark.slow
def test_the_fields_only_a_passphrase_slot_has_are_bound_too() -> None:
    # The fields all kinds share are bound by the same code, proven above; each edit here
    # costs an Argon2id run (256 MiB, 3 passes), so only the salt and the KDF are tried.
    check_every_field_is_bound(
        passphrase_slot(VAULT_ID, MASTER_KEY, PASSPHRASE, Argon2idParams.floor(), NOW),
        lambda vault_id, slot: unlock_with_passphrase(vault_id, slot, PASSPHRASE),
        only=lambda name: name in ("salt", "kdf opslimit", "kdf alg"),
    )
