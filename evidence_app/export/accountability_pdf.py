"""`dossier.pdf` of an accountability dossier, laid out for a court and a printer.

Cover, summary table, one section per exhibit (starting on its own page), testimonies,
incidents, prison-condition findings, what was left out, and appendices (custody events,
checkpoint, how to verify). Every page carries the case, the section or exhibit it belongs
to and "page N of M". Hashes are set in a monospaced font on one line, so they copy cleanly.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Preformatted,
    Spacer,
    Table,
    TableStyle,
)

from evidence_app.export.fonts import SANS, register_fonts
from evidence_app.export.pdf_parts import (
    MARGIN,
    ReleasingImage,
    Section,
    build_document,
    make_styles,
    para,
)
from evidence_app.media.camera import camera_name
from evidence_app.records.schema import TESTIMONY_SECTIONS
from evidence_app.records.vocabularies import vocabulary

PAGE = A4
WIDTH = PAGE[0] - 2 * MARGIN
MAX_IMAGE_HEIGHT = 120 * mm


def _facts_table(
    rows: list[tuple[str, Flowable | str]], styles: dict[str, ParagraphStyle]
) -> Table:
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


def _grid(
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


def exact_size(count: int) -> str:
    if count < 1024:
        return f"{count} bytes"
    value = float(count)
    for unit in ("KiB", "MiB", "GiB", "TiB"):
        value /= 1024
        if value < 1024 or unit == "TiB":
            return f"{value:.1f} {unit} ({count:,} bytes)"
    return f"{count:,} bytes"


def _wrapped(text: str, width: int) -> str:
    """Monospaced text cut into lines that fit the page (Preformatted does not wrap)."""
    lines = []
    for line in text.splitlines():
        lines += [line[i : i + width] for i in range(0, len(line), width)] or [""]
    return "\n".join(lines)


def _grouped_fingerprint(value: str) -> str:
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))


def _event_summary(event: dict[str, Any]) -> str:
    details = event.get("details") or {}
    parts = []
    for key in ("source", "reason", "case", "case_added", "file_name", "revision", "scope"):
        if details.get(key):
            parts.append(f"{key}: {details[key]}")
    return "; ".join(parts)


def _custody_rows(
    events: list[dict[str, Any]], styles: dict[str, ParagraphStyle]
) -> list[list[Flowable]]:
    return [
        [
            para(event["seq"], styles["cell"]),
            para(event["time"].replace("T", " "), styles["cell"]),
            para(event["action"], styles["cell"]),
            para(f"{event['actor']['name']}\n{_event_summary(event)}", styles["cell"]),
            para(event["hash"][:16] + "…", styles["cellmono"]),
        ]
        for event in events
    ]


_CUSTODY_WIDTHS = [12 * mm, 36 * mm, 26 * mm, WIDTH - 108 * mm, 34 * mm]


def build_accountability_pdf(
    destination: Path,
    manifest: dict[str, Any],
    previews: dict[int, bytes],
    facility_names: dict[str, str],
    verify_text: str,
) -> None:
    """Write the unsigned PDF; signing and the embedded manifest are added afterwards."""
    register_fonts()
    styles = make_styles()
    case = manifest["case"]
    story: list[Flowable] = [Section("Cover")]
    story += _cover(manifest, styles)
    story += [PageBreak(), Section("Summary"), *_summary(manifest, styles)]
    for exhibit in manifest["exhibits"]:
        story += [PageBreak(), Section(f"Exhibit {exhibit['number']}")]
        story += _exhibit(exhibit, previews.get(exhibit["number"]), styles)
    if manifest["testimonies"]:
        story += [PageBreak(), Section("Testimonies"), *_testimonies(manifest, styles)]
    if manifest["incidents"] or manifest["findings"]:
        story += [PageBreak(), Section("Incidents and findings")]
        story += _incidents_and_findings(manifest, facility_names, styles)
    story += [PageBreak(), Section("Appendix A: custody events")]
    story += _custody_appendix(manifest, styles)
    story += [PageBreak(), Section("Appendix B: checkpoint and signer")]
    story += _checkpoint_appendix(manifest, styles)
    story += [PageBreak(), Section("Appendix C: how to verify")]
    story += [para("How to verify this dossier", styles["h1"])]
    story.append(Preformatted(_wrapped(verify_text, 88), styles["mono"]))

    build_document(
        destination,
        story,
        PAGE,
        f"Accountability dossier · {case['ref']}",
        title=f"Accountability dossier: {case.get('title') or case['ref']}",
        author="Evidence App",
        subject=f"Case {case['ref']}; manifest attached; signed",
        creator=manifest["tool"],
    )


def _cover(manifest: dict[str, Any], styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    case, signer, checkpoint = manifest["case"], manifest["signer"], manifest["checkpoint"]
    flow: list[Flowable] = [
        Spacer(1, 30 * mm),
        para("Accountability dossier", styles["title"]),
        Spacer(1, 4 * mm),
        para(case.get("title") or case["ref"], styles["subtitle"]),
        Spacer(1, 10 * mm),
    ]
    rows: list[tuple[str, Flowable | str]] = [
        ("Case", case["ref"]),
        ("Description", case.get("description") or "—"),
        ("Created", manifest["created"]),
        ("Exhibits", str(len(manifest["exhibits"]))),
        ("Testimonies", str(len(manifest["testimonies"]))),
        ("Signed by", signer["name"]),
        (
            "Signer key (SHA-256)",
            para(_grouped_fingerprint(signer["fingerprint_sha256"]), styles["mono"]),
        ),
        ("minisign key id", para(signer["minisign_key_id"], styles["mono"])),
        ("Checkpoint", f"{checkpoint['size']} custody events"),
        ("Checkpoint root", para(checkpoint["root_sha256"], styles["mono"])),
    ]
    flow.append(_facts_table(rows, styles))
    flow += [
        Spacer(1, 10 * mm),
        para(
            "This dossier holds the original files byte for byte in the folder evidence/, "
            "their SHA-256 in SHA256SUMS and in the signed manifest.json (also attached to "
            "this PDF), and the custody events of each exhibit with proofs that they belong "
            "to the signed custody log. This PDF is itself signed: a PDF reader shows any "
            "change made after signing. Appendix C explains how to check all of it with "
            "standard tools.",
            styles["body"],
        ),
    ]
    return flow


def _summary(manifest: dict[str, Any], styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    rows = [
        [
            para(exhibit["number"], styles["cell"]),
            para(exhibit["file"].split("/", 1)[1], styles["cell"]),
            para(exhibit["media_type"], styles["cell"]),
            para(exhibit["captured_at"] or "—", styles["cell"]),
            para(exhibit["sha256"][:16] + "…", styles["cellmono"]),
        ]
        for exhibit in manifest["exhibits"]
    ]
    flow: list[Flowable] = [para("Summary of exhibits", styles["h1"])]
    if rows:
        flow.append(
            _grid(
                ["No.", "File", "Type", "Captured", "SHA-256 (start)"],
                rows,
                [12 * mm, WIDTH - 126 * mm, 32 * mm, 44 * mm, 38 * mm],
                styles,
            )
        )
    else:
        flow.append(para("No exhibit of this case may be used for legal purposes.", styles["body"]))
    omitted = manifest["omitted"]
    if omitted:
        flow += [Spacer(1, 6 * mm), para("Left out of this dossier", styles["h2"])]
        flow.append(
            para(
                "The following material of the case is not in this dossier. It is described "
                "without anything that would identify it or the people concerned.",
                styles["small"],
            )
        )
        flow.append(
            _grid(
                ["Kind", "Reason"],
                [
                    [para(o["kind"], styles["cell"]), para(o["reason"], styles["cell"])]
                    for o in omitted
                ],
                [30 * mm, WIDTH - 30 * mm],
                styles,
            )
        )
    return flow


def _exhibit(
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
    flow.append(_facts_table(rows, styles))
    flow += [Spacer(1, 4 * mm), para("Custody timeline", styles["h2"])]
    flow.append(
        _grid(
            ["No.", "Time (UTC)", "Action", "By / details", "Event hash"],
            _custody_rows(exhibit["custody"], styles),
            _CUSTODY_WIDTHS,
            styles,
        )
    )
    return flow


def _testimonies(manifest: dict[str, Any], styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    people = manifest["people"]
    methods = vocabulary("methods")
    flow: list[Flowable] = [para("Testimonies", styles["h1"])]
    for testimony in manifest["testimonies"]:
        body = testimony["content"]
        witness = people.get(body.get("witness") or "", "not named")
        rows: list[tuple[str, Flowable | str]] = [
            ("Witness (pseudonym)", witness),
            (
                "Interviewed",
                f"{body.get('interviewed_on') or '—'} by {body.get('interviewer') or '—'}",
            ),
            ("Language", body.get("language") or "—"),
            ("Methods", ", ".join(methods.label(m) for m in body.get("methods", [])) or "—"),
            ("Revision", f"{testimony['revision']}"),
            ("Revision SHA-256", para(testimony["revision_sha256"], styles["mono"])),
        ]
        flow += [para(f"Testimony {testimony['ref']}", styles["h2"]), _facts_table(rows, styles)]
        for section in TESTIMONY_SECTIONS:
            text = body.get("sections", {}).get(section)
            if text:
                flow += [
                    para(section.replace("_", " ").capitalize(), styles["label"]),
                    para(text, styles["body"]),
                    Spacer(1, 2 * mm),
                ]
        flow.append(Spacer(1, 6 * mm))
    return flow


def _incidents_and_findings(
    manifest: dict[str, Any], facility_names: dict[str, str], styles: dict[str, ParagraphStyle]
) -> list[Flowable]:
    people, methods = manifest["people"], vocabulary("methods")
    topics = vocabulary("mandela_rules_topics")
    flow: list[Flowable] = []
    if manifest["incidents"]:
        flow.append(para("Incidents", styles["h1"]))
        for incident in manifest["incidents"]:
            body = incident["content"]
            rows: list[tuple[str, Flowable | str]] = [
                ("Date", body.get("date") or "—"),
                ("Facility", facility_names.get(body.get("facility") or "", "—")),
                ("Victims", ", ".join(people.get(r, r) for r in body.get("victims", [])) or "—"),
                (
                    "Alleged perpetrators",
                    ", ".join(people.get(r, r) for r in body.get("perpetrators", [])) or "—",
                ),
                ("Methods", ", ".join(methods.label(m) for m in body.get("methods", [])) or "—"),
                ("Sources", ", ".join(body.get("sources", [])) or "—"),
                ("Revision SHA-256", para(incident["revision_sha256"], styles["mono"])),
            ]
            if body.get("description"):
                rows.insert(0, ("Description", body["description"]))
            flow += [
                KeepTogether(
                    [para(f"Incident {incident['ref']}", styles["h2"]), _facts_table(rows, styles)]
                )
            ]
    if manifest["findings"]:
        flow.append(para("Prison conditions (Nelson Mandela Rules)", styles["h1"]))
        for finding in manifest["findings"]:
            body = finding["content"]
            rows = [
                ("Facility", facility_names.get(body.get("facility") or "", "—")),
                ("Rule", topics.label(body.get("rule") or "")),
                ("Observed", body.get("observed") or "—"),
                ("Finding", body.get("finding") or "—"),
                ("Sources", ", ".join(body.get("sources", [])) or "—"),
                ("Revision SHA-256", para(finding["revision_sha256"], styles["mono"])),
            ]
            flow += [
                KeepTogether(
                    [para(f"Finding {finding['ref']}", styles["h2"]), _facts_table(rows, styles)]
                )
            ]
    return flow


def _custody_appendix(
    manifest: dict[str, Any], styles: dict[str, ParagraphStyle]
) -> list[Flowable]:
    events: dict[int, dict[str, Any]] = {}
    for exhibit in manifest["exhibits"]:
        for event in exhibit["custody"]:
            events[event["seq"]] = event
    for section in ("testimonies", "incidents", "findings"):
        for record in manifest[section]:
            for event in record["custody"]:
                events[event["seq"]] = event
    flow: list[Flowable] = [
        para("Appendix A: custody events", styles["h1"]),
        para(
            "Every event below is signed by the signer key and proven to be part of the custody "
            "log of the checkpoint in Appendix B. Full hashes, signatures and proofs are in "
            "manifest.json.",
            styles["small"],
        ),
        Spacer(1, 3 * mm),
    ]
    for seq in sorted(events):
        event = events[seq]
        rows: list[tuple[str, Flowable | str]] = [
            ("Time (UTC)", event["time"]),
            ("Action", event["action"]),
            ("Subject", event["subject"]),
            ("By", f"{event['actor']['name']}"),
            ("Details", _event_summary(event) or "—"),
            ("Event hash", para(event["hash"], styles["mono"])),
            ("Previous", para(event["prev"], styles["mono"])),
        ]
        flow.append(KeepTogether([para(f"Event {seq}", styles["h2"]), _facts_table(rows, styles)]))
    return flow


def _checkpoint_appendix(
    manifest: dict[str, Any], styles: dict[str, ParagraphStyle]
) -> list[Flowable]:
    checkpoint, signer = manifest["checkpoint"], manifest["signer"]
    flow: list[Flowable] = [para("Appendix B: checkpoint and signer", styles["h1"])]
    flow.append(
        para(
            "The checkpoint is a signed tree head (C2SP tlog-checkpoint) over the custody log: "
            "the number of events and the root of their RFC 6962 Merkle tree.",
            styles["small"],
        )
    )
    flow += [Spacer(1, 3 * mm)]
    flow.append(Preformatted(_wrapped(checkpoint["note"], 88), styles["mono"]))
    flow.append(
        para("Long lines are wrapped here; manifest.json holds the note exactly.", styles["small"])
    )
    flow += [Spacer(1, 6 * mm), para("Signer", styles["h2"])]
    rows: list[tuple[str, Flowable | str]] = [
        ("Name", signer["name"]),
        ("Algorithm", signer["algorithm"]),
        ("Public key (base64)", para(signer["public_key"], styles["mono"])),
        ("SHA-256 of the key", para(signer["fingerprint_sha256"], styles["mono"])),
        ("minisign key id", para(signer["minisign_key_id"], styles["mono"])),
        ("PDF certificate (SHA-256)", para(signer["pdf_certificate_sha256"], styles["mono"])),
    ]
    flow.append(_facts_table(rows, styles))
    flow.append(
        para(
            "This PDF is signed with a one-time key whose certificate is named above and in "
            "the signed manifest; PDF readers call its issuer unknown, which is expected.",
            styles["small"],
        )
    )
    return flow
