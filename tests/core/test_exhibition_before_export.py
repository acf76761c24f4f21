"""Before an exhibition is written, the composer and the preview show what it will print:
excerpts as edited per language, photos blurred as the export blurs them (never a face the
detector has not looked at), and the photos that would print at low resolution."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from evidence_app.core import exhibition_service
from evidence_app.core.exhibition_composition import AsWritten, compose, set_excerpt
from evidence_app.core.exhibition_preview import preview_exhibition
from evidence_app.core.items_service import custody_log, find_item
from evidence_app.core.records_service import get_record, record_revisions
from evidence_app.core.region_service import RegionsUndecided, decide, list_regions
from evidence_app.kernel.errors import BadInput
from evidence_app.storage.vault import Vault
from tests.core.case_material import CASE, build_case
from tests.core.test_region_service import change, covers, detail
from tests.export.face_case import LEFT_FACE, RIGHT_FACE, ingest_face_case


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def pdf_image(pdf: bytes, folder: Path) -> np.ndarray:
    folder.mkdir()
    (folder / "p.pdf").write_bytes(pdf)
    subprocess.run(["pdfimages", "-png", str(folder / "p.pdf"), str(folder / "i")], check=True)
    (image,) = sorted(folder.glob("i*"))
    return np.asarray(Image.open(image).convert("RGB"))


def pixels(jpeg: bytes | None) -> np.ndarray:
    assert jpeg is not None
    return np.asarray(Image.open(io.BytesIO(jpeg)).convert("RGB"))


def scaled(box: tuple[int, int, int, int], factor: float) -> tuple[int, int, int, int]:
    x, y, w, h = box
    return round(x * factor), round(y * factor), round(w * factor), round(h * factor)


def printed(vault: Vault, language: str) -> list[str]:
    return [text.text for text in compose(vault, CASE, language).texts]


def test_an_excerpt_edited_for_an_edition_is_a_new_testimony_revision_and_is_printed(
    vault: Vault, tmp_path: Path
) -> None:
    build_case(vault, tmp_path / "received")
    (excerpt,) = [text for text in compose(vault, CASE, "en").texts if text.ref == "t-1"]
    assert excerpt.number == 1
    assert excerpt.written == "Нас держали в камере без окна."  # no English: as written
    before = get_record(vault, "testimony", "t-1").body
    revisions = len(record_revisions(vault, "testimony", "t-1"))
    events = len(custody_log(vault))

    set_excerpt(vault, "t-1", 1, "en", " We were held in a cell without a window. ")

    after = get_record(vault, "testimony", "t-1").body
    assert after["excerpts"] == [
        {
            "text": "Нас держали в камере без окна.",
            "translations": {
                "uk": {"text": "Нас тримали в камері без вікна."},
                "en": {"text": "We were held in a cell without a window."},
            },
        }
    ]
    assert {k: v for k, v in after.items() if k != "excerpts"} == {
        k: v for k, v in before.items() if k != "excerpts"
    }
    assert len(record_revisions(vault, "testimony", "t-1")) == revisions + 1
    saved = [e.subject for e in custody_log(vault)[events:] if e.action.startswith("record.")]
    assert saved == ["testimony:t-1"]  # logged as a caption change is
    # Written in Russian: the Russian edition edits the excerpt itself.
    set_excerpt(vault, "t-1", 1, "ru", "Нас держали в тёмной камере.")
    assert get_record(vault, "testimony", "t-1").body["excerpts"][0]["text"] == (
        "Нас держали в тёмной камере."
    )
    assert "We were held in a cell without a window." in printed(vault, "en")
    assert "Нас тримали в камері без вікна." in printed(vault, "uk")

    pdf = tmp_path / "en.pdf"
    exhibition_service.export_exhibition(vault, CASE, pdf, language="en", accept_all_proposed=True)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "We were held in a cell without a window." in " ".join(text.split())


def test_an_excerpt_that_is_not_there_or_left_empty_is_refused(
    vault: Vault, tmp_path: Path
) -> None:
    build_case(vault, tmp_path / "received")
    revisions = len(record_revisions(vault, "testimony", "t-1"))
    with pytest.raises(BadInput, match="not an excerpt 2"):
        set_excerpt(vault, "t-1", 2, "en", "Text")
    with pytest.raises(BadInput, match="no testimony"):
        set_excerpt(vault, "t-9", 1, "en", "Text")
    with pytest.raises(BadInput, match="cannot be left empty"):
        set_excerpt(vault, "t-1", 1, "ru", "  ")
    assert len(record_revisions(vault, "testimony", "t-1")) == revisions


def test_what_is_printed_untranslated_is_said_by_what_it_belongs_to(
    vault: Vault, tmp_path: Path
) -> None:
    shas = build_case(vault, tmp_path / "received")
    composed = compose(vault, CASE, "en")
    wall = find_item(vault, shas["wall.jpg"]).id
    assert AsWritten("title") in composed.untranslated
    assert AsWritten("caption", item_id=wall) in composed.untranslated
    assert AsWritten("excerpt", testimony="t-1", number=1) in composed.untranslated


def test_the_preview_reports_low_resolution_from_the_pdf_builder_before_any_export(
    vault: Vault, tmp_path: Path
) -> None:
    build_case(vault, tmp_path / "received")
    preview = preview_exhibition(vault, CASE, "a3")
    low = preview.printing.low_resolution
    assert low  # the sample cameras' pictures are small for an A3 page

    result = exhibition_service.export_exhibition(
        vault, CASE, tmp_path / "show.pdf", paper="a3", accept_all_proposed=True
    )
    said = [w for w in result.print_warnings if "ppi" in w]
    assert len(said) == len(low)
    for photo, line in zip(low, said, strict=True):
        width, height = photo.pixels
        assert f"{width}×{height} pixels would print at {photo.full_page_ppi} ppi" in line
        assert f"at {photo.printed_ppi} ppi" in line


def test_a_photo_no_detector_looked_at_is_previewed_with_its_faces_found_and_blurred(
    vault: Vault, tmp_path: Path
) -> None:
    photo = ingest_face_case(vault, tmp_path / "received", detect=False)
    # Composed before any detector looked: the thumbnail is blurred all over.
    (composed,) = compose(vault, CASE).photos
    assert not composed.faces_looked_for
    thumbnail = pixels(composed.thumbnail)
    factor = thumbnail.shape[1] / photo.original.shape[1]
    small = np.asarray(
        Image.fromarray(photo.original).resize((thumbnail.shape[1], thumbnail.shape[0]))
    )
    for face in (LEFT_FACE, RIGHT_FACE):
        assert detail(thumbnail, scaled(face, factor)) < detail(small, scaled(face, factor)) / 3

    preview = preview_exhibition(vault, CASE)

    shown = pdf_image(preview.pdf, tmp_path / "images")
    assert shown.shape == photo.original.shape
    for face in (LEFT_FACE, RIGHT_FACE):  # found, proposed, and blurred as proposals are
        assert detail(shown, face) < detail(photo.original, face) / 3
    regions = list_regions(vault, photo.sha256).regions
    assert all(any(covers(r.box, face) for r in regions) for face in (LEFT_FACE, RIGHT_FACE))
    assert [e.action for e in custody_log(vault)].count("item.regions_proposed") == 1
    # The export agrees: the same proposals, not yet decided, stop it.
    with pytest.raises(RegionsUndecided):
        exhibition_service.export_exhibition(vault, CASE, tmp_path / "show.pdf")


def test_the_composers_thumbnail_is_the_photo_blurred_as_it_will_print(
    vault: Vault, tmp_path: Path
) -> None:
    photo = ingest_face_case(vault, tmp_path / "received")
    proposals = list_regions(vault, photo.sha256).regions
    (left,) = [r.id for r in proposals if covers(r.box, LEFT_FACE)]
    (right,) = [r.id for r in proposals if covers(r.box, RIGHT_FACE)]
    decide(vault, photo.sha256, "accept", [left])
    decide(vault, photo.sha256, "reject", [right])

    (composed,) = compose(vault, CASE).photos
    assert composed.faces_looked_for and composed.undecided_regions == 0
    thumbnail = pixels(composed.thumbnail)
    factor = thumbnail.shape[1] / photo.original.shape[1]
    small = np.asarray(
        Image.fromarray(photo.original).resize((thumbnail.shape[1], thumbnail.shape[0]))
    )
    blurred, kept = scaled(LEFT_FACE, factor), scaled(RIGHT_FACE, factor)
    assert detail(thumbnail, blurred) < detail(small, blurred) / 2
    assert change(thumbnail, small, blurred) > 5
    assert detail(thumbnail, kept) > detail(small, kept) * 0.6  # rejected: printed as it is
    # Composed again with nothing changed, the thumbnail already made is reused.
    again = compose(vault, CASE, earlier=compose(vault, CASE)).photos[0]
    assert again.thumbnail is not None and again.blurred == composed.blurred
