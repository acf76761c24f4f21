"""PDFs made in the test with ReportLab: a lawyer's two-page statement, and broken ones."""

from __future__ import annotations

import io

from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

PAGE_TWO_WORD = "Zhdanovka"
CREATED = "D:20230314091530+03'00'"
CREATED_ISO = "2023-03-14T09:15:30+03:00"


def statement(pages: int = 2, encrypt: StandardEncryption | None = None) -> bytes:
    """A statement with a text layer on every page and its author, creator, producer and
    creation date set; page 2 names a place that appears nowhere else."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, encrypt=encrypt)
    pdf.setTitle("Statement of the witness")
    pdf.setAuthor("Advocate Olena K.")
    pdf.setCreator("Scanner Station 3")
    pdf.setProducer("Office PDF Writer 9")
    pdf._doc.info._dateFormatter = lambda *_: CREATED
    for page in range(1, pages + 1):
        pdf.setFillColorRGB(0.1, 0.1, 0.6)
        pdf.rect(50, 600, 300, 150, fill=1)  # something to see in the picture of the page
        pdf.setFillColorRGB(0, 0, 0)
        words = f"transferred to the colony at {PAGE_TWO_WORD}" if page == 2 else "detained"
        pdf.drawString(72, 500, f"Page {page}: the witness was {words}.")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def encrypted_statement() -> bytes:
    return statement(encrypt=StandardEncryption("only-the-lawyer-knows", canPrint=0))


def truncated_statement() -> bytes:
    data = statement()
    return data[: len(data) // 2]
