"""`evidence[].provenance` in the records format: checked whole, recorded on the item's
receipt as a signed event, idempotent, exported back, and watched by `verify`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from evidence_app.core import ingest_service, items_service, records_service, verify_service
from evidence_app.core.items_service import custody_log
from evidence_app.records.document import InvalidDocument
from evidence_app.storage.vault import Vault
from tests.records.sample_documents import records_document

CHAIN = {
    "captured_by": "Olena K.",  # a plain string is a name
    "received_on": "2024-03",
    "received_via": "whatsapp",
    "custodians": [{"person": "p-018", "date": "2024-03-02", "purpose": "copied it to a USB"}],
}
STORED = {**CHAIN, "captured_by": {"name": "Olena K."}}


def _document(sha256: str, provenance: Any) -> dict[str, Any]:
    document = records_document()
    document["evidence"] = [{"sha256": sha256, "caption": "Perimeter", "provenance": provenance}]
    return document


def _import(vault: Vault, tmp_path: Path, document: dict[str, Any]) -> Any:
    path = tmp_path / "records.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return records_service.import_records(vault, path)


@pytest.fixture
def item(vault: Vault, tmp_path: Path) -> tuple[str, str]:
    (tmp_path / "perimeter.jpg").write_bytes(b"photo of the perimeter")
    report = ingest_service.ingest_paths(vault, [tmp_path / "perimeter.jpg"], source="WhatsApp")
    (outcome,) = report.outcomes
    assert outcome.item_id and outcome.sha256
    return outcome.item_id, outcome.sha256


def test_import_records_the_provenance_on_the_receipt_once(
    vault: Vault, tmp_path: Path, item: tuple[str, str]
) -> None:
    item_id, sha256 = item
    _import(vault, tmp_path, _document(sha256, CHAIN))
    (source,) = items_service.show_item(vault, item_id).sources
    assert source.provenance == STORED
    (recorded,) = [e for e in custody_log(vault) if e.action == "item.provenance_recorded"]
    assert recorded.subject == item_id and recorded.subject_sha256 == sha256
    assert recorded.details["receipt"] == source.event_seq
    assert recorded.details["provenance"] == STORED

    again = _import(vault, tmp_path, _document(sha256, CHAIN))
    assert f"evidence:{sha256}" in again.unchanged
    assert len([e for e in custody_log(vault) if e.action == "item.provenance_recorded"]) == 1
    assert verify_service.verify_vault(vault).ok


def test_a_corrected_chain_is_a_new_signed_record_and_verify_follows_the_latest(
    vault: Vault, tmp_path: Path, item: tuple[str, str]
) -> None:
    item_id, sha256 = item
    _import(vault, tmp_path, _document(sha256, CHAIN))
    corrected = {**CHAIN, "received_on": "2024-03-04"}
    summary = _import(vault, tmp_path, _document(sha256, corrected))
    assert f"evidence:{sha256}" in summary.revised  # the caption stayed; the receipt did not
    (source,) = items_service.show_item(vault, item_id).sources
    assert source.provenance is not None and source.provenance["received_on"] == "2024-03-04"
    assert verify_service.verify_vault(vault).ok
    # Putting the first version back into the catalog is a rollback the log does not back.
    with vault.writer() as session:
        session.execute(
            text(
                "UPDATE item_sources SET provenance_json = "
                "replace(provenance_json, '2024-03-04', '2024-03')"
            )
        )
    report = verify_service.verify_vault(vault)
    assert report.bad_items == [item_id]


def test_records_export_writes_the_provenance_back_and_it_round_trips(
    vault: Vault, tmp_path: Path, item: tuple[str, str]
) -> None:
    _item_id, sha256 = item
    _import(vault, tmp_path, _document(sha256, CHAIN))
    exported = tmp_path / "exported.json"
    records_service.export_records(vault, exported)
    document = json.loads(exported.read_text(encoding="utf-8"))
    (evidence,) = document["evidence"]
    assert evidence["provenance"] == STORED
    summary = _import(vault, tmp_path, document)
    assert not summary.created and not summary.revised


@pytest.mark.parametrize(
    ("provenance", "path", "said"),
    [
        ({"received_via": "carrier pigeon"}, "provenance.received_via", "unknown code"),
        ({"received_on": "2024-13"}, "provenance.received_on", "is not a date"),
        ({"captured_by": {"person": "p-404"}}, "provenance.captured_by.person", "'p-404'"),
        ({"custodians": [{"person": "p-404"}]}, "provenance.custodians[0].person", "'p-404'"),
        ({"custodians": [{"date": "2024"}]}, "provenance.custodians[0].name", "is required"),
        ({"custodians": "sister"}, "provenance.custodians", "must be a list"),
        ({"captured_by": {"person": "p-017", "name": "x"}}, "captured_by.name", "not both"),
        ({"received_by": "me"}, "provenance.received_by", "unknown field"),
        (["signal"], "evidence[0].provenance", "must be an object"),
    ],
)
def test_wrong_provenance_refuses_the_whole_document_naming_the_field(
    vault: Vault, tmp_path: Path, item: tuple[str, str], provenance: Any, path: str, said: str
) -> None:
    item_id, sha256 = item
    with pytest.raises(InvalidDocument) as refused:
        _import(vault, tmp_path, _document(sha256, provenance))
    assert any(path in error and said in error for error in refused.value.errors), (
        refused.value.errors
    )
    # Refused whole: not even the people of the same document were stored.
    assert records_service.find_record(vault, "person", "p-017") is None
    (source,) = items_service.show_item(vault, item_id).sources
    assert source.provenance is None
