"""The exhibition dossier: a printable PDF a curator can hang on a wall or bind.

A first page (title, organiser, date, what visitors should know), one page per facility
with its prison-condition findings, one page per photograph, as large as the paper allows
with its caption beneath, and testimony excerpts. Type is sized for reading on a wall: on
A4, captions 14 pt and body text 11 pt or more, scaled with the paper. A photograph that
would print under 150 ppi at full size is printed smaller (at 150 ppi) and reported, or
full size when the curator asks for it, with the same report. It holds only what the
exhibition selection let through and only redacted photographs; it carries no attachment
and no metadata about the vault.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A3, A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch, mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from evidence_app.export.exhibition_selection import ExhibitionPhoto, ExhibitionSelection
from evidence_app.export.exhibition_words import LANGUAGES, WORDS, EditionWords
from evidence_app.export.fonts import SANS, SANS_BOLD, SANS_ITALIC, register_fonts
from evidence_app.export.pdf_parts import (
    FOOTER_SPACE,
    MARGIN,
    ReleasingImage,
    Section,
    build_document,
    para,
)
from evidence_app.export.publication_check import ClearedSelection
from evidence_app.records.vocabularies import vocabulary

__all__ = ["LANGUAGES", "MIN_PPI", "PAPERS", "PHOTO_SIZES", "PrintReport", "build_exhibition_pdf"]

PAPERS = {"a4": A4, "a3": A3, "letter": LETTER}
# "fit": full page unless that would print under MIN_PPI; "full": always the full page.
PHOTO_SIZES = ("fit", "full")
MIN_PPI = 150


@dataclass(frozen=True)
class LowResolution:
    reference: str
    pixels: tuple[int, int]
    full_page_ppi: int
    printed_ppi: int
    item_id: str = ""  # the original photo, for a screen to name it its own way


@dataclass
class PrintReport:
    """What the curator should know about how the photographs will print."""

    low_resolution: list[LowResolution] = field(default_factory=list)

    def warnings(self) -> list[str]:
        lines = []
        for photo in self.low_resolution:
            width, height = photo.pixels
            size = (
                "printed smaller, at {printed} ppi"
                if photo.printed_ppi >= MIN_PPI
                else "printed full page anyway (--photo-size full)"
            )
            lines.append(
                f"{photo.reference}: {width}×{height} pixels would print at "
                f"{photo.full_page_ppi} ppi on the full page (under {MIN_PPI}); "
                + size.format(printed=photo.printed_ppi)
            )
        return lines


def _scale(paper: str) -> float:
    """Type grows with the paper, so an A3 edition reads from as far as it hangs."""
    return PAPERS[paper][0] / A4[0] if paper == "a3" else 1.0


def _styles(scale: float) -> dict[str, ParagraphStyle]:
    def style(name: str, size: float, font: str = SANS, **extra: object) -> ParagraphStyle:
        return ParagraphStyle(
            name, fontName=font, fontSize=size * scale, leading=size * scale * 1.35, **extra
        )

    return {
        "cover": style("cover", 30, SANS_BOLD),
        "subtitle": style("subtitle", 15),
        "body": style("body", 11),
        "warning_title": style("warning_title", 12, SANS_BOLD),
        "title": style("title", 22, SANS_BOLD),
        "h2": style("h2", 13, SANS_BOLD, spaceBefore=8 * scale),
        "label": style("label", 11, SANS_BOLD),
        "caption": style("caption", 14),
        "people": style("people", 11, SANS_ITALIC),
        "reference": style("reference", 9.5, textColor=colors.HexColor("#555555")),
        "quote": style("quote", 13, leftIndent=10 * mm, rightIndent=10 * mm),
        "attribution": style("attribution", 11, SANS_BOLD, leftIndent=10 * mm),
    }


def build_exhibition_pdf(
    destination: Path | BinaryIO,
    cleared: ClearedSelection,
    photos: dict[str, bytes],
    paper: str = "a4",
    language: str = "en",
    printed_on: dt.date | None = None,
    photo_size: str = "fit",
) -> PrintReport:
    """`photos` maps the original's item id → its redacted JPEG. Only a selection that passed the
    publication check is accepted: every string printed here went through it, the
    organiser (`case["organiser"]`) included."""
    selection = cleared.selection
    organiser = str(selection.case.get("organiser") or "")
    words = WORDS[language]
    register_fonts()
    size = PAPERS[paper]
    scale = _scale(paper)
    frame = (size[0] - 2 * MARGIN, size[1] - MARGIN - FOOTER_SPACE)
    styles = _styles(scale)
    title = selection.case.get("title") or selection.case_ref
    report = PrintReport()

    story = _first_page(selection, words, styles, title, organiser, printed_on, frame)
    story += _facility_pages(selection, words, styles, language)
    for photo in selection.photos:
        story += _photo_page(
            photo, photos.get(photo.item_id), words, styles, frame, photo_size, report
        )
    story += _testimony_pages(selection, words, styles, language)

    build_document(
        destination,
        story,
        size,
        title,
        words.page,
        footer_size=9 * scale,
        title=title,
        author=organiser,
        subject=words.subject,
        creator="",
        producer="",
        lang=language,
    )
    return report


def _first_page(
    selection: ExhibitionSelection,
    words: EditionWords,
    styles: dict[str, ParagraphStyle],
    title: str,
    organiser: str,
    printed_on: dt.date | None,
    frame: tuple[float, float],
) -> list[Flowable]:
    # The cover's footer shows only the page number: the title is on the page already.
    story: list[Flowable] = [Section(""), Spacer(1, frame[1] * 0.18)]
    story += [para(title, styles["cover"]), Spacer(1, 6 * mm)]
    if selection.case.get("description"):
        story += [para(selection.case["description"], styles["subtitle"]), Spacer(1, 6 * mm)]
    byline = [words.organised_by.format(organiser=organiser)] if organiser.strip() else []
    byline.append(words.date(printed_on or dt.date.today()))
    story += [para(" · ".join(byline), styles["body"]), Spacer(1, 4 * mm)]
    counts = words.counts.format(
        photos=len(selection.photos),
        testimonies=len(selection.excerpts),
        places=len(selection.facilities),
    )
    story += [para(counts, styles["body"]), Spacer(1, 14 * mm)]
    # Frames pad their content by 6 pt a side; a table as wide as the frame would stick out.
    warning = Table(
        [
            [para(words.warning_title, styles["warning_title"])],
            [para(words.warning, styles["body"])],
        ],
        colWidths=[frame[0] - 12],
    )
    warning.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SANS),  # else the table asks for Helvetica
                ("BOX", (0, 0), (-1, -1), 1.2, colors.HexColor("#8a6d1d")),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#fbf5e3")),
                ("LEFTPADDING", (0, 0), (-1, -1), 5 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 5 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 3 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
            ]
        )
    )
    story += [warning, Spacer(1, 8 * mm), para(words.note, styles["body"])]
    return story


def _facility_pages(
    selection: ExhibitionSelection,
    words: EditionWords,
    styles: dict[str, ParagraphStyle],
    language: str,
) -> list[Flowable]:
    kinds = vocabulary("facility_kinds")
    topics = vocabulary("mandela_rules_topics")
    story: list[Flowable] = []
    for ref, facility in selection.facilities.items():
        story += [PageBreak(), Section(facility["name"]), para(facility["name"], styles["title"])]
        described = [
            kinds.label(facility["kind"], language) if facility.get("kind") else "",
            facility["region"],
        ]
        story += [
            para(" · ".join(d for d in described if d), styles["subtitle"]),
            Spacer(1, 8 * mm),
        ]
        findings = [f for f in selection.findings if f.get("facility") == ref]
        if findings:
            story.append(para(words.conditions, styles["h2"]))
        for finding in findings:
            story.append(
                KeepTogether(
                    [
                        para(topics.label(finding.get("rule") or "", language), styles["label"]),
                        para(finding.get("finding") or "", styles["body"]),
                        Spacer(1, 3 * mm),
                    ]
                )
            )
    return story


def _photo_page(
    photo: ExhibitionPhoto,
    jpeg: bytes | None,
    words: EditionWords,
    styles: dict[str, ParagraphStyle],
    frame: tuple[float, float],
    photo_size: str,
    report: PrintReport,
) -> list[Flowable]:
    reference = photo.reference.replace("Exhibit", words.exhibit, 1)
    text: list[Flowable] = []
    if photo.caption:
        text.append(para(photo.caption, styles["caption"]))
    details = [", ".join(photo.people), photo.period or ""]
    if any(details):
        text.append(para(" · ".join(d for d in details if d), styles["people"]))
    text += [Spacer(1, 2 * mm), para(reference, styles["reference"])]
    story: list[Flowable] = [PageBreak(), Section(reference)]
    if jpeg is None:
        return story + text
    gap = 6 * mm
    text_height = sum(item.wrap(frame[0], frame[1])[1] for item in text)
    # Frames need a little slack: an image exactly as tall as the room left is pushed over.
    room = (frame[0], frame[1] - text_height - gap - 4 * mm)
    image = ReleasingImage(io.BytesIO(jpeg))
    pixels = (int(image.imageWidth), int(image.imageHeight))
    full = min(room[0] / pixels[0], room[1] / pixels[1])
    full_ppi = int(inch / full)
    scale = full
    if full_ppi < MIN_PPI:
        if photo_size == "fit":
            scale = inch / MIN_PPI
        report.low_resolution.append(
            LowResolution(reference, pixels, full_ppi, round(inch / scale), photo.item_id)
        )
    image.drawWidth, image.drawHeight = pixels[0] * scale, pixels[1] * scale
    image.hAlign = "CENTER"
    return [*story, image, Spacer(1, gap), *text]


def _testimony_pages(
    selection: ExhibitionSelection,
    words: EditionWords,
    styles: dict[str, ParagraphStyle],
    language: str,
) -> list[Flowable]:
    if not selection.excerpts:
        return []
    methods = vocabulary("methods")
    story: list[Flowable] = [
        PageBreak(),
        Section(words.testimonies),
        para(words.testimonies, styles["title"]),
        Spacer(1, 6 * mm),
    ]
    for excerpt in selection.excerpts:
        labels = ", ".join(methods.label(code, language) for code in excerpt.methods)
        block: list[Flowable] = [
            para(words.quoted(excerpt.text), styles["quote"]),
            Spacer(1, 2 * mm),
            para(f"— {excerpt.witness or words.witness}", styles["attribution"]),
        ]
        if labels:
            block.append(para(labels, styles["reference"]))
        story += [KeepTogether(block), Spacer(1, 8 * mm)]
    return story
