"""`verify-dossier` checks the consent ledger of an accountability dossier, without a vault."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.cli_runner import evidence_app
from tests.conftest import VaultCopy
from tests.export.dossier_case import CASE
from tests.export.dossier_records_case import build_linked_case


def test_verify_dossier_checks_the_consent_events_and_names_an_edited_one(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    with vault_copy.open() as vault:
        build_linked_case(vault, tmp_path / "received")
    dossier = tmp_path / "d"
    exported = evidence_app(
        "export",
        "accountability",
        "--case",
        CASE,
        "-o",
        str(dossier),
        "--vault",
        str(vault_copy.path),
        "--recovery-file",
        str(secret_files["recovery"]),
    )
    assert exported.code == 0, exported.err

    checked = evidence_app("verify-dossier", str(dossier), "--json")
    assert checked.code == 0, checked.out
    (consent,) = [c for c in json.loads(checked.out)["checks"] if c["check"] == "consent"]
    assert consent["ok"] and consent["proves"].startswith("Every person linked")

    manifest = json.loads((dossier / "manifest.json").read_text(encoding="utf-8"))
    (testimony,) = manifest["testimonies"]
    event = testimony["consent"][0]["custody"][0]
    event["time"] = "2025-12-01T09:00:00.000Z"  # backdated before the interview
    (dossier / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    failed = evidence_app("verify-dossier", str(dossier), "--json")
    assert failed.code == 1
    checks = {c["check"]: c for c in json.loads(failed.out)["checks"]}
    assert checks["consent"]["problems"] == [
        f"custody event {event['seq']} of testimony t-1: consent of W-001 given on "
        "2026-01-05: its content does not match its hash (it was edited)"
    ]
    assert not checks["signatures"]["ok"]  # and the manifest cannot be signed again
    said = evidence_app("verify-dossier", str(dossier))
    assert said.code == 1 and f"custody event {event['seq']} of testimony t-1" in said.err
    assert "Traceback" not in said.err
