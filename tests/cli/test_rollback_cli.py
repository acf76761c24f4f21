"""A rolled-back vault from the command line: reading works, writing exits 4 until the
keeper runs `vault accept-catalog --yes`; quarantined content comes back with
`vault recover-orphans` (DESIGN §4, §8)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.cli_runner import Result, evidence_app
from tests.conftest import VaultCopy
from tests.core.vault_copies import CATALOG_FILES, put_back, remove_sealed_state, with_a_then_b


def run(vault_copy: VaultCopy, secrets: dict[str, Path], *args: str) -> Result:
    return evidence_app(
        *args, "--vault", str(vault_copy.path), "--recovery-file", str(secrets["recovery"])
    )


def test_a_rolled_back_catalog_reads_but_refuses_writes_until_accepted(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    a, b, backup = with_a_then_b(vault_copy, tmp_path)
    put_back(backup, vault_copy.path, CATALOG_FILES)
    remove_sealed_state(vault_copy.path)
    (tmp_path / "new.txt").write_text("new")

    verify = run(vault_copy, secret_files, "verify", "--full")
    assert verify.code == 1
    assert "Everything verifies" not in verify.out
    assert "read-only" in verify.err and b.blob_id in verify.err
    verify_json = json.loads(run(vault_copy, secret_files, "verify", "--json").out)
    assert verify_json["ok"] is False
    assert "no record of the custody log" in verify_json["read_only_reason"]
    assert verify_json["unreferenced_blobs"] == [b.blob_id]

    info = run(vault_copy, secret_files, "vault", "info")
    assert info.code == 0 and "Read-only" in info.out
    listed = run(vault_copy, secret_files, "items", "list", "--json")
    assert [i["id"] for i in json.loads(listed.out)] == [a.id]
    extract = run(vault_copy, secret_files, "items", "extract", a.id, "-o", str(tmp_path / "a"))
    assert extract.code == 0, extract.err
    assert "not logged" in extract.err

    ingest = run(vault_copy, secret_files, "ingest", str(tmp_path / "new.txt"))
    assert ingest.code == 4
    assert "read-only" in ingest.err and "accept-catalog --yes" in ingest.err
    assert "Traceback" not in ingest.err

    unconfirmed = run(vault_copy, secret_files, "vault", "accept-catalog")
    assert unconfirmed.code == 2
    assert "--yes" in unconfirmed.err
    assert run(vault_copy, secret_files, "ingest", str(tmp_path / "new.txt")).code == 4

    accepted = run(vault_copy, secret_files, "vault", "accept-catalog", "--yes", "--json")
    assert accepted.code == 0, accepted.err
    assert json.loads(accepted.out)["quarantined"] == [b.blob_id]
    assert run(vault_copy, secret_files, "ingest", str(tmp_path / "new.txt")).code == 0
    log = json.loads(run(vault_copy, secret_files, "log", "--json").out)
    decision = [e for e in log if e["action"] == "vault.state_accepted"]
    assert len(decision) == 1
    assert decision[0]["details"]["kind"] == "missing"
    assert decision[0]["signature"]


def test_a_careless_restore_of_both_files_loses_nothing_and_recovers(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    _a, b, backup = with_a_then_b(vault_copy, tmp_path)
    put_back(backup, vault_copy.path, (*CATALOG_FILES, "vault.json"))

    verify = run(vault_copy, secret_files, "verify", "--full")
    assert verify.code == 1
    assert b.blob_id in verify.err and "recover-orphans" in verify.err
    assert (vault_copy.path / "quarantine" / b.blob_id[:2] / b.blob_id).is_file()

    recovered = run(vault_copy, secret_files, "vault", "recover-orphans", "--json")
    assert recovered.code == 0, recovered.err
    [outcome] = json.loads(recovered.out)
    assert (outcome["blob"], outcome["status"], outcome["sha256"]) == (
        b.blob_id,
        "recovered",
        b.sha256,
    )
    shown = json.loads(run(vault_copy, secret_files, "items", "show", outcome["id"], "--json").out)
    assert shown["sha256"] == b.sha256
    assert [e["action"] for e in shown["custody"]] == ["item.ingested"]
    assert shown["custody"][0]["details"]["recovered_from"] == "quarantine"

    again = run(vault_copy, secret_files, "verify", "--full")
    assert again.code == 0, again.err
    assert "Everything verifies" in again.out
    assert run(vault_copy, secret_files, "vault", "recover-orphans").out.strip() == (
        "Nothing is in quarantine."
    )
