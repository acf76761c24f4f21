"""Creating, unlocking and re-keying a vault (DESIGN §2)."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import pytest

from evidence_app.core import vault_service
from evidence_app.crypto.kdf import MAX_MEMORY, MAX_PASSES, MIB, calibrate
from evidence_app.crypto.recovery_code import parse_recovery_code
from evidence_app.kernel.errors import (
    BadInput,
    NoWayToUnlock,
    UnknownVaultFormat,
    VaultNotFound,
    WrongSecret,
)
from evidence_app.storage.content import content_writer
from evidence_app.storage.secrets import OrgPrivateKey, Passphrase, RecoveryCode
from tests.conftest import VaultCopy


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def edit_vault_json(vault_dir: Path, edit: object) -> None:
    path = vault_dir / "vault.json"
    data = json.loads(path.read_text())
    edit(data)  # type: ignore[operator]
    path.write_text(json.dumps(data))


def test_a_new_vault_opens_with_its_passphrase_and_with_its_recovery_code(tmp_path: Path) -> None:
    created = vault_service.create_vault(tmp_path / "v", "a long enough passphrase", kdf_seconds=0)
    vault_id = created.vault.vault_id
    created.vault.close()

    with vault_service.unlock_vault(tmp_path / "v", Passphrase("a long enough passphrase")) as v:
        assert v.vault_id == vault_id
    code = RecoveryCode(parse_recovery_code(created.recovery_code))
    with vault_service.unlock_vault(tmp_path / "v", code) as v:
        assert v.vault_id == vault_id


def test_a_new_vault_has_one_passphrase_slot_and_one_recovery_slot(vault_copy: VaultCopy) -> None:
    kinds = [slot.kind for slot in vault_service.list_slots(vault_copy.path)]
    assert kinds == ["passphrase", "recovery"]


def test_the_passphrase_slot_never_goes_below_256_mib_and_3_passes(vault_copy: VaultCopy) -> None:
    kdf = vault_service.list_slots(vault_copy.path)[0].kdf
    assert kdf is not None and kdf.memory_mib >= 256 and kdf.passes >= 3


def test_a_wrong_passphrase_is_refused_and_changes_nothing_on_disk(vault_copy: VaultCopy) -> None:
    before = snapshot(vault_copy.path)
    with pytest.raises(WrongSecret, match="Wrong passphrase"):
        vault_service.unlock_vault(vault_copy.path, Passphrase("not the passphrase at all"))
    assert snapshot(vault_copy.path) == before


def test_a_wrong_recovery_code_is_refused(vault_copy: VaultCopy) -> None:
    other = vault_service.generate_org_keypair().private_key  # any 32 random bytes
    with pytest.raises(WrongSecret, match="Wrong recovery code"):
        vault_service.unlock_vault(vault_copy.path, RecoveryCode(other))


def test_edited_kdf_parameters_make_the_unlock_fail_instead_of_weakening_it(
    vault_copy: VaultCopy,
) -> None:
    def more_passes(data: dict) -> None:  # type: ignore[type-arg]
        data["slots"][0]["params"]["kdf"]["opslimit"] += 1

    edit_vault_json(vault_copy.path, more_passes)
    with pytest.raises(WrongSecret):
        vault_service.unlock_vault(vault_copy.path, Passphrase(vault_copy.passphrase))


def test_kdf_parameters_edited_below_the_floor_are_refused_before_any_work(
    vault_copy: VaultCopy,
) -> None:
    def weaker(data: dict) -> None:  # type: ignore[type-arg]
        data["slots"][0]["params"]["kdf"]["memlimit"] = 8 * 1024 * 1024

    edit_vault_json(vault_copy.path, weaker)
    with pytest.raises(UnknownVaultFormat, match="below the safe minimum"):
        vault_service.unlock_vault(vault_copy.path, Passphrase(vault_copy.passphrase))


@pytest.mark.parametrize(
    ("memlimit", "opslimit"),
    [(1024 * MIB, 12), (2048 * MIB, 3), (256 * MIB, 10**6), (2**50, 3)],
    ids=["1GiB-12-passes", "2GiB", "huge-passes", "huge-memory"],
)
def test_kdf_parameters_raised_above_what_the_vault_ever_sets_are_refused_before_any_work(
    vault_copy: VaultCopy, memlimit: int, opslimit: int
) -> None:
    def costlier(data: dict) -> None:  # type: ignore[type-arg]
        data["slots"][0]["params"]["kdf"].update(memlimit=memlimit, opslimit=opslimit)

    edit_vault_json(vault_copy.path, costlier)
    started = time.perf_counter()
    with pytest.raises(UnknownVaultFormat, match="more than Evidence App ever sets"):
        vault_service.unlock_vault(vault_copy.path, Passphrase(vault_copy.passphrase))
    # One Argon2id run at the floor alone takes longer than this.
    assert time.perf_counter() - started < 0.5


def test_calibration_never_sets_more_than_the_ceiling_whatever_time_it_is_given() -> None:
    params = calibrate(target_seconds=3600)
    assert params.memlimit <= MAX_MEMORY and params.opslimit <= MAX_PASSES


def test_a_swapped_wrapped_key_is_refused(vault_copy: VaultCopy, tmp_path: Path) -> None:
    other = vault_service.create_vault(tmp_path / "other", "another passphrase!", kdf_seconds=0)
    other.vault.close()
    foreign = json.loads((tmp_path / "other" / "vault.json").read_text())

    def transplant(data: dict) -> None:  # type: ignore[type-arg]
        data["slots"][1]["wrapped_key"] = foreign["slots"][1]["wrapped_key"]
        data["slots"][1]["nonce"] = foreign["slots"][1]["nonce"]

    edit_vault_json(vault_copy.path, transplant)
    with pytest.raises(WrongSecret):
        vault_service.unlock_vault(vault_copy.path, vault_copy.recovery)


def test_changing_the_passphrase_makes_the_old_one_stop_working(vault_copy: VaultCopy) -> None:
    with vault_copy.open() as vault:
        vault_service.change_passphrase(vault, "a brand new passphrase", kdf_seconds=0)
    with pytest.raises(WrongSecret):
        vault_service.unlock_vault(vault_copy.path, Passphrase(vault_copy.passphrase))
    with vault_service.unlock_vault(vault_copy.path, Passphrase("a brand new passphrase")):
        pass
    assert [s.kind for s in vault_service.list_slots(vault_copy.path)].count("passphrase") == 1


def test_a_short_new_passphrase_is_refused(vault: object) -> None:
    with pytest.raises(BadInput, match="at least"):
        vault_service.change_passphrase(vault, "short", kdf_seconds=0)  # type: ignore[arg-type]


def test_travel_mode_leaves_no_passphrase_that_opens_the_vault(vault_copy: VaultCopy) -> None:
    with vault_copy.open() as vault:
        assert vault_service.travel_mode_on(vault) == 1
    with pytest.raises(NoWayToUnlock, match="travel mode"):
        vault_service.unlock_vault(vault_copy.path, Passphrase(vault_copy.passphrase))
    with vault_copy.open() as vault:
        vault_service.travel_mode_off(vault, "home again passphrase", kdf_seconds=0)
    with vault_service.unlock_vault(vault_copy.path, Passphrase("home again passphrase")):
        pass


def test_travel_mode_is_refused_when_nothing_else_could_open_the_vault(
    vault_copy: VaultCopy,
) -> None:
    with vault_copy.open() as vault:
        only_passphrase = tuple(s for s in vault.slots if s.kind == "passphrase")
        vault.replace_slots(only_passphrase)
        with pytest.raises(BadInput, match="recovery code or an organisation key"):
            vault_service.travel_mode_on(vault)
        assert [s.kind for s in vault.slots] == ["passphrase"]


def test_an_organisation_key_opens_the_vault_through_a_sealed_slot(vault_copy: VaultCopy) -> None:
    org = vault_service.generate_org_keypair()
    with vault_copy.open() as vault:
        vault_service.add_sealed_slot(vault, org.public_key, "Legal team")
    with vault_service.unlock_vault(vault_copy.path, OrgPrivateKey(org.private_key)) as vault:
        assert vault.slots[-1].kind == "sealed"
    stranger = vault_service.generate_org_keypair()
    with pytest.raises(WrongSecret, match="organisation key"):
        vault_service.unlock_vault(vault_copy.path, OrgPrivateKey(stranger.private_key))


def test_a_sealed_slot_whose_label_was_edited_no_longer_opens(vault_copy: VaultCopy) -> None:
    org = vault_service.generate_org_keypair()
    with vault_copy.open() as vault:
        vault_service.add_sealed_slot(vault, org.public_key, "Legal team")

    def relabel(data: dict) -> None:  # type: ignore[type-arg]
        data["slots"][-1]["params"]["label"] = "Someone else"

    edit_vault_json(vault_copy.path, relabel)
    with pytest.raises(WrongSecret):
        vault_service.unlock_vault(vault_copy.path, OrgPrivateKey(org.private_key))


def test_a_folder_without_a_vault_is_named_in_the_error(tmp_path: Path) -> None:
    with pytest.raises(VaultNotFound, match="No vault"):
        vault_service.unlock_vault(tmp_path, Passphrase("whatever passphrase"))


def test_a_vault_of_an_unknown_format_version_is_refused(vault_copy: VaultCopy) -> None:
    edit_vault_json(vault_copy.path, lambda data: data.update(version=99))
    with pytest.raises(UnknownVaultFormat, match="version 99"):
        vault_service.unlock_vault(vault_copy.path, vault_copy.recovery)


def test_vault_json_that_is_not_json_is_refused(vault_copy: VaultCopy) -> None:
    (vault_copy.path / "vault.json").write_bytes(b"\xff\xfe garbage")
    with pytest.raises(UnknownVaultFormat):
        vault_service.unlock_vault(vault_copy.path, vault_copy.recovery)


def test_a_vault_is_not_created_over_existing_files(tmp_path: Path) -> None:
    (tmp_path / "letter.txt").write_text("keep me")
    with pytest.raises(BadInput, match="already holds other files"):
        vault_service.create_vault(tmp_path, "a long enough passphrase", kdf_seconds=0)
    assert (tmp_path / "letter.txt").read_text() == "keep me"


def test_a_vault_is_not_created_over_a_vault(vault_copy: VaultCopy) -> None:
    before = (vault_copy.path / "vault.json").read_bytes()
    with pytest.raises(BadInput, match="already holds a vault"):
        vault_service.create_vault(vault_copy.path, "a long enough passphrase", kdf_seconds=0)
    assert (vault_copy.path / "vault.json").read_bytes() == before


def test_the_vault_folder_is_private_to_its_owner(vault_copy: VaultCopy, tmp_path: Path) -> None:
    created = vault_service.create_vault(tmp_path / "p", "a long enough passphrase", kdf_seconds=0)
    created.vault.close()
    assert (tmp_path / "p").stat().st_mode & 0o077 == 0
    assert (tmp_path / "p" / "vault.json").stat().st_mode & 0o077 == 0


def test_vault_info_reports_slots_identity_and_sizes(vault_copy: VaultCopy) -> None:
    with vault_copy.open() as vault:
        content_writer(vault).write_bytes(b"x" * 1000)
        info = vault_service.vault_info(vault)
    assert info.format == "evidence-vault" and info.version == 1
    assert info.vault_id == json.loads((vault_copy.path / "vault.json").read_text())["vault_id"]
    assert len(info.identity.fingerprint) == 64
    assert info.keeper == "Test Keeper"
    assert info.slots[0].kdf.algorithm == "Argon2id"
    assert info.travel_mode is False
