"""`dossier.pdf` of an accountability dossier, laid out for a court and a printer.

Cover, summary table, one section per exhibit (starting on its own page), testimonies,
incidents, prison-condition findings, facilities, the consent ledger, what was left out,
and appendices (custody events, checkpoint, how to verify). Every page carries the case, the
section or exhibit it belongs to and "page N of M". Hashes are set in a monospaced font on
one line, so they copy cleanly.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
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
from evidence_app.export.dossier_words import language_of, localized
from evidence_app.export.exhibit_numbers import NOT_INCLUDED, number_order
from evidence_app.export.exhibition_words import WORDS as EDITION_WORDS
from evidence_app.export.fonts import register_fonts
from evidence_app.export.pdf_parts import Section, build_document, make_styles, para
from evidence_app.export.selection import dossier_reason
from evidence_app.kernel.catalogs import translator

# Every fixed word of the cover, the summary, the running header and footer and the PDF's
# own metadata; the sections' words are in their modules.
WORDS = {
    "dossier": "Accountability dossier",
    "running": "Accountability dossier · {case}",
    "title": "Accountability dossier: {case}",
    "subject": "Case {case}; manifest attached; signed",
    "page": "Page {number} of {total}",
    "cover": "Cover",
    "case": "Case",
    "description": "Description",
    "created": "Created",
    "exhibits": "Exhibits",
    "testimonies": "Testimonies",
    "signed_by": "Signed by",
    "declared_by": "Declared by",
    "declared_on": "Declared on",
    "no_declaration": "No declaration was made",
    "signer_key": "Signer key (SHA-256)",
    "minisign": "minisign key id",
    "checkpoint": "Checkpoint",
    "checkpoint_events": "{size} custody events",
    "checkpoint_root": "Checkpoint root",
    "about": (
        "This dossier holds the original files byte for byte in the folder evidence/, "
        "their SHA-256 in SHA256SUMS and in the signed manifest.json (also attached to "
        "this PDF), and the custody events of each exhibit with proofs that they belong "
        "to the signed custody log. This PDF is itself signed: a PDF reader shows any "
        "change made after signing. Appendix C explains how to check all of it with "
        "standard tools."
    ),
    "summary": "Summary",
    "summary_heading": "Summary of exhibits",
    "number": "No.",
    "file": "File",
    "type": "Type",
    "captured": "Captured",
    "sha256_start": "SHA-256 (start)",
    "no_exhibit": "No exhibit of this case may be used for legal purposes.",
    "left_out": "Left out of this dossier",
    "left_out_intro": (
        "The following material of the case is not in this dossier. It is described "
        "without anything that would identify it or the people concerned."
    ),
    "kind": "Kind",
    "reason": "Reason",
    "exhibit": "Exhibit {number}",
    "incidents_and_findings": "Incidents and findings",
    "facilities": "Facilities",
    "consent": "Consent",
    "appendix_a": "Appendix A: custody events",
    "appendix_b": "Appendix B: checkpoint and signer",
    "appendix_c": "Appendix C: how to verify",
    "how_to_verify": "How to verify this dossier",
}
# What a dossier may leave out (export.selection's Omission kinds).
KIND_WORDS = {
    "exhibit": "Exhibit",
    "testimony": "Testimony",
    "incident": "Incident",
    "finding": "Finding",
}


def build_accountability_pdf(
    destination: Path,
    manifest: dict[str, Any],
    previews: dict[str, bytes],
    facility_names: dict[str, str],
    verify_text: str,
) -> None:
    """Write the unsigned PDF in the manifest's language; signing and the embedded manifest
    are added afterwards. Appendix C is VERIFY.txt (`verify_text`), in the same language."""
    register_fonts()
    styles = make_styles()
    case = manifest["case"]
    language = language_of(manifest)
    words = localized(WORDS, language)
    story: list[Flowable] = [Section(words["cover"])]
    story += _cover(manifest, styles, words)
    story += [PageBreak(), Section(localized(DECLARATION, language)["section"])]
    story += declaration_page(manifest, styles)
    story += [PageBreak(), Section(words["summary"]), *_summary(manifest, styles, words)]
    story += observations_summary(manifest, styles)
    for exhibit in manifest["exhibits"]:
        story += [PageBreak(), Section(words["exhibit"].format(number=exhibit["number"]))]
        story += exhibit_pages(
            exhibit,
            previews.get(exhibit["number"]),
            styles,
            case["ref"],
            manifest["created"],
            language,
        )
        story += exhibit_links(exhibit, manifest, facility_names, styles)
    if manifest["testimonies"]:
        story += [PageBreak(), Section(words["testimonies"])]
        story += testimonies(manifest, styles, facility_names)
    if manifest["incidents"] or manifest["findings"]:
        story += [PageBreak(), Section(words["incidents_and_findings"])]
        story += incidents_and_findings(manifest, facility_names, styles)
    if manifest.get("facilities"):
        story += [PageBreak(), Section(words["facilities"]), *facilities(manifest, styles)]
    story += [PageBreak(), Section(words["consent"]), *consent_ledger(manifest, styles)]
    story += [PageBreak(), Section(words["appendix_a"])]
    story += custody_appendix(manifest, styles)
    story += [PageBreak(), Section(words["appendix_b"])]
    story += checkpoint_appendix(manifest, styles)
    story += [PageBreak(), Section(words["appendix_c"])]
    story += [para(words["how_to_verify"], styles["h1"])]
    story.append(Preformatted(wrapped(verify_text, 88), styles["mono"]))

    build_document(
        destination,
        story,
        PAGE,
        words["running"].format(case=case["ref"]),
        words["page"],
        title=words["title"].format(case=case.get("title") or case["ref"]),
        author="Evidence App",
        subject=words["subject"].format(case=case["ref"]),
        creator=manifest["tool"],
        lang=language,
    )


def _cover(
    manifest: dict[str, Any], styles: dict[str, ParagraphStyle], words: dict[str, str]
) -> list[Flowable]:
    case, signer, checkpoint = manifest["case"], manifest["signer"], manifest["checkpoint"]
    flow: list[Flowable] = [
        Spacer(1, 30 * mm),
        para(words["dossier"], styles["title"]),
        Spacer(1, 4 * mm),
        para(case.get("title") or case["ref"], styles["subtitle"]),
        Spacer(1, 10 * mm),
    ]
    rows: list[tuple[str, Flowable | str]] = [
        (words["case"], case["ref"]),
        (words["description"], case.get("description") or "—"),
        (words["created"], _moment(manifest["created"], language_of(manifest))),
        (words["exhibits"], str(len(manifest["exhibits"]))),
        (words["testimonies"], str(len(manifest["testimonies"]))),
        *_declarant_rows(manifest, words),
        (words["signed_by"], signer["name"]),
        (
            words["signer_key"],
            para(grouped_fingerprint(signer["fingerprint_sha256"]), styles["mono"]),
        ),
        (words["minisign"], para(signer["minisign_key_id"], styles["mono"])),
        (words["checkpoint"], words["checkpoint_events"].format(size=checkpoint["size"])),
        (words["checkpoint_root"], para(checkpoint["root_sha256"], styles["mono"])),
    ]
    flow.append(facts_table(rows, styles))
    flow += [Spacer(1, 10 * mm), para(words["about"], styles["body"])]
    return flow


def _declarant_rows(manifest: dict[str, Any], words: dict[str, str]) -> list[tuple[str, str]]:
    """Who attests to the dossier, as the signed declaration names them (its page follows)."""
    declaration = manifest.get("declaration")
    if not declaration:
        return [(words["declared_by"], words["no_declaration"])]
    declarant = declaration["declarant"]
    who = ", ".join(
        part for part in (declarant["name"], declarant["role"], declarant["organisation"]) if part
    )
    moment = _moment(declaration["date"], language_of(manifest))
    return [(words["declared_by"], who), (words["declared_on"], moment)]


def _moment(stamp: str, language: str) -> str:
    """ "2 грудня 2026, 17:28:05 UTC" for a reader; the manifest keeps the RFC 3339 form."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return stamp
    return f"{EDITION_WORDS[language].date(moment.date())}, {moment:%H:%M:%S} UTC"


