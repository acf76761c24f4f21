"""`records export -o FILE`: plaintext the person asked for, and nothing they did not."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from tests.cli.cli_runner import evidence_app
from tests.cli.test_evidence_cli import unlock
from tests.conftest import VaultCopy
from tests.records.sample_documents import records_document


def imported(vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path) -> list[str]:
    args = unlock(vault_copy, secret_files)
    document = tmp_path / "records.json"
    document.write_text(json.dumps(records_document(), ensure_ascii=False))
    assert evidence_app("records", "import", str(document), *args).code == 0
    return args


def test_export_refuses_an_existing_file_unless_forced(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    args = imported(vault_copy, secret_files, tmp_path)
    target = tmp_path / "notes.json"
    target.write_text("a file the researcher still needs")
    refused = evidence_app("records", "export", "-o", str(target), *args)
    assert refused.code == 2
    assert "already exists" in refused.err and "--force" in refused.err
    assert target.read_text() == "a file the researcher still needs"
    forced = evidence_app("records", "export", "-o", str(target), "--force", *args)
    assert forced.code == 0, forced.err
    assert len(json.loads(target.read_text())["people"]) == 3
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_export_writes_a_file_only_its_owner_can_read(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    args = imported(vault_copy, secret_files, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    result = evidence_app("records", "export", "-o", str(out / "records.json"), *args)
    assert result.code == 0, result.err
    assert stat.S_IMODE((out / "records.json").stat().st_mode) == 0o600
    assert [p.name for p in out.iterdir()] == ["records.json"]  # no staging file left


def test_export_does_not_follow_a_link_planted_at_the_name(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    args = imported(vault_copy, secret_files, tmp_path)
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("untouched")
    (tmp_path / "export.json").symlink_to(elsewhere)
    result = evidence_app("records", "export", "-o", str(tmp_path / "export.json"), *args)
    assert result.code == 2
    assert elsewhere.read_text() == "untouched"
