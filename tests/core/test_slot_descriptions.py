"""How `vault info` and `vault slots` describe key slots, damaged ones included."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from evidence_app.core import vault_service
from tests.conftest import VaultCopy

PASSPHRASE_SLOT_DAMAGE: dict[str, Callable[[dict[str, Any]], None]] = {
    "kdf-not-an-object": lambda params: params.update(kdf="argon2id"),
    "kdf-missing": lambda params: params.pop("kdf"),
    "passes-not-a-number": lambda params: params["kdf"].update(opslimit="three"),
    "memory-raised": lambda params: params["kdf"].update(memlimit=2**40),
}


@pytest.mark.parametrize("damage", PASSPHRASE_SLOT_DAMAGE)
def test_a_damaged_passphrase_slot_is_described_as_damaged_next_to_the_intact_ones(
    vault_copy: VaultCopy, damage: str
) -> None:
    path = vault_copy.path / "vault.json"
    data = json.loads(path.read_text())
    PASSPHRASE_SLOT_DAMAGE[damage](data["slots"][0]["params"])
    path.write_text(json.dumps(data))

    described = {slot.kind: slot for slot in vault_service.list_slots(vault_copy.path)}
    assert described["passphrase"].damaged
    assert described["passphrase"].kdf is None
    assert described["recovery"].damaged is None


def test_a_sealed_slot_with_a_label_that_is_not_text_is_described_as_damaged(
    vault_copy: VaultCopy,
) -> None:
    with vault_copy.open() as vault:
        pair = vault_service.generate_org_keypair()
        vault_service.add_sealed_slot(vault, pair.public_key, "Legal team")
    path = vault_copy.path / "vault.json"
    data = json.loads(path.read_text())
    data["slots"][-1]["params"]["label"] = {"not": "text"}
    path.write_text(json.dumps(data))

    sealed = vault_service.list_slots(vault_copy.path)[-1]
    assert sealed.kind == "sealed" and "not text" in sealed.damaged
