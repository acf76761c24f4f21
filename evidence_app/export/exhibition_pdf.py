"""The exhibition dossier: a printable PDF a curator can hang on a wall or bind.

A title page, one page per facility with its prison-condition findings, one page per
photograph (large, with its caption and a short reference to the accountability record),
and testimony excerpts. It holds only what the exhibition selection let through and only
redacted photographs; it carries no attachment and no metadata about the vault.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Spacer,
)

from evidence_app.export.exhibition_selection import ExhibitionSelection
from evidence_app.export.fonts import SANS_BOLD, SANS_ITALIC, register_fonts
from evidence_app.export.pdf_parts import (
    FOOTER_SPACE,
    MARGIN,
    ReleasingImage,
    Section,
    build_document,
    make_styles,
    para,
)
from evidence_app.records.vocabularies import vocabulary

PAPERS = {"a4": A4, "letter": LETTER}
LANGUAGES = ("en", "ru", "uk")

# The few fixed words of an exhibition, in the languages the app speaks.
_WORDS = {
    "en": {
        "counts": "{photos} photographs · {testimonies} testimonies · {places} places of detention",
        "note": "People appear under pseudonyms unless they asked to be named. Faces and marked "
        "details in the photographs are blurred to protect them. Each photograph carries a "
        "reference to the documented original held for legal proceedings.",
        "conditions": "Conditions of detention",
        "testimonies": "Testimonies",
        "witness": "A witness",
        "exhibit": "Exhibit",
        "page": "Page {number} of {total}",
    },
    "ru": {
        "counts": "Фотографий: {photos} · свидетельств: {testimonies} · мест заключения: {places}",
        "note": "Люди названы псевдонимами, если они не просили назвать их по имени. Лица и "
        "отмеченные детали на фотографиях размыты ради их защиты. У каждой фотографии есть "
        "ссылка на задокументированный оригинал, хранящийся для судебного разбирательства.",
        "conditions": "Условия содержания",
        "testimonies": "Свидетельства",
        "witness": "Свидетель",
        "exhibit": "Экспонат",
        "page": "Страница {number} из {total}",
    },
    "uk": {
        "counts": "Фотографій: {photos} · свідчень: {testimonies} · місць утримання: {places}",
        "note": "Людей названо псевдонімами, якщо вони не просили назвати їх на ім'я. Обличчя "
        "та позначені деталі на фотографіях розмито задля їхнього захисту. Кожна фотографія "
        "має посилання на задокументований оригінал, що зберігається для судового розгляду.",
        "conditions": "Умови утримання",
        "testimonies": "Свідчення",
        "witness": "Свідок",
        "exhibit": "Експонат",
        "page": "Сторінка {number} з {total}",
    },
}


def _exhibition_styles() -> dict[str, ParagraphStyle]:
    styles = make_styles()
    base = styles["body"]
    styles["caption"] = ParagraphStyle("caption", parent=base, fontSize=13, leading=18)
    styles["people"] = ParagraphStyle(
        "people", parent=base, fontName=SANS_ITALIC, fontSize=10, leading=14
    )
    styles["reference"] = ParagraphStyle(
        "reference", parent=base, fontSize=8, leading=11, textColor=colors.HexColor("#555555")
    )
    styles["quote"] = ParagraphStyle(
        "quote",
        parent=base,
        fontSize=12,
        leading=18,
        leftIndent=10 * mm,
        rightIndent=10 * mm,
        spaceBefore=4,
    )
    styles["attribution"] = ParagraphStyle(
        "attribution", parent=base, fontName=SANS_BOLD, fontSize=10, leftIndent=10 * mm
    )
    styles["cover"] = ParagraphStyle(
        "cover", parent=base, fontName=SANS_BOLD, fontSize=28, leading=36
    )
    return styles


def build_exhibition_pdf(
    destination: Path,
    selection: ExhibitionSelection,
    photos: dict[int, bytes],
    paper: str = "a4",
    language: str = "en",
) -> None:
    """`photos` maps exhibit number → the redacted JPEG."""
    words = _WORDS[language]
    register_fonts()
    size = PAPERS[paper]
    width = size[0] - 2 * MARGIN
    height = size[1] - MARGIN - FOOTER_SPACE
    styles = _exhibition_styles()
    kinds = vocabulary("facility_kinds")
    topics = vocabulary("mandela_rules_topics")
    methods = vocabulary("methods")
    title = selection.case.get("title") or selection.case_ref

    story: list[Flowable] = [Section(title), Spacer(1, height * 0.3)]
    story += [para(title, styles["cover"]), Spacer(1, 8 * mm)]
    if selection.case.get("description"):
        story.append(para(selection.case["description"], styles["subtitle"]))
    story += [
        Spacer(1, 12 * mm),
        para(
            words["counts"].format(
                photos=len(selection.photos),
                testimonies=len(selection.excerpts),
                places=len(selection.facilities),
            ),
            styles["body"],
        ),
        Spacer(1, 4 * mm),
        para(words["note"], styles["small"]),
    ]

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
            story.append(para(words["conditions"], styles["h2"]))
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

    for photo in selection.photos:
        reference = photo.reference.replace("Exhibit", words["exhibit"], 1)
        story += [PageBreak(), Section(reference)]
        jpeg = photos.get(photo.number)
        if jpeg is not None:
            image = ReleasingImage(io.BytesIO(jpeg))
            scale = min(width / image.imageWidth, height * 0.72 / image.imageHeight)
            image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
            story += [image, Spacer(1, 5 * mm)]
        if photo.caption:
            story.append(para(photo.caption, styles["caption"]))
        details = [", ".join(photo.people), photo.period or ""]
        if any(details):
            story.append(para(" · ".join(d for d in details if d), styles["people"]))
        story += [Spacer(1, 3 * mm), para(reference, styles["reference"])]

    if selection.excerpts:
        title_words = words["testimonies"]
        story += [PageBreak(), Section(title_words), para(title_words, styles["title"])]
        story.append(Spacer(1, 6 * mm))
        for excerpt in selection.excerpts:
            labels = ", ".join(methods.label(code, language) for code in excerpt.methods)
            block: list[Flowable] = [
                para(f"“{excerpt.text}”", styles["quote"]),
                Spacer(1, 2 * mm),
                para(f"— {excerpt.witness or words['witness']}", styles["attribution"]),
            ]
            if labels:
                block.append(para(labels, styles["reference"]))
            story += [KeepTogether(block), Spacer(1, 8 * mm)]

    build_document(
        destination,
        story,
        size,
        title,
        words["page"],
        title=title,
        author="",
        subject="Exhibition",
        creator="",
        producer="",
    )
