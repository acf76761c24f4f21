"""A case as a researcher builds it: photos and a letter, people whose consent differs."""

from __future__ import annotations

import json
from pathlib import Path

from evidence_app.core import ingest_service, records_service
from evidence_app.storage.vault import Vault
from tests.ingest import camera_files
from tests.records.sample_documents import add_sample_case, records_document

CASE = "case-ik6"


def build_case(vault: Vault, folder: Path) -> dict[str, str]:
    """File name → SHA-256 of what was filed under the case."""
    folder.mkdir()
    files = {
        "consented.jpg": camera_files.canon_eos(),  # p-017: legal and public_anonymous
        "named.jpg": camera_files.iphone(),  # p-018: public_named only
        "withdrawn.jpg": camera_files.nikon(),  # p-020: legal, withdrawn
        "wall.jpg": camera_files.sony_alpha(),  # nobody; marked publishable
        "letter.txt": "Письмо из колонии.\n".encode(),  # nobody
    }
    add_sample_case(vault)
    shas = {}
    for name, content in files.items():
        (folder / name).write_bytes(content)
        report = ingest_service.ingest_paths(vault, [folder / name], "lawyer M.", case_ref=CASE)
        shas[name] = report.outcomes[0].sha256 or ""
    document = records_document()
    document["people"][0]["pseudonym"] = "W-017"
    document["people"][1]["pseudonym"] = "W-018"
    document["people"].append(
        {
            "ref": "p-020",
            "pseudonym": "W-020",
            "full_name": "Иван Отозванный",
            "roles": ["victim"],
            "consent": [{"scope": "legal", "given_on": "2026-01-05", "withdrawn_on": "2026-02-01"}],
        }
    )
    document["testimonies"].append(
        {
            "ref": "t-2",
            "case": CASE,
            "witness": "p-018",  # public_named only: no legal consent
            "interviewed_on": "2026-02-01",
            "language": "uk",
            "sections": {"narrative": "Свідчення про катування в ШІЗО."},
            "excerpts": [{"text": "Свідчення про катування в ШІЗО."}],
            "facilities": ["f-ik6"],
        }
    )
    document["evidence"] = [
        {"sha256": shas["consented.jpg"], "people": ["p-017"], "caption": "Камера ШИЗО"},
        {"sha256": shas["named.jpg"], "people": ["p-018"], "caption": "У ворот колонии"},
        {"sha256": shas["withdrawn.jpg"], "people": ["p-020"], "caption": "Синяки"},
        {"sha256": shas["wall.jpg"], "caption": "Стена колонии", "publishable": True},
    ]
    path = folder.parent / "records.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    records_service.import_records(vault, path)
    return shas
