"""Pieces every dossier PDF shares: fonts and styles, section markers, numbered footers."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
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
        self.saveState()
        self.setFont(SANS, 7.5)
        self.setFillColor(colors.HexColor("#444444"))
        width = self._pagesize[0]
        self.line(MARGIN, 12 * mm, width - MARGIN, 12 * mm)
        self.drawString(MARGIN, 8 * mm, f"{self.footer_text} · {section}")
        self.drawRightString(
            width - MARGIN, 8 * mm, self.page_text.format(number=number, total=total)
        )
        self.restoreState()


def para(text: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def build_document(
    destination: Path,
    story: list[Flowable],
    pagesize: tuple[float, float],
    footer: str,
    page_text: str = NumberedCanvas.page_text,
    **metadata: str,
) -> None:
    """Lay `story` out on pages of `pagesize` with the shared margins, fonts and footer.
    `metadata` are the PDF's title, author, subject, creator …"""
    width, height = pagesize
    document = BaseDocTemplate(
        str(destination),
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
    document.build(story, canvasmaker=numbered_canvas(footer, page_text))


def numbered_canvas(
    footer_text: str, page_text: str = NumberedCanvas.page_text
) -> type[NumberedCanvas]:
    """A canvas class for one document, its footer fixed (ReportLab makes the canvas)."""
    attributes = {"footer_text": footer_text, "page_text": page_text}
    return type("DossierCanvas", (NumberedCanvas,), attributes)
