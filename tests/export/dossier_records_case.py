"""The dossier case with every field of its incidents, findings and facilities filled in,
and its exhibits linked to an incident and to facilities."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from evidence_app.core import records_service
from evidence_app.storage.vault import Vault
from tests.export.dossier_case import CASE, DossierCase, build_case

INCIDENT: dict[str, Any] = {
    "case": CASE,
    "facility": "f-ik6",
    "date": "2023-05",
    "victims": ["p-017"],
    "perpetrators": ["p-019"],
    "methods": ["beating", "electric_shock"],
    "sources": ["t-1"],
    "description": "Beaten in the punishment cell after a complaint to the prosecutor.",
}
FINDING: dict[str, Any] = {
    "facility": "f-ik6",
    "observed": "2023-06",
    "period": {"from": "2023-03", "to": "2023-09"},
    "rule": "solitary_confinement",
    "finding": "Held in ShIZO for 45 days in a row.",
    "sources": ["t-1"],
}
FACILITY: dict[str, Any] = {
    "name": "ИК-6 Копейск",
    "kind": "penal_colony",
    "region": "Chelyabinsk",
    "lat": 55.1,
    "lon": 61.6,
    "operator": "FSIN of Russia",
    "aliases": ["Шестёрка", "IK-6 Kopeysk"],
}
# Named only by the letter, an exhibit linked to no person and to no incident.
SIZO: dict[str, Any] = {
    "name": "СИЗО-1 Челябинск",
    "kind": "sizo",
    "region": "Chelyabinsk",
    "lat": 55.16,
    "lon": 61.43,
    "operator": "FSIN of Russia",
    "aliases": ["Первый изолятор"],
}
# Named by nothing in the case: stays out of its dossier.
ELSEWHERE: dict[str, Any] = {"name": "ИК-1 Нигде", "lat": 10.0, "lon": 20.0}


def build_linked_case(vault: Vault, folder: Path) -> DossierCase:
    case = build_case(vault, folder)
    records_service.save_record(vault, "incident", "i-1", INCIDENT)
    records_service.save_record(vault, "condition", "c-1", FINDING)
    records_service.save_record(vault, "facility", "f-ik6", FACILITY)
    records_service.save_record(vault, "facility", "f-sizo1", SIZO)
    records_service.save_record(vault, "facility", "f-elsewhere", ELSEWHERE)
    records_service.save_record(
        vault,
        "evidence",
        case.consented_photo,
        {
            "cases": [CASE],
            "people": ["p-017"],
            "caption": "Камера ШИЗО",
            "facility": "f-ik6",
            "incident": "i-1",
        },
    )
    records_service.save_record(
        vault, "evidence", case.unlinked_letter, {"cases": [CASE], "facility": "f-sizo1"}
    )
    return case
