"""Exhibit numbers: given the first time an item is exported in a case, kept for ever,
never given twice, and the same in both dossiers (DESIGN §8)."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from evidence_app.core import exhibition_service, export_service, ingest_service, records_service
from evidence_app.core.links_service import save_evidence_record
from evidence_app.export import minisign
from evidence_app.export.manifest import manifest_bytes
from evidence_app.storage.models import ExhibitNumber
from evidence_app.storage.vault import Vault
from tests.conftest import VaultCopy
from tests.export.dossier_case import CASE, build_case

GAP = "not included in this edition"


def text_of(pdf: Path) -> str:
    """The PDF's words, each run of white space one space (table cells sit side by side)."""
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True)
    return re.sub(r"\s+", " ", out.stdout)


def export(vault: Vault, folder: Path, previous: Path | None = None) -> dict[str, Any]:
    """An accountability edition, checked as its reader would check it."""
    export_service.export_accountability(vault, CASE, folder)
    report = export_service.check_dossier(folder, previous=previous)
    assert report.ok, report.problems
    manifest: dict[str, Any] = json.loads((folder / "manifest.json").read_text("utf-8"))
    return manifest


def numbers(manifest: dict[str, Any]) -> dict[str, str]:
    return {exhibit["sha256"]: exhibit["number"] for exhibit in manifest["exhibits"]}


def gaps(manifest: dict[str, Any]) -> list[str]:
    assert all(gap == {"number": gap["number"], "note": GAP} for gap in manifest["not_included"])
    return [gap["number"] for gap in manifest["not_included"]]


def test_withdrawn_consent_leaves_a_gap_and_every_other_exhibit_keeps_its_number(
    vault: Vault, tmp_path: Path
) -> None:
    case = build_case(vault, tmp_path / "received")
    first = export(vault, tmp_path / "first")
    # Numbered in the order a court reads them: captured first, then the undated letter.
    assert numbers(first) == {
        case.consented_photo: f"{CASE}-E0001",
        case.unlinked_letter: f"{CASE}-E0002",
    }
    assert gaps(first) == []

    records_service.withdraw_consent(vault, "p-017", "legal")  # the photo's witness
    second = export(vault, tmp_path / "second", previous=tmp_path / "first")

    assert numbers(second) == {case.unlinked_letter: f"{CASE}-E0002"}  # not renumbered
    assert gaps(second) == [f"{CASE}-E0001"]
    (letter,) = second["exhibits"]
    assert letter["file"] == f"evidence/{CASE}-E0002_письмо.txt"
    assert (tmp_path / "second" / letter["file"]).is_file()
    text = text_of(tmp_path / "second" / "dossier.pdf")
    assert f"{CASE}-E0001 {GAP}" in text and f"Exhibit {CASE}-E0002: письмо.txt" in text
    # The gap says nothing but its number: not the photo, its caption or its hash.
    manifest_text = (tmp_path / "second" / "manifest.json").read_text("utf-8")
    for told in (text, manifest_text):
        assert case.consented_photo[:12] not in told and "Камера ШИЗО" not in told
        assert "cell_" not in told


def test_the_exhibition_prints_the_numbers_the_accountability_dossier_gave(
    vault: Vault, tmp_path: Path
) -> None:
    case = build_case(vault, tmp_path / "received")
    export(vault, tmp_path / "first")  # the photo E0001, the letter E0002

    exhibition_service.export_exhibition(
        vault, CASE, tmp_path / "show.pdf", accept_all_proposed=True
    )
    shown = text_of(tmp_path / "show.pdf")
    assert f"Exhibit {CASE}-E0001 · {case.consented_photo[:8]}" in shown
    # A photo first exported here takes the case's next number, in both dossiers.
    assert f"Exhibit {CASE}-E0003 · {case.unconsented_photo[:8]}" in shown
    assert "E0002" not in shown  # the letter is not a photo: no gap is printed for curators

    second = export(vault, tmp_path / "second")
    assert numbers(second) == {
        case.consented_photo: f"{CASE}-E0001",
        case.unlinked_letter: f"{CASE}-E0002",
    }
    assert gaps(second) == [f"{CASE}-E0003"]  # no legal consent for that photo


