"""The dossier's record sections: testimonies, incidents and prison-condition findings."""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from evidence_app.export.dossier_tables import facts_table
from evidence_app.export.pdf_parts import para
from evidence_app.records.schema import TESTIMONY_SECTIONS
from evidence_app.records.vocabularies import vocabulary


def testimonies(manifest: dict[str, Any], styles: dict[str, ParagraphStyle]) -> list[Flowable]:
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
        flow += [para(f"Testimony {testimony['ref']}", styles["h2"]), facts_table(rows, styles)]
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


def incidents_and_findings(
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
                    [para(f"Incident {incident['ref']}", styles["h2"]), facts_table(rows, styles)]
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
                    [para(f"Finding {finding['ref']}", styles["h2"]), facts_table(rows, styles)]
                )
            ]
    return flow
