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
from evidence_app.export.dossier_words import language_of, localized
from evidence_app.export.pdf_parts import ReleasingImage, para
from evidence_app.kernel.catalogs import translator
from evidence_app.media.c2pa_words import c2pa_facts
from evidence_app.media.camera import camera_name
from evidence_app.media.media_facts import clock_time
from evidence_app.media.proofmode_words import proofmode_line
from evidence_app.media.recording_preview import key_frame_times

MAX_IMAGE_HEIGHT = 120 * mm
# A recording's container and codecs (manifest `media`): (key, key of EXHIBIT_WORDS).
_MEDIA_ROWS = (
    ("container", "container"),
    ("video_codec", "video_codec"),
    ("audio_codec", "audio_codec"),
)
# What a PDF exhibit records of itself (manifest `document`), as the file says it.
# A PDF's own metadata: (key of the manifest's `document`, key of EXHIBIT_WORDS).
_DOCUMENT_ROWS = (
    ("title", "document_title"),
    ("author", "document_author"),
    ("created", "document_created"),
    ("modified", "document_modified"),
    ("creator", "written_with"),
    ("producer", "pdf_produced_by"),
)

# Every fixed word of an exhibit's facts.
EXHIBIT_WORDS = {
    "heading": "Exhibit {number}: {name}",
    "file": "File in dossier",
    "size": "Size",
    "media_type": "Media type",
    "captured": "Captured",
    "not_in_file": "not recorded in the file",
    "gps": "GPS",
    "no_gps": "none in the file",
    "camera": "Camera",
    "pixels": "Pixels",
    "pages": "Pages",
    "document_title": "Document title",
    "document_author": "Document author",
    "document_created": "Document created",
    "document_modified": "Document modified",
    "written_with": "Written with",
    "pdf_produced_by": "PDF produced by",
    "duration": "Duration",
    "container": "Container",
    "video_codec": "Video codec",
    "audio_codec": "Audio codec",
    "key_frames": "Frames at {times} of the recording, left to right.",
    "waveform": "The loudness of the sound over time.",
    "people": "People (pseudonyms)",
    "proofmode": "ProofMode",
}


def detail_text(value: Any) -> str:
    """A detail of a custody event as a person reads it: lists one after another, objects
    as "key: value", nothing left out."""
    if isinstance(value, dict):
        return "; ".join(f"{key}: {detail_text(item)}" for key, item in value.items())
    if isinstance(value, list):
        return ", ".join(detail_text(item) for item in value) or "—"
    if value is None or value == "":
        return "—"
    return str(value)


def event_summary(event: dict[str, Any]) -> str:
    """The details that tell a step of the custody narrative apart; Appendix A has them all."""
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
            parts.append(f"{key}: {detail_text(details[key])}")
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
    language: str = "en",
) -> list[Flowable]:
    """`case_ref` and `exported` (the manifest's `created`) end the custody narrative."""
    words = localized(EXHIBIT_WORDS, language)
    flow: list[Flowable] = [
        para(
            words["heading"].format(number=exhibit["number"], name=exhibit["original_name"]),
            styles["h1"],
        )
    ]
    if preview is not None:
        image = ReleasingImage(io.BytesIO(preview))
        scale = min(WIDTH / image.imageWidth, MAX_IMAGE_HEIGHT / image.imageHeight, 1.0)
        image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
        flow += [image, Spacer(1, 3 * mm)]
        flow += _picture_caption(exhibit, words, styles)
    if exhibit.get("caption"):
        flow += [para(exhibit["caption"], styles["body"]), Spacer(1, 3 * mm)]
    gps = exhibit.get("gps")
    camera = exhibit.get("camera") or {}
    rows: list[tuple[str, Flowable | str]] = [
        ("SHA-256", para(exhibit["sha256"], styles["mono"])),
        (words["file"], exhibit["file"]),
        (words["size"], exact_size(exhibit["size"], language)),
        (words["media_type"], exhibit["media_type"]),
        (words["captured"], exhibit.get("captured_at") or words["not_in_file"]),
        (words["gps"], f"{gps['lat']:.6f}, {gps['lon']:.6f}" if gps else words["no_gps"]),
        (words["camera"], camera_name(camera.get("make"), camera.get("model")) or "—"),
    ]
    if exhibit.get("dimensions"):
        size = exhibit["dimensions"]
        rows.append((words["pixels"], f"{size['width']} × {size['height']}"))
    document = exhibit.get("document") or {}
    if document.get("pages") is not None:
        rows.append((words["pages"], str(document["pages"])))
    for key, word in _DOCUMENT_ROWS:
        if document.get(key):
            rows.append((words[word], str(document[key])))
    if exhibit.get("duration") is not None:
        rows.append((words["duration"], clock_time(exhibit["duration"])))
    media = exhibit.get("media") or {}
    for key, word in _MEDIA_ROWS:
        if media.get(key):
            rows.append((words[word], str(media[key])))
    if exhibit.get("people"):
        rows.append((words["people"], ", ".join(exhibit["people"])))
    for credential in exhibit.get("credentials") or []:
        if credential.get("kind") == "c2pa":
            rows += c2pa_facts(credential["status"], credential["summary"], translator(language))
    for credential in exhibit.get("credentials") or ():
        if credential.get("kind") == "proofmode":
            line = proofmode_line(credential, translator(language), short_key=False)
            rows.append((words["proofmode"], line))
    flow.append(facts_table(rows, styles))
    flow += exhibit_observations(exhibit, styles, language)
    steps = custody_narrative(exhibit, case_ref, exported, event_summary, language)
    narrative = localized(NARRATIVE_WORDS, language)
    flow += [
        Spacer(1, 4 * mm),
        para(narrative["title"], styles["h2"]),
        para(narrative["intro"], styles["small"]),
        Spacer(1, 2 * mm),
        grid(
            [narrative[column] for column in COLUMNS],
            narrative_rows(steps, styles),
            _NARRATIVE_WIDTHS,
            styles,
        ),
    ]
    return flow


def _picture_caption(
    exhibit: dict[str, Any], words: dict[str, str], styles: dict[str, ParagraphStyle]
) -> list[Flowable]:
    """What a recording's picture shows: which moments of a video, or a sound's loudness."""
    media = exhibit.get("media")
    if not media:
        return []
    if media.get("video_codec"):
        times = ", ".join(clock_time(at) for at in key_frame_times(exhibit.get("duration")))
        text = words["key_frames"].format(times=times)
    else:
        text = words["waveform"]
    return [para(text, styles["small"]), Spacer(1, 3 * mm)]


def exhibit_links(
    exhibit: dict[str, Any],
    manifest: dict[str, Any],
    facility_names: dict[str, str],
    styles: dict[str, ParagraphStyle],
) -> list[Flowable]:
    """The records the exhibit is linked to (the records' sections list it back)."""
    words = localized(WORDS, language_of(manifest))
    links = exhibit.get("links") or {}
    incidents = {record["ref"]: record["content"] for record in manifest["incidents"]}
    incident = links.get("incident")
    incident_text = words["none"]
    if incident:
        date = incidents.get(incident, {}).get("date")
        incident_text = f"{incident} ({date})" if date else incident
    rows: list[tuple[str, Flowable | str]] = [
        (words["linked_incident"], incident_text),
        (words["linked_facility"], facility_name(links.get("facility"), facility_names)),
        (words["linked_testimonies"], listed(links.get("testimonies"))),
    ]
    return [
        Spacer(1, 4 * mm),
        para(words["linked_records"], styles["h2"]),
        facts_table(rows, styles),
    ]
