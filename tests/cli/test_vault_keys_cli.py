"""`vault info` keys, `vault compact`, `vault rekey`, and the advice after passwd/travel mode."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.cli_runner import evidence_app
from tests.conftest import VaultCopy


def vault_args(vault_copy: VaultCopy, secret: Path) -> list[str]:
    return ["--vault", str(vault_copy.path), "--recovery-file", str(secret)]


def test_info_shows_the_signing_and_transfer_public_keys_and_fingerprints(
    vault_copy: VaultCopy, secret_files: dict[str, Path]
) -> None:
    result = evidence_app(
        "vault", "info", *vault_args(vault_copy, secret_files["recovery"]), "--json"
    )
    assert result.code == 0, result.err
    info = json.loads(result.out)
    assert info["identity"]["algorithm"] == "Ed25519"
    assert info["transfer_key"]["algorithm"] == "X25519"
    assert len(info["transfer_key"]["fingerprint"]) == 64
    text = evidence_app("vault", "info", *vault_args(vault_copy, secret_files["recovery"]))
    assert info["transfer_key"]["public_key"] in text.out
    assert info["identity"]["public_key"] in text.out
    again = evidence_app(
        "vault", "info", *vault_args(vault_copy, secret_files["recovery"]), "--json"
    )
    assert json.loads(again.out)["transfer_key"] == info["transfer_key"]


def test_compact_on_a_padded_vault_rewrites_nothing(
    vault_copy: VaultCopy, secret_files: dict[str, Path]
) -> None:
    result = evidence_app(
        "vault", "compact", *vault_args(vault_copy, secret_files["recovery"]), "--json"
    )
    assert result.code == 0, result.err
    assert json.loads(result.out)["rewritten"] == 0


def test_rekey_shows_a_new_recovery_code_and_the_old_one_stops_working(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    new = tmp_path / "new.txt"
    new.write_text("the passphrase after rekey\n")
    result = evidence_app(
        "vault",
        "rekey",
        *vault_args(vault_copy, secret_files["recovery"]),
        "--new-passphrase-file",
        str(new),
        "--kdf-seconds",
        "0",
        "--json",
    )
    assert result.code == 0, result.err
    code = json.loads(result.out)["recovery_code"]
    old = evidence_app("vault", "info", *vault_args(vault_copy, secret_files["recovery"]))
    assert old.code == 3 and "Traceback" not in old.err
    fresh = tmp_path / "fresh.txt"
    fresh.write_text(code + "\n")
    assert evidence_app("vault", "info", *vault_args(vault_copy, fresh)).code == 0


def test_passwd_and_travel_mode_say_that_old_copies_of_vault_json_need_a_rekey(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    new = tmp_path / "new.txt"
    new.write_text("the new passphrase is long\n")
    passwd = evidence_app(
        "vault",
        "passwd",
        *vault_args(vault_copy, secret_files["recovery"]),
        "--new-passphrase-file",
        str(new),
        "--kdf-seconds",
        "0",
    )
    assert passwd.code == 0 and "vault rekey" in passwd.out
    travel = evidence_app(
        "vault", "travel-mode", "on", "--yes", *vault_args(vault_copy, secret_files["recovery"])
    )
    assert travel.code == 0 and "vault rekey" in travel.out


def test_slots_remove_asks_for_yes_then_removes_an_organisation_slot(
    vault_copy: VaultCopy, secret_files: dict[str, Path]
) -> None:
    pair = evidence_app("org-key", "generate", "-o", str(secret_files["recovery"].parent / "org"))
    public = pair.out.strip().splitlines()[-1]
    args = vault_args(vault_copy, secret_files["recovery"])
    assert evidence_app("vault", "slots", "add-sealed", public, *args).code == 0
    listed = json.loads(evidence_app("vault", "slots", *args, "--json").out)
    sealed = next(slot["id"] for slot in listed if slot["kind"] == "sealed")

    refused = evidence_app("vault", "slots", "remove", sealed, *args)
    assert refused.code == 2 and "--yes" in refused.err
    removed = evidence_app("vault", "slots", "remove", sealed, "--yes", *args)
    assert removed.code == 0 and "vault rekey" in removed.out
    after = json.loads(evidence_app("vault", "slots", *args, "--json").out)
    assert [slot["kind"] for slot in after] == ["passphrase", "recovery"]
