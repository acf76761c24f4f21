"""`kill -9` at random moments of `vault compact` and `vault rekey` never harms the vault.

After each kill the vault opens — with the old secrets or, after the rekey's switch, the
new ones, never neither — `verify --full` passes and every stored content is still there.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from evidence_app.core import vault_service, verify_service
from evidence_app.kernel.errors import WrongSecret
from evidence_app.storage.content import read_content
from evidence_app.storage.models import Blob
from evidence_app.storage.secrets import Passphrase
from evidence_app.storage.vault import Vault
from tests.conftest import VaultCopy, VaultTemplate
from tests.core.legacy_vault import fill_with_version_1_blobs

KILLS = 8
REPO = Path(__file__).parents[2]
NEW_PASSPHRASE = "the passphrase after the rekey"


def stored_contents(vault: Vault) -> set[str]:
    """SHA-256 of every blob's decrypted content (reading it all proves it intact)."""
    with vault.reader() as session:
        rows = list(session.scalars(select(Blob)))
    return {hashlib.sha256(read_content(vault, row)).hexdigest() for row in rows}


@pytest.fixture(scope="module")
def legacy_template(
    vault_template: VaultTemplate, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    folder = tmp_path_factory.mktemp("legacy")
    path = folder / "vault"
    shutil.copytree(vault_template.path, path)
    with VaultCopy(path, "", vault_template.recovery_code).open() as vault:
        fill_with_version_1_blobs(vault, folder / "files", count=24)
    return path


def run(
    vault_dir: Path, secrets_dir: Path, action: str, unlock: str = "recovery"
) -> subprocess.Popen[bytes]:
    extra = (
        ["--new-passphrase-file", str(secrets_dir / "new-passphrase.txt"), "--kdf-seconds", "0"]
        if action == "rekey"
        else []
    )
    secret = (
        ["--recovery-file", str(secrets_dir / "recovery.txt")]
        if unlock == "recovery"
        else ["--passphrase-file", str(secrets_dir / "new-passphrase.txt")]
    )
    return subprocess.Popen(
        [
            *(sys.executable, "-m", "evidence_app.cli.main", "vault", action),
            *("--vault", str(vault_dir), *secret, *extra),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=REPO,
        env={k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_APP_")},
    )


def open_with_old_or_new(vault_dir: Path, template: VaultTemplate) -> tuple[Vault, str]:
    try:
        return VaultCopy(vault_dir, "", template.recovery_code).open(), "recovery"
    except WrongSecret:
        return vault_service.unlock_vault(vault_dir, Passphrase(NEW_PASSPHRASE)), "new"


def only_quarantined(report: verify_service.VerificationReport) -> bool:
    return all(problem.kind == "quarantine" for problem in report.problems)


@pytest.mark.slow
@pytest.mark.parametrize("action", ["compact", "rekey"])
def test_kill_9_at_random_moments(
    action: str, legacy_template: Path, vault_template: VaultTemplate, tmp_path: Path
) -> None:
    (tmp_path / "recovery.txt").write_text(vault_template.recovery_code)
    (tmp_path / "new-passphrase.txt").write_text(NEW_PASSPHRASE)
    with VaultCopy(legacy_template, "", vault_template.recovery_code).open() as vault:
        expected = stored_contents(vault)

    full_run = tmp_path / "full"
    shutil.copytree(legacy_template, full_run)
    started = time.monotonic()
    assert run(full_run, tmp_path, action).wait(timeout=300) == 0
    duration = time.monotonic() - started

    rng = random.Random(f"{action}-2026")
    outcomes: set[int | str] = set()
    for attempt in range(KILLS):
        vault_dir = tmp_path / f"vault-{attempt}"
        shutil.copytree(legacy_template, vault_dir)
        process = run(vault_dir, tmp_path, action)
        time.sleep(rng.uniform(0.3, duration))
        process.send_signal(signal.SIGKILL)
        outcomes.add(process.wait())
        vault, opened_with = open_with_old_or_new(vault_dir, vault_template)
        outcomes.add(opened_with)
        with vault:
            # A blob re-encrypted just before the kill and never committed is set aside in
            # quarantine/, never deleted: the one thing verify may report. Nothing is lost.
            assert only_quarantined(verify_service.verify_vault(vault, full=True)), attempt
            assert stored_contents(vault) == expected, attempt
        if action == "rekey":  # an interrupted rekey is finished by the next one
            assert run(vault_dir, tmp_path, action, opened_with).wait(timeout=300) == 0
            with vault_service.unlock_vault(vault_dir, Passphrase(NEW_PASSPHRASE)) as vault:
                assert not vault.rekey_pending
                assert stored_contents(vault) == expected, attempt
                assert only_quarantined(verify_service.verify_vault(vault, full=True)), attempt
    assert -signal.SIGKILL in outcomes  # at least one kill landed mid-run