def test_a_number_is_never_given_twice_and_survives_locking(
    vault_copy: VaultCopy, tmp_path: Path
) -> None:
    with vault_copy.open() as vault:
        case = build_case(vault, tmp_path / "received")
        first = export(vault, tmp_path / "first")
        assert numbers(first)[case.unlinked_letter] == f"{CASE}-E0002"  # the highest given
        save_evidence_record(vault, case.unlinked_letter, {"cases": []})  # it leaves the case

    with vault_copy.open() as vault:  # locked, and opened again
        later = tmp_path / "later.txt"
        later.write_text("A note received after the first edition.\n", encoding="utf-8")
        report = ingest_service.ingest_paths(vault, [later], source="post", case_ref=CASE)
        (outcome,) = report.outcomes
        second = export(vault, tmp_path / "second", previous=tmp_path / "first")
        with vault.reader() as session:
            rows = session.scalars(select(ExhibitNumber).order_by(ExhibitNumber.number)).all()

    assert numbers(second) == {
        case.consented_photo: f"{CASE}-E0001",
        outcome.sha256: f"{CASE}-E0003",  # not E0002, though nothing carries it now
    }
    assert gaps(second) == [f"{CASE}-E0002"]
    assert [row.number for row in rows] == [1, 2, 3]
    # Each number was given once, by a signed event the dossier proves.
    for exhibit in second["exhibits"]:
        given = [e for e in exhibit["custody"] if e["action"] == "exhibit.numbered"]
        assert [(e["details"]["case"], e["details"]["number"]) for e in given] == [
            (CASE, exhibit["number"])
        ]


def _re_signed(vault: Vault, dossier: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """The manifest changed and signed again by the vault's own key, SHA256SUMS to match: what
    only the signer could do, and what the custody log still contradicts."""
    manifest = json.loads((dossier / "manifest.json").read_text("utf-8"))
    change(manifest)
    data = manifest_bytes(manifest)
    (dossier / "manifest.json").write_bytes(data)
    signature = minisign.sign(data, vault.sign, vault.public_key, "re-signed")
    (dossier / "manifest.json.minisig").write_text(signature, encoding="utf-8")
    sums = (dossier / "SHA256SUMS").read_text("utf-8").splitlines()
    digest = hashlib.sha256(data).hexdigest()
    (dossier / "SHA256SUMS").write_text(
        "".join(
            f"{digest}  manifest.json\n" if line.endswith("  manifest.json") else line + "\n"
            for line in sums
        ),
        encoding="utf-8",
    )


def test_verify_dossier_fails_a_number_the_log_did_not_give_or_one_listed_twice(
    vault: Vault, tmp_path: Path
) -> None:
    build_case(vault, tmp_path / "received")
    export(vault, tmp_path / "renumbered")
    shutil.copytree(tmp_path / "renumbered", tmp_path / "doubled")

    def renumber(manifest: dict[str, Any]) -> None:
        manifest["exhibits"][1]["number"] = f"{CASE}-E0001"  # as a renumbering export would
        manifest["exhibits"][0]["number"] = f"{CASE}-E0009"

    def list_a_gap_twice(manifest: dict[str, Any]) -> None:
        manifest["not_included"] = [{"number": f"{CASE}-E0002", "note": GAP}]

    _re_signed(vault, tmp_path / "renumbered", renumber)
    _re_signed(vault, tmp_path / "doubled", list_a_gap_twice)

    renumbered = export_service.check_dossier(tmp_path / "renumbered")
    assert renumbered.failures["custody"] == [
        f"exhibit {CASE}-E0009: the log gave this item another number in the case",
        f"exhibit {CASE}-E0001: the log gave this item another number in the case",
    ]
    doubled = export_service.check_dossier(tmp_path / "doubled")
    assert doubled.failures["exhibits"] == [f"exhibit number {CASE}-E0002 is listed more than once"]
