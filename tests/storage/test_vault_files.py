"""What the vault leaves on disk: owner-only files, and a lock file that cannot be turned
against the files it points at."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from evidence_app.core import ingest_service, vault_service
from evidence_app.kernel.errors import UnknownVaultFormat
from evidence_app.storage.process_lock import LOCK_NAME
from tests.conftest import VaultCopy


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The umask most desktops run with: files readable by everyone unless made private."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def modes_open_to_others(folder: Path) -> dict[str, str]:
    found = {}
    for path in [folder, *folder.rglob("*")]:
        mode = path.lstat().st_mode
        if stat.S_IMODE(mode) & 0o077:
            found[str(path.relative_to(folder))] = oct(stat.S_IMODE(mode))
    return found


def test_a_new_vault_has_no_file_or_folder_others_can_read(
    tmp_path: Path, usual_umask: None
) -> None:
    created = vault_service.create_vault(tmp_path / "v", "a long enough passphrase", kdf_seconds=0)
    try:
        assert modes_open_to_others(tmp_path / "v") == {}
    finally:
        created.vault.close()
    assert modes_open_to_others(tmp_path / "v") == {}


def test_a_vault_in_use_has_no_file_others_can_read_wal_and_shm_included(
    vault_copy: VaultCopy, tmp_path: Path, usual_umask: None
) -> None:
    received = tmp_path / "received"
    received.mkdir()
    for n in range(3):
        (received / f"note-{n}.txt").write_text(f"statement {n}")
    with vault_copy.open() as vault:
        report = ingest_service.ingest_paths(vault, [received])
        assert report.count("stored") == 3
        names = {path.name for path in vault_copy.path.iterdir()}
        assert {"catalog.db-wal", "catalog.db-shm", LOCK_NAME} <= names
        assert modes_open_to_others(vault_copy.path) == {}


def test_a_vault_made_by_an_older_version_becomes_owner_only_when_opened(
    vault_copy: VaultCopy, usual_umask: None
) -> None:
    for name in ("catalog.db", LOCK_NAME):
        (vault_copy.path / name).touch()
        (vault_copy.path / name).chmod(0o644)
    with vault_copy.open():
        assert modes_open_to_others(vault_copy.path) == {}


def test_a_lock_file_planted_as_a_link_is_refused_and_its_target_left_intact(
    vault_copy: VaultCopy, tmp_path: Path
) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("someone's only copy")
    (vault_copy.path / LOCK_NAME).unlink(missing_ok=True)
    (vault_copy.path / LOCK_NAME).symlink_to(precious)
    with pytest.raises(UnknownVaultFormat, match="not a plain file"):
        vault_copy.open()
    assert precious.read_text() == "someone's only copy"


def test_a_dangling_lock_link_creates_nothing_where_it_points(
    vault_copy: VaultCopy, tmp_path: Path
) -> None:
    (vault_copy.path / LOCK_NAME).unlink(missing_ok=True)
    (vault_copy.path / LOCK_NAME).symlink_to(tmp_path / "planted")
    with pytest.raises(UnknownVaultFormat, match="not a plain file"):
        vault_copy.open()
    assert not (tmp_path / "planted").exists()


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_lock_file_that_is_not_a_regular_file_is_refused_without_hanging(
    vault_copy: VaultCopy, kind: str
) -> None:
    lock = vault_copy.path / LOCK_NAME
    lock.unlink(missing_ok=True)
    if kind == "folder":
        lock.mkdir()
    else:
        os.mkfifo(lock)
    with pytest.raises(UnknownVaultFormat, match="not a plain file"):
        vault_copy.open()
