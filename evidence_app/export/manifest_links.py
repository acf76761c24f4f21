"""The links of a dossier's manifest, both ways, and the consent each exhibit and testimony
relies on.

Links are derived once, from the exhibit side and the records' own fields, and then read
backwards, so that whatever an exhibit names also names the exhibit:

- an exhibit names its evidence record's incident and facility, the testimonies that
  incident cites as sources, the testimonies given by a person it shows or concerns, and
  those people by pseudonym;
- an incident names its facility and its sources; a finding names its facility and its
  sources, and the exhibits of that facility; a testimony names its facilities.

Only material in the dossier is named: a link to something left out is dropped, as the
dossier describes what it left out without naming it.
"""

from __future__ import annotations

from typing import Any

from evidence_app.export.selection import ExhibitLinks, SelectedRecord, Selection

_NO_LINKS = ExhibitLinks(None, None, ())


def _refs(values: Any, included: set[str]) -> list[str]:
    return sorted({str(value) for value in values or [] if value in included})


def add_links_and_consent(
    manifest: dict[str, Any], selection: Selection, events: dict[int, dict[str, Any]]
) -> None:
    """Add `links` to every exhibit and record of `manifest`, and `consent` to every exhibit
    and testimony; `events` maps seq → proven custody event (core.export_service)."""
    testimonies = {t.ref for t in selection.testimonies}
    incidents = {r.ref: r.body for r in selection.incidents}
    facilities = {r.ref for r in selection.facilities}
    findings = {r.ref: r.body for r in selection.findings}
    witness = {t.ref: t.body.get("witness") for t in selection.testimonies}

    exhibit_links: list[dict[str, Any]] = []
    for exhibit, entry in zip(selection.exhibits, manifest["exhibits"], strict=True):
        links = selection.exhibit_links.get(exhibit.item_id, _NO_LINKS)
        incident = links.incident if links.incident in incidents else None
        cited = set(incidents[incident].get("sources", [])) if incident else set()
        entry["links"] = {
            "incident": incident,
            "facility": links.facility if links.facility in facilities else None,
            "testimonies": sorted(
                ref for ref in testimonies if ref in cited or witness[ref] in links.people
            ),
            "people": [selection.pseudonyms.get(ref, ref) for ref in links.people],
        }
        entry["consent"] = _consent(selection, list(links.people), events)
        exhibit_links.append({"number": exhibit.number, **entry["links"]})

    def exhibits_where(key: str, ref: str) -> list[Any]:
        return [
            e["number"]
            for e in exhibit_links
            if (ref in e[key] if isinstance(e[key], list) else e[key] == ref)
        ]

    def citing(ref: str, records: dict[str, dict[str, Any]]) -> list[str]:
        return sorted(other for other, body in records.items() if ref in body.get("sources", []))

    def section(name: str, records: list[SelectedRecord], links: Any) -> None:
        for record, entry in zip(records, manifest[name], strict=True):
            entry["links"] = links(record.ref, record.body)

    section(
        "testimonies",
        selection.testimonies,
        lambda ref, body: {
            "exhibits": exhibits_where("testimonies", ref),
            "incidents": citing(ref, incidents),
            "findings": citing(ref, findings),
            "facilities": _refs(body.get("facilities"), facilities),
        },
    )
    section(
        "incidents",
        selection.incidents,
        lambda ref, body: {
            "exhibits": exhibits_where("incident", ref),
            "testimonies": _refs(body.get("sources"), testimonies),
            "facility": body.get("facility") if body.get("facility") in facilities else None,
        },
    )
    section(
        "findings",
        selection.findings,
        lambda ref, body: {
            "exhibits": exhibits_where("facility", body.get("facility") or ""),
            "testimonies": _refs(body.get("sources"), testimonies),
            "facility": body.get("facility") if body.get("facility") in facilities else None,
        },
    )
    section(
        "facilities",
        selection.facilities,
        lambda ref, body: {
            "exhibits": exhibits_where("facility", ref),
            "incidents": sorted(r for r, b in incidents.items() if b.get("facility") == ref),
            "findings": sorted(r for r, b in findings.items() if b.get("facility") == ref),
            "testimonies": sorted(
                t.ref for t in selection.testimonies if ref in t.body.get("facilities", [])
            ),
        },
    )
    for record, entry in zip(selection.testimonies, manifest["testimonies"], strict=True):
        entry["consent"] = _consent(selection, [str(witness[record.ref] or "")], events)


def _consent(
    selection: Selection, people: list[str], events: dict[int, dict[str, Any]]
) -> list[dict[str, Any]]:
    """The legal consent entries of `people`, each with the proven events that recorded it."""
    return [
        {
            "person": selection.pseudonyms.get(ref, ref),
            "scope": entry.scope,
            "given_on": entry.given_on,
            "recorded_by": entry.recorded_by,
            "custody": [events[seq] for seq in entry.event_seqs if seq in events],
        }
        for ref in people
        for entry in selection.consent.get(ref, [])
    ]
