"""A C2PA manifest is found cheaply, read from memory and judged honestly: intact but
signed by a certificate nobody vouches for, intact and trusted, broken by an edit made
after signing, or unreadable; a picture without one costs no library call."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from evidence_app.media.c2pa_manifest import check_c2pa, note_unchecked_c2pa
from evidence_app.media.c2pa_presence import carries_c2pa
from tests.media.c2pa_files import (
    CLAIM_GENERATOR,
    EDITOR,
    ISSUER_ORG,
    SIGNER_NAME,
    camera_chain,
    plain_picture,
    signed_picture,
    with_manifest_garbled,
    with_scan_data_changed,
)


def test_an_intact_manifest_without_a_trust_list_is_signed_by_an_unknown_key() -> None:
    notes: list[str] = []
    reading = check_c2pa(signed_picture(edited=True), "image/jpeg", notes)

    assert reading is not None and reading.status == "unknown_key"
    summary = reading.summary
    assert summary["validation_state"] == "Valid" and summary["trust_list"] is False
    assert summary["claim_generator"] == f"{CLAIM_GENERATOR} 2.1"
    assert summary["signer"]["common_name"] == SIGNER_NAME
    assert summary["signer"]["subject"] == f"CN={SIGNER_NAME}, O=FieldCam"
    assert summary["signer"]["issuer"] == f"CN=FieldCam Test Root, O={ISSUER_ORG}"
    assert [(a["action"], a["software_agent"]) for a in summary["actions"]] == [
        ("c2pa.created", f"{CLAIM_GENERATOR} 2.1"),
        ("c2pa.edited", EDITOR),
    ]
    # The only failure is that nobody we trust vouches for the certificate.
    assert [f["code"] for f in summary["failures"]] == ["signingCredential.untrusted"]
    assert summary["signed_at"] is None  # no timestamp authority: no signing time to claim
    assert notes == []


def test_a_signer_chaining_to_a_given_trust_anchor_is_valid() -> None:
    reading = check_c2pa(signed_picture(), "image/jpeg", [], camera_chain().anchor_pem)

    assert reading is not None and reading.status == "valid"
    assert reading.summary["validation_state"] == "Trusted" and reading.summary["failures"] == []


def test_pixels_changed_after_signing_make_the_manifest_invalid_and_say_why() -> None:
    edited = with_scan_data_changed(signed_picture())

    reading = check_c2pa(edited, "image/jpeg", [], camera_chain().anchor_pem)

    assert reading is not None and reading.status == "invalid"
    assert "assertion.dataHash.mismatch" in [f["code"] for f in reading.summary["failures"]]
    assert reading.summary["signer"]["common_name"] == SIGNER_NAME  # who claimed it, still


def test_a_garbled_manifest_is_unreadable_and_noted_without_raising() -> None:
    notes: list[str] = []
    reading = check_c2pa(with_manifest_garbled(signed_picture()), "image/jpeg", notes)

    assert reading is not None and reading.status == "unreadable"
    assert reading.summary["problem"]
    assert len(notes) == 1 and "C2PA manifest that could not be read" in notes[0]


def test_a_signed_png_is_read_too() -> None:
    reading = check_c2pa(signed_picture(media_type="image/png"), "image/png", [])

    assert reading is not None and reading.status == "unknown_key"


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_pictures_without_a_manifest_have_none(image_format: str) -> None:
    data = plain_picture(image_format)
    media_type = f"image/{image_format.lower()}"

    assert not carries_c2pa(data, media_type)
    assert check_c2pa(data, media_type, []) is None


def test_a_re_saved_copy_of_a_signed_photo_has_lost_its_manifest() -> None:
    resaved = io.BytesIO()
    Image.open(io.BytesIO(signed_picture())).save(resaved, "JPEG", quality=80)

    assert check_c2pa(resaved.getvalue(), "image/jpeg", []) is None


def test_other_jumbf_in_app11_is_not_taken_for_a_manifest() -> None:
    jpeg = plain_picture()
    other = b"JP\x00\x01\x00\x00\x00\x01" + b"\x00\x00\x00\x20jumb\x00\x00\x00\x18jumdsomething"
    segment = b"\xff\xeb" + (len(other) + 2).to_bytes(2, "big") + other
    with_other = jpeg[:2] + segment + jpeg[2:]

    assert not carries_c2pa(with_other, "image/jpeg")
    assert carries_c2pa(signed_picture(), "image/jpeg")


def test_a_cut_file_stops_the_structure_walk_without_raising() -> None:
    signed = signed_picture(media_type="image/png")
    for cut in (0, 7, 8, 20, 33, len(signed) // 2):
        carries_c2pa(signed[:cut], "image/png")
        carries_c2pa(signed_picture()[:cut], "image/jpeg")
        carries_c2pa(signed[:cut], "video/mp4")
        carries_c2pa(signed[:cut], "image/webp")


def test_a_manifest_too_large_to_check_is_noted_not_passed_over() -> None:
    notes: list[str] = []
    note_unchecked_c2pa(signed_picture()[:4096], "image/jpeg", notes)
    note_unchecked_c2pa(plain_picture()[:4096], "image/jpeg", notes)

    assert len(notes) == 1 and "C2PA manifest that was not checked" in notes[0]
