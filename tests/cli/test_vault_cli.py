"""`evidence-app vault …` as scripts and legal teams use it (DESIGN §4)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.cli.cli_runner import evidence_app
from tests.conftest import VaultCopy


def test_init_prints_the_recovery_code_once_and_the_vault_opens_with_it(tmp_path: Path) -> None:
    passphrase = tmp_path / "pass.txt"
    passphrase.write_text("a long enough passphrase\n")
    result = evidence_app(
        "vault",
        "init",
        str(tmp_path / "v"),
        "--passphrase-file",
        str(passphrase),
        "--name",
        "Олена",
        "--kdf-seconds",
        "0",
    )
    assert result.code == 0, result.err
    code = re.search(r"(?:[0-9A-Z]{5}-){12}[0-9A-Z]{5}", result.out)
    assert code, result.out
    assert "only once" in result.out
    assert code.group(0) not in (tmp_path / "v" / "vault.json").read_text()
    recovery = tmp_path / "recovery.txt"
    recovery.write_text(code.group(0).lower().replace("-", " "))
    info = evidence_app(
        "--vault", str(tmp_path / "v"), "vault", "info", "--json", "--recovery-file", str(recovery)
    )
    assert info.code == 0, info.err
    assert json.loads(info.out)["identity"]["name"] == "Олена"


def test_info_json_names_format_slots_identity_counts_and_sizes(
    vault_copy: VaultCopy, secret_files: dict[str, Path]
) -> None:
    result = evidence_app(
        "vault",
        "info",
        "--json",
        "--vault",
        str(vault_copy.path),
        "--recovery-file",
        str(secret_files["recovery"]),
    )
    assert result.code == 0, result.err
    info = json.loads(result.out)
    assert {"format", "version", "vault_id", "slots", "identity", "counts", "sizes"} <= set(info)
    assert info["slots"][0]["kdf"] == {"algorithm": "Argon2id", "memory_mib": 256, "passes": 3}


def test_a_wrong_passphrase_exits_3_with_one_line_and_no_traceback(
    vault_copy: VaultCopy, tmp_path: Path
) -> None:
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("definitely not it\n")
    result = evidence_app(
        "vault", "info", "--vault", str(vault_copy.path), "--passphrase-file", str(wrong)
    )
    assert result.code == 3
    assert result.err.strip() == "evidence-app: Wrong passphrase."
    assert result.out == ""


def test_the_passphrase_can_come_from_the_environment(vault_copy: VaultCopy) -> None:
    result = evidence_app(
        "vault",
        "info",
        "--vault",
        str(vault_copy.path),
        env={"EVIDENCE_APP_PASSPHRASE": vault_copy.passphrase},
    )
    assert result.code == 0, result.err


def test_the_vault_can_come_from_the_environment(
    vault_copy: VaultCopy, secret_files: dict[str, Path]
) -> None:
    result = evidence_app(
        "vault",
        "info",
        "--recovery-file",
        str(secret_files["recovery"]),
        env={"EVIDENCE_APP_VAULT": str(vault_copy.path)},
    )
    assert result.code == 0, result.err


def test_without_any_secret_and_no_terminal_it_exits_3(vault_copy: VaultCopy) -> None:
    result = evidence_app("vault", "info", "--vault", str(vault_copy.path))
    assert result.code == 3
    assert "--passphrase-file" in result.err


def test_a_missing_vault_exits_2(tmp_path: Path, secret_files: dict[str, Path]) -> None:
    result = evidence_app(
        "vault",
        "info",
        "--vault",
        str(tmp_path / "nowhere"),
        "--passphrase-file",
        str(secret_files["passphrase"]),
    )
    assert result.code == 2
    assert "No vault" in result.err


def test_an_unknown_vault_format_exits_4(
    vault_copy: VaultCopy, secret_files: dict[str, Path]
) -> None:
    path = vault_copy.path / "vault.json"
    path.write_text(path.read_text().replace('"version": 1', '"version": 7'))
    result = evidence_app(
        "vault",
        "info",
        "--vault",
        str(vault_copy.path),
        "--recovery-file",
        str(secret_files["recovery"]),
    )
    assert result.code == 4
    assert "version 7" in result.err


def test_passwd_changes_the_passphrase(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    new = tmp_path / "new.txt"
    new.write_text("the new passphrase is long\n")
    result = evidence_app(
        "vault",
        "passwd",
        "--vault",
        str(vault_copy.path),
        "--recovery-file",
        str(secret_files["recovery"]),
        "--new-passphrase-file",
        str(new),
        "--kdf-seconds",
        "0",
    )
    assert result.code == 0, result.err
    old = evidence_app(
        "vault",
        "info",
        "--vault",
        str(vault_copy.path),
        "--passphrase-file",
        str(secret_files["passphrase"]),
    )
    assert old.code == 3
    fresh = evidence_app(
        "vault", "info", "--vault", str(vault_copy.path), "--passphrase-file", str(new)
    )
    assert fresh.code == 0, fresh.err


def test_travel_mode_needs_confirmation_then_blocks_the_passphrase_until_recovery(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    vault = ["--vault", str(vault_copy.path)]
    unconfirmed = evidence_app(
        "vault", "travel-mode", "on", *vault, "--passphrase-file", str(secret_files["passphrase"])
    )
    assert unconfirmed.code == 2 and "--yes" in unconfirmed.err
    on = evidence_app(
        "vault",
        "travel-mode",
        "on",
        "--yes",
        *vault,
        "--passphrase-file",
        str(secret_files["passphrase"]),
    )
    assert on.code == 0, on.err
    blocked = evidence_app(
        "vault", "info", *vault, "--passphrase-file", str(secret_files["passphrase"])
    )
    assert blocked.code == 3 and "travel mode" in blocked.err
    no_secret = evidence_app(
        "vault", "travel-mode", "off", *vault, "--passphrase-file", str(secret_files["passphrase"])
    )
    assert no_secret.code == 2
    new = tmp_path / "new.txt"
    new.write_text("back home passphrase\n")
    off = evidence_app(
        "vault",
        "travel-mode",
        "off",
        *vault,
        "--kdf-seconds",
        "0",
        "--recovery-file",
        str(secret_files["recovery"]),
        "--new-passphrase-file",
        str(new),
    )
    assert off.code == 0, off.err
    assert evidence_app("vault", "info", *vault, "--passphrase-file", str(new)).code == 0


def test_an_organisation_key_added_as_a_sealed_slot_opens_the_vault(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    key_file = tmp_path / "org.key"
    generated = evidence_app("org-key", "generate", "--out", str(key_file), "--json")
    assert generated.code == 0, generated.err
    assert key_file.stat().st_mode & 0o077 == 0
    public_key = json.loads(generated.out)["public_key"]
    added = evidence_app(
        "vault",
        "slots",
        "add-sealed",
        public_key,
        "--label",
        "ECtHR team",
        "--vault",
        str(vault_copy.path),
        "--recovery-file",
        str(secret_files["recovery"]),
    )
    assert added.code == 0, added.err
    slots = evidence_app("vault", "slots", "--json", "--vault", str(vault_copy.path))
    assert [s["kind"] for s in json.loads(slots.out)] == ["passphrase", "recovery", "sealed"]
    opened = evidence_app(
        "vault", "info", "--vault", str(vault_copy.path), "--org-key-file", str(key_file)
    )
    assert opened.code == 0, opened.err


def test_a_second_process_is_told_the_vault_is_in_use_and_a_dead_holder_blocks_no_one(
    vault_copy: VaultCopy, secret_files: dict[str, Path]
) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time\n"
                "from tests.conftest import VaultCopy\n"
                f"v = VaultCopy(__import__('pathlib').Path({str(vault_copy.path)!r}), '', "
                f"{vault_copy.recovery_code!r}).open()\n"
                "print('open', flush=True)\n"
                "time.sleep(60)\n"
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parents[2],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        busy = evidence_app(
            "vault",
            "info",
            "--vault",
            str(vault_copy.path),
            "--recovery-file",
            str(secret_files["recovery"]),
        )
        assert busy.code == 4
        assert f"in use by process {holder.pid}" in busy.err
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    time.sleep(0.1)
    after = evidence_app(
        "vault",
        "info",
        "--vault",
        str(vault_copy.path),
        "--recovery-file",
        str(secret_files["recovery"]),
    )
    assert after.code == 0, after.err
