"""A malformed or hostile vault.json is refused with a clear message (exit code 4), whatever
is wrong with it: never a traceback, never a hang, never a read through a link."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from evidence_app.core import vault_service
from evidence_app.kernel.errors import UnknownVaultFormat
from evidence_app.storage.vault_file import MAX_FILE_BYTES
from tests.conftest import VaultCopy

RAW: dict[str, bytes] = {
    "not-utf8": b"\xff\xfe\x00garbage",
    "empty": b"",
    "null": b"null",
    "a-list": b"[]",
    "nested-too-deep": b"[" * 200_000,
    "integer-too-long": b'{"format": "evidence-vault", "version": ' + b"9" * 5000 + b"}",
    "too-large": b" " * MAX_FILE_BYTES + b"{}",
}

Edit = Callable[[dict[str, Any]], None]
EDITS: dict[str, Edit] = {
    "format-missing": lambda d: d.pop("format"),
    "version-as-text": lambda d: d.update(version="1"),
    "version-as-boolean": lambda d: d.update(version=True),
    "version-as-float": lambda d: d.update(version=1.0),
    "version-huge": lambda d: d.update(version=10**4000),
    "vault-id-missing": lambda d: d.pop("vault_id"),
    "vault-id-a-number": lambda d: d.update(vault_id=12345),
    "vault-id-not-ascii": lambda d: d.update(vault_id="хранилище"),
    "slots-missing": lambda d: d.pop("slots"),
    "slots-an-object": lambda d: d.update(slots={}),
    "slot-a-number": lambda d: d["slots"].append(5),
    "slot-kind-unknown-and-long": lambda d: d["slots"][1].update(kind="x" * 100_000),
    "slot-id-a-number": lambda d: d["slots"][1].update(id=7),
    "slot-params-a-list": lambda d: d["slots"][1].update(params=[]),
    "slot-nonce-a-number": lambda d: d["slots"][1].update(nonce=5),
    "slot-nonce-not-base64": lambda d: d["slots"][1].update(nonce="%%%"),
    "slot-params-infinite": lambda d: d["slots"][1]["params"].update(x=float("inf")),
    "slot-params-integer-out-of-range": lambda d: d["slots"][1]["params"].update(x=2**60),
    "checkpoint-text": lambda d: d.update(checkpoint="x"),
    "checkpoint-nonce-a-number": lambda d: d.update(checkpoint={"nonce": 1, "sealed": ""}),
}


def open_with_recovery_code(vault_copy: VaultCopy) -> UnknownVaultFormat:
    with pytest.raises(UnknownVaultFormat) as refused:
        vault_service.unlock_vault(vault_copy.path, vault_copy.recovery)
    assert refused.value.exit_code == 4
    assert len(str(refused.value)) < 300
    with pytest.raises(UnknownVaultFormat):
        vault_service.list_slots(vault_copy.path)
    return refused.value


@pytest.mark.parametrize("case", RAW)
def test_a_vault_json_that_is_not_a_vault_document_is_refused(
    vault_copy: VaultCopy, case: str
) -> None:
    (vault_copy.path / "vault.json").write_bytes(RAW[case])
    open_with_recovery_code(vault_copy)


@pytest.mark.parametrize("case", EDITS)
def test_a_vault_json_with_wrong_types_or_missing_fields_is_refused(
    vault_copy: VaultCopy, case: str
) -> None:
    path = vault_copy.path / "vault.json"
    data = json.loads(path.read_text())
    EDITS[case](data)
    path.write_text(json.dumps(data))
    open_with_recovery_code(vault_copy)


@pytest.mark.parametrize("kind", ["folder", "fifo", "link", "dangling-link"])
def test_a_vault_json_that_is_not_a_plain_file_is_refused(
    vault_copy: VaultCopy, tmp_path: Path, kind: str
) -> None:
    path = vault_copy.path / "vault.json"
    elsewhere = tmp_path / "elsewhere.json"
    shutil.move(path, elsewhere)
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "link":
        path.symlink_to(elsewhere)
    else:
        path.symlink_to(tmp_path / "nothing-here.json")
    assert "plain file" in str(open_with_recovery_code(vault_copy))
