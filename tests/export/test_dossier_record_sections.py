"""Incidents, findings and facilities in the accountability dossier: every recorded field in
both manifest.json and the PDF, and links between them and the exhibits both ways."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from evidence_app.core import export_service
from evidence_app.records.schema import RECORD_KINDS, Field, Type
from evidence_app.records.vocabularies import vocabulary
from evidence_app.storage.vault import Vault
from tests.export.dossier_case import CASE, DossierCase
from tests.export.dossier_records_case import build_linked_case

SECTIONS = {"incident": "incidents", "condition": "findings", "facility": "facilities"}


@pytest.fixture
def case(vault: Vault, tmp_path: Path) -> DossierCase:
    return build_linked_case(vault, tmp_path / "received")


@pytest.fixture
def dossier(vault: Vault, case: DossierCase, tmp_path: Path) -> Path:
    export_service.export_accountability(vault, CASE, tmp_path / "dossier")
    return tmp_path / "dossier"


def manifest_of(dossier: Path) -> dict[str, Any]:
    return dict(json.loads((dossier / "manifest.json").read_text(encoding="utf-8")))


def pdf_pages(dossier: Path) -> list[str]:
    """The PDF's text page by page, with every run of white space made one space."""
    result = subprocess.run(
        ["pdftotext", str(dossier / "dossier.pdf"), "-"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return [" ".join(page.split()) for page in result.stdout.split("\f")]


def between(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end, text.index(start))]


def printed(field: Field, value: Any, manifest: dict[str, Any]) -> list[str]:
    """How a person reads the value in the PDF: labels for codes, pseudonyms for people."""
    facilities = {f["ref"]: f["content"]["name"] for f in manifest["facilities"]}
    if field.type is Type.CODE:
        assert field.vocabulary
        return [vocabulary(field.vocabulary).label(value)]
    if field.type is Type.CODES:
        assert field.vocabulary
        return [vocabulary(field.vocabulary).label(code) for code in value]
    if field.type in (Type.REF, Type.REFS):
        refs = value if isinstance(value, list) else [value]
        if field.target == "person":
            return [manifest["people"][ref] for ref in refs]
        if field.target == "facility":
            return [f"{facilities[ref]} ({ref})" for ref in refs]
        return list(refs)
    if field.type is Type.PERIOD:
        return [value["from"], value["to"]]
    if field.type is Type.NAMES:
        return list(value)
    return [str(value)]


@pytest.mark.parametrize("kind", sorted(SECTIONS))
def test_every_recorded_field_reaches_the_manifest_and_the_pdf(dossier: Path, kind: str) -> None:
    manifest = manifest_of(dossier)
    text = " ".join(pdf_pages(dossier))
    records = manifest[SECTIONS[kind]]
    assert records
    for record in records:
        body = record["content"]
        for field in RECORD_KINDS[kind].fields:
            if record["ref"] == "f-ik6" or kind != "facility":  # the fully filled-in ones
                assert body.get(field.key) not in (None, "", []), (kind, field.key)
            if body.get(field.key) in (None, "", []):
                continue
            for words in printed(field, body[field.key], manifest):
                assert words in text, (kind, record["ref"], field.key, words)
            if field.type in (Type.CODE, Type.CODES):  # labels, not codes
                codes = body[field.key] if field.type is Type.CODES else [body[field.key]]
                assert not any(code in text for code in codes if "_" in code)


def test_facilities_are_those_the_case_names_with_their_coordinates(dossier: Path) -> None:
    manifest = manifest_of(dossier)
    facilities = {f["ref"]: f for f in manifest["facilities"]}
    # f-ik6 through the photo, incident, finding and testimony; f-sizo1 through the letter.
    assert sorted(facilities) == ["f-ik6", "f-sizo1"]
    assert facilities["f-sizo1"]["content"]["lat"] == 55.16
    assert facilities["f-sizo1"]["custody"][0]["action"] == "record.revised"
    text = " ".join(pdf_pages(dossier))
    section = between(text, "Facility f-ik6", "Consent to legal use")
    assert "Latitude, longitude 55.1, 61.6" in section
    assert "Latitude, longitude 55.16, 61.43" in section
    assert "ИК-1 Нигде" not in text and "f-elsewhere" not in json.dumps(manifest)


def test_exhibits_and_records_are_linked_both_ways(dossier: Path) -> None:
    manifest = manifest_of(dossier)
    photo, letter = manifest["exhibits"]
    assert photo["links"] == {
        "incident": "i-1",
        "facility": "f-ik6",
        "testimonies": ["t-1"],  # the incident's source, given by the person it shows
        "people": ["W-001"],
    }
    assert letter["links"] == {
        "incident": None,
        "facility": "f-sizo1",
        "testimonies": [],
        "people": [],
    }
    records = {
        (section, r["ref"]): r["links"]
        for section in ("testimonies", "incidents", "findings", "facilities")
        for r in manifest[section]
    }
    number = photo["number"]
    assert records[("incidents", "i-1")] == {
        "exhibits": [number],
        "testimonies": ["t-1"],
        "facility": "f-ik6",
    }
    assert records[("findings", "c-1")] == {
        "exhibits": [number],
        "testimonies": ["t-1"],
        "facility": "f-ik6",
    }
    assert records[("facilities", "f-ik6")] == {
        "exhibits": [number],
        "incidents": ["i-1"],
        "findings": ["c-1"],
        "testimonies": ["t-1"],
    }
    assert records[("facilities", "f-sizo1")]["exhibits"] == [letter["number"]]
    assert records[("testimonies", "t-1")] == {
        "exhibits": [number],
        "incidents": ["i-1"],
        "findings": ["c-1"],
        "facilities": ["f-ik6"],
    }
    # Whatever an exhibit names names it back.
    for exhibit in manifest["exhibits"]:
        links = exhibit["links"]
        for section, ref in [
            ("incidents", links["incident"]),
            ("facilities", links["facility"]),
            *(("testimonies", t) for t in links["testimonies"]),
        ]:
            if ref is not None:
                assert exhibit["number"] in records[(section, ref)]["exhibits"]


def test_the_pdf_shows_the_links_on_both_sides(dossier: Path) -> None:
    manifest = manifest_of(dossier)
    photo, letter = (exhibit["number"] for exhibit in manifest["exhibits"])
    text = " ".join(pdf_pages(dossier))
    page = between(text, f"Exhibit {photo}: ", f"Exhibit {letter}: ")
    linked = page[page.index("Linked records") :]
    assert "Incident i-1 (2023-05)" in linked
    assert "Facility ИК-6 Копейск (f-ik6)" in linked
    assert "Testimonies t-1" in linked
    letter_page = between(text, f"Exhibit {letter}: ", "Testimonies")
    assert "Facility СИЗО-1 Челябинск (f-sizo1)" in letter_page
    incident = between(text, "Incident i-1", "Finding c-1")
    assert re.search(rf"Exhibits {photo}\b", incident)
    assert "Sources t-1" in incident
    finding = between(text, "Finding c-1", "Facility f-ik6")
    assert re.search(rf"Facility's exhibits {photo}\b", finding)
    facility = between(text, "Facility f-ik6", "Facility f-sizo1")
    assert re.search(rf"Exhibits {photo} Incidents i-1 Findings c-1 Testimonies t-1", facility)
    testimony = between(text, "Testimony t-1", "Revision SHA-256")
    assert re.search(rf"Exhibits {photo} Incidents i-1 Findings c-1", testimony)
