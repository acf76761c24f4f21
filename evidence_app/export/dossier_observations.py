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
from evidence_app.export.dossier_words import decimal, language_of, localized
from evidence_app.export.observations import Code, sentence
from evidence_app.export.pdf_parts import para
from evidence_app.kernel.catalogs import translator

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
    # How another exhibit is named inside an observation ("looks like exhibit 3").
    "other_exhibit": "exhibit {number}",
}
_OTHER_EXHIBIT = "exhibit "  # export.observation_facts names exhibits so, in English


def observation_text(observation: dict[str, Any], language: str) -> str:
    """The manifest's observation in `language`, from its code and numbers."""
    if language == "en" or observation.get("code") not in set(Code):
        return str(observation["text"])
    params = {
        key: decimal(value, language) if isinstance(value, float) else value
        for key, value in (observation.get("params") or {}).items()
    }
    other = params.get("other")
    if isinstance(other, str) and other.startswith(_OTHER_EXHIBIT):
        number = other.removeprefix(_OTHER_EXHIBIT)
        params["other"] = localized(LABELS, language)["other_exhibit"].format(number=number)
    return sentence(observation["code"], params, translator(language))


def exhibit_observations(
    exhibit: dict[str, Any], styles: dict[str, ParagraphStyle], language: str = "en"
) -> list[Flowable]:
    """The block on an exhibit's page; nothing when there is nothing to observe."""
    found = exhibit.get("observations") or []
    if not found:
        return []
    heading = localized(LABELS, language)["heading"]
    flow: list[Flowable] = [Spacer(1, 3 * mm), para(heading, styles["h2"])]
    flow += [para(f"• {observation_text(o, language)}", styles["body"]) for o in found]
    return flow


def observations_summary(
    manifest: dict[str, Any], styles: dict[str, ParagraphStyle]
) -> list[Flowable]:
    language = language_of(manifest)
    words = localized(LABELS, language)
    summary = manifest.get("observations") or {}
    limits = summary.get("limits") or {}
    flow: list[Flowable] = [
        Spacer(1, 6 * mm),
        para(words["summary"], styles["h2"]),
        para(
            words["intro"].format(
                distance=decimal(limits.get("gps_distance_km", "—"), language),
                bits=limits.get("near_duplicate_bits", "—"),
            ),
            styles["small"],
        ),
    ]
    rows = [
        [
            para(exhibit["number"], styles["cell"]),
            para(observation_text(observation, language), styles["cell"]),
        ]
        for exhibit in manifest["exhibits"]
        for observation in exhibit.get("observations") or []
    ]
    if not rows:
        return [*flow, para(words["none"], styles["body"])]
    flow.append(
        grid([words["exhibit"], words["observation"]], rows, [30 * mm, WIDTH - 30 * mm], styles)
    )
    return flow
