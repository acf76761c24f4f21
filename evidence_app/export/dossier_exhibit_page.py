"""One exhibit's pages in the accountability dossier: the picture, the facts, its custody."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from evidence_app.export.custody_narrative import (
    COLUMNS,
    NARRATIVE_WORDS,
    Step,
    custody_narrative,
)
from evidence_app.export.dossier_observations import exhibit_observations
from evidence_app.export.dossier_record_sections import WORDS, facility_name, listed
from evidence_app.export.dossier_tables import WIDTH, exact_size, facts_table, grid
from evidence_app.export.pdf_parts import ReleasingImage, para
from evidence_app.media.camera import camera_name

MAX_IMAGE_HEIGHT = 120 * mm
# What a PDF exhibit records of itself (manifest `document`), as the file says it.
_DOCUMENT_ROWS = (
    ("title", "Document title"),
    ("author", "Document author"),
    ("created", "Document created"),
    ("modified", "Document modified"),
    ("creator", "Written with"),
    ("producer", "PDF produced by"),
)


def event_summary(event: dict[str, Any]) -> str:
    details = event.get("details") or {}
    parts = []
    for key in (
        "source",
        "reason",
        "case",
        "number",
        "case_added",
        "file_name",
        "revision",
        "scope",
    ):
        if details.get(key):
            parts.append(f"{key}: {details[key]}")
    return "; ".join(parts)


def narrative_rows(steps: list[Step], styles: dict[str, ParagraphStyle]) -> list[list[Flowable]]:
    return [
        [
            para(number, styles["cell"]),
            para(step.when, styles["cell"]),
            para(step.what, styles["cell"]),
            para(step.who, styles["cell"]),
            para(
                f"{step.seq}: {step.event_hash[:12]}…" if step.event_hash else "",
                styles["cellmono"],
            ),
        ]
        for number, step in enumerate(steps, 1)
    ]


_NARRATIVE_WIDTHS = [12 * mm, 34 * mm, 34 * mm, WIDTH - 114 * mm, 34 * mm]


def exhibit_pages(
    exhibit: dict[str, Any],
    preview: bytes | None,
    styles: dict[str, ParagraphStyle],
    case_ref: str = "",
    exported: str = "",
) -> list[Flowable]:
    """`case_ref` and `exported` (the manifest's `created`) end the custody narrative."""
    flow: list[Flowable] = [
        para(f"Exhibit {exhibit['number']}: {exhibit['original_name']}", styles["h1"])
    ]
    if preview is not None:
        image = ReleasingImage(io.BytesIO(preview))
        scale = min(WIDTH / image.imageWidth, MAX_IMAGE_HEIGHT / image.imageHeight, 1.0)
        image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
        flow += [image, Spacer(1, 3 * mm)]
    if exhibit.get("caption"):
        flow += [para(exhibit["caption"], styles["body"]), Spacer(1, 3 * mm)]
    gps = exhibit.get("gps")
    camera = exhibit.get("camera") or {}
    rows: list[tuple[str, Flowable | str]] = [
        ("SHA-256", para(exhibit["sha256"], styles["mono"])),
        ("File in dossier", exhibit["file"]),
        ("Size", exact_size(exhibit["size"])),
        ("Media type", exhibit["media_type"]),
        ("Captured", exhibit.get("captured_at") or "not recorded in the file"),
        ("GPS", f"{gps['lat']:.6f}, {gps['lon']:.6f}" if gps else "none in the file"),
        ("Camera", camera_name(camera.get("make"), camera.get("model")) or "—"),
    ]
    if exhibit.get("dimensions"):
        rows.append(
            ("Pixels", f"{exhibit['dimensions']['width']} × {exhibit['dimensions']['height']}")
        )
    document = exhibit.get("document") or {}
    if document.get("pages") is not None:
        rows.append(("Pages", str(document["pages"])))
    for key, label in _DOCUMENT_ROWS:
        if document.get(key):
            rows.append((label, str(document[key])))
    if exhibit.get("people"):
        rows.append(("People (pseudonyms)", ", ".join(exhibit["people"])))
    flow.append(facts_table(rows, styles))
    flow += exhibit_observations(exhibit, styles)
    steps = custody_narrative(exhibit, case_ref, exported, event_summary)
    flow += [
        Spacer(1, 4 * mm),
        para(NARRATIVE_WORDS["title"], styles["h2"]),
        para(NARRATIVE_WORDS["intro"], styles["small"]),
        Spacer(1, 2 * mm),
        grid(
            [NARRATIVE_WORDS[column] for column in COLUMNS],
            narrative_rows(steps, styles),
            _NARRATIVE_WIDTHS,
            styles,
        ),
    ]
    return flow


def exhibit_links(
    exhibit: dict[str, Any],
    manifest: dict[str, Any],
    facility_names: dict[str, str],
    styles: dict[str, ParagraphStyle],
) -> list[Flowable]:
    """The records the exhibit is linked to (the records' sections list it back)."""
    links = exhibit.get("links") or {}
    incidents = {record["ref"]: record["content"] for record in manifest["incidents"]}
    incident = links.get("incident")
    incident_text = WORDS["none"]
    if incident:
        date = incidents.get(incident, {}).get("date")
        incident_text = f"{incident} ({date})" if date else incident
    rows: list[tuple[str, Flowable | str]] = [
        (WORDS["linked_incident"], incident_text),
        (WORDS["linked_facility"], facility_name(links.get("facility"), facility_names)),
        (WORDS["linked_testimonies"], listed(links.get("testimonies"))),
    ]
    return [
        Spacer(1, 4 * mm),
        para(WORDS["linked_records"], styles["h2"]),
        facts_table(rows, styles),
    ]
