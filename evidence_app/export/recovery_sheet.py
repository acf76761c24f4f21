"""The recovery sheet: one printed page that holds a vault's recovery code.

The code is laid out as on screen — whole groups, a fixed number per line, each numbered so
that "type group 7" means the same on paper — in a large monospace face that tells 0 from
D and 1 from 7. The page is built in memory and handed back as bytes: it never passes
through a temporary file, so the only copy on disk is the one the person chose to save.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from evidence_app.export.fonts import MONO, SANS, SANS_BOLD, register_fonts

GROUPS_PER_LINE = 4


def code_lines(code: str, per_line: int = GROUPS_PER_LINE) -> list[list[str]]:
    """The code's groups, `per_line` to a line; a line never splits a group."""
    groups = [group for group in code.replace(" ", "-").split("-") if group]
    return [groups[i : i + per_line] for i in range(0, len(groups), per_line)]


@dataclass(frozen=True)
class SheetWords:
    title: str
    vault: str
    folder: str
    created: str
    code: str
    warning_title: str
    warning: str
    how_to_use: str


WORDS = {
    "en": SheetWords(
        title="Recovery sheet",
        vault="Vault",
        folder="Folder",
        created="Created",
        code="Recovery code",
        warning_title="Keep this sheet safe",
        warning="Anyone who holds this sheet can open the vault and read everything in it. "
        "Keep it somewhere safe and apart from the laptop; never photograph it, never carry "
        "it across a border with the laptop.",
        how_to_use="If you forget the passphrase, or after travel mode, choose “Open another "
        "vault…”, then “Recovery code”, and type the groups in order (capitals or not, "
        "with or without dashes).",
    ),
    "ru": SheetWords(
        title="Лист восстановления",
        vault="Хранилище",
        folder="Папка",
        created="Создано",
        code="Код восстановления",
        warning_title="Храните этот лист в надёжном месте",
        warning="Любой, у кого окажется этот лист, может открыть хранилище и прочитать всё, "
        "что в нём есть. Храните его в надёжном месте отдельно от ноутбука; не "
        "фотографируйте его и не перевозите через границу вместе с ноутбуком.",
        how_to_use="Если вы забыли парольную фразу или включён режим поездки, выберите "
        "«Открыть другое хранилище…», затем «Код восстановления» и введите группы по "
        "порядку (регистр и дефисы не важны).",
    ),
    "uk": SheetWords(
        title="Аркуш відновлення",
        vault="Сховище",
        folder="Тека",
        created="Створено",
        code="Код відновлення",
        warning_title="Зберігайте цей аркуш у надійному місці",
        warning="Будь-хто, у кого опиниться цей аркуш, може відкрити сховище й прочитати все, "
        "що в ньому є. Зберігайте його в надійному місці окремо від ноутбука; не "
        "фотографуйте його і не перевозьте через кордон разом із ноутбуком.",
        how_to_use="Якщо ви забули парольну фразу або ввімкнено режим подорожі, виберіть "
        "«Відкрити інше сховище…», потім «Код відновлення» і введіть групи по порядку "
        "(регістр і дефіси не важливі).",
    ),
}


def recovery_sheet_pdf(
    code: str, vault_name: str, folder: str, created: str, language: str = "en"
) -> bytes:
    """The one-page sheet as PDF bytes, its fonts embedded (Cyrillic prints as written)."""
    register_fonts()
    words = WORDS.get(language, WORDS["en"])
    body = ParagraphStyle("body", fontName=SANS, fontSize=11, leading=15)
    title = ParagraphStyle("title", parent=body, fontName=SANS_BOLD, fontSize=22, leading=28)
    heading = ParagraphStyle("heading", parent=body, fontName=SANS_BOLD, fontSize=13, leading=18)
    group = ParagraphStyle("group", fontName=MONO, fontSize=24, leading=30)

    facts = Table(
        [
            [Paragraph(escape(label), heading), Paragraph(escape(value), body)]
            for label, value in (
                (words.vault, vault_name),
                (words.folder, folder),
                (words.created, created),
            )
        ],
        colWidths=[40 * mm, None],
        hAlign="LEFT",
        style=TableStyle([("FONT", (0, 0), (-1, -1), SANS), ("VALIGN", (0, 0), (-1, -1), "TOP")]),
    )
    grid = Table(
        [
            [
                Paragraph(
                    f'<font name="{SANS}" size="8" color="#555555">{n}</font><br/>{escape(g)}',
                    group,
                )
                for n, g in numbered
            ]
            for numbered in _numbered_lines(code)
        ],
        colWidths=[42 * mm] * GROUPS_PER_LINE,
        hAlign="LEFT",
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), SANS),
                ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        ),
    )
    warning = Table(
        [
            [Paragraph(escape(words.warning_title), heading)],
            [Paragraph(escape(words.warning), body)],
        ],
        colWidths=[170 * mm],
        hAlign="LEFT",
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), SANS),
                ("BOX", (0, 0), (-1, -1), 1.5, colors.HexColor("#a40000")),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ]
        ),
    )
    story = [
        Paragraph(escape(words.title), title),
        Spacer(1, 6 * mm),
        facts,
        Spacer(1, 8 * mm),
        Paragraph(escape(words.code), heading),
        Spacer(1, 2 * mm),
        grid,
        Spacer(1, 8 * mm),
        warning,
        Spacer(1, 6 * mm),
        Paragraph(escape(words.how_to_use), body),
    ]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=words.title,
        creator="",
        lang=language,
        initialFontName=SANS,
    )
    document.build(story)
    return buffer.getvalue()


def _numbered_lines(code: str) -> list[list[tuple[int, str]]]:
    return [
        [(line_index * GROUPS_PER_LINE + offset + 1, text) for offset, text in enumerate(line)]
        for line_index, line in enumerate(code_lines(code))
    ]
