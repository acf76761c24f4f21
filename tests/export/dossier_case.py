"""A case as a researcher would have it: photos, a letter, people with differing consent."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from evidence_app.core import ingest_service, records_service
from evidence_app.storage.vault import Vault
from tests.ingest import camera_files
from tests.records.sample_documents import add_sample_case, records_document

CASE = "case-ik6"
CASE_TITLE = "ИК-6: пытки в 2023 году"


@dataclass(frozen=True)
class DossierCase:
    consented_photo: str  # sha256 of a photo whose person gave legal consent
    unconsented_photo: str  # linked to a person who gave public consent only
    withdrawn_photo: str  # linked to a person whose legal consent was withdrawn
    unlinked_letter: str  # linked to nobody


def _sha(vault: Vault, path: Path) -> str:
    add_sample_case(vault)
    report = ingest_service.ingest_paths(vault, [path], source="lawyer M., Signal", case_ref=CASE)
    (outcome,) = report.outcomes
    assert outcome.sha256 is not None
    return outcome.sha256


def build_case(vault: Vault, folder: Path, consented_photo: bytes | None = None) -> DossierCase:
    """`consented_photo` swaps the photo a person gave legal consent for (as a forger would)."""
    folder.mkdir()
    files = {
        "consented": (
            "cell_ШИЗО.jpg",
            consented_photo
            or camera_files.with_gps(b"N", camera_files.dms(55.1), b"E", camera_files.dms(61.6)),
        ),
        "unconsented": ("face.jpg", camera_files.canon_eos()),
        "withdrawn": ("bruises.jpg", camera_files.iphone()),
        "letter": ("письмо.txt", "Письмо из колонии: меня били в ШИЗО.\n".encode()),
    }
    shas = {}
    for key, (name, data) in files.items():
        (folder / name).write_bytes(data)
        shas[key] = _sha(vault, folder / name)

    document = records_document()
    document["people"].append(
        {
            "ref": "p-020",
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
            "language": "uk",
            "sections": {"narrative": "Секретне свідчення Олени про катування."},
            "excerpts": [{"text": "Секретне свідчення Олени про катування."}],
            "methods": ["beating"],
            "facilities": ["f-ik6"],
        }
    )
    document["evidence"] = [
        {
            "sha256": shas["consented"],
            "cases": [CASE],
            "people": ["p-017"],
            "caption": "Камера ШИЗО",
        },
        {"sha256": shas["unconsented"], "cases": [CASE], "people": ["p-018"], "caption": "Лицо"},
        {"sha256": shas["withdrawn"], "cases": [CASE], "people": ["p-020"], "caption": "Синяки"},
    ]
    path = folder.parent / "records.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    records_service.import_records(vault, path)
    return DossierCase(shas["consented"], shas["unconsented"], shas["withdrawn"], shas["letter"])
