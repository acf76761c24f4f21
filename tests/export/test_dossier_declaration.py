"""The exporter's signed declaration: in the manifest and the PDF, bound to its dossier."""

from __future__ import annotations

import base64
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from evidence_app.core import export_service
from evidence_app.core.export_service import Declarant
from evidence_app.core.items_service import custody_log
from evidence_app.crypto.identity import fingerprint
from evidence_app.export.dossier_verifier import DECLARATION, SIGNATURES
from evidence_app.kernel.errors import BadInput
from evidence_app.storage.vault import Vault
from tests.export.dossier_case import CASE, build_case

DECLARANT = Declarant("Олена Коваль", "field researcher", "Human Rights Watchers")


def manifest_of(dossier: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((dossier / "manifest.json").read_text(encoding="utf-8"))
    return data


def write_manifest(dossier: Path, manifest: dict[str, Any]) -> None:
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    (dossier / "manifest.json").write_text(text, encoding="utf-8")


def pdf_text(dossier: Path) -> str:
    result = subprocess.run(
        ["pdftotext", str(dossier / "dossier.pdf"), "-"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return " ".join(result.stdout.split())


@pytest.fixture
def declared(vault: Vault, tmp_path: Path) -> Path:
    build_case(vault, tmp_path / "received")
    export_service.export_accountability(vault, CASE, tmp_path / "declared", declarant=DECLARANT)
    return tmp_path / "declared"


def test_a_declared_dossier_verifies_and_names_its_declarant(vault: Vault, declared: Path) -> None:
    declaration = manifest_of(declared)["declaration"]
    assert declaration["declarant"] == {
        "name": "Олена Коваль",
        "role": "field researcher",
        "organisation": "Human Rights Watchers",
    }
    assert declaration["date"] == manifest_of(declared)["created"]
    assert declaration["key_fingerprint_sha256"] == fingerprint(vault.public_key)
    assert len(base64.b64decode(declaration["signature"])) == 64
    statement = declaration["statement"]
    assert statement.startswith(
        f"I, Олена Коваль, field researcher, of Human Rights Watchers, make this declaration "
        f"about the accountability dossier for case {CASE}"
    )
    assert "The dossier holds 2 exhibit files" in statement
    assert "I do not attest to the truth" in statement

    report = export_service.check_dossier(declared)
    assert report.ok, report.problems
    assert report.declarant == declaration["declarant"]
    assert DECLARATION in [check for check, _proves, _failures in report.checks()]
    assert report.to_json()["declarant"]["name"] == "Олена Коваль"


def test_the_pdf_shows_the_declarant_and_the_statement_after_the_cover(declared: Path) -> None:
    text = pdf_text(declared)
    page = text[text.index("Declaration by the person exporting") :]
    assert text.index("Accountability dossier") < text.index("Declaration by the person")
    assert text.index("Declaration by the person") < text.index("Summary of exhibits")
    for shown in ("Олена Коваль", "field researcher", "Human Rights Watchers"):
        assert shown in page
    statement = " ".join(manifest_of(declared)["declaration"]["statement"].split())
    for sentence in statement.split(". "):
        assert sentence in text, sentence
    assert manifest_of(declared)["declaration"]["signature"][:40] in text


def test_the_export_event_names_the_declarant(vault: Vault, declared: Path) -> None:
    event = custody_log(vault)[-1]
    assert event.action == "export.created"
    assert event.details["declarant"] == DECLARANT.to_json()


def test_an_edited_declarant_fails_the_declaration_and_the_manifest_signature(
    declared: Path,
) -> None:
    manifest = manifest_of(declared)
    manifest["declaration"]["declarant"]["name"] = "Someone Else"
    write_manifest(declared, manifest)
    report = export_service.check_dossier(declared)
    assert not report.ok
    assert any("Someone Else" in p for p in report.failures[DECLARATION]), report.problems
    assert "is not signed by the signer key" in report.failures[DECLARATION][0]
    assert any("manifest.json's signature fails" in p for p in report.failures[SIGNATURES])


def test_a_declaration_copied_from_another_dossier_of_the_same_vault_fails(
    vault: Vault, declared: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    export_service.export_accountability(
        vault, CASE, other, declarant=Declarant("Ivan Petrov", "lawyer")
    )
    manifest = manifest_of(other)
    copied = manifest_of(declared)["declaration"]
    copied["date"] = manifest["created"]  # even with its date made to match
    manifest["declaration"] = copied
    write_manifest(other, manifest)
    report = export_service.check_dossier(other)
    assert report.declarant is not None and report.declarant["name"] == "Олена Коваль"
    (problem,) = report.failures[DECLARATION]
    assert "made for another dossier" in problem


def test_a_name_written_with_a_zero_width_non_joiner_is_accepted() -> None:
    assert Declarant("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "lawyer").checked()


def test_an_undeclared_dossier_says_so_and_still_verifies(vault: Vault, tmp_path: Path) -> None:
    build_case(vault, tmp_path / "received")
    export_service.export_accountability(vault, CASE, tmp_path / "internal")
    assert manifest_of(tmp_path / "internal")["declaration"] is None
    assert "No declaration was made when this dossier was exported" in pdf_text(
        tmp_path / "internal"
    )
    report = export_service.check_dossier(tmp_path / "internal")
    assert report.ok and report.declarant is None
    assert DECLARATION not in [check for check, _proves, _failures in report.checks()]
    assert custody_log(vault)[-1].details["declarant"] is None


def test_a_declaration_removed_from_a_declared_dossier_breaks_its_signature(
    declared: Path,
) -> None:
    manifest = manifest_of(declared)
    manifest["declaration"] = None
    write_manifest(declared, manifest)
    report = export_service.check_dossier(declared)
    assert any("manifest.json's signature fails" in p for p in report.failures[SIGNATURES])


@pytest.mark.parametrize(
    "broken",
    [
        "not an object",
        {"declarant": "nobody", "statement": "x"},
        {
            "declarant": {"name": "A", "role": "B", "organisation": ""},
            "statement": "x",
            "signature": "***",
        },
    ],
    ids=["not-an-object", "no-declarant", "bad-base64"],
)
def test_a_malformed_declaration_is_reported_not_crashed_on(declared: Path, broken: Any) -> None:
    manifest = manifest_of(declared)
    manifest["declaration"] = broken
    write_manifest(declared, manifest)
    report = export_service.check_dossier(declared)
    assert report.failures[DECLARATION], report.problems


@pytest.mark.parametrize(
    ("declarant", "message"),
    [
        (Declarant("", "lawyer"), "needs the name and the role"),
        (Declarant("Ivan", "  "), "needs the name and the role"),
        (Declarant("Ivan\x00Petrov", "lawyer"), "control characters"),
        (Declarant("Ivan \u202evorteP", "lawyer"), "control characters"),  # shown reversed
        (Declarant("I" * 201, "lawyer"), "longer than 200"),
    ],
)
def test_an_incomplete_declarant_is_refused_before_anything_is_written(
    vault: Vault, tmp_path: Path, declarant: Declarant, message: str
) -> None:
    build_case(vault, tmp_path / "received")
    before = len(custody_log(vault))
    with pytest.raises(BadInput, match=message):
        export_service.export_accountability(vault, CASE, tmp_path / "d", declarant=declarant)
    assert not (tmp_path / "d").exists()
    assert len(custody_log(vault)) == before
