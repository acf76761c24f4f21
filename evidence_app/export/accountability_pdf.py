"""`dossier.pdf` of an accountability dossier, laid out for a court and a printer.

Cover, summary table, one section per exhibit (starting on its own page), testimonies,
incidents, prison-condition findings, facilities, the consent ledger, what was left out,
and appendices (custody events, checkpoint, how to verify). Every page carries the case, the
section or exhibit it belongs to and "page N of M". Hashes are set in a monospaced font on
one line, so they copy cleanly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Preformatted, Spacer, Table, TableStyle

from evidence_app.export.dossier_appendix import checkpoint_appendix, custody_appendix
from evidence_app.export.dossier_consent import consent_ledger
from evidence_app.export.dossier_declaration import LABELS as DECLARATION
from evidence_app.export.dossier_declaration import declaration_page
from evidence_app.export.dossier_exhibit_page import exhibit_links, exhibit_pages
from evidence_app.export.dossier_observations import observations_summary
from evidence_app.export.dossier_record_sections import facilities, incidents_and_findings
from evidence_app.export.dossier_tables import (
    PAGE,
    WIDTH,
    facts_table,
    grid,
    grouped_fingerprint,
    wrapped,
)
from evidence_app.export.dossier_testimonies import testimonies
from evidence_app.export.exhibit_numbers import NOT_INCLUDED, number_order
from evidence_app.export.fonts import register_fonts
from evidence_app.export.pdf_parts import Section, build_document, make_styles, para


def build_accountability_pdf(
    destination: Path,
    manifest: dict[str, Any],
    previews: dict[str, bytes],
    facility_names: dict[str, str],
    verify_text: str,
) -> None:
    """Write the unsigned PDF; signing and the embedded manifest are added afterwards."""
    register_fonts()
    styles = make_styles()
    case = manifest["case"]
    story: list[Flowable] = [Section("Cover")]
    story += _cover(manifest, styles)
    story += [PageBreak(), Section(DECLARATION["section"]), *declaration_page(manifest, styles)]
    story += [PageBreak(), Section("Summary"), *_summary(manifest, styles)]
    story += observations_summary(manifest, styles)
    for exhibit in manifest["exhibits"]:
        story += [PageBreak(), Section(f"Exhibit {exhibit['number']}")]
        story += exhibit_pages(
            exhibit, previews.get(exhibit["number"]), styles, case["ref"], manifest["created"]
        )
        story += exhibit_links(exhibit, manifest, facility_names, styles)
    if manifest["testimonies"]:
        story += [PageBreak(), Section("Testimonies")]
        story += testimonies(manifest, styles, facility_names)
    if manifest["incidents"] or manifest["findings"]:
        story += [PageBreak(), Section("Incidents and findings")]
        story += incidents_and_findings(manifest, facility_names, styles)
    if manifest.get("facilities"):
        story += [PageBreak(), Section("Facilities"), *facilities(manifest, styles)]
    story += [PageBreak(), Section("Consent"), *consent_ledger(manifest, styles)]
    story += [PageBreak(), Section("Appendix A: custody events")]
    story += custody_appendix(manifest, styles)
    story += [PageBreak(), Section("Appendix B: checkpoint and signer")]
    story += checkpoint_appendix(manifest, styles)
    story += [PageBreak(), Section("Appendix C: how to verify")]
    story += [para("How to verify this dossier", styles["h1"])]
    story.append(Preformatted(wrapped(verify_text, 88), styles["mono"]))

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
            para(grouped_fingerprint(signer["fingerprint_sha256"]), styles["mono"]),
        ),
        ("minisign key id", para(signer["minisign_key_id"], styles["mono"])),
        ("Checkpoint", f"{checkpoint['size']} custody events"),
        ("Checkpoint root", para(checkpoint["root_sha256"], styles["mono"])),
    ]
    flow.append(facts_table(rows, styles))
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


_SUMMARY_WIDTHS = [32 * mm, WIDTH - 132 * mm, 26 * mm, 40 * mm, 34 * mm]


def _summary_table(manifest: dict[str, Any], styles: dict[str, ParagraphStyle]) -> Table:
    """Exhibits and the numbers this edition leaves out, in number order: a gap shows
    where it is, by its number alone."""
    rows: list[tuple[int, list[Flowable]]] = [
        (
            number_order(str(exhibit["number"])),
            [
                para(exhibit["number"], styles["cell"]),
                para(exhibit["file"].split("/", 1)[1], styles["cell"]),
                para(exhibit["media_type"], styles["cell"]),
                para(exhibit["captured_at"] or "—", styles["cell"]),
                para(exhibit["sha256"][:16] + "…", styles["cellmono"]),
            ],
        )
        for exhibit in manifest["exhibits"]
    ]
    gaps = {number_order(gap["number"]): gap["number"] for gap in manifest["not_included"]}
    rows += [
        (order, [para(number, styles["cell"]), para(NOT_INCLUDED, styles["cell"]), "", "", ""])
        for order, number in gaps.items()
    ]
    rows.sort(key=lambda row: row[0])
    table = grid(
        ["No.", "File", "Type", "Captured", "SHA-256 (start)"],
        [cells for _, cells in rows],
        _SUMMARY_WIDTHS,
        styles,
    )
    # A gap's note spans the columns it has nothing for (row 0 is the header).
    spans = [index for index, (order, _) in enumerate(rows, start=1) if order in gaps]
    table.setStyle(TableStyle([("SPAN", (1, index), (-1, index)) for index in spans]))
    return table


def _summary(manifest: dict[str, Any], styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    flow: list[Flowable] = [para("Summary of exhibits", styles["h1"])]
    if not manifest["exhibits"]:
        flow.append(para("No exhibit of this case may be used for legal purposes.", styles["body"]))
    if manifest["exhibits"] or manifest.get("not_included"):
        flow.append(_summary_table(manifest, styles))
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
            grid(
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
