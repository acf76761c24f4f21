"""One exhibit's pages in the accountability dossier: the picture, the facts, its custody."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from evidence_app.export.dossier_tables import WIDTH, exact_size, facts_table, grid
from evidence_app.export.pdf_parts import ReleasingImage, para
from evidence_app.media.camera import camera_name

MAX_IMAGE_HEIGHT = 120 * mm


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


def custody_rows(
    events: list[dict[str, Any]], styles: dict[str, ParagraphStyle]
) -> list[list[Flowable]]:
    return [
        [
            para(event["seq"], styles["cell"]),
            para(event["time"].replace("T", " "), styles["cell"]),
            para(event["action"], styles["cell"]),
            para(f"{event['actor']['name']}\n{event_summary(event)}", styles["cell"]),
            para(event["hash"][:16] + "…", styles["cellmono"]),
        ]
        for event in events
    ]


_CUSTODY_WIDTHS = [12 * mm, 36 * mm, 26 * mm, WIDTH - 108 * mm, 34 * mm]


def exhibit_pages(
    exhibit: dict[str, Any], preview: bytes | None, styles: dict[str, ParagraphStyle]
) -> list[Flowable]:
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
    if exhibit.get("people"):
        rows.append(("People (pseudonyms)", ", ".join(exhibit["people"])))
    sources = "\n".join(
        f"{s['received_at']}: {s['source'] or '(no source given)'}" for s in exhibit["sources"]
    )
    rows.append(("Received", sources or "—"))
    flow.append(facts_table(rows, styles))
    flow += [Spacer(1, 4 * mm), para("Custody timeline", styles["h2"])]
    flow.append(
        grid(
            ["No.", "Time (UTC)", "Action", "By / details", "Event hash"],
            custody_rows(exhibit["custody"], styles),
            _CUSTODY_WIDTHS,
            styles,
        )
    )
    return flow
