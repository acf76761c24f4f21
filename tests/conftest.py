"""Shared fixtures: real vaults with real crypto, made once and copied per test.

Creating a vault costs an Argon2id run; tests copy a vault made once per session and open
it with the recovery code, which needs no key stretching. Tests about passphrases use the
passphrase and pay for it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from evidence_app.core import vault_service
from evidence_app.crypto.recovery_code import parse_recovery_code
from evidence_app.storage.secrets import RecoveryCode
from evidence_app.storage.vault import Vault

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PASSPHRASE = "correct horse battery staple"


@dataclass(frozen=True)
class VaultTemplate:
    path: Path
    recovery_code: str


@dataclass(frozen=True)
class VaultCopy:
    path: Path
    passphrase: str
    recovery_code: str

    @property
    def recovery(self) -> RecoveryCode:
        return RecoveryCode(parse_recovery_code(self.recovery_code))

    def open(self) -> Vault:
        return vault_service.unlock_vault(self.path, self.recovery)


@pytest.fixture(scope="session")
def vault_template(tmp_path_factory: pytest.TempPathFactory) -> VaultTemplate:
    path = tmp_path_factory.mktemp("template") / "vault"
    created = vault_service.create_vault(path, PASSPHRASE, "Test Keeper", kdf_seconds=0)
    created.vault.close()
    return VaultTemplate(path, created.recovery_code)


@pytest.fixture
def vault_copy(vault_template: VaultTemplate, tmp_path: Path) -> VaultCopy:
    path = tmp_path / "vault"
    shutil.copytree(vault_template.path, path)
    return VaultCopy(path, PASSPHRASE, vault_template.recovery_code)


@pytest.fixture
def vault(vault_copy: VaultCopy) -> Iterator[Vault]:
    opened = vault_copy.open()
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def secret_files(tmp_path: Path, vault_copy: VaultCopy) -> dict[str, Path]:
    """The vault's secrets in files, as the CLI takes them."""
    files = {
        "passphrase": tmp_path / "passphrase.txt",
        "recovery": tmp_path / "recovery.txt",
    }
    files["passphrase"].write_text(vault_copy.passphrase + "\n", encoding="utf-8")
    files["recovery"].write_text(vault_copy.recovery_code + "\n", encoding="utf-8")
    return files
