"""`vault compact` pads old blobs; `vault rekey` makes old secrets and old vault.json useless."""

from __future__ import annotations

import base64
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from evidence_app.core import compact_service, rekey_service, vault_service, verify_service
from evidence_app.crypto.blobstream import blob_file_size
from evidence_app.crypto.recovery_code import parse_recovery_code
from evidence_app.kernel.errors import IntegrityError, WrongSecret
from evidence_app.storage.content import read_content
from evidence_app.storage.models import Blob, CustodyEvent
from evidence_app.storage.secrets import OrgPrivateKey, Passphrase, RecoveryCode
from evidence_app.storage.vault import Vault
from tests.blob_files import blob_format_version, blob_ids_on_disk, blob_path
from tests.conftest import VaultCopy
from tests.core.legacy_vault import fill_with_version_1_blobs

NEW_PASSPHRASE = "a completely different passphrase"


def contents_by_sha(vault: Vault) -> dict[str, bytes]:
    with vault.reader() as session:
        rows = list(session.scalars(select(Blob)))
    return {row.sha256: read_content(vault, row) for row in rows}


def test_compact_pads_every_version_1_blob_and_the_vault_still_verifies(
    vault: Vault, tmp_path: Path
) -> None:
    before = fill_with_version_1_blobs(vault, tmp_path / "files")
    kept = contents_by_sha(vault)
    report = compact_service.compact_vault(vault)
    assert report.rewritten == len(before) and not report.problems
    with vault.reader() as session:
        rows = list(session.scalars(select(Blob)))
        events = list(session.scalars(select(CustodyEvent.action)))
    assert not {row.id for row in rows} & set(before)  # new ids, old files gone
    assert blob_ids_on_disk(vault) == {row.id for row in rows}
    for row in rows:
        assert blob_format_version(vault, row.id) == 2
        assert blob_path(vault, row.id).stat().st_size == blob_file_size(row.size)
    assert contents_by_sha(vault) == kept
    assert events.count("vault.compacted") == 1
    assert verify_service.verify_vault(vault, full=True).ok
    assert verify_service.verify_vault(vault, full=False).ok
    again = compact_service.compact_vault(vault)
    assert again.rewritten == 0 and again.already_padded == len(rows)


def test_rekey_retires_the_old_passphrase_recovery_code_and_vault_json(
    vault_copy: VaultCopy, tmp_path: Path
) -> None:
    org = vault_service.generate_org_keypair()
    with vault_copy.open() as vault:
        fill_with_version_1_blobs(vault, tmp_path / "files", count=4)
        vault_service.add_sealed_slot(vault, org.public_key, "head office")
        kept = contents_by_sha(vault)
        signer, transfer = vault.public_key, vault.transfer_public_key
    old_vault_json = (vault_copy.path / "vault.json").read_bytes()

    with vault_copy.open() as vault:
        result = rekey_service.rekey_vault(vault, NEW_PASSPHRASE, kdf_seconds=0)
        assert result.blobs_compacted == len(kept) and not result.problems
        assert result.slots == ("passphrase", "recovery", "sealed")

    for old_secret in (Passphrase(vault_copy.passphrase), vault_copy.recovery):
        with pytest.raises(WrongSecret):
            vault_service.unlock_vault(vault_copy.path, old_secret)
    new_code = RecoveryCode(parse_recovery_code(result.recovery_code))
    for new_secret in (Passphrase(NEW_PASSPHRASE), new_code, OrgPrivateKey(org.private_key)):
        with vault_service.unlock_vault(vault_copy.path, new_secret) as vault:
            assert contents_by_sha(vault) == kept
            assert (vault.public_key, vault.transfer_public_key) == (signer, transfer)
            assert verify_service.verify_vault(vault, full=True).ok
            with vault.reader() as session:
                assert "vault.rekeyed" in set(session.scalars(select(CustodyEvent.action)))

    # Someone who kept the old vault.json puts it back and uses the old recovery code.
    stolen = tmp_path / "stolen"
    shutil.copytree(vault_copy.path, stolen)
    (stolen / "vault.json").write_bytes(old_vault_json)
    with pytest.raises(IntegrityError, match="catalog does not open"):
        vault_service.unlock_vault(stolen, vault_copy.recovery)


def test_vault_info_shows_the_signing_and_transfer_public_keys(vault: Vault) -> None:
    info = vault_service.vault_info(vault)
    signing, transfer = info.identity, info.transfer_key
    assert transfer is not None
    assert base64.b64decode(signing.public_key) == vault.public_key
    assert base64.b64decode(transfer.public_key) == vault.transfer_public_key
    assert signing.fingerprint != transfer.fingerprint
    assert bytes(vault.transfer_private_key().public_key) == vault.transfer_public_key
