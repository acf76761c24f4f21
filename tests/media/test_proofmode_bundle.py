"""A ProofMode bundle read from memory and checked with OpenPGP: what is valid, what was
changed after signing, what cannot be checked, and archives built to hurt the reader."""

from __future__ import annotations

import io
import zipfile

import pytest

from evidence_app.media.proofmode_bundle import MAX_ENTRIES, read_proofmode_bundle
from evidence_app.media.proofmode_check import ProofModeCheck, check_media
from tests.media.proofmode_bundles import bundle, detached, new_key, photo

NAME = "PXL_20240309_140211.jpg"


def checked(data: bytes, name: str = NAME) -> ProofModeCheck:
    reading = read_proofmode_bundle(data)
    assert reading.bundle is not None, reading.notes
    return check_media(reading.bundle, name, reading.bundle.media[name])


def test_a_bundle_signed_by_its_own_key_is_valid_and_says_what_was_checked() -> None:
    key = new_key()
    result = checked(bundle(photo(), key=key))
    assert result.status == "valid" and result.reason is None
    assert result.fingerprint == key.extract_certificate().fingerprint.upper()
    checked_parts = result.summary["checked"]
    assert checked_parts["hash"] == "match"
    assert checked_parts["media_signature"] == "valid"
    assert checked_parts["proof_json_signature"] == "valid"
    assert checked_parts["opentimestamps"] == "present, not checked"
    proof = result.summary["proof"]
    assert proof["Proof Generated"] == "2024-03-09T14:02:12.000Z"
    assert proof["Location.Latitude"] == "50.4501" and proof["Hardware"] == "Google Pixel 7"
    # What identifies the phone stays in the bundle, not in what is shown.
    assert "DeviceID" not in proof and "IPv4" not in proof


def test_a_media_byte_flipped_after_signing_is_invalid_for_its_hash() -> None:
    original = photo()
    tampered = bytearray(original)
    tampered[len(tampered) // 2] ^= 0x01
    result = checked(bundle(bytes(tampered), signed_media=original))
    assert result.status == "invalid" and result.reason == "hash_mismatch"
    assert result.summary["checked"]["hash"] == "mismatch"
    assert result.summary["checked"]["media_signature"] == "failed"


def test_a_proof_rewritten_after_signing_fails_its_signature() -> None:
    media = photo()
    key = new_key()
    genuine = bundle(media, key=key)
    with zipfile.ZipFile(io.BytesIO(genuine)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    proof_name = next(name for name in files if name.endswith(".proof.json"))
    files[proof_name] = files[proof_name].replace(b"50.4501", b"48.8566")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    result = checked(out.getvalue())
    assert result.status == "invalid" and result.reason == "signature_failed"
    assert result.summary["checked"]["media_signature"] == "valid"
    assert result.summary["checked"]["proof_json_signature"] == "failed"


def test_signatures_by_another_key_than_the_bundles_are_invalid() -> None:
    media = photo()
    signer, stranger = new_key(), new_key("Someone else <x@example.org>")
    result = checked(
        bundle(
            media,
            key=signer,
            with_key=False,
            extra={"pubkey.asc": str(stranger.extract_certificate()).encode()},
        )
    )
    assert result.status == "invalid" and result.reason == "signature_failed"


def test_a_bundle_without_its_key_cannot_be_checked() -> None:
    result = checked(bundle(photo(), with_key=False))
    assert result.status == "unknown_key" and result.reason == "no_key"
    assert result.summary["checked"]["hash"] == "match"
    assert result.summary["checked"]["media_signature"] == "not_checked"


def test_an_unreadable_key_cannot_check_anything() -> None:
    result = checked(bundle(photo(), with_key=False, extra={"pubkey.asc": b"not a key"}))
    assert result.status == "unknown_key" and result.reason == "unreadable_key"


def test_a_bundle_with_no_signature_is_unsigned() -> None:
    media = photo()
    key = new_key()
    data = bundle(media, key=key)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files = {n: archive.read(n) for n in archive.namelist() if not n.endswith(".asc")}
    files["pubkey.asc"] = str(key.extract_certificate()).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    result = checked(out.getvalue())
    assert result.status == "unknown_key" and result.reason == "unsigned"


def test_a_garbage_signature_fails_rather_than_crashing() -> None:
    media = photo()
    key = new_key()
    data = bundle(media, key=key)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files = {n: archive.read(n) for n in archive.namelist()}
    media_sig = next(n for n in files if n.endswith(".asc") and n.count(".") == 1)
    files[media_sig] = b"-----BEGIN PGP SIGNATURE-----\ngarbage\n"
    assert detached(key, media) != files[media_sig]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    result = checked(out.getvalue())
    assert result.status == "invalid" and result.summary["checked"]["media_signature"] == "failed"


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return out.getvalue()


PROOF = "0" * 64 + ".proof.json"


def test_entry_names_that_leave_the_archive_are_refused() -> None:
    for evil in ("../../etc/evil.jpg", "/tmp/evil.jpg", "..\\evil.jpg", "C:evil.jpg", "a/b.jpg"):
        reading = read_proofmode_bundle(_zip([(PROOF, b"{}"), (evil, photo())]))
        assert reading.bundle is None
        assert "not unpacked" in reading.notes[0] and repr(evil) in reading.notes[0]


def test_a_bomb_like_ratio_is_refused_before_it_is_inflated() -> None:
    reading = read_proofmode_bundle(_zip([(PROOF, b"{}"), ("big.jpg", bytes(20 * 2**20))]))
    assert reading.bundle is None and "ZIP bomb" in reading.notes[0]


def test_too_many_entries_or_two_of_one_name_are_refused() -> None:
    many = [(PROOF, b"{}")] + [(f"{i}.jpg", b"x") for i in range(MAX_ENTRIES)]
    assert read_proofmode_bundle(_zip(many)).bundle is None
    with pytest.warns(UserWarning, match="Duplicate name"):
        twice = _zip([(PROOF, b"{}"), ("a.jpg", b"1"), ("a.jpg", b"2")])
    assert read_proofmode_bundle(twice).bundle is None


def test_damaged_and_ordinary_archives_are_notes_not_errors() -> None:
    genuine = bundle(photo())
    for damaged in (genuine[: len(genuine) // 2], b"PK\x03\x04" + bytes(100), b""):
        reading = read_proofmode_bundle(damaged)
        assert reading.bundle is None and reading.notes
    ordinary = read_proofmode_bundle(_zip([("report.txt", b"hello")]))
    assert ordinary.bundle is None and "not a ProofMode bundle" in ordinary.notes[0]


def test_a_flipped_byte_inside_a_compressed_entry_is_caught_by_its_crc() -> None:
    data = bytearray(bundle(photo()))
    start = data.index(NAME.encode()) + len(NAME) + 40
    data[start] ^= 0xFF
    reading = read_proofmode_bundle(bytes(data))
    assert reading.bundle is None and reading.notes
