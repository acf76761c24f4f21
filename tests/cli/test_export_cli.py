"""`export accountability`, `export exhibition`, `items redact` and `verify-dossier`."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.cli_runner import evidence_app
from tests.conftest import VaultCopy
from tests.export.dossier_case import CASE, build_case


def test_export_then_verify_dossier_without_a_vault(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    with vault_copy.open() as vault:
        case = build_case(vault, tmp_path / "received")
    unlock = ["--vault", str(vault_copy.path), "--recovery-file", str(secret_files["recovery"])]

    exported = evidence_app(
        "export", "accountability", "--case", CASE, "-o", str(tmp_path / "d"), "--json", *unlock
    )
    assert exported.code == 0, exported.err
    result = json.loads(exported.out)
    assert result["exhibits"] == 2 and len(result["omitted"]) == 3

    # No vault, no secret: a legal team's machine.
    checked = evidence_app("verify-dossier", str(tmp_path / "d"))
    assert checked.code == 0, checked.out + checked.err
    assert "The dossier verifies" in checked.out

    evidence = next((tmp_path / "d" / "evidence").glob("001_*"))
    evidence.write_bytes(evidence.read_bytes() + b"\0")
    failed = evidence_app("verify-dossier", str(tmp_path / "d"), "--json")
    assert failed.code == 1
    problems = json.loads(failed.out)["problems"]
    assert any(evidence.name in problem for problem in problems)

    again = evidence_app(
        "export", "accountability", "--case", CASE, "-o", str(tmp_path / "d"), *unlock
    )
    assert again.code == 2 and "already exists" in again.err and "Traceback" not in again.err

    missing = evidence_app("verify-dossier", str(tmp_path / "nowhere"))
    assert missing.code == 2 and "does not exist" in missing.err

    assert case.consented_photo


def test_redact_and_export_an_exhibition(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    with vault_copy.open() as vault:
        case = build_case(vault, tmp_path / "received")
    unlock = ["--vault", str(vault_copy.path), "--recovery-file", str(secret_files["recovery"])]

    marked = evidence_app(
        "items", "redact", case.unconsented_photo[:12], "--region", "1,1,5,5", *unlock
    )
    assert marked.code == 0, marked.err
    bad = evidence_app("items", "redact", case.unconsented_photo[:12], "--region", "1,1", *unlock)
    assert bad.code == 2 and "x,y,width,height" in bad.err

    shown = evidence_app(
        "export", "exhibition", "--case", CASE, "-o", str(tmp_path / "show.pdf"), *unlock
    )
    assert shown.code == 0, shown.err
    assert "Left out" in shown.out and "look at every photograph" in shown.err
    assert (tmp_path / "show.pdf").read_bytes().startswith(b"%PDF")