_SUMMARY_WIDTHS = [30 * mm, WIDTH - 124 * mm, 24 * mm, 36 * mm, 34 * mm]


def _summary_table(
    manifest: dict[str, Any], styles: dict[str, ParagraphStyle], words: dict[str, str]
) -> Table:
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
    not_included = translator(language_of(manifest))(NOT_INCLUDED)
    rows += [
        (order, [para(number, styles["cell"]), para(not_included, styles["cell"]), "", "", ""])
        for order, number in gaps.items()
    ]
    rows.sort(key=lambda row: row[0])
    header = [words[key] for key in ("number", "file", "type", "captured", "sha256_start")]
    table = grid(header, [cells for _, cells in rows], _SUMMARY_WIDTHS, styles)
    # A gap's note spans the columns it has nothing for (row 0 is the header).
    spans = [index for index, (order, _) in enumerate(rows, start=1) if order in gaps]
    table.setStyle(TableStyle([("SPAN", (1, index), (-1, index)) for index in spans]))
    return table


def _summary(
    manifest: dict[str, Any], styles: dict[str, ParagraphStyle], words: dict[str, str]
) -> list[Flowable]:
    flow: list[Flowable] = [para(words["summary_heading"], styles["h1"])]
    if not manifest["exhibits"]:
        flow.append(para(words["no_exhibit"], styles["body"]))
    if manifest["exhibits"] or manifest.get("not_included"):
        flow.append(_summary_table(manifest, styles, words))
    omitted = manifest["omitted"]
    if omitted:
        language = language_of(manifest)
        translate, kinds = translator(language), localized(KIND_WORDS, language)
        flow += [Spacer(1, 6 * mm), para(words["left_out"], styles["h2"])]
        flow.append(para(words["left_out_intro"], styles["small"]))
        flow.append(
            grid(
                [words["kind"], words["reason"]],
                [
                    [
                        para(kinds.get(o["kind"], o["kind"]), styles["cell"]),
                        para(_reason(o, translate), styles["cell"]),
                    ]
                    for o in omitted
                ],
                [30 * mm, WIDTH - 30 * mm],
                styles,
            )
        )
    return flow


def _reason(entry: dict[str, Any], translate: Callable[[str], str]) -> str:
    """In the dossier's language; as the manifest says it for a manifest without codes."""
    return dossier_reason(entry, translate) if "code" in entry else str(entry["reason"])
