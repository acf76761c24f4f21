"""The curator's test case: an anonymous witness's words name a fellow prisoner who agreed
only to legal use."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from evidence_app.core import ingest_service, records_service
from evidence_app.storage.vault import Vault
from tests.ingest import camera_files
from tests.records.sample_documents import add_sample_case

CASE = "case-ik6"
WITNESS = "p-017"  # legal + public_anonymous, pseudonym W-017
PRISONER = "p-031"  # legal only, pseudonym W-031: may never be named in public
NAMED = "p-018"  # public_named

# The same sentence in each language the app speaks, naming the fellow prisoner in the
# instrumental case (ru, uk) or in Latin letters (en).
SENTENCES = {
    "ru": "Меня держали в ШИЗО вместе с Коваленком, нас били каждую ночь.",
    "uk": "Мене тримали в ШІЗО разом із Коваленком, нас били щоночі.",
    "en": "I was held in the punishment cell together with Kovalenko; we were beaten nightly.",
}
FIELDS = ("caption", "title", "excerpt", "condition")


def document(field: str = "excerpt", sentence: str = SENTENCES["ru"]) -> dict[str, Any]:
    """A records document in which `sentence` is printed as the given field."""
    texts = {name: "" for name in FIELDS}
    texts[field] = sentence
    return {
        "format": "evidence-app/records",
        "version": 1,
        "cases": [
            {"ref": CASE, "title": texts["title"] or "ИК-6: пытки в 2023 году"},
        ],
        "people": [
            {
                "ref": WITNESS,
                "pseudonym": "W-017",
                "full_name": "Пётр Иванович Сидоров",
                "consent": [
                    {"scope": "legal", "given_on": "2026-01-05"},
                    {"scope": "public_anonymous", "given_on": "2026-01-05"},
                ],
            },
            {
                "ref": PRISONER,
                "pseudonym": "W-031",
                "full_name": "Тарас Коваленко",
                "aliases": ["Кова"],
                "consent": [{"scope": "legal", "given_on": "2026-01-05"}],
            },
            {
                "ref": NAMED,
                "full_name": "Олена Петренко",
                "consent": [{"scope": "public_named", "given_on": "2026-02-01"}],
            },
        ],
        "facilities": [{"ref": "f-ik6", "name": "ИК-6 Копейск", "kind": "penal_colony"}],
        "testimonies": [
            {
                "ref": "t-1",
                "case": CASE,
                "witness": WITNESS,
                "language": "ru",
                "sections": {"narrative": texts["excerpt"] or "Ёлка стояла во дворе колонии."},
                # The curator publishes the narrative as the excerpt.
                "excerpts": [{"text": texts["excerpt"] or "Ёлка стояла во дворе колонии."}],
                "facilities": ["f-ik6"],
            }
        ],
        "conditions": [
            {
                "ref": "c-1",
                "facility": "f-ik6",
                "rule": "solitary_confinement",
                "finding": texts["condition"] or "Held in ShIZO for 45 days in a row.",
                "sources": ["t-1"],
            }
        ],
        "evidence": [],
    }


def build(
    vault: Vault, folder: Path, field: str = "excerpt", sentence: str = SENTENCES["ru"]
) -> str:
    """Store the case with one publishable photo; return the photo's SHA-256."""
    folder.mkdir(exist_ok=True)
    (folder / "wall.jpg").write_bytes(camera_files.canon_eos())
    add_sample_case(vault)
    report = ingest_service.ingest_paths(vault, [folder / "wall.jpg"], case_ref=CASE)
    sha256 = report.outcomes[0].sha256 or ""
    records = document(field, sentence)
    records["evidence"] = [
        {
            "sha256": sha256,
            "cases": [CASE],
            "caption": sentence if field == "caption" else "Стена колонии",
            "publishable": True,
        }
    ]
    save(records, folder / "records.json")
    records_service.import_records(vault, folder / "records.json")
    return sha256


def save(records: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
