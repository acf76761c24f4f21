"""A damaged or hostile vault.json from the shell: clear one-line messages, the right exit
code, never a traceback; a damaged slot does not hide the others."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.cli.cli_runner import evidence_app
from tests.conftest import VaultCopy


def edit_slot(vault_dir: Path, kind: str, edit: Callable[[dict[str, Any]], None]) -> None:
    path = vault_dir / "vault.json"
    data = json.loads(path.read_text())
    edit(next(slot for slot in data["slots"] if slot["kind"] == kind))
    path.write_text(json.dumps(data))


def test_vault_info_and_slots_describe_a_damaged_passphrase_slot_and_go_on(
    vault_copy: VaultCopy, secret_files: dict[str, Path]
) -> None:
    edit_slot(vault_copy.path, "passphrase", lambda slot: slot["params"]["kdf"].pop("opslimit"))
    where = ["--vault", str(vault_copy.path)]
    unlock = [*where, "--recovery-file", str(secret_files["recovery"])]

    info = evidence_app("vault", "info", "--json", *unlock)
    assert info.code == 0, info.err
    passphrase, recovery = json.loads(info.out)["slots"]
    assert passphrase["kind"] == "passphrase" and passphrase["damaged"]
    assert "kdf" not in passphrase
    assert recovery["kind"] == "recovery" and "damaged" not in recovery

    text = evidence_app("vault", "info", *unlock)
    assert text.code == 0, text.err
    assert "DAMAGED" in text.out and "Traceback" not in text.err

    slots = evidence_app("vault", "slots", *where)
    assert slots.code == 0, slots.err
    lines = slots.out.splitlines()
    assert len(lines) == 2 and "DAMAGED" in lines[0] and "recovery" in lines[1]


@pytest.mark.parametrize("kind", ["folder", "link"])
def test_a_vault_json_replaced_by_a_folder_or_a_link_exits_4_with_one_line(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path, kind: str
) -> None:
    path = vault_copy.path / "vault.json"
    path.rename(tmp_path / "moved.json")
    if kind == "folder":
        path.mkdir()
    else:
        path.symlink_to(tmp_path / "moved.json")
    unlock = ["--vault", str(vault_copy.path), "--recovery-file", str(secret_files["recovery"])]
    result = evidence_app("vault", "info", *unlock)
    assert result.code == 4, result.err
    assert "not a plain file" in result.err and len(result.err.splitlines()) == 1
