"""A lawyer's PDFs from the shell: ingested with their picture, pages, metadata and words;
damaged and encrypted ones stored as received; the dossier shows the first page."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from evidence_app.core import records_service
from tests.cli.cli_runner import evidence_app
from tests.conftest import VaultCopy
from tests.media.pdf_files import (
    CREATED_ISO,
    PAGE_TWO_WORD,
    encrypted_statement,
    statement,
    truncated_statement,
)
from tests.records.sample_documents import add_sample_case, records_document

CASE = "case-ik6"


def test_pdfs_are_ingested_shown_searched_and_exhibited(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    with vault_copy.open() as vault:
        add_sample_case(vault)
    received = tmp_path / "received"
    received.mkdir()
    files = {
        "statement.pdf": statement(),
        "cut.pdf": truncated_statement(),
        "locked.pdf": encrypted_statement(),
        "garbage.pdf": b"\x00\x17 not a pdf at all " * 40,
    }
    for name, data in files.items():
        (received / name).write_bytes(data)
    temp = tmp_path / "temp"
    temp.mkdir()
    env = {"TMPDIR": str(temp), "TEMP": str(temp), "TMP": str(temp)}
    args = ["--vault", str(vault_copy.path), "--recovery-file", str(secret_files["recovery"])]

    def run(*words: str) -> str:
        result = evidence_app(*words, *args, env=env)
        assert result.code == 0, result.out + result.err
        return result.out

    ingested = json.loads(run("ingest", str(received), "--case", CASE, "--json"))

    # Every file stored byte-exact; the batch went on past the bad ones.
    assert ingested["stored"] == 4 and ingested["failed"] == 0
    outcome = {Path(f["path"]).name: f for f in ingested["files"]}
    assert any("cut short" in note for note in outcome["cut.pdf"]["notes"])
    assert any("encrypted with a password" in n for n in outcome["locked.pdf"]["notes"])
    assert outcome["garbage.pdf"]["media_type"] == "application/octet-stream"
    assert outcome["statement.pdf"]["notes"] == []

    shown = json.loads(run("items", "show", outcome["statement.pdf"]["id"], "--json"))
    assert shown["media_type"] == "application/pdf" and shown["pages"] == 2
    assert shown["has_thumbnail"] is True
    assert shown["captured_at"] == CREATED_ISO
    assert shown["captured_at_source"] == "PDF CreationDate"
    assert shown["document"]["author"] == "Advocate Olena K."
    assert shown["document"]["producer"] == "Office PDF Writer 9"
    assert shown["document"]["creator"] == "Scanner Station 3"
    assert shown["document"]["created"] == CREATED_ISO
    assert shown["exif"]["PDF CreationDate"] == "D:20230314091530+03'00'"
    locked = json.loads(run("items", "show", outcome["locked.pdf"]["id"], "--json"))
    assert locked["pages"] is None and locked["has_thumbnail"] is False
    assert locked["document"]["author"] is None

    found = json.loads(run("search", PAGE_TWO_WORD.lower(), "--json"))
    hits = found if isinstance(found, list) else found["hits"]
    assert [hit["id"] for hit in hits] == [outcome["statement.pdf"]["id"]]
    assert PAGE_TWO_WORD in hits[0]["snippet"]  # as written, not folded
    by_author = json.loads(run("search", "Olena", "--json"))
    assert outcome["statement.pdf"]["id"] in json.dumps(by_author)

    text_shown = run("items", "show", outcome["statement.pdf"]["id"])
    assert "Pages        2" in text_shown and "Producer     Office PDF Writer 9" in text_shown

    _link_to_a_consenting_person(vault_copy, tmp_path, outcome["statement.pdf"]["sha256"])
    dossier = tmp_path / "dossier"
    run("export", "accountability", "--case", CASE, "-o", str(dossier))
    manifest = json.loads((dossier / "manifest.json").read_text(encoding="utf-8"))
    exhibits = {exhibit["original_name"]: exhibit for exhibit in manifest["exhibits"]}
    exhibit = exhibits["statement.pdf"]
    assert exhibit["document"]["pages"] == 2
    assert exhibit["document"]["author"] == "Advocate Olena K."

    page = _page_with(dossier / "dossier.pdf", ": statement.pdf", "Document author")
    page_text = _pdftotext(dossier / "dossier.pdf", page)
    for shown_fact in ("Advocate Olena K.", CREATED_ISO, "Office PDF Writer 9", "Pages"):
        assert shown_fact in page_text
    assert _images_on(dossier / "dossier.pdf", page), "no picture of the PDF's first page"
    # A PDF that could not be opened has no picture to show, and gets none by mistake.
    locked_page = _page_with(dossier / "dossier.pdf", ": locked.pdf", "Media type")
    assert not _images_on(dossier / "dossier.pdf", locked_page)

    checked = evidence_app("verify-dossier", str(dossier), env=env)
    assert checked.code == 0, checked.out + checked.err

    # Nothing decoded, drawn or exported went through a temporary folder.
    assert list(temp.iterdir()) == []


def _link_to_a_consenting_person(vault_copy: VaultCopy, tmp_path: Path, sha256: str) -> None:
    document = records_document()
    document["evidence"] = [
        {"sha256": sha256, "cases": [CASE], "people": ["p-017"], "caption": "Statement"}
    ]
    path = tmp_path / "records.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with vault_copy.open() as vault:
        records_service.import_records(vault, path)


def _pdftotext(pdf: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _images_on(pdf: Path, page: int) -> list[str]:
    listed = subprocess.run(
        ["pdfimages", "-list", "-f", str(page), "-l", str(page), str(pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return listed.splitlines()[2:]  # below the two header lines


def _page_with(pdf: Path, *words: str) -> int:
    pages = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    return next(n for n, text in enumerate(pages, 1) if all(word in text for word in words))
