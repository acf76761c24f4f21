"""`ingest`, `items`, `log`, `verify`, `records`, `search` and `consent` from the shell."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tests.cli.cli_runner import evidence_app
from tests.conftest import VaultCopy
from tests.records.sample_documents import records_document


def unlock(vault_copy: VaultCopy, secret_files: dict[str, Path]) -> list[str]:
    return ["--vault", str(vault_copy.path), "--recovery-file", str(secret_files["recovery"])]


def test_ingest_list_show_extract_log_and_verify(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    args = unlock(vault_copy, secret_files)
    received = tmp_path / "received"
    received.mkdir()
    (received / "letter.txt").write_text("Письмо из колонии")
    (received / "scan.pdf").write_bytes(b"%PDF-1.7\n scan of a medical report")
    case = tmp_path / "case.json"  # items are filed only under a case that exists
    case_only = {"format": "evidence-app/records", "version": 1}
    case_only["cases"] = records_document()["cases"]
    case.write_text(json.dumps(case_only, ensure_ascii=False), encoding="utf-8")
    assert evidence_app("records", "import", str(case), *args).code == 0

    ingested = evidence_app(
        "ingest", str(received), "--case", "case-ik6", "--source", "lawyer", "--json", *args
    )
    assert ingested.code == 0, ingested.err
    report = json.loads(ingested.out)
    assert report["stored"] == 2 and report["failed"] == 0

    listed = json.loads(evidence_app("items", "list", "--json", *args).out)
    assert {i["original_name"] for i in listed} == {"letter.txt", "scan.pdf"}
    for item in listed:
        assert {"id", "sha256", "size", "original_name", "media_type", "captured_at"} <= set(item)

    letter = next(i for i in listed if i["original_name"] == "letter.txt")
    shown = json.loads(evidence_app("items", "show", letter["id"][:8], "--json", *args).out)
    for key in (
        "id",
        "sha256",
        "size",
        "original_name",
        "media_type",
        "captured_at",
        "gps",
        "camera",
        "exif",
        "sources",
        "cases",
        "custody",
    ):
        assert key in shown
    assert shown["cases"] == ["case-ik6"]
    assert shown["custody"][0]["action"] == "item.ingested"

    out = tmp_path / "copy.txt"
    extracted = evidence_app("items", "extract", letter["sha256"][:10], "-o", str(out), *args)
    assert extracted.code == 0, extracted.err
    assert hashlib.sha256(out.read_bytes()).hexdigest() == letter["sha256"]

    log = json.loads(evidence_app("log", "--json", *args).out)
    assert [e["seq"] for e in log] == list(range(1, len(log) + 1))
    assert [e["action"] for e in log] == [
        "vault.created",
        "record.revised",
        "item.ingested",
        "item.ingested",
        "item.extracted",
    ]
    assert all(len(e["hash"]) == 64 and e["signature"] for e in log)

    verified = evidence_app("verify", "--full", "--json", *args)
    assert verified.code == 0, verified.err
    assert json.loads(verified.out)["ok"] is True


def test_ingest_exits_2_and_names_what_failed_while_storing_the_rest(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    (tmp_path / "good.txt").write_text("good")
    result = evidence_app(
        "ingest",
        str(tmp_path / "good.txt"),
        str(tmp_path / "missing.jpg"),
        *unlock(vault_copy, secret_files),
    )
    assert result.code == 2
    assert "stored" in result.out and "missing.jpg" in result.out
    assert "1 stored" in result.out and "1 failed" in result.out
    assert "Traceback" not in result.err


def test_verify_exits_1_and_names_the_bad_item(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    args = unlock(vault_copy, secret_files)
    (tmp_path / "a.txt").write_text("evidence a" * 1000)
    evidence_app("ingest", str(tmp_path / "a.txt"), *args)
    item = json.loads(evidence_app("items", "list", "--json", *args).out)[0]
    for blob in (vault_copy.path / "blobs").rglob("*"):
        if blob.is_file() and blob.stat().st_size > 9000:
            data = bytearray(blob.read_bytes())
            data[500] ^= 0xFF
            blob.write_bytes(bytes(data))
    result = evidence_app("verify", "--full", *args)
    assert result.code == 1
    assert f"Bad item: {item['id']}" in result.err


def test_records_import_search_consent_and_export(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    args = unlock(vault_copy, secret_files)
    document = tmp_path / "records.json"
    document.write_text(json.dumps(records_document(), ensure_ascii=False))
    imported = evidence_app("records", "import", str(document), "--json", *args)
    assert imported.code == 0, imported.err
    assert len(json.loads(imported.out)["created"]) == 8

    hits = json.loads(evidence_app("search", "ШИЗО", "--json", *args).out)
    assert {"kind": "testimony", "ref": "t-1"}.items() <= hits[0].items() or any(
        h["ref"] == "t-1" for h in hits
    )
    withdrawn = evidence_app("consent", "withdraw", "p-017", "--scope", "legal", *args)
    assert withdrawn.code == 0, withdrawn.err
    exported = evidence_app("records", "export", "-o", str(tmp_path / "out.json"), *args)
    assert exported.code == 0, exported.err
    people = json.loads((tmp_path / "out.json").read_text())["people"]
    p017 = next(p for p in people if p["ref"] == "p-017")
    assert p017["consent"][0]["withdrawn_on"]


def test_an_invalid_records_document_exits_2_with_field_paths(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    bad = records_document()
    bad["testimonies"][0]["methods"] = ["nonsense"]
    document = tmp_path / "bad.json"
    document.write_text(json.dumps(bad))
    result = evidence_app("records", "import", str(document), *unlock(vault_copy, secret_files))
    assert result.code == 2
    assert "testimonies[0].methods[0]" in result.err
