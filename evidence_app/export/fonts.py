"""TrueType fonts for dossiers: Latin and Cyrillic, embedded (subset) in every PDF.

ReportLab's built-in Helvetica has no Cyrillic and is never embedded, so a testimony in
Russian or Ukrainian would print as boxes. DejaVu (Bitstream Vera licence, shipped with its
licence in `evidence_app/resources/fonts/`) covers Latin, Cyrillic and the symbols we use.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"
SANS_ITALIC = "DejaVuSans-Oblique"
MONO = "DejaVuSansMono"


@cache
def register_fonts() -> None:
    folder = resources.files("evidence_app.resources").joinpath("fonts")
    for name in (SANS, SANS_BOLD, SANS_ITALIC, MONO):
        with resources.as_file(folder.joinpath(f"{name}.ttf")) as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    # So that <b> and <i> in paragraphs pick the right face instead of Helvetica.
    addMapping(SANS, 0, 0, SANS)
    addMapping(SANS, 1, 0, SANS_BOLD)
    addMapping(SANS, 0, 1, SANS_ITALIC)
    addMapping(SANS, 1, 1, SANS_BOLD)
