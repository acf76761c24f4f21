"""Provenance at ingest from the shell: recorded, shown, signed, and refused whole when wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from evidence_app.core import ingest_service, records_service, verify_service
from tests.cli.cli_runner import evidence_app
from tests.conftest import VaultCopy
from tests.records.sample_documents import records_document

CHAIN = {
    "captured_by": {"person": "p-017"},
    "received_on": "2024-03-15",
    "received_via": "signal",
    "custodians": [
        {"name": "Olena (sister)", "date": "2024-03-10", "purpose": "kept it on her phone"},
        {"person": "p-018", "date": "2024-03", "purpose": "forwarded it"},
    ],
}


def unlock(vault_copy: VaultCopy, secret_files: dict[str, Path]) -> list[str]:
    return ["--vault", str(vault_copy.path), "--recovery-file", str(secret_files["recovery"])]


@pytest.fixture
def args(vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path) -> list[str]:
    """Unlock options of a vault that has the sample people (p-017, p-018) and cases."""
    document = tmp_path / "people.json"
    document.write_text(json.dumps(records_document(), ensure_ascii=False), encoding="utf-8")
    with vault_copy.open() as vault:
        records_service.import_records(vault, document)
    return unlock(vault_copy, secret_files)


def photo(tmp_path: Path, name: str = "perimeter.jpg", content: bytes = b"not a jpeg") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def provenance_options() -> list[str]:
    return [
        "--captured-by",
        "person:p-017",
        "--received-on",
        "15.03.2024",  # typed day first; stored as ISO
        "--received-via",
        "signal",
        "--custodian",
        "Olena (sister)|2024-03-10|kept it on her phone",
        "--custodian",
        "person:p-018|03.2024|forwarded it",
    ]


def test_ingest_records_the_provenance_items_show_reports_it_and_the_event_signs_it(
    args: list[str], tmp_path: Path
) -> None:
    file = photo(tmp_path)
    ingested = evidence_app(
        "ingest", str(file), "--source", "Signal", *provenance_options(), "--json", *args
    )
    assert ingested.code == 0, ingested.err
    (outcome,) = json.loads(ingested.out)["files"]
    shown = json.loads(evidence_app("items", "show", outcome["id"], "--json", *args).out)
    (source,) = shown["sources"]
    assert source["source"] == "Signal"
    assert source["provenance"] == CHAIN
    (ingest_event,) = [e for e in shown["custody"] if e["action"] == "item.ingested"]
    assert ingest_event["seq"] == source["event_seq"]
    assert ingest_event["details"]["provenance"] == CHAIN
    assert evidence_app("verify", *args).code == 0


def test_the_same_bytes_through_another_chain_are_another_receipt(
    args: list[str], tmp_path: Path
) -> None:
    file = photo(tmp_path)
    assert evidence_app("ingest", str(file), "--source", "Signal", *args).code == 0
    again = evidence_app(
        "ingest", str(file), "--source", "Signal", "--received-via", "usb", "--json", *args
    )
    assert again.code == 0, again.err
    (outcome,) = json.loads(again.out)["files"]
    assert outcome["status"] == "reacquired"
    shown = json.loads(evidence_app("items", "show", outcome["id"], "--json", *args).out)
    assert [s["provenance"] for s in shown["sources"]] == [None, {"received_via": "usb"}]
    assert evidence_app("verify", *args).code == 0


WRONG = [
    (["--received-via", "pigeon"], "unknown code 'pigeon'"),
    (["--received-on", "31.02.2024"], "not a date in the calendar"),
    (["--received-on", "last spring"], "must be a date like"),
    (["--custodian", "Olena|yesterday|kept it"], "must be a date like"),
    (["--custodian", "|2024|kept it"], "give a name or person:REF"),
    (["--captured-by", "person:p-404"], "no person has the ref 'p-404'"),
    (["--custodian", "person:p-404|2024"], "no person has the ref 'p-404'"),
    (["--captured-by", "person:../../etc"], "must be a ref"),
]


def test_wrong_provenance_is_refused_with_exit_2_and_nothing_is_ingested(
    args: list[str], tmp_path: Path
) -> None:
    file = photo(tmp_path)
    for options, said in WRONG:
        refused = evidence_app("ingest", str(file), "--received-via", "usb", *options, *args)
        assert refused.code == 2, options
        assert said in refused.err, (options, refused.err)
        assert "Traceback" not in refused.err
    assert json.loads(evidence_app("items", "list", "--json", *args).out) == []
    log = json.loads(evidence_app("log", "--json", *args).out)
    assert not [event for event in log if event["action"].startswith("item.")]


def _tamper(vault_copy: VaultCopy, statement: str) -> None:
    """Edit the catalog through the vault's own keys, as someone with them would."""
    with vault_copy.open() as vault, vault.writer() as session:
        session.execute(text(statement))


@pytest.mark.parametrize(
    "statement",
    [
        # The sister becomes someone else.
        "UPDATE item_sources SET provenance_json = replace(provenance_json, 'Olena', 'Irina')",
        # The chain is dropped.
        "UPDATE item_sources SET provenance_json = NULL",
        # The chain of another receipt is moved onto this one.
        "UPDATE item_sources SET event_seq = 1",
        # The free-text source is rewritten.
        "UPDATE item_sources SET source = 'found online'",
    ],
)
def test_a_catalog_that_rewrites_the_provenance_fails_verify(
    args: list[str], vault_copy: VaultCopy, tmp_path: Path, statement: str
) -> None:
    with vault_copy.open() as vault:  # as the first test: the CLI's options end here
        report = ingest_service.ingest_paths(
            vault, [photo(tmp_path)], source="Signal", provenance=CHAIN
        )
        assert verify_service.verify_vault(vault).ok
    (outcome,) = report.to_json()["files"]
    _tamper(vault_copy, statement)
    checked = evidence_app("verify", "--json", *args)
    assert checked.code == 1
    report = json.loads(checked.out)
    assert report["bad_items"] == [outcome["id"]]
    assert any("provenance" in p["message"] for p in report["problems"])
