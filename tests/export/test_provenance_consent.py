"""A person named in a provenance chain (who captured a file, who held it before) is named
in the court dossier only with consent to legal use, as a person linked to an exhibit is;
otherwise the chain keeps the step, by the person's ref alone, and the export says so."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from evidence_app.core import export_service, ingest_service, records_service
from evidence_app.core.export_service import ExportResult
from evidence_app.storage.vault import Vault
from tests.ingest import camera_files
from tests.records.sample_documents import records_document

CASE = "case-ik6"
# p-017 consented to legal use; p-018 only to being named in public; p-020 withdrew.
CHAIN = {
    "captured_by": {"person": "p-018"},
    "received_on": "2024-03-15",
    "received_via": "signal",
    "custodians": [
        {"person": "p-017", "date": "2024-03-10", "purpose": "kept it on his phone"},
        {"person": "p-020", "date": "2024-03-12", "purpose": "forwarded it"},
    ],
}
NAMES = {"p-017": "Пётр С.", "p-018": "Олена П.", "p-020": "Иван О."}
FULL_NAMES = ("Олена Петренко", "Иван Отозванный")
UNNAMED = "a person not named here, without consent to legal use ({ref})"


@pytest.fixture
def exported(vault: Vault, tmp_path: Path) -> tuple[Path, ExportResult]:
    document = records_document()
    document["people"].append(
        {
            "ref": "p-020",
            "full_name": "Иван Отозванный",
            "roles": ["witness"],
            "consent": [{"scope": "legal", "given_on": "2026-01-05", "withdrawn_on": "2026-02-01"}],
        }
    )
    for person in document["people"]:
        person["pseudonym"] = NAMES.get(person["ref"], person.get("pseudonym"))
    (tmp_path / "records.json").write_text(json.dumps(document, ensure_ascii=False))
    records_service.import_records(vault, tmp_path / "records.json")
    photo = tmp_path / "perimeter.jpg"
    photo.write_bytes(camera_files.canon_eos())
    report = ingest_service.ingest_paths(
        vault, [photo], source="lawyer M.", case_ref=CASE, provenance=CHAIN
    )
    assert [outcome.status for outcome in report.outcomes] == ["stored"]
    result = export_service.export_accountability(vault, CASE, tmp_path / "dossier")
    return tmp_path / "dossier", result


def pdf_text(folder: Path) -> str:
    done = subprocess.run(
        ["pdftotext", str(folder / "dossier.pdf"), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(done.stdout.split())


def test_a_captor_or_custodian_without_legal_consent_is_not_named_in_pdf_or_manifest(
    exported: tuple[Path, ExportResult],
) -> None:
    folder, _ = exported
    text = pdf_text(folder)
    manifest_text = (folder / "manifest.json").read_text(encoding="utf-8")
    for name in (NAMES["p-018"], NAMES["p-020"], *FULL_NAMES):
        assert name not in text, name
        assert name not in manifest_text, name
    # The exhibit is in, and its chain keeps every step: the refusing people by ref alone,
    # the consenting one by pseudonym.
    assert UNNAMED.format(ref="p-018") in text
    assert UNNAMED.format(ref="p-020") in text
    assert NAMES["p-017"] in text
    (exhibit,) = json.loads(manifest_text)["exhibits"]
    (receipt,) = exhibit["provenance"]
    assert receipt["captured_by"] == {
        "person": "p-018",
        "not_named": {
            "code": "consent_does_not_cover",
            "params": {"given": ["public_named"], "wanted": "legal"},
        },
    }
    first, second = receipt["custodians"]
    assert first["pseudonym"] == NAMES["p-017"] and "not_named" not in first
    assert second["not_named"]["code"] == "consent_withdrawn" and "pseudonym" not in second
    # The dossier still verifies: the signed receipt event is untouched.
    assert export_service.check_dossier(folder).ok


def test_the_export_report_says_who_of_a_chain_is_not_named_and_why(
    exported: tuple[Path, ExportResult],
) -> None:
    _, result = exported
    assert result.exhibits == 1 and result.omitted == []
    assert len(result.unnamed) == 2
    captor, custodian = result.unnamed
    assert captor.startswith("Exhibit case-ik6-E0001: p-018 (who captured it) is not named")
    assert captor.endswith("not for courts and investigators.")
    assert custodian.startswith("Exhibit case-ik6-E0001: p-020 (a prior custodian)")
    assert "withdrawn" in custodian
    assert result.to_json()["unnamed"] == result.unnamed
