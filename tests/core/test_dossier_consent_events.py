"""Which custody events an accountability dossier cites for a person's consent, as the
person's record is edited, the consent withdrawn and given again."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from evidence_app.core import export_service, records_service
from evidence_app.storage.vault import Vault
from tests.export.dossier_case import CASE
from tests.export.dossier_records_case import build_linked_case


def _ledger(vault: Vault, destination: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    export_service.export_accountability(vault, CASE, destination)
    manifest = json.loads((destination / "manifest.json").read_text(encoding="utf-8"))
    ledgers = [t["consent"] for t in manifest["testimonies"] if t["ref"] == "t-1"]
    return manifest, ledgers[0] if ledgers else []


def _person_revision(vault: Vault, seq: int) -> int:
    (revision,) = [
        r.revision
        for r in records_service.record_revisions(vault, "person", "p-017")
        if r.event_seq == seq
    ]
    return revision


def test_an_edit_of_the_person_keeps_citing_the_revision_that_recorded_the_consent(
    vault: Vault, tmp_path: Path
) -> None:
    build_linked_case(vault, tmp_path / "received")
    person = records_service.get_record(vault, "person", "p-017").body
    records_service.save_record(vault, "person", "p-017", {**person, "contact": "Signal only"})
    _, (entry,) = _ledger(vault, tmp_path / "dossier")
    recorded_in = entry["custody"][0]
    assert recorded_in["action"] == "record.revised"
    assert recorded_in["details"]["revision"] == 1 == _person_revision(vault, recorded_in["seq"])
    assert "Signal only" not in (tmp_path / "dossier" / "manifest.json").read_text()


def test_a_consent_withdrawn_and_given_again_cites_only_the_new_entry(
    vault: Vault, tmp_path: Path
) -> None:
    build_linked_case(vault, tmp_path / "received")
    records_service.withdraw_consent(vault, "p-017", "legal")
    manifest, ledger = _ledger(vault, tmp_path / "without")
    assert ledger == [] and manifest["testimonies"] == []  # t-1 left out with its witness

    today = date.today().isoformat()
    person = records_service.get_record(vault, "person", "p-017").body
    person["consent"].append({"scope": "legal", "given_on": today, "recorded_by": "M. L."})
    records_service.save_record(vault, "person", "p-017", person)
    manifest, (entry,) = _ledger(vault, tmp_path / "again")
    assert (entry["given_on"], entry["recorded_by"]) == (today, "M. L.")
    revised, recorded = entry["custody"]
    assert _person_revision(vault, revised["seq"]) == 3  # 1 imported, 2 withdrawn, 3 given
    assert (recorded["action"], recorded["details"]["given_on"]) == ("consent.recorded", today)
    assert export_service.check_dossier(tmp_path / "again").ok
