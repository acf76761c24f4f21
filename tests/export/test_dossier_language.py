"""The accountability dossier in the reader's language (en, ru, uk), and its Appendix A:
subjects by exhibit number, every detail of every event, no word broken."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from string import Formatter
from typing import Any

import pytest

from evidence_app.core import export_service
from evidence_app.core.export_service import Declarant
from evidence_app.custody.events import ACTION_WORDS
from evidence_app.export import (
    accountability_pdf,
    custody_narrative,
    declaration,
    dossier_appendix,
    dossier_declaration,
    dossier_exhibit_page,
    dossier_observations,
    dossier_record_sections,
    dossier_tables,
    dossier_testimonies,
    selection,
    verify_instructions,
)
from evidence_app.kernel.catalogs import catalog
from evidence_app.kernel.errors import BadInput
from evidence_app.media.c2pa_words import C2PA_WORDS
from evidence_app.storage.vault import Vault
from tests.export.dossier_case import CASE
from tests.export.dossier_records_case import build_linked_case

# Every table of fixed words of dossier.pdf and of the declaration's statement.
TABLES: dict[str, dict[str, str]] = {
    "cover and summary": accountability_pdf.WORDS,
    "left-out kinds": accountability_pdf.KIND_WORDS,
    "exhibit page": dossier_exhibit_page.EXHIBIT_WORDS,
    "narrative": custody_narrative.NARRATIVE_WORDS,
    "observations": dict(dossier_observations.LABELS),
    "record sections": dossier_record_sections.WORDS,
    "testimonies": dossier_testimonies.TESTIMONY_WORDS,
    "declaration page": dossier_declaration.LABELS,
    "statement": declaration.STATEMENT,
    "appendices": dossier_appendix.APPENDIX_WORDS,
    "sizes": dossier_tables.SIZE_WORDS,
    "actions": ACTION_WORDS,
    "c2pa": C2PA_WORDS,
    "left out": {"person": selection.PERSON_DECIDED},
    "how to verify": verify_instructions.VERIFY_WORDS,
}
DECLARANT = Declarant("Олена Коваль", "польова дослідниця", "Правозахисна група")
EXPECTED = {
    "ru": ["Досье для правосудия", "Экспонат", "Страница 1 из", "Цепочка хранения"],
    "uk": ["Досьє для правосуддя", "Експонат", "Сторінка 1 з", "Ланцюг зберігання"],
}


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_every_fixed_word_of_the_dossier_has_a_translation_with_the_same_fields(
    language: str,
) -> None:
    words = catalog(language)
    for name, table in TABLES.items():
        missing = [key for key, text in table.items() if not words.get(text, "").strip()]
        assert missing == [], (language, name)
        for text in table.values():
            assert fields(words[text]) == fields(text), (language, text)


def run(*command: str) -> str:
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def pages_of(dossier: Path) -> list[str]:
    """The PDF's text page by page, every run of white space made one space."""
    text = run("pdftotext", str(dossier / "dossier.pdf"), "-")
    return [" ".join(page.split()) for page in text.split("\f")]


