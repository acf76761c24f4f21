"""A ProofMode bundle from the shell: ingest lists the media it held, and `items show`
reports what checking its signatures found."""

from __future__ import annotations

import json
from pathlib import Path

from evidence_app.kernel.catalogs import translator
from evidence_app.media.proofmode_words import proofmode_line
from tests.cli.cli_runner import evidence_app
from tests.conftest import VaultCopy
from tests.media.proofmode_bundles import bundle, new_key, photo


def test_items_show_reports_the_credential_of_a_bundles_media(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    args = ["--vault", str(vault_copy.path), "--recovery-file", str(secret_files["recovery"])]
    key = new_key()
    fingerprint = key.extract_certificate().fingerprint.upper()
    path = tmp_path / "proof.zip"
    path.write_bytes(bundle(photo(), key=key))
    ingested = evidence_app("ingest", str(path), "--json", *args)
    assert ingested.code == 0, ingested.err
    [outcome] = json.loads(ingested.out)["files"]
    [inner] = outcome["contained"]
    assert inner["status"] == "stored" and inner["media_type"] == "image/jpeg"

    shown = json.loads(evidence_app("items", "show", inner["id"], "--json", *args).out)
    [credential] = shown["credentials"]
    assert credential["kind"] == "proofmode" and credential["status"] == "valid"
    assert credential["fingerprint"] == fingerprint
    assert credential["source_item_id"] == outcome["id"]
    assert credential["summary"]["checked"]["media_signature"] == "valid"
    assert any(e["action"] == "item.proofmode_checked" for e in shown["custody"])

    printed = evidence_app("items", "show", inner["id"], *args).out
    spaced = " ".join(fingerprint[i : i + 4] for i in range(0, 40, 4))
    assert f"Credential   ProofMode: Signature valid, key {spaced}" in printed


def test_the_line_is_said_in_the_interface_languages() -> None:
    summary = {"status": "invalid", "reason": "hash_mismatch", "key_fingerprint": "AB" * 20}
    assert proofmode_line(summary, translator("en")) == (
        "Not valid: The file's SHA-256 is not the one its proof was made for"
    )
    assert proofmode_line(summary, translator("ru")).startswith("Не подтверждено: SHA-256")
    assert proofmode_line(summary, translator("uk")).startswith("Не підтверджено: SHA-256")
    valid = {"status": "valid", "key_fingerprint": "1a2b3c4d5e6f7a8b9c0d" * 2}
    assert proofmode_line(valid, translator("ru")) == "Подпись верна, ключ 1A2B 3C4D 5E6F 7A8B…"
