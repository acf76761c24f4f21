"""Observations in the accountability dossier: a short block on each exhibit's page and a
summary section listing every exhibit with something to observe.

They are read from the manifest, so the PDF says exactly what `manifest.json` says.
"""

from __future__ import annotations

from typing import Any, Final

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from evidence_app.export.dossier_tables import WIDTH, grid
from evidence_app.export.pdf_parts import para

LABELS: Final = {
    "heading": "Observations",
    "summary": "Observations on the exhibits",
    "intro": (
        "What the files' metadata and the linked records show side by side, stated without "
        "drawing conclusions. Limits used: GPS positions farther than {distance} km from the "
        "linked facility; pictures whose perceptual hashes differ in at most {bits} of 64 bits."
    ),
    "none": "None of the checks found anything to observe.",
    "exhibit": "Exhibit",
    "observation": "Observation",
}


def exhibit_observations(
    exhibit: dict[str, Any], styles: dict[str, ParagraphStyle]
) -> list[Flowable]:
    """The block on an exhibit's page; nothing when there is nothing to observe."""
    found = exhibit.get("observations") or []
    if not found:
        return []
    flow: list[Flowable] = [Spacer(1, 3 * mm), para(LABELS["heading"], styles["h2"])]
    flow += [para(f"• {observation['text']}", styles["body"]) for observation in found]
    return flow


def observations_summary(
    manifest: dict[str, Any], styles: dict[str, ParagraphStyle]
) -> list[Flowable]:
    summary = manifest.get("observations") or {}
    limits = summary.get("limits") or {}
    flow: list[Flowable] = [
        Spacer(1, 6 * mm),
        para(LABELS["summary"], styles["h2"]),
        para(
            LABELS["intro"].format(
                distance=limits.get("gps_distance_km", "—"),
                bits=limits.get("near_duplicate_bits", "—"),
            ),
            styles["small"],
        ),
    ]
    rows = [
        [para(exhibit["number"], styles["cell"]), para(observation["text"], styles["cell"])]
        for exhibit in manifest["exhibits"]
        for observation in exhibit.get("observations") or []
    ]
    if not rows:
        return [*flow, para(LABELS["none"], styles["body"])]
    flow.append(
        grid([LABELS["exhibit"], LABELS["observation"]], rows, [20 * mm, WIDTH - 20 * mm], styles)
    )
    return flow
