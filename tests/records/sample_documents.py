"""Records documents as researchers write them, built fresh for each test."""

from __future__ import annotations

import copy
from typing import Any

from evidence_app.core import records_service
from evidence_app.storage.vault import Vault

_DOCUMENT: dict[str, Any] = {
    "format": "evidence-app/records",
    "version": 1,
    "cases": [
        {"ref": "case-ik6", "title": "ИК-6: пытки в 2023 году", "description": "Penal colony 6"}
    ],
    "people": [
        {
            "ref": "p-017",
            "full_name": "Пётр Иванович Сидоров",
            "roles": ["victim", "witness"],
            "consent": [
                {"scope": "legal", "given_on": "2026-01-05", "recorded_by": "O. K."},
                {"scope": "public_anonymous", "given_on": "2026-01-05", "recorded_by": "O. K."},
            ],
        },
        {
            "ref": "p-018",
            "full_name": "Олена Петренко",
            "roles": ["witness"],
            "consent": [{"scope": "public_named", "given_on": "2026-02-01"}],
        },
        {"ref": "p-019", "pseudonym": "Guard A", "roles": ["alleged_perpetrator"]},
    ],
    "facilities": [
        {
            "ref": "f-ik6",
            "name": "ИК-6 Копейск",
            "kind": "penal_colony",
            "region": "Chelyabinsk",
            "lat": 55.1,
            "lon": 61.6,
        }
    ],
    "testimonies": [
        {
            "ref": "t-1",
            "case": "case-ik6",
            "witness": "p-017",
            "interviewer": "O. K.",
            "interviewed_on": "2026-01-05",
            "language": "ru",
            "mode": "in_person",
            "sections": {
                "arrest": "Задержан на улице в марте 2023 года.",
                "treatment": "Его избивали дубинками в ШИЗО, применяли электрошок.",
                "narrative": "Ёлка стояла во дворе колонии.",
            },
            "methods": ["beating", "electric_shock"],
            "facilities": ["f-ik6"],
            "period": {"from": "2023-03", "to": "2023-09"},
            # What a curator chose to publish, with its Ukrainian translation.
            "excerpts": [
                {
                    "text": "Нас держали в камере без окна.",
                    "translations": {"uk": {"text": "Нас тримали в камері без вікна."}},
                }
            ],
        }
    ],
    "incidents": [
        {
            "ref": "i-1",
            "case": "case-ik6",
            "facility": "f-ik6",
            "date": "2023-05",
            "victims": ["p-017"],
            "perpetrators": ["p-019"],
            "methods": ["beating"],
            "sources": ["t-1"],
        }
    ],
    "conditions": [
        {
            "ref": "c-1",
            "facility": "f-ik6",
            "observed": "2023",
            "rule": "solitary_confinement",
            "finding": "Held in ShIZO for 45 days in a row.",
            "sources": ["t-1"],
        }
    ],
    "evidence": [],
}


def records_document() -> dict[str, Any]:
    return copy.deepcopy(_DOCUMENT)


def add_sample_case(vault: Vault, ref: str = "case-ik6") -> None:
    """The sample case's record, as an import makes it: items are filed only under cases
    that exist, so tests that ingest into the case before importing records make it first."""
    (case,) = (c for c in _DOCUMENT["cases"] if c["ref"] == "case-ik6")
    body = {key: value for key, value in case.items() if key != "ref"}
    records_service.save_record(vault, "case", ref, body)
