"""Pieces every dossier PDF shares: fonts and styles, section markers, numbered footers."""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, Image, PageTemplate, Paragraph

from evidence_app.export.fonts import MONO, SANS, SANS_BOLD

MARGIN = 18 * mm
FOOTER_SPACE = 18 * mm


def make_styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=SANS, fontSize=9.5, leading=13)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5),
        "title": ParagraphStyle("title", parent=base, fontName=SANS_BOLD, fontSize=22, leading=28),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=13, leading=18),
        "h1": ParagraphStyle(
            "h1", parent=base, fontName=SANS_BOLD, fontSize=15, leading=20, spaceAfter=6
        ),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=SANS_BOLD, fontSize=11, leading=15, spaceBefore=8
        ),
        "label": ParagraphStyle("label", parent=base, fontName=SANS_BOLD, fontSize=8.5),
        "mono": ParagraphStyle("mono", parent=base, fontName=MONO, fontSize=7.6, leading=10),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10),
        "cellmono": ParagraphStyle("cellmono", parent=base, fontName=MONO, fontSize=7, leading=9),
    }


class Section(Flowable):  # type: ignore[misc]  # ReportLab has no type hints
    """Invisible marker: the pages from here on belong to this section or exhibit."""

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label
        self.width = self.height = 0

    def draw(self) -> None:
        self.canv._dossier_section = self.label


class ReleasingImage(Image):  # type: ignore[misc]
    """A picture that lets go of its decoded pixels once it is on the page.

    ReportLab decodes every picture to name it (a digest of its pixels) and keeps the
    decoded copy until the whole document is built: 200 photos took 2 GB. The JPEG itself
    goes into the PDF as it is, so after drawing the pixels are no longer needed.
    """

    def draw(self) -> None:
        super().draw()
        reader = getattr(self, "_img", None)
        if reader is not None:
            reader._data = None
            reader._image = None


class NumberedCanvas(Canvas):  # type: ignore[misc]
    """Draws "page N of M" once the total is known (pages are kept until save)."""

    footer_text = ""  # set by a subclass made with numbered_canvas()
    page_text = "Page {number} of {total}"
    footer_size = 7.5

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self._dossier_section = ""

    def showPage(self) -> None:
        self._pages.append({**self.__dict__, "_section_of_page": self._dossier_section})
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            section = state.pop("_section_of_page")
            self.__dict__.update(state)
            self._draw_footer(number, total, section)
            super().showPage()
        super().save()

    def _draw_footer(self, number: int, total: int, section: str) -> None:
        size = self.footer_size
        self.saveState()
        self.setFont(SANS, size)
        self.setFillColor(colors.HexColor("#444444"))
        width = self._pagesize[0]
        baseline = 8 * mm
        self.line(MARGIN, baseline + 1.3 * size, width - MARGIN, baseline + 1.3 * size)
        page = self.page_text.format(number=number, total=total)
        self.drawRightString(width - MARGIN, baseline, page)
        # The running title gives way to the page number, never overprints it.
        room = width - 2 * MARGIN - stringWidth(page, SANS, size) - 2 * size
        running = " · ".join(part for part in (self.footer_text, section) if part)
        self.drawString(MARGIN, baseline, fit_text(running, SANS, size, room))
        self.restoreState()


def fit_text(text: str, font: str, size: float, room: float) -> str:
    """`text`, cut short with an ellipsis where it would be wider than `room` points."""
    if stringWidth(text, font, size) <= room:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with its ellipsis
        middle = (low + high + 1) // 2
        if stringWidth(text[:middle].rstrip() + "…", font, size) <= room:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…" if low else ""


def para(text: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def build_document(
    destination: Path | BinaryIO,
    story: list[Flowable],
    pagesize: tuple[float, float],
    footer: str,
    page_text: str = NumberedCanvas.page_text,
    footer_size: float = NumberedCanvas.footer_size,
    **metadata: str,
) -> None:
    """Lay `story` out on pages of `pagesize` with the shared margins, fonts and footer.
    `metadata` are the PDF's title, author, subject, creator, lang … A stream (an in-memory
    buffer) is written to as it is: a preview never touches the disk."""
    width, height = pagesize
    document = BaseDocTemplate(
        str(destination) if isinstance(destination, Path) else destination,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=FOOTER_SPACE,
        initialFontName=SANS,
        **metadata,
    )
    frame = Frame(MARGIN, FOOTER_SPACE, width - 2 * MARGIN, height - MARGIN - FOOTER_SPACE)
    document.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    document.build(story, canvasmaker=numbered_canvas(footer, page_text, footer_size))


def numbered_canvas(
    footer_text: str,
    page_text: str = NumberedCanvas.page_text,
    footer_size: float = NumberedCanvas.footer_size,
) -> type[NumberedCanvas]:
    """A canvas class for one document, its footer fixed (ReportLab makes the canvas)."""
    attributes = {"footer_text": footer_text, "page_text": page_text, "footer_size": footer_size}
    return type("DossierCanvas", (NumberedCanvas,), attributes)
