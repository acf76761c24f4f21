"""PDFs read in memory: pages, the Info metadata, the text layer and a picture of page 1;
damaged and encrypted ones said so, never raised."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from PIL import Image
from reportlab.pdfgen import canvas

from evidence_app.media.document_facts import DocumentFacts, pdf_date
from evidence_app.media.pdf_document import MAX_TEXT_CHARS, read_pdf
from tests.media.pdf_files import (
    CREATED_ISO,
    PAGE_TWO_WORD,
    encrypted_statement,
    statement,
    truncated_statement,
)
from tests.test_layering import non_gui_modules


def test_a_statement_gives_its_pages_metadata_text_and_first_page() -> None:
    reading = read_pdf(statement(), 512)

    assert reading.pages == 2 and reading.notes == []
    assert reading.info["PDF Author"] == "Advocate Olena K."
    assert reading.info["PDF Producer"] == "Office PDF Writer 9"
    assert reading.created == CREATED_ISO
    assert PAGE_TWO_WORD in reading.text
    assert reading.thumbnail is not None
    picture = Image.open(io.BytesIO(reading.thumbnail))
    assert picture.format == "JPEG" and max(picture.size) == 512
    assert not picture.info.get("exif") and not picture.info.get("icc_profile")
    # The blue box drawn near the top of page 1 is in the picture, not a blank page.
    red, _green, blue = picture.convert("RGB").getpixel((120, 100))  # type: ignore[misc]
    assert blue > 100 and red < 80


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (encrypted_statement(), "encrypted with a password"),
        (truncated_statement(), "cut short"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 8, "damaged"),
    ],
    ids=["encrypted", "truncated", "garbage"],
)
def test_a_pdf_that_cannot_be_read_is_said_so(data: bytes, said: str) -> None:
    reading = read_pdf(data, 512)

    assert reading.pages is None and reading.thumbnail is None and reading.text == ""
    assert any(said in note for note in reading.notes), reading.notes
    assert all("stored as received" in note for note in reading.notes if "damaged" in note)


def test_an_absurd_page_size_is_not_drawn() -> None:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(14_000, 2))  # 1 m wide and under a millimetre high
    pdf.drawString(1, 1, "strip")
    pdf.showPage()
    pdf.save()

    reading = read_pdf(buffer.getvalue(), 512)

    assert reading.pages == 1 and reading.thumbnail is None
    assert any("not a size that can be drawn" in note for note in reading.notes)


def test_the_text_kept_for_search_is_bounded() -> None:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for page in range(60):
        for row in range(90):  # each line its own: PDFium drops a run drawn twice
            pdf.drawString(10, 800 - row * 8, f"page {page} line {row} " + "word " * 35)
        pdf.showPage()
    pdf.save()

    reading = read_pdf(buffer.getvalue(), 64)

    assert len(reading.text) == MAX_TEXT_CHARS
    assert any("first 200,000 characters" in note for note in reading.notes)


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("D:20230314091530+03'00'", "2023-03-14T09:15:30+03:00"),
        ("D:20230314091530-05'30", "2023-03-14T09:15:30-05:30"),
        ("D:20230314091530Z", "2023-03-14T09:15:30Z"),
        ("D:20230314091530Z00'00'", "2023-03-14T09:15:30Z"),
        ("D:20230314091530", "2023-03-14T09:15:30"),  # no offset: none invented
        ("D:202303141015", "2023-03-14T10:15:00"),
        ("D:20230314", "2023-03-14"),
        ("D:2023", "2023"),
        ("20230314091530+03'00'", "2023-03-14T09:15:30+03:00"),  # without the D:
        ("D:20231314091530", None),  # month 13
        ("D:20230314251530", None),  # hour 25
        ("last Tuesday", None),
        ("", None),
    ],
)
def test_pdf_dates_read_as_iso_8601(written: str, iso: str | None) -> None:
    assert pdf_date(written) == iso


def test_a_date_that_does_not_parse_is_shown_as_written() -> None:
    facts = DocumentFacts.of(3, {"PDF CreationDate": "14.03.2023", "PDF Author": "A."})

    assert facts.created == "14.03.2023" and facts.author == "A." and facts.modified is None
    assert facts.rows() == [("Pages", "3"), ("Author", "A."), ("Created", "14.03.2023")]


def test_pdfium_is_loaded_only_when_a_pdf_is_read() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {non_gui_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "print('pypdfium2' in sys.modules)\n"
        "from evidence_app.media.pdf_document import read_pdf\n"
        "read_pdf(b'%PDF-1.4', 64)\n"
        "print('pypdfium2' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]