def manifest_of(dossier: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((dossier / "manifest.json").read_text(encoding="utf-8"))
    return data


def export(vault: Vault, tmp_path: Path, language: str) -> Path:
    build_linked_case(vault, tmp_path / "received")
    destination = tmp_path / f"dossier-{language}"
    export_service.export_accountability(
        vault, CASE, destination, declarant=DECLARANT, language=language
    )
    return destination


def english_labels() -> set[str]:
    """English fixed words a reader would notice: two words or more, no field to fill, and
    not the same in the other languages (SHA-256, GPS …)."""
    found = set()
    for table in TABLES.values():
        for text in table.values():
            if " " in text.strip() and not fields(text) and catalog("ru").get(text) != text:
                found.add(text)
    return found


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_a_dossier_in_russian_or_ukrainian_has_no_english_fixed_word(
    vault: Vault, tmp_path: Path, language: str
) -> None:
    dossier = export(vault, tmp_path, language)
    manifest = manifest_of(dossier)
    assert manifest["language"] == language
    pages = pages_of(dossier)
    text = " ".join(pages)
    for expected in EXPECTED[language]:
        assert expected in text, expected
    assert f"{EXPECTED[language][2]} {len([p for p in pages if p])}" in pages[0]
    # Appendix C (VERIFY.txt) too: only its commands and what the tools print are English.
    read = text
    english = sorted(label for label in english_labels() if label in read)
    assert english == []
    # Codes are said in the language too: vocabularies, actions, the reasons for leaving out.
    assert "Избиение" in read if language == "ru" else "Побиття" in read
    assert "Beating" not in read and "Imported" not in read and "Consent for" not in read
    # The declaration is signed in the language it is printed in, and verifies.
    statement = manifest["declaration"]["statement"]
    assert statement.startswith("Я, Олена Коваль") and statement.split("\n\n")[1] in text
    report = export_service.check_dossier(dossier)
    assert report.ok, report.problems
    # Every font is embedded, Cyrillic or not.
    fonts = run("pdffonts", str(dossier / "dossier.pdf")).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
    # The PDF says which language it is in, and its title is in it.
    info = run("pdfinfo", str(dossier / "dossier.pdf"))
    assert EXPECTED[language][0] in info


def test_an_unknown_language_is_refused_before_anything_is_written(
    vault: Vault, tmp_path: Path
) -> None:
    build_linked_case(vault, tmp_path / "received")
    with pytest.raises(BadInput, match="en, ru, uk"):
        export_service.export_accountability(vault, CASE, tmp_path / "d", language="de")
    assert not (tmp_path / "d").exists()


@pytest.fixture
def english(vault: Vault, tmp_path: Path) -> Path:
    return export(vault, tmp_path, "en")


def appendix_a(pages: list[str]) -> str:
    """From its introduction (its heading is in every page's running title) to Appendix B's."""
    text, words = " ".join(pages), dossier_appendix.APPENDIX_WORDS
    start = text.index(words["events_intro"][:40])
    return text[start : text.index(words["checkpoint_intro"][:40], start)]


def events_of(manifest: dict[str, Any]) -> dict[int, dict[str, Any]]:
    events = {}
    for exhibit in manifest["exhibits"]:
        events.update((event["seq"], event) for event in exhibit["custody"])
        for entry in exhibit.get("consent", []):
            events.update((event["seq"], event) for event in entry["custody"])
    for section in ("testimonies", "incidents", "findings", "facilities"):
        for record in manifest[section]:
            events.update((event["seq"], event) for event in record["custody"])
    return events


def test_appendix_a_names_subjects_by_exhibit_number_never_by_the_vaults_ids(
    english: Path,
) -> None:
    manifest = manifest_of(english)
    appendix = appendix_a(pages_of(english))
    for exhibit in manifest["exhibits"]:
        for event in exhibit["custody"]:
            block = appendix[appendix.index(f"Event {event['seq']} ") :]
            subject = block[block.index("Subject") : block.index("By")]
            assert f"Exhibit {exhibit['number']}" in subject
            assert event["subject"] not in " ".join(pages_of(english))
    for testimony in manifest["testimonies"]:
        assert f"Testimony {testimony['ref']}" in appendix


def test_appendix_a_shows_every_detail_of_every_event(english: Path) -> None:
    manifest = manifest_of(english)
    appendix = appendix_a(pages_of(english))
    events = events_of(manifest)
    nested = 0
    for seq in sorted(events):
        block = appendix[appendix.index(f"Event {seq} ") :]
        block = block[: block.index("Event hash")]
        for key, value in events[seq]["details"].items():
            assert f"{key}:" in block, (seq, key)
            if isinstance(value, str) and value and len(value) < 60:
                assert value in block, (seq, key, value)
            if isinstance(value, dict):  # each inner key, readably, not as JSON
                nested += 1
                assert all(f"{inner}:" in block for inner in value), (seq, key)
                assert "{" not in block, (seq, key)
    assert len(events) >= 4 and nested  # item.ingested's file_times


@pytest.mark.parametrize("language", ["en", "uk"])
def test_no_action_is_broken_inside_a_word(vault: Vault, tmp_path: Path, language: str) -> None:
    """Custody tables name actions in words, which wrap between words only."""
    dossier = export(vault, tmp_path, language)
    manifest = manifest_of(dossier)
    pages = pages_of(dossier)
    text = " ".join(pages)
    words = catalog(language)
    for event in events_of(manifest).values():
        said = words.get(ACTION_WORDS[event["action"]], ACTION_WORDS[event["action"]])
        assert f"{said} ({event['action']})" in text, event["action"]
    # On the exhibit's page, the narrative's vault steps are words, not codes.
    exhibit = manifest["exhibits"][0]
    page = next(p for p in pages if exhibit["original_name"] in p)
    assert not re.search(r"\b(item|record|consent|export)\.[a-z_]+", page), page
