"""What a PDF says about itself: its pages, its own metadata, its text, its first page.

Lawyers send scanned statements and medical reports as PDFs; their author, dates and
producer are facts a court weighs, and their words should be findable. Everything is read in
memory from the bytes given (PDFium, through pypdfium2); nothing decoded touches the disk.
No input makes `read_pdf` raise: a PDF that cannot be read (damaged, encrypted) is still
evidence, stored as received, and `notes` say what could not be read.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from evidence_app.media.document_facts import TAG_PREFIX, pdf_date
from evidence_app.media.thumbnail import encode_jpeg

if TYPE_CHECKING:
    import pypdfium2

INFO_KEYS: Final = ("Title", "Author", "Subject", "Keywords", "Creator", "Producer")
DATE_KEYS: Final = ("CreationDate", "ModDate")

MAX_TEXT_CHARS: Final = 200_000
"""Text kept for search; a scanned book's OCR layer beyond this is not indexed."""
MAX_TEXT_PAGES: Final = 2_000
MAX_VALUE_CHARS: Final = 1024
MAX_PAGE_POINTS: Final = 200_000.0
"""Pages larger than this (about 70 m) on a side, or thinner than a point, are not drawn."""
MAX_ASPECT: Final = 100.0

# PDFium's FPDF_ERR_PASSWORD and FPDF_ERR_SECURITY (a security handler it does not know).
_UNREADABLE: Final[dict[object, str]] = {
    4: "is encrypted with a password",
    5: "is encrypted in a way that cannot be read",
}
# PDFium keeps global state and is not thread-safe; ingest reads files on two workers.
_PDFIUM_LOCK = threading.Lock()


@dataclass(frozen=True)
class PdfReading:
    pages: int | None
    """None when the document could not be opened."""
    info: dict[str, str] = field(default_factory=dict)
    """The Info dictionary as written, keyed "PDF Author", "PDF CreationDate"…"""
    text: str = ""
    """The text layer, page after page, at most `MAX_TEXT_CHARS`."""
    thumbnail: bytes | None = None
    """The first page drawn as a JPEG no larger than the side asked for."""
    notes: list[str] = field(default_factory=list)

    @property
    def created(self) -> str | None:
        return pdf_date(self.info.get(TAG_PREFIX + "CreationDate", ""))


def read_pdf(data: bytes, max_side: int, *, text: bool = True) -> PdfReading:
    """Page count, Info metadata, text and a first-page picture of the PDF in `data`."""
    notes: list[str] = []
    if b"%%EOF" not in data[-2048:]:
        notes.append("The PDF does not end as a PDF should (no %%EOF): it may be cut short.")
    try:
        with _PDFIUM_LOCK:
            return _read(data, max_side, notes, text)
    except Exception as error:  # the last guard: one bad file must not stop an ingest
        notes.append(f"The PDF could not be read ({_describe(error)}); it is stored as received.")
        return PdfReading(None, notes=notes)


def first_page_picture(data: bytes, max_side: int) -> bytes | None:
    """The first page drawn as a JPEG, or None when it cannot be drawn."""
    reading = read_pdf(data, max_side, text=False)
    return reading.thumbnail


def _read(data: bytes, max_side: int, notes: list[str], with_text: bool) -> PdfReading:
    import pypdfium2  # only when a PDF arrives: most ingests never need PDFium

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        reason = _UNREADABLE.get(
            getattr(error, "err_code", None), "is damaged and cannot be opened"
        )
        notes.append(
            f"The PDF {reason}: it is stored as received, without its picture, text or metadata."
        )
        return PdfReading(None, notes=notes)
    try:
        pages = len(document)
        info = _info(document)
        text = _text(document, pages, notes) if with_text else ""
        thumbnail = _first_page(document, max_side, notes) if pages else None
    finally:
        document.close()
    if pages == 0:
        notes.append("The PDF has no pages.")
    return PdfReading(pages, info, text, thumbnail, notes)


def _info(document: pypdfium2.PdfDocument) -> dict[str, str]:
    info: dict[str, str] = {}
    for key, value in document.get_metadata_dict(skip_empty=True).items():
        if key in INFO_KEYS or key in DATE_KEYS:
            info[TAG_PREFIX + key] = value.strip()[:MAX_VALUE_CHARS]
    return info


def _text(document: pypdfium2.PdfDocument, pages: int, notes: list[str]) -> str:
    parts: list[str] = []
    length = 0
    for index in range(min(pages, MAX_TEXT_PAGES)):
        page = document[index]
        try:
            textpage = page.get_textpage()
            try:
                part = textpage.get_text_range().replace("\r\n", "\n").strip()
            finally:
                textpage.close()
        finally:
            page.close()
        if part:
            parts.append(part)
            length += len(part) + 1
        if length >= MAX_TEXT_CHARS:
            notes.append(f"Only the first {MAX_TEXT_CHARS:,} characters of text are searchable.")
            break
    return "\n".join(parts)[:MAX_TEXT_CHARS]


def _first_page(document: pypdfium2.PdfDocument, max_side: int, notes: list[str]) -> bytes | None:
    page = document[0]
    try:
        width, height = page.get_size()
        longest, shortest = max(width, height), min(width, height)
        if not (
            shortest >= 1.0 and longest <= MAX_PAGE_POINTS and longest / shortest <= MAX_ASPECT
        ):
            notes.append(
                f"No thumbnail: the first page measures {width:.0f} × {height:.0f} points, "
                "not a size that can be drawn safely."
            )
            return None
        # The scale comes from the page size, so the picture is never more than max_side
        # pixels on a side however the page is declared.
        bitmap = page.render(scale=max_side / longest, may_draw_forms=False)
        try:
            return encode_jpeg(bitmap.to_pil())
        finally:
            bitmap.close()
    except Exception as error:
        notes.append(f"No thumbnail: the first page could not be drawn ({_describe(error)}).")
        return None
    finally:
        page.close()


def _describe(error: BaseException) -> str:
    detail = str(error).strip().splitlines()[0][:120] if str(error).strip() else ""
    return f"{type(error).__name__}: {detail}" if detail else type(error).__name__
