"""Exports leave no decrypted files behind: what a pulled drive or a cancel leaves is
recorded, reported at every open and by `verify`, and removed as soon as it can be."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from evidence_app.core import export_service, verify_service
from evidence_app.kernel.errors import Cancelled
from tests.cli.cli_runner import evidence_app
from tests.conftest import VaultCopy
from tests.export.dossier_case import CASE, build_case


class PullTheDriveOut:
    """Progress whose second cancel check moves the export's folder away, as a USB stick
    pulled out mid-export, and asks to stop."""

    def __init__(self, folder: Path, away: Path) -> None:
        self.folder, self.away, self.checks = folder, away, 0

    def report(self, fraction: float | None, message: str = "") -> None:
        pass

    def cancel_requested(self) -> bool:
        self.checks += 1
        if self.checks == 2:
            self.folder.rename(self.away)
            return True
        return False


class WatchTheZip:
    """Progress that lists the folder at each check while the zip is written, then stops."""

    def __init__(self, folder: Path, stop_after: int | None) -> None:
        self.folder, self.stop_after = folder, stop_after
        self.zipping = False
        self.seen: list[set[str]] = []

    def report(self, fraction: float | None, message: str = "") -> None:
        self.zipping = self.zipping or message == "Writing the zip file"

    def cancel_requested(self) -> bool:
        if not self.zipping:
            return False
        self.seen.append(set(os.listdir(self.folder)))
        return self.stop_after is not None and len(self.seen) >= self.stop_after


def _hidden(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if ".partial-" in name]


def test_a_leftover_on_a_missing_drive_is_reported_until_it_can_be_removed(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    usb, away = tmp_path / "usb", tmp_path / "usb-unplugged"
    usb.mkdir()
    with vault_copy.open() as vault:
        build_case(vault, tmp_path / "received")
        with pytest.raises(Cancelled):
            export_service.export_accountability(
                vault, CASE, usb / "dossier", progress=PullTheDriveOut(usb, away)
            )
        (staging,) = _hidden(away)
        assert any((away / staging / "evidence").iterdir()), "plaintext was on the drive"
        report = verify_service.verify_vault(vault)
        assert not report.ok
        (problem,) = report.problems
        assert problem.kind == "leftover" and str(usb / staging) in problem.message

    # Every open says so, and `verify` fails on it, while the drive is away.
    unlock = ["--vault", str(vault_copy.path), "--recovery-file", str(secret_files["recovery"])]
    checked = evidence_app("verify", *unlock)
    assert checked.code == 1, checked.out + checked.err
    assert checked.err.count(str(usb / staging)) == 2  # on opening, and as a problem
    assert "could not be removed" in checked.err and f"folder {usb} is not available" in checked.err

    with vault_copy.open() as vault:
        (notice,) = map(str, vault.notices)
        assert "could not be removed" in notice
        # The drive is back while the vault is open: the next export removes the leftover
        # before it starts.
        away.rename(usb)
        result = export_service.export_accountability(vault, CASE, usb / "second")
        assert os.listdir(usb) == ["second"]
        (notice,) = map(str, result.notices)
        assert str(usb / staging) in notice and "they were removed" in notice
        assert verify_service.verify_vault(vault).ok
    with vault_copy.open() as vault:
        assert vault.notices == []


def test_a_leftover_replaced_by_a_link_is_left_alone_and_reported(
    vault_copy: VaultCopy, tmp_path: Path
) -> None:
    usb, away = tmp_path / "usb", tmp_path / "usb-unplugged"
    usb.mkdir()
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "keep.txt").write_text("the only copy", encoding="utf-8")
    with vault_copy.open() as vault:
        build_case(vault, tmp_path / "received")
        with pytest.raises(Cancelled):
            export_service.export_accountability(
                vault, CASE, usb / "dossier", progress=PullTheDriveOut(usb, away)
            )
    (staging,) = _hidden(away)
    away.rename(usb)
    for path in sorted((usb / staging).rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    (usb / staging).rmdir()
    (usb / staging).symlink_to(precious, target_is_directory=True)

    with vault_copy.open() as vault:
        (notice,) = map(str, vault.notices)
        assert "left alone" in notice and str(usb / staging) in notice
    assert (precious / "keep.txt").read_text(encoding="utf-8") == "the only copy"
    assert (usb / staging).is_symlink()


def test_a_partial_zip_never_carries_the_final_name(vault_copy: VaultCopy, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with vault_copy.open() as vault:
        build_case(vault, tmp_path / "received")
        watch = WatchTheZip(out, stop_after=3)
        with pytest.raises(Cancelled):
            export_service.export_accountability(
                vault, CASE, out / "dossier", as_zip=True, progress=watch
            )
        assert len(watch.seen) == 3
        for names in watch.seen:
            assert "dossier.zip" not in names and "dossier" not in names
            assert any(name.startswith(".dossier.zip.partial-") for name in names)
        assert os.listdir(out) == []  # cancelled: staging folder and partial zip are gone

        watch = WatchTheZip(out, stop_after=None)
        result = export_service.export_accountability(
            vault, CASE, out / "dossier", as_zip=True, progress=watch
        )
        assert watch.seen and all("dossier.zip" not in names for names in watch.seen)
        assert os.listdir(out) == ["dossier.zip"] and result.path == out / "dossier.zip"
        assert export_service.check_dossier(result.path).ok
    with vault_copy.open() as vault:
        assert vault.notices == []
