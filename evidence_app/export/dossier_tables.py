"""The tables a dossier is laid out in: labelled facts and gridded rows, page-wide."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from evidence_app.export.dossier_words import decimal, localized
from evidence_app.export.fonts import SANS
from evidence_app.export.pdf_parts import MARGIN, para

PAGE = A4
WIDTH = PAGE[0] - 2 * MARGIN


def facts_table(rows: list[tuple[str, Flowable | str]], styles: dict[str, ParagraphStyle]) -> Table:
    data = [
        [
            para(label, styles["label"]),
            value if isinstance(value, Flowable) else para(value, styles["body"]),
        ]
        for label, value in rows
    ]
    table = Table(data, colWidths=[38 * mm, WIDTH - 38 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), SANS),  # else ReportLab sets Helvetica per cell
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#cccccc")),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def grid(
    header: list[str],
    rows: list[list[Flowable]],
    widths: list[float],
    styles: dict[str, ParagraphStyle],
) -> Table:
    table = Table(
        [[para(h, styles["label"]) for h in header], *rows], colWidths=widths, repeatRows=1
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), SANS),  # else ReportLab sets Helvetica per cell
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#aaaaaa")),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


# The words of a size; units are binary (IEC), as the exact count beside them shows.
SIZE_WORDS = {
    "bytes": "{count} bytes",
    "exact": "{value} {unit} ({count} bytes)",
    "KiB": "KiB",
    "MiB": "MiB",
    "GiB": "GiB",
    "TiB": "TiB",
}
# "12,345" in English, "12 345" (a no-break space) in Russian and Ukrainian.
_THOUSANDS = {"en": ",", "ru": "\u00a0", "uk": "\u00a0"}


def exact_size(count: int, language: str = "en") -> str:
    words = localized(SIZE_WORDS, language)
    thousands = _THOUSANDS.get(language, ",")
    exact = f"{count:,}".replace(",", thousands)
    if count < 1024:
        return words["bytes"].format(count=exact)
    value = float(count)
    for unit in ("KiB", "MiB", "GiB", "TiB"):
        value /= 1024
        if value < 1024 or unit == "TiB":
            shown = decimal(f"{value:.1f}", language)
            return words["exact"].format(value=shown, unit=words[unit], count=exact)
    return words["bytes"].format(count=exact)


def wrapped(text: str, width: int) -> str:
    """Monospaced text cut into lines that fit the page (Preformatted does not wrap)."""
    lines = []
    for line in text.splitlines():
        lines += [line[i : i + width] for i in range(0, len(line), width)] or [""]
    return "\n".join(lines)


def grouped_fingerprint(value: str) -> str:
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))
