"""Changing how the vault opens from an open vault: the secret is asked again, a slot can go
but never the last way back in, and a refusal leaves vault.json as it was."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from evidence_app.core import vault_service
from evidence_app.core.errors import BadInput, NoWayToUnlock, WrongSecret
from evidence_app.core.unlocking import Passphrase
from evidence_app.storage.secrets import OrgPrivateKey
from evidence_app.storage.vault import Vault
from tests.conftest import VaultCopy


def vault_json(path: Path) -> bytes:
    return (path / "vault.json").read_bytes()


def test_the_open_vaults_own_secrets_are_confirmed_and_a_wrong_one_changes_nothing(
    vault: Vault, vault_copy: VaultCopy
) -> None:
    before = vault_json(vault.path)
    vault_service.confirm_secret(vault, Passphrase(vault_copy.passphrase))
    vault_service.confirm_secret(vault, vault_copy.recovery)
    with pytest.raises(WrongSecret, match="Wrong passphrase"):
        vault_service.confirm_secret(vault, Passphrase("not the passphrase at all"))
    assert vault_json(vault.path) == before


def test_in_travel_mode_no_passphrase_is_confirmed(vault: Vault, vault_copy: VaultCopy) -> None:
    vault_service.travel_mode_on(vault)
    with pytest.raises(NoWayToUnlock):
        vault_service.confirm_secret(vault, Passphrase(vault_copy.passphrase))
    vault_service.confirm_secret(vault, vault_copy.recovery)


def test_an_organisation_slot_removed_no_longer_opens_the_vault(
    vault: Vault, vault_copy: VaultCopy
) -> None:
    pair = vault_service.generate_org_keypair()
    slot = vault_service.add_sealed_slot(vault, pair.public_key, "Legal team")
    assert {s.kind for s in vault_service.list_slots(vault.path)} == {
        "passphrase",
        "recovery",
        "sealed",
    }
    vault_service.remove_slot(vault, slot.slot_id)
    assert [s.kind for s in vault_service.list_slots(vault.path)] == ["passphrase", "recovery"]
    with pytest.raises(NoWayToUnlock):
        vault_service.unlock_vault(vault_copy.path, OrgPrivateKey(pair.private_key))


def test_the_recovery_slot_goes_only_while_an_organisation_key_remains(vault: Vault) -> None:
    recovery = next(slot for slot in vault.slots if slot.kind == "recovery")
    before = vault_json(vault.path)
    with pytest.raises(BadInput, match="last way to open the vault"):
        vault_service.remove_slot(vault, recovery.slot_id)
    assert vault_json(vault.path) == before

    public = base64.b64encode(vault_service.generate_org_keypair().public_key).decode()
    vault_service.add_sealed_slot(vault, vault_service.parse_public_key(public))
    vault_service.remove_slot(vault, recovery.slot_id)
    assert sorted(slot.kind for slot in vault.slots) == ["passphrase", "sealed"]


def test_the_passphrase_slot_and_unknown_slots_are_refused(vault: Vault) -> None:
    passphrase = next(slot for slot in vault.slots if slot.kind == "passphrase")
    before = vault_json(vault.path)
    with pytest.raises(BadInput, match="travel mode"):
        vault_service.remove_slot(vault, passphrase.slot_id)
    with pytest.raises(BadInput, match="no such key slot"):
        vault_service.remove_slot(vault, "0123456789ab")
    assert vault_json(vault.path) == before


def test_in_travel_mode_the_last_slot_is_never_removed(vault: Vault) -> None:
    vault_service.travel_mode_on(vault)
    (only,) = vault.slots
    with pytest.raises(BadInput, match="last way"):
        vault_service.remove_slot(vault, only.slot_id)
    assert vault.slots == (only,)
