"""The dossier's record sections: incidents, prison-condition findings and facilities
(testimonies: export.dossier_testimonies), each with every field the record holds and its
links to exhibits (by number) and testimonies (by ref), the same links `manifest.json`
carries (export.manifest_links)."""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether

from evidence_app.export.dossier_tables import facts_table
from evidence_app.export.pdf_parts import para
from evidence_app.records.vocabularies import vocabulary

# Every fixed word of the incidents, findings, facilities and links, in one place so that
# the dossier can be given in another language.
WORDS = {
    "incidents": "Incidents",
    "incident": "Incident {ref}",
    "findings": "Prison conditions (Nelson Mandela Rules)",
    "finding": "Finding {ref}",
    "facilities": "Facilities",
    "facility": "Facility {ref}",
    "description": "Description",
    "case": "Case",
    "date": "Date",
    "facility_field": "Facility",
    "victims": "Victims",
    "perpetrators": "Alleged perpetrators",
    "methods": "Methods",
    "sources": "Sources",
    "rule": "Mandela Rule",
    "observed": "Observed",
    "period": "Period",
    "finding_field": "Finding",
    "name": "Name",
    "kind": "Kind",
    "region": "Region",
    "coordinates": "Latitude, longitude",
    "operator": "Operator",
    "aliases": "Other names",
    "exhibits": "Exhibits",
    "exhibits_of_facility": "Facility's exhibits",
    "testimonies": "Testimonies",
    "incidents_field": "Incidents",
    "findings_field": "Findings",
    "revision": "Revision",
    "revision_sha256": "Revision SHA-256",
    "none": "—",
    "not_recorded": "not recorded",
    "linked_records": "Linked records",
    "linked_incident": "Incident",
    "linked_facility": "Facility",
    "linked_testimonies": "Testimonies",
    "consent": "Consent to legal use",
    "consent_intro": (
        "The consent entries that allow each exhibit and testimony to be used before courts "
        "and investigators, one line per entry and person (by pseudonym), with the custody "
        "events that recorded them. Those events are in Appendix A and, with their proofs, "
        "in manifest.json. Material linked to no person needs no consent."
    ),
    "material": "Material",
    "person": "Person",
    "purpose": "Purpose",
    "given_on": "Given on",
    "recorded_by": "Recorded by",
    "events": "Custody events",
    "exhibit": "Exhibit {number}",
    "testimony": "Testimony {ref}",
    "no_person": "no person linked",
    "no_entry": "no consent entry found",
}


def listed(values: list[Any] | None) -> str:
    return ", ".join(str(value) for value in values or []) or WORDS["none"]


def labels(vocabulary_name: str, codes: list[str] | None) -> str:
    terms = vocabulary(vocabulary_name)
    return listed([terms.label(code) for code in codes or []])


def facility_name(ref: str | None, facility_names: dict[str, str]) -> str:
    """A facility as a person reads it, with the ref the manifest uses."""
    if not ref:
        return WORDS["none"]
    name = facility_names.get(ref)
    return f"{name} ({ref})" if name and name != ref else ref


def period(value: dict[str, Any] | None) -> str:
    if not value:
        return WORDS["none"]
    return f"{value.get('from') or '…'} – {value.get('to') or '…'}"


def coordinates(lat: float | None, lon: float | None) -> str:
    """As recorded, not rounded; a missing half is said, not dropped."""
    if lat is None and lon is None:
        return WORDS["not_recorded"]
    return ", ".join(WORDS["none"] if value is None else str(value) for value in (lat, lon))


def _revision_rows(
    record: dict[str, Any], styles: dict[str, ParagraphStyle]
) -> list[tuple[str, Flowable | str]]:
    return [
        (WORDS["revision"], str(record["revision"])),
        (WORDS["revision_sha256"], para(record["revision_sha256"], styles["mono"])),
    ]


def _block(
    title: str, rows: list[tuple[str, Flowable | str]], styles: dict[str, ParagraphStyle]
) -> Flowable:
    return KeepTogether([para(title, styles["h2"]), facts_table(rows, styles)])


def incidents_and_findings(
    manifest: dict[str, Any], facility_names: dict[str, str], styles: dict[str, ParagraphStyle]
) -> list[Flowable]:
    people = manifest["people"]

    def pseudonyms(refs: list[str] | None) -> str:
        return listed([people.get(ref, ref) for ref in refs or []])

    flow: list[Flowable] = []
    if manifest["incidents"]:
        flow.append(para(WORDS["incidents"], styles["h1"]))
        for incident in manifest["incidents"]:
            body, links = incident["content"], incident.get("links", {})
            rows: list[tuple[str, Flowable | str]] = [
                (WORDS["description"], body.get("description") or WORDS["none"]),
                (WORDS["case"], body.get("case") or WORDS["none"]),
                (WORDS["date"], body.get("date") or WORDS["none"]),
                (WORDS["facility_field"], facility_name(body.get("facility"), facility_names)),
                (WORDS["victims"], pseudonyms(body.get("victims"))),
                (WORDS["perpetrators"], pseudonyms(body.get("perpetrators"))),
                (WORDS["methods"], labels("methods", body.get("methods"))),
                (WORDS["sources"], listed(body.get("sources"))),
                (WORDS["exhibits"], listed(links.get("exhibits"))),
                *_revision_rows(incident, styles),
            ]
            flow.append(_block(WORDS["incident"].format(ref=incident["ref"]), rows, styles))
    if manifest["findings"]:
        flow.append(para(WORDS["findings"], styles["h1"]))
        topics = vocabulary("mandela_rules_topics")
        for finding in manifest["findings"]:
            body, links = finding["content"], finding.get("links", {})
            rows = [
                (WORDS["facility_field"], facility_name(body.get("facility"), facility_names)),
                (WORDS["rule"], topics.label(body.get("rule") or "")),
                (WORDS["observed"], body.get("observed") or WORDS["none"]),
                (WORDS["period"], period(body.get("period"))),
                (WORDS["finding_field"], body.get("finding") or WORDS["none"]),
                (WORDS["sources"], listed(body.get("sources"))),
                (WORDS["exhibits_of_facility"], listed(links.get("exhibits"))),
                *_revision_rows(finding, styles),
            ]
            flow.append(_block(WORDS["finding"].format(ref=finding["ref"]), rows, styles))
    return flow


def facilities(manifest: dict[str, Any], styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    """Every facility the case's material names, with its coordinates and what names it."""
    flow: list[Flowable] = [para(WORDS["facilities"], styles["h1"])]
    for facility in manifest.get("facilities", []):
        body, links = facility["content"], facility.get("links", {})
        rows: list[tuple[str, Flowable | str]] = [
            (WORDS["name"], body.get("name") or WORDS["none"]),
            (WORDS["kind"], labels("facility_kinds", [body["kind"]] if body.get("kind") else [])),
            (WORDS["region"], body.get("region") or WORDS["none"]),
            (WORDS["coordinates"], coordinates(body.get("lat"), body.get("lon"))),
            (WORDS["operator"], body.get("operator") or WORDS["none"]),
            (WORDS["aliases"], listed(body.get("aliases"))),
            (WORDS["exhibits"], listed(links.get("exhibits"))),
            (WORDS["incidents_field"], listed(links.get("incidents"))),
            (WORDS["findings_field"], listed(links.get("findings"))),
            (WORDS["testimonies"], listed(links.get("testimonies"))),
            *_revision_rows(facility, styles),
        ]
        flow.append(_block(WORDS["facility"].format(ref=facility["ref"]), rows, styles))
    return flow
