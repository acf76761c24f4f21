"""The dossier's consent ledger: what allowed each exhibit and testimony in (DESIGN §5)."""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from evidence_app.export.dossier_record_sections import WORDS
from evidence_app.export.dossier_tables import WIDTH, grid
from evidence_app.export.pdf_parts import para
from evidence_app.records.reasons import purpose_words

_WIDTHS = [28 * mm, 26 * mm, 42 * mm, 22 * mm, WIDTH - 148 * mm, 30 * mm]


def _lines(material: str, entries: list[dict[str, Any]], linked: bool) -> list[list[str]]:
    if not entries:
        return [[material, WORDS["none"], WORDS["no_entry" if linked else "no_person"], "", "", ""]]
    return [
        [
            material,
            entry["person"],
            purpose_words(entry["scope"]),
            entry["given_on"],
            entry["recorded_by"] or WORDS["none"],
            ", ".join(str(event["seq"]) for event in entry["custody"]) or WORDS["none"],
        ]
        for entry in entries
    ]


def consent_ledger(manifest: dict[str, Any], styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    lines: list[list[str]] = []
    for exhibit in manifest["exhibits"]:
        material = WORDS["exhibit"].format(number=exhibit["number"])
        linked = bool(exhibit.get("links", {}).get("people"))
        lines += _lines(material, exhibit.get("consent", []), linked)
    for testimony in manifest["testimonies"]:
        material = WORDS["testimony"].format(ref=testimony["ref"])
        linked = bool(testimony["content"].get("witness"))
        lines += _lines(material, testimony.get("consent", []), linked)
    header = [
        WORDS[key] for key in ("material", "person", "purpose", "given_on", "recorded_by", "events")
    ]
    return [
        para(WORDS["consent"], styles["h1"]),
        para(WORDS["consent_intro"], styles["small"]),
        Spacer(1, 3 * mm),
        grid(header, [[para(c, styles["cell"]) for c in line] for line in lines], _WIDTHS, styles),
    ]
