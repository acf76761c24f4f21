"""The dossier's record sections: incidents, prison-condition findings and facilities
(testimonies: export.dossier_testimonies), each with every field the record holds and its
links to exhibits (by number) and testimonies (by ref), the same links `manifest.json`
carries (export.manifest_links)."""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether

from evidence_app.export.dossier_tables import facts_table
from evidence_app.export.dossier_words import language_of, localized
from evidence_app.export.pdf_parts import para
from evidence_app.records.vocabularies import vocabulary

# Every fixed word of the incidents, findings, facilities, links and the consent ledger,
# said in the dossier's language (export.dossier_words).
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
    "name": "Name of the facility",
    "kind": "Kind",
    "region": "Region",
    "coordinates": "Latitude, longitude",
    "operator": "Operator",
    "aliases": "Other names of the facility",
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
    "person": "Person (pseudonym)",
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


def labels(vocabulary_name: str, codes: list[str] | None, language: str = "en") -> str:
    terms = vocabulary(vocabulary_name)
    return listed([terms.label(code, language) for code in codes or []])


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


def coordinates(lat: float | None, lon: float | None, words: dict[str, str] = WORDS) -> str:
    """As recorded, not rounded; a missing half is said, not dropped."""
    if lat is None and lon is None:
        return words["not_recorded"]
    return ", ".join(WORDS["none"] if value is None else str(value) for value in (lat, lon))


def _revision_rows(
    record: dict[str, Any], styles: dict[str, ParagraphStyle], words: dict[str, str]
) -> list[tuple[str, Flowable | str]]:
    return [
        (words["revision"], str(record["revision"])),
        (words["revision_sha256"], para(record["revision_sha256"], styles["mono"])),
    ]


def _block(
    title: str, rows: list[tuple[str, Flowable | str]], styles: dict[str, ParagraphStyle]
) -> Flowable:
    return KeepTogether([para(title, styles["h2"]), facts_table(rows, styles)])


def incidents_and_findings(
    manifest: dict[str, Any], facility_names: dict[str, str], styles: dict[str, ParagraphStyle]
) -> list[Flowable]:
    language = language_of(manifest)
    words = localized(WORDS, language)
    people = manifest["people"]

    def pseudonyms(refs: list[str] | None) -> str:
        return listed([people.get(ref, ref) for ref in refs or []])

    flow: list[Flowable] = []
    if manifest["incidents"]:
        flow.append(para(words["incidents"], styles["h1"]))
        for incident in manifest["incidents"]:
            body, links = incident["content"], incident.get("links", {})
            rows: list[tuple[str, Flowable | str]] = [
                (words["description"], body.get("description") or words["none"]),
                (words["case"], body.get("case") or words["none"]),
                (words["date"], body.get("date") or words["none"]),
                (words["facility_field"], facility_name(body.get("facility"), facility_names)),
                (words["victims"], pseudonyms(body.get("victims"))),
                (words["perpetrators"], pseudonyms(body.get("perpetrators"))),
                (words["methods"], labels("methods", body.get("methods"), language)),
                (words["sources"], listed(body.get("sources"))),
                (words["exhibits"], listed(links.get("exhibits"))),
                *_revision_rows(incident, styles, words),
            ]
            flow.append(_block(words["incident"].format(ref=incident["ref"]), rows, styles))
    if manifest["findings"]:
        flow.append(para(words["findings"], styles["h1"]))
        topics = vocabulary("mandela_rules_topics")
        for finding in manifest["findings"]:
            body, links = finding["content"], finding.get("links", {})
            rows = [
                (words["facility_field"], facility_name(body.get("facility"), facility_names)),
                (words["rule"], topics.label(body.get("rule") or "", language)),
                (words["observed"], body.get("observed") or words["none"]),
                (words["period"], period(body.get("period"))),
                (words["finding_field"], body.get("finding") or words["none"]),
                (words["sources"], listed(body.get("sources"))),
                (words["exhibits_of_facility"], listed(links.get("exhibits"))),
                *_revision_rows(finding, styles, words),
            ]
            flow.append(_block(words["finding"].format(ref=finding["ref"]), rows, styles))
    return flow


def facilities(manifest: dict[str, Any], styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    """Every facility the case's material names, with its coordinates and what names it."""
    language = language_of(manifest)
    words = localized(WORDS, language)
    flow: list[Flowable] = [para(words["facilities"], styles["h1"])]
    for facility in manifest.get("facilities", []):
        body, links = facility["content"], facility.get("links", {})
        rows: list[tuple[str, Flowable | str]] = [
            (words["name"], body.get("name") or words["none"]),
            (
                words["kind"],
                labels("facility_kinds", [body["kind"]] if body.get("kind") else [], language),
            ),
            (words["region"], body.get("region") or words["none"]),
            (words["coordinates"], coordinates(body.get("lat"), body.get("lon"), words)),
            (words["operator"], body.get("operator") or words["none"]),
            (words["aliases"], listed(body.get("aliases"))),
            (words["exhibits"], listed(links.get("exhibits"))),
            (words["incidents_field"], listed(links.get("incidents"))),
            (words["findings_field"], listed(links.get("findings"))),
            (words["testimonies"], listed(links.get("testimonies"))),
            *_revision_rows(facility, styles, words),
        ]
        flow.append(_block(words["facility"].format(ref=facility["ref"]), rows, styles))
    return flow
