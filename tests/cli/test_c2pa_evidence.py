"""C2PA-signed photos from the shell: the manifest is read and validated at ingest, kept
with its custody event, shown by `items show` and printed on the dossier's exhibit page;
a photo edited after signing is invalid with the reason, an unsigned photo has no
credential, a garbled manifest is stored and noted."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from evidence_app.core import records_service
from tests.cli.cli_runner import evidence_app
from tests.conftest import VaultCopy
from tests.media.c2pa_files import (
    CLAIM_GENERATOR,
    EDITOR,
    SIGNER_NAME,
    plain_picture,
    signed_picture,
    with_manifest_garbled,
    with_scan_data_changed,
)
from tests.records.sample_documents import add_sample_case, records_document

CASE = "case-ik6"


def test_c2pa_photos_are_checked_at_ingest_shown_and_exhibited(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    with vault_copy.open() as vault:
        add_sample_case(vault)
    received = tmp_path / "received"
    received.mkdir()
    signed = signed_picture(edited=True)
    files = {
        "signed.jpg": signed,
        "retouched.jpg": with_scan_data_changed(signed),
        "unsigned.jpg": plain_picture(colour=(20, 90, 160)),
        "garbled.jpg": with_manifest_garbled(signed_picture(plain_picture(colour=(9, 9, 9)))),
    }
    for name, data in files.items():
        (received / name).write_bytes(data)
    temp = tmp_path / "temp"
    temp.mkdir()
    env = {"TMPDIR": str(temp), "TEMP": str(temp), "TMP": str(temp)}
    args = ["--vault", str(vault_copy.path), "--recovery-file", str(secret_files["recovery"])]

    def run(*words: str) -> str:
        result = evidence_app(*words, *args, env=env)
        assert result.code == 0, result.out + result.err
        return result.out

    ingested = json.loads(run("ingest", str(received), "--case", CASE, "--json"))
    assert ingested["stored"] == 4 and ingested["failed"] == 0
    outcome = {Path(f["path"]).name: f for f in ingested["files"]}

    def shown(name: str) -> dict[str, Any]:
        item: dict[str, Any] = json.loads(run("items", "show", outcome[name]["id"], "--json"))
        return item

    item = shown("signed.jpg")
    (credential,) = item["credentials"]
    assert credential["kind"] == "c2pa" and credential["status"] == "unknown_key"
    assert credential["source_item_id"] is None
    summary = credential["summary"]
    assert summary["claim_generator"] == f"{CLAIM_GENERATOR} 2.1"
    assert summary["signer"]["common_name"] == SIGNER_NAME
    assert [a["action"] for a in summary["actions"]] == ["c2pa.created", "c2pa.edited"]
    assert summary["actions"][1]["software_agent"] == EDITOR
    # The check is a signed custody event of the item, the one the credential names.
    (checked,) = [e for e in item["custody"] if e["action"] == "item.c2pa_checked"]
    assert checked["seq"] == credential["event_seq"]
    assert checked["details"]["status"] == "unknown_key"
    assert checked["details"]["failures"] == ["signingCredential.untrusted"]

    (retouched,) = shown("retouched.jpg")["credentials"]
    assert retouched["status"] == "invalid"
    assert "assertion.dataHash.mismatch" in [f["code"] for f in retouched["summary"]["failures"]]

    unsigned = shown("unsigned.jpg")
    assert unsigned["credentials"] == []
    assert not [e for e in unsigned["custody"] if e["action"] == "item.c2pa_checked"]

    garbled = shown("garbled.jpg")
    (broken,) = garbled["credentials"]
    assert broken["status"] == "unreadable" and broken["summary"]["problem"]
    assert any("C2PA manifest that could not be read" in n for n in garbled["notes"])

    text = run("items", "show", outcome["retouched.jpg"]["id"])
    assert "Content credentials (C2PA) Does not check" in text
    assert "assertion.dataHash.mismatch" in text

    _link_to_a_consenting_person(vault_copy, tmp_path, [outcome[n]["sha256"] for n in files])
    dossier = tmp_path / "dossier"
    run("export", "accountability", "--case", CASE, "-o", str(dossier), "--language", "uk")
    manifest = json.loads((dossier / "manifest.json").read_text(encoding="utf-8"))
    exhibits = {exhibit["original_name"]: exhibit for exhibit in manifest["exhibits"]}
    assert exhibits["signed.jpg"]["credentials"][0]["status"] == "unknown_key"
    assert exhibits["unsigned.jpg"]["credentials"] == []

    page = _page_text(dossier / "dossier.pdf", ": signed.jpg")
    for fact in (
        "Облікові дані контенту (C2PA)",
        "Не змінений і відповідає файлу",
        f"{CLAIM_GENERATOR} 2.1",
        SIGNER_NAME,
        "c2pa.created",
        f"c2pa.edited ({EDITOR})",
        "signingCredential.untrusted",
    ):
        assert fact in page, fact
    retouched_page = _page_text(dossier / "dossier.pdf", ": retouched.jpg")
    assert "Перевірку не пройдено" in retouched_page
    assert "assertion.dataHash.mismatch" in retouched_page

    checked_dossier = evidence_app("verify-dossier", str(dossier), env=env)
    assert checked_dossier.code == 0, checked_dossier.out + checked_dossier.err
    assert list(temp.iterdir()) == []  # nothing read, validated or drawn went through temp


def _link_to_a_consenting_person(vault_copy: VaultCopy, tmp_path: Path, hashes: list[str]) -> None:
    document = records_document()
    document["evidence"] = [
        {"sha256": sha256, "cases": [CASE], "people": ["p-017"], "caption": "Photo"}
        for sha256 in hashes
    ]
    path = tmp_path / "records.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with vault_copy.open() as vault:
        records_service.import_records(vault, path)


def _page_text(pdf: Path, heading: str) -> str:
    """The text of the exhibit page whose heading ends with `heading`, pages joined."""
    pages = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    found = [page for page in pages if heading in page]
    assert found, heading
    return " ".join(found[0].split())
