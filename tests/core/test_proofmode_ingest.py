"""A ProofMode bundle at ingest: the bundle kept byte for byte, its media as items of their
own with what checking the signatures found, logged; hostile archives stored and noted."""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import zipfile
from pathlib import Path

import pytest

from evidence_app.core import ingest_service, items_service, verify_service
from evidence_app.storage.vault import Vault
from tests.media.proofmode_bundles import bundle, new_key, photo

NAME = "PXL_20240309_140211.jpg"


def ingest(
    vault: Vault, path: Path, source: str = "ProofMode share"
) -> ingest_service.IngestOutcome:
    report = ingest_service.ingest_paths(vault, [path], source=source)
    assert len(report.outcomes) == 1
    return report.outcomes[0]


def test_the_media_of_a_signed_bundle_is_its_own_item_with_a_valid_credential(
    vault: Vault, tmp_path: Path
) -> None:
    media, key = photo(), new_key()
    path = tmp_path / "proof.zip"
    path.write_bytes(bundle(media, key=key))
    outcome = ingest(vault, path)
    assert outcome.status == "stored" and outcome.media_type == "application/zip"
    assert any("ProofMode bundle" in note for note in outcome.notes)
    [inner] = outcome.contained
    assert inner.status == "stored" and inner.sha256 == hashlib.sha256(media).hexdigest()
    assert inner.path.endswith(f"proof.zip/{NAME}")

    shown = items_service.show_item(vault, inner.item_id or "")
    assert shown.original_name == NAME and shown.media_type == "image/jpeg"
    assert shown.has_thumbnail and shown.width == 80
    [credential] = shown.credentials
    assert credential.kind == "proofmode" and credential.status == "valid"
    assert credential.source_item_id == outcome.item_id
    assert credential.fingerprint == key.extract_certificate().fingerprint.upper()
    assert credential.summary["proof"]["Location.Longitude"] == "30.5234"
    # The check is a signed custody event of the media item, the one the row names.
    [event] = [e for e in shown.custody if e.action == "item.proofmode_checked"]
    assert event.seq == credential.event_seq
    assert event.details["status"] == "valid" and event.details["bundle"] == outcome.item_id

    # The bundle is kept exactly as received, and shows what it carried.
    bundle_item = items_service.show_item(vault, outcome.item_id or "")
    assert bundle_item.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert [c.item_id for c in bundle_item.credentials] == [inner.item_id]
    extracted = tmp_path / "out.zip"
    items_service.extract_item(vault, outcome.item_id or "", extracted)
    assert extracted.read_bytes() == path.read_bytes()
    assert verify_service.verify_vault(vault, full=True).ok


def test_a_media_byte_flipped_after_signing_is_stored_as_invalid_with_the_reason(
    vault: Vault, tmp_path: Path
) -> None:
    original = photo()
    tampered = bytearray(original)
    tampered[len(tampered) // 2] ^= 0x01
    path = tmp_path / "proof.zip"
    path.write_bytes(bundle(bytes(tampered), signed_media=original))
    [inner] = ingest(vault, path).contained
    [credential] = items_service.show_item(vault, inner.item_id or "").credentials
    assert credential.status == "invalid"
    assert credential.summary["reason"] == "hash_mismatch"
    assert credential.summary["checked"]["hash"] == "mismatch"


def test_a_bundle_without_a_key_is_stored_with_an_unknown_key(vault: Vault, tmp_path: Path) -> None:
    path = tmp_path / "proof.zip"
    path.write_bytes(bundle(photo(), with_key=False))
    [inner] = ingest(vault, path).contained
    [credential] = items_service.show_item(vault, inner.item_id or "").credentials
    assert credential.status == "unknown_key" and credential.fingerprint is None
    assert credential.summary["reason"] == "no_key"


def test_media_already_in_the_vault_gains_the_bundles_credential(
    vault: Vault, tmp_path: Path
) -> None:
    media = photo((10, 200, 10))
    loose = tmp_path / NAME
    loose.write_bytes(media)
    first = ingest(vault, loose, source="WhatsApp")
    path = tmp_path / "proof.zip"
    path.write_bytes(bundle(media))
    [inner] = ingest(vault, path).contained
    assert inner.item_id == first.item_id and inner.status == "reacquired"
    [credential] = items_service.show_item(vault, inner.item_id or "").credentials
    assert credential.status == "valid"


def _outside(root: Path, vault_path: Path) -> set[str]:
    """Every path under `root` but the vault's own."""
    return {
        str(p.relative_to(root))
        for p in root.rglob("*")
        if not p.resolve().is_relative_to(vault_path.resolve())
    }


@pytest.mark.parametrize(
    "entries",
    [
        [("0" * 64 + ".proof.json", b"{}"), ("../../escaped.jpg", b"\xff\xd8 not much")],
        [("0" * 64 + ".proof.json", b"{}"), ("/tmp/escaped.jpg", b"\xff\xd8")],
        [("0" * 64 + ".proof.json", b"{}"), ("bomb.jpg", bytes(30 * 2**20))],
    ],
    ids=["dot-dot", "absolute", "bomb"],
)
def test_a_hostile_archive_is_stored_whole_and_noted_and_nothing_lands_outside(
    vault: Vault, tmp_path: Path, entries: list[tuple[str, bytes]]
) -> None:
    received = tmp_path / "received" / "deep"
    received.mkdir(parents=True)
    path = received / "proof.zip"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    path.write_bytes(out.getvalue())
    outside_before = _outside(tmp_path, vault.path)
    temp_before = set(os.listdir(tempfile.gettempdir()))
    cwd_before = set(os.listdir(Path.cwd()))

    outcome = ingest(vault, path)
    assert outcome.status == "stored" and outcome.contained == ()
    assert any("not unpacked" in note for note in outcome.notes)
    shown = items_service.show_item(vault, outcome.item_id or "")
    assert shown.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert shown.credentials == ()
    assert len(items_service.list_items(vault)) == 1

    assert _outside(tmp_path, vault.path) == outside_before
    assert not (tmp_path / "escaped.jpg").exists() and not Path("/tmp/escaped.jpg").exists()
    assert set(os.listdir(tempfile.gettempdir())) - temp_before == set()
    assert set(os.listdir(Path.cwd())) == cwd_before


def test_an_ordinary_zip_is_stored_with_a_note(vault: Vault, tmp_path: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("minutes.txt", "hello")
    path = tmp_path / "minutes.zip"
    path.write_bytes(out.getvalue())
    outcome = ingest(vault, path)
    assert outcome.status == "stored" and outcome.contained == ()
    assert any("not a ProofMode bundle" in note for note in outcome.notes)
    json.dumps(outcome.to_json())  # the CLI prints it
