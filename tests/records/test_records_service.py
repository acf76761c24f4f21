"""Records: import and export, revisions, consent and search (DESIGN §5, issue rules)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from evidence_app.core import ingest_service, records_service
from evidence_app.records.consent import Purpose
from evidence_app.records.document import InvalidDocument
from evidence_app.records.search import SearchFilters
from evidence_app.storage.vault import Vault
from tests.records.sample_documents import records_document


def write(tmp_path: Path, document: dict, name: str = "records.json") -> Path:  # type: ignore[type-arg]
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False))
    return path


def log_actions(vault: Vault) -> list[str]:
    from evidence_app.core.items_service import custody_log

    return [event.action for event in custody_log(vault)]


def test_importing_a_document_creates_every_record(vault: Vault, tmp_path: Path) -> None:
    summary = records_service.import_records(vault, write(tmp_path, records_document()))
    assert len(summary.created) == 8 and not summary.revised
    case = records_service.get_record(vault, "case", "case-ik6")
    assert case.body["title"] == "ИК-6: пытки в 2023 году"


def test_importing_the_same_document_twice_changes_nothing(vault: Vault, tmp_path: Path) -> None:
    path = write(tmp_path, records_document())
    records_service.import_records(vault, path)
    events_before = len(log_actions(vault))
    summary = records_service.import_records(vault, path)
    assert summary.created == [] and summary.revised == [] and len(summary.unchanged) == 8
    assert len(log_actions(vault)) == events_before


def test_an_edited_document_revises_only_what_changed(vault: Vault, tmp_path: Path) -> None:
    records_service.import_records(vault, write(tmp_path, records_document()))
    edited = records_document()
    edited["testimonies"][0]["sections"]["injuries"] = "Перелом двух рёбер."
    summary = records_service.import_records(vault, write(tmp_path, edited, "edited.json"))
    assert summary.revised == ["testimony:t-1"]
    revisions = records_service.record_revisions(vault, "testimony", "t-1")
    assert [r.revision for r in revisions] == [1, 2]
    assert revisions[0].sha256 != revisions[1].sha256
    diff = records_service.compare_revisions(vault, "testimony", "t-1", 1, 2)
    assert any(line.startswith("+") and "Перелом" in line for line in diff)


def test_every_revision_is_logged_with_its_hash(vault: Vault, tmp_path: Path) -> None:
    from evidence_app.core.items_service import custody_log

    records_service.import_records(vault, write(tmp_path, records_document()))
    revision = records_service.record_revisions(vault, "testimony", "t-1")[0]
    event = next(e for e in custody_log(vault) if e.seq == revision.event_seq)
    assert event.action == "record.revised"
    assert event.subject == "testimony:t-1"
    assert event.subject_sha256 == revision.sha256


def test_people_without_a_pseudonym_get_the_next_w_number(vault: Vault, tmp_path: Path) -> None:
    records_service.import_records(vault, write(tmp_path, records_document()))
    assert records_service.get_record(vault, "person", "p-017").body["pseudonym"] == "W-001"
    assert records_service.get_record(vault, "person", "p-018").body["pseudonym"] == "W-002"
    assert records_service.get_record(vault, "person", "p-019").body["pseudonym"] == "Guard A"


def test_an_invalid_document_is_rejected_whole_with_the_path_of_each_bad_field(
    vault: Vault, tmp_path: Path
) -> None:
    bad = records_document()
    bad["people"][0]["consent"][0]["scope"] = "everyone"
    bad["testimonies"][0]["methods"].append("tickling")
    bad["incidents"][0]["date"] = "May 2023"
    bad["conditions"][0]["facility"] = "f-unknown"
    with pytest.raises(InvalidDocument) as raised:
        records_service.import_records(vault, write(tmp_path, bad))
    errors = raised.value.errors
    assert any(e.startswith("people[0].consent[0].scope:") for e in errors)
    assert any(e.startswith("testimonies[0].methods[2]:") and "beating" in e for e in errors)
    assert any(e.startswith("incidents[0].date:") for e in errors)
    assert any(e.startswith("conditions[0].facility:") for e in errors)
    assert records_service.list_records(vault, "case") == []  # nothing half-imported


def test_partial_dates_are_accepted_and_impossible_ones_refused(
    vault: Vault, tmp_path: Path
) -> None:
    document = records_document()
    document["incidents"][0]["date"] = "2023"
    records_service.import_records(vault, write(tmp_path, document))
    document["incidents"][0]["date"] = "2023-02-30"
    with pytest.raises(InvalidDocument, match=r"incidents\[0\]\.date"):
        records_service.import_records(vault, write(tmp_path, document, "bad.json"))


def test_evidence_is_linked_by_sha256_of_an_item_in_the_vault(vault: Vault, tmp_path: Path) -> None:
    photo = tmp_path / "cell.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 not really a photo")
    outcome = ingest_service.ingest_paths(vault, [photo]).outcomes[0]
    document = records_document()
    document["evidence"] = [
        {
            "sha256": outcome.sha256,
            "cases": ["case-ik6"],
            "people": ["p-017"],
            "facility": "f-ik6",
            "caption": "Камера ШИЗО",
        }
    ]
    records_service.import_records(vault, write(tmp_path, document))
    from evidence_app.core.items_service import show_item

    assert show_item(vault, outcome.item_id or "").cases == ("case-ik6",)
    document["evidence"][0]["sha256"] = "0" * 64
    with pytest.raises(InvalidDocument, match="no item in the vault"):
        records_service.import_records(vault, write(tmp_path, document, "bad.json"))


def test_export_then_import_is_a_round_trip(vault: Vault, tmp_path: Path) -> None:
    records_service.import_records(vault, write(tmp_path, records_document()))
    records_service.export_records(vault, tmp_path / "out.json")
    exported = json.loads((tmp_path / "out.json").read_text())
    assert exported["format"] == "evidence-app/records"
    assert {p["ref"] for p in exported["people"]} == {"p-017", "p-018", "p-019"}
    summary = records_service.import_records(vault, tmp_path / "out.json")
    assert summary.created == [] and summary.revised == []


def test_aliases_are_kept_with_each_revision_and_round_trip(vault: Vault, tmp_path: Path) -> None:
    document = records_document()
    document["people"][0]["aliases"] = ["Петя", " Sidorov ", "", "Сидор Кривой"]
    records_service.import_records(vault, write(tmp_path, document))
    person = records_service.get_record(vault, "person", "p-017")
    assert person.body["aliases"] == ["Петя", "Sidorov", "Сидор Кривой"]

    records_service.export_records(vault, tmp_path / "out.json")
    exported = json.loads((tmp_path / "out.json").read_text())
    (p017,) = [p for p in exported["people"] if p["ref"] == "p-017"]
    assert p017["aliases"] == ["Петя", "Sidorov", "Сидор Кривой"]
    assert records_service.import_records(vault, tmp_path / "out.json").revised == []

    p017["aliases"].append("Petya")
    write(tmp_path, exported, "edited.json")
    assert records_service.import_records(vault, tmp_path / "edited.json").revised == [
        "person:p-017"
    ]
    history = records_service.record_revisions(vault, "person", "p-017")
    assert [r.body["aliases"][-1] for r in history] == ["Сидор Кривой", "Petya"]

    document["people"][0]["aliases"] = "Петя"
    with pytest.raises(InvalidDocument, match=r"people\[0\]\.aliases"):
        records_service.import_records(vault, write(tmp_path, document, "bad.json"))


def test_consent_decides_each_purpose_separately(vault: Vault, tmp_path: Path) -> None:
    records_service.import_records(vault, write(tmp_path, records_document()))

    def allowed(person: str, purpose: Purpose) -> bool:
        return records_service.consent_decision(vault, person, purpose).allowed

    assert allowed("p-017", Purpose.LEGAL_DOSSIER)
    assert allowed("p-017", Purpose.ANONYMOUS_EXHIBITION)
    assert not allowed("p-017", Purpose.NAMING)
    assert not allowed("p-018", Purpose.LEGAL_DOSSIER)  # public and legal are independent
    assert allowed("p-018", Purpose.ANONYMOUS_EXHIBITION)  # named implies anonymous
    assert allowed("p-018", Purpose.NAMING)
    assert not allowed("p-019", Purpose.LEGAL_DOSSIER)
    assert not allowed("p-019", Purpose.DOCUMENTATION)  # nothing recorded at all


def test_withdrawing_consent_takes_effect_at_once_and_is_logged(
    vault: Vault, tmp_path: Path
) -> None:
    records_service.import_records(vault, write(tmp_path, records_document()))
    withdrawn = records_service.withdraw_consent(vault, "p-017", "legal")
    assert withdrawn == ["legal"]
    decision = records_service.consent_decision(vault, "p-017", Purpose.LEGAL_DOSSIER)
    assert not decision.allowed and "withdrawn" in decision.reason
    assert records_service.consent_decision(vault, "p-017", Purpose.ANONYMOUS_EXHIBITION).allowed
    assert log_actions(vault)[-1] == "consent.withdrawn"
    person = records_service.get_record(vault, "person", "p-017")
    assert person.body["consent"][0]["withdrawn_on"] == date.today().isoformat()


def test_search_finds_cyrillic_whatever_the_case_and_folds_yo(vault: Vault, tmp_path: Path) -> None:
    records_service.import_records(vault, write(tmp_path, records_document()))

    def refs(query: str, **filters: str) -> set[str]:
        hits = records_service.search_everything(vault, query, SearchFilters(**filters))
        return {hit.ref for hit in hits}

    assert "t-1" in refs("шизо")
    assert "t-1" in refs("ИЗБИВАЛИ")
    assert "t-1" in refs("елка")  # ё and е are the same letter for search
    assert "p-017" in refs("петр")
    assert refs("шизо", method="electric_shock") == {"t-1"}
    assert refs("шизо", method="falanga") == set()
    assert "t-1" in refs("", case="case-ik6")
    assert "c-1" in refs("ShIZO", facility="f-ik6")


def test_search_filters_by_overlapping_date_ranges(vault: Vault, tmp_path: Path) -> None:
    records_service.import_records(vault, write(tmp_path, records_document()))

    def refs(**filters: str) -> set[str]:
        hits = records_service.search_everything(vault, "", SearchFilters(**filters))
        return {hit.ref for hit in hits}

    assert "i-1" in refs(date_from="2023-05-10", date_to="2023-06-01")
    assert "i-1" not in refs(date_from="2023-06-01", date_to="2023-12-31")
    assert "t-1" in refs(date_from="2023-09-30", date_to="2024-01-01")


def test_search_finds_items_by_name(vault: Vault, tmp_path: Path) -> None:
    (tmp_path / "Протокол_допроса.pdf").write_bytes(b"%PDF-1.4 protocol")
    item = ingest_service.ingest_paths(vault, [tmp_path / "Протокол_допроса.pdf"]).outcomes[0]
    hits = records_service.search_everything(vault, "протокол")
    assert [(h.kind, h.ref) for h in hits] == [("item", item.item_id)]
    assert hits[0].to_json()["id"] == item.item_id
