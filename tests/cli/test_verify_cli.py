"""`verify` from the shell when stored files were replaced by something that is not a file."""

from __future__ import annotations

import json
from pathlib import Path

from evidence_app.core import ingest_service
from evidence_app.storage.models import Item
from tests.blob_files import blob_path
from tests.cli.cli_runner import evidence_app
from tests.conftest import VaultCopy


def test_blobs_replaced_by_folders_are_reported_by_item_and_every_item_is_checked(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    received = tmp_path / "received"
    received.mkdir()
    for name in ("first.txt", "second.txt", "third.txt"):
        (received / name).write_text(f"statement in {name}")
    with vault_copy.open() as vault:
        ingest_service.ingest_paths(vault, [received])
        with vault.reader() as session:
            items = {item.original_name: item for item in session.query(Item)}
        for name in ("first.txt", "third.txt"):
            blob = blob_path(vault, items[name].blob_id)
            blob.unlink()
            blob.mkdir()
    bad = sorted(items[name].id for name in ("first.txt", "third.txt"))

    args = ["--vault", str(vault_copy.path), "--recovery-file", str(secret_files["recovery"])]
    for mode in ([], ["--full"]):
        result = evidence_app("verify", *mode, "--json", *args)
        assert result.code == 1, result.err
        report = json.loads(result.out)
        assert report["items"] == 3 and report["bad_items"] == bad
        assert all("is not a file" in problem["message"] for problem in report["problems"])
        assert "Traceback" not in result.err
