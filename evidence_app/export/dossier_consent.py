"""The dossier's consent ledger: what allowed each exhibit and testimony in (DESIGN §5)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from evidence_app.export.dossier_record_sections import WORDS
from evidence_app.export.dossier_tables import WIDTH, grid
from evidence_app.export.dossier_words import language_of, localized
from evidence_app.export.pdf_parts import para
from evidence_app.kernel.catalogs import translator
from evidence_app.records.reasons import purpose_words

_WIDTHS = [40 * mm, 28 * mm, 38 * mm, 22 * mm, WIDTH - 146 * mm, 18 * mm]


def _lines(
    material: str,
    entries: list[dict[str, Any]],
    linked: bool,
    words: dict[str, str],
    translate: Callable[[str], str],
) -> list[list[str]]:
    if not entries:
        return [[material, words["none"], words["no_entry" if linked else "no_person"], "", "", ""]]
    return [
        [
            material,
            entry["person"],
            purpose_words(entry["scope"], translate),
            entry["given_on"],
            entry["recorded_by"] or words["none"],
            ", ".join(str(event["seq"]) for event in entry["custody"]) or words["none"],
        ]
        for entry in entries
    ]


def consent_ledger(manifest: dict[str, Any], styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    language = language_of(manifest)
    words, translate = localized(WORDS, language), translator(language)
    lines: list[list[str]] = []
    for exhibit in manifest["exhibits"]:
        material = words["exhibit"].format(number=exhibit["number"])
        linked = bool(exhibit.get("links", {}).get("people"))
        lines += _lines(material, exhibit.get("consent", []), linked, words, translate)
    for testimony in manifest["testimonies"]:
        material = words["testimony"].format(ref=testimony["ref"])
        linked = bool(testimony["content"].get("witness"))
        lines += _lines(material, testimony.get("consent", []), linked, words, translate)
    header = [
        words[key] for key in ("material", "person", "purpose", "given_on", "recorded_by", "events")
    ]
    return [
        para(words["consent"], styles["h1"]),
        para(words["consent_intro"], styles["small"]),
        Spacer(1, 3 * mm),
        grid(header, [[para(c, styles["cell"]) for c in line] for line in lines], _WIDTHS, styles),
    ]
