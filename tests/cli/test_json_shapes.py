"""What scripts and legal teams read from `--json`: the keys, in the order they have always
had, and a custody log that an outsider can re-hash and check against the signatures."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import nacl.signing

from evidence_app.custody.canonical import canonical_json
from tests.cli.cli_runner import evidence_app
from tests.conftest import VaultCopy
from tests.core.test_ingest_service import jpeg_with_gps
from tests.records.sample_documents import add_sample_case

SUMMARY = ["id", "sha256", "size", "original_name", "media_type", "captured_at"]
EVENT = [
    "seq",
    "event_id",
    "time",
    "actor",
    "action",
    "subject",
    "subject_sha256",
    "details",
    "prev",
    "hash",
    "signature",
]
SHOWN = [
    *SUMMARY,
    "captured_at_source",
    "gps",
    "altitude",
    "camera",
    "orientation",
    "width",
    "height",
    "pages",
    "document",
    "exif",
    "notes",
    "file_times",
    "has_thumbnail",
    "ingested_at",
    "sources",
    "cases",
    "custody",
    "similar",
    "credentials",
]
SOURCE = [
    "source",
    "original_name",
    "original_path",
    "link_target",
    "received_at",
    "event_seq",
    "provenance",
]
INFO = [
    "path",
    "format",
    "version",
    "vault_id",
    "created",
    "travel_mode",
    "slots",
    "identity",
    "transfer_key",
    "rekey_pending",
    "read_only_reason",
    "counts",
    "sizes",
]


def test_items_show_list_extract_and_log_keep_their_keys_in_order(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    args = ["--vault", str(vault_copy.path), "--recovery-file", str(secret_files["recovery"])]
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(jpeg_with_gps(lat=-33.8688, lon=151.2093))
    with vault_copy.open() as vault:
        add_sample_case(vault)
    assert evidence_app("ingest", str(photo), "--case", "case-ik6", *args).code == 0

    (listed,) = json.loads(evidence_app("items", "list", "--json", *args).out)
    assert list(listed) == SUMMARY

    shown = json.loads(evidence_app("items", "show", listed["id"], "--json", *args).out)
    assert list(shown) == SHOWN
    assert shown["gps"] == {"lat": shown["gps"]["lat"], "lon": shown["gps"]["lon"]}
    assert shown["gps"]["lat"] < 0 < shown["gps"]["lon"]  # signed decimal degrees
    assert list(shown["camera"]) == ["make", "model"]
    assert [list(source) for source in shown["sources"]] == [SOURCE]
    assert shown["cases"] == ["case-ik6"]
    assert [list(event) for event in shown["custody"]] == [EVENT]
    assert list(shown["custody"][0]["actor"]) == ["fingerprint", "name"]

    out = tmp_path / "copy.jpg"
    extracted = evidence_app("items", "extract", listed["id"], "-o", str(out), "--json", *args)
    assert list(json.loads(extracted.out)) == [*SUMMARY, "extracted_to", "logged"]

    log = json.loads(evidence_app("log", "--json", *args).out)
    assert [event["action"] for event in log] == [
        "vault.created",
        "record.revised",  # the case
        "item.ingested",
        "item.extracted",
    ]
    assert all(list(event) == EVENT for event in log)


def test_the_log_as_printed_re_hashes_and_verifies_outside_the_app(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    """Every field of the signed body is printed, unchanged: dropping, renaming or retyping
    one would break the hash a legal team recomputes."""
    args = ["--vault", str(vault_copy.path), "--recovery-file", str(secret_files["recovery"])]
    (tmp_path / "letter.txt").write_text("Письмо из колонии")
    assert (
        evidence_app("ingest", str(tmp_path / "letter.txt"), "--source", "lawyer", *args).code == 0
    )
    info = json.loads(evidence_app("vault", "info", "--json", *args).out)
    key = nacl.signing.VerifyKey(base64.b64decode(info["identity"]["public_key"]))

    log = json.loads(evidence_app("log", "--json", *args).out)
    assert len(log) == 2
    previous = "0" * 64
    for event in log:
        body = {k: v for k, v in event.items() if k not in ("hash", "signature")}
        digest = hashlib.sha256(canonical_json(body)).hexdigest()
        assert digest == event["hash"] and event["prev"] == previous
        key.verify(bytes.fromhex(digest), base64.b64decode(event["signature"]))
        previous = digest


def test_vault_info_and_slots_keep_their_keys_in_order(
    vault_copy: VaultCopy, secret_files: dict[str, Path]
) -> None:
    args = ["--vault", str(vault_copy.path), "--recovery-file", str(secret_files["recovery"])]
    info = json.loads(evidence_app("vault", "info", "--json", *args).out)
    assert list(info) == INFO
    assert list(info["identity"]) == ["name", "algorithm", "public_key", "fingerprint"]
    assert list(info["transfer_key"]) == ["algorithm", "public_key", "fingerprint"]
    assert list(info["counts"]) == ["blobs", "quarantined"]
    assert list(info["sizes"]) == ["content_bytes", "catalog_bytes", "blob_files_bytes"]

    slots = json.loads(evidence_app("vault", "slots", "--json", *args).out)
    assert slots == info["slots"]
    passphrase, recovery = slots
    assert list(passphrase) == ["id", "kind", "created", "kdf"]
    assert list(passphrase["kdf"]) == ["algorithm", "memory_mib", "passes"]
    assert list(recovery) == ["id", "kind", "created"]  # nothing a recovery slot lacks
