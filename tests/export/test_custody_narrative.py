"""Each exhibit of an accountability dossier tells its custody from capture to the export,
in the PDF a person reads and in the manifest a machine reads."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from evidence_app.core import export_service, ingest_service, records_service
from evidence_app.storage.vault import Vault
from tests.ingest import camera_files
from tests.records.sample_documents import records_document

CASE = "case-ik6"
CHAIN = {
    "captured_by": {"person": "p-017"},
    "received_on": "2024-03-15",
    "received_via": "signal",
    "custodians": [
        {"name": "Olena", "date": "2024-03-10", "purpose": "kept it on her phone"},
        {"person": "p-018", "date": "2024-03-12", "purpose": "forwarded it"},
    ],
}


@pytest.fixture
def dossier(vault: Vault, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    document = records_document()
    (tmp_path / "records.json").write_text(json.dumps(document, ensure_ascii=False))
    records_service.import_records(vault, tmp_path / "records.json")
    photo = tmp_path / "perimeter.jpg"
    photo.write_bytes(camera_files.canon_eos())
    report = ingest_service.ingest_paths(
        vault, [photo], source="lawyer M.", case_ref=CASE, provenance=CHAIN
    )
    (outcome,) = report.outcomes
    assert outcome.status == "stored"
    export_service.export_accountability(vault, CASE, tmp_path / "dossier")
    pseudonyms = {
        ref: str(records_service.get_record(vault, "person", ref).body["pseudonym"])
        for ref in ("p-017", "p-018")
    }
    return tmp_path / "dossier", pseudonyms


def _exhibit(dossier: Path) -> dict[str, Any]:
    manifest = json.loads((dossier / "manifest.json").read_text(encoding="utf-8"))
    (exhibit,) = manifest["exhibits"]
    assert isinstance(exhibit, dict)
    return exhibit


def test_the_manifest_gives_each_receipts_provenance_with_pseudonyms(
    dossier: tuple[Path, dict[str, str]],
) -> None:
    folder, pseudonyms = dossier
    exhibit = _exhibit(folder)
    (receipt,) = exhibit["provenance"]
    (ingested,) = [e for e in exhibit["custody"] if e["action"] == "item.ingested"]
    assert receipt["receipt_event_seq"] == ingested["seq"]
    assert receipt["source"] == "lawyer M."
    assert receipt["captured_by"] == {"person": "p-017", "pseudonym": pseudonyms["p-017"]}
    assert receipt["received_on"] == "2024-03-15" and receipt["received_via"] == "signal"
    assert receipt["custodians"] == [
        CHAIN["custodians"][0],
        # p-018 gave no consent to legal use: in the chain by ref, not by pseudonym.
        {
            **CHAIN["custodians"][1],
            "not_named": {
                "code": "consent_does_not_cover",
                "params": {"given": ["public_named"], "wanted": "legal"},
            },
        },
    ]
    # What the manifest says is what the signed, proven event recorded.
    assert ingested["details"]["provenance"] == CHAIN


def test_the_exhibit_page_tells_the_custody_in_order_from_capture_to_export(
    dossier: tuple[Path, dict[str, str]],
) -> None:
    folder, pseudonyms = dossier
    text = subprocess.run(
        ["pdftotext", "-layout", str(folder / "dossier.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    page = text[text.index("Custody narrative") :]
    page = page[: page.index("Appendix A")]
    steps = [
        "Captured",
        f"by {pseudonyms['p-017']}",
        "Held by Olena",
        "kept it on her phone",
        "Held by a person not",
        "forwarded it",
        "Received",
        "via Signal",
        "Brought into the",
        "source: lawyer M.",
        "Exported in this",
    ]
    positions = [page.find(step) for step in steps]
    assert -1 not in positions, [s for s, p in zip(steps, positions, strict=True) if p < 0]
    assert positions == sorted(positions), page
    assert "2024-03-10" in page and "2024-03-12" in page and "2024-03-15" in page
    assert "Received" not in text[: text.index("Custody narrative")].split("Exhibit 1")[-1]
    for full_name in ("Сидоров", "Петренко"):  # people named in the chain stay pseudonymous
        assert full_name not in text
