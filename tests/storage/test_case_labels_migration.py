"""Migration 0009: cases typed as free text before become case records, logged and signed,
the first time the upgraded vault opens writable, and only then."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import select

from evidence_app.core import case_refs, ingest_service, records_service
from evidence_app.core.verify_service import verify_vault
from evidence_app.storage.models import CustodyEvent, ItemCase
from evidence_app.storage.schema import alembic_config
from tests.conftest import VaultCopy

LABEL = "Дело ИК 6"


def _legacy_vault(vault_copy: VaultCopy, tmp_path: Path) -> list[str]:
    """A vault as the previous version left it: items filed under typed case labels."""
    folder = tmp_path / "files"
    folder.mkdir()
    for n in range(3):
        (folder / f"letter-{n}.txt").write_text(f"letter {n}")
    with vault_copy.open() as vault:
        report = ingest_service.ingest_paths(vault, sorted(folder.iterdir()), source="post")
        ids = [outcome.item_id or "" for outcome in report.outcomes]
        config = alembic_config()
        with vault.reader() as session, session.begin():
            config.attributes["connection"] = session.connection()
            command.downgrade(config, "0008")
        with vault.reader() as session, session.begin():
            connection = session.connection()
            for item_id, label in ((ids[0], "case-ik6"), (ids[1], LABEL), (ids[2], LABEL)):
                connection.exec_driver_sql(
                    "INSERT INTO item_cases (item_id, case_ref) VALUES (?, ?)", (item_id, label)
                )
            connection.exec_driver_sql(
                "INSERT INTO item_cases (item_id, case_ref) VALUES (?, 'case-ik6')", (ids[2],)
            )
    return ids


def _events(vault_copy: VaultCopy) -> list[CustodyEvent]:
    with vault_copy.open() as vault, vault.reader() as session:
        return list(session.scalars(select(CustodyEvent).order_by(CustodyEvent.seq)))


def test_typed_case_labels_become_case_records_once_and_the_log_verifies(
    vault_copy: VaultCopy, tmp_path: Path
) -> None:
    ids = _legacy_vault(vault_copy, tmp_path)
    with vault_copy.open() as vault:  # upgrades to 0009, then adopts the labels
        cases = {case.title: case.ref for case in case_refs.list_cases(vault)}
        assert cases["case-ik6"] == "case-ik6"
        typed_ref = cases[LABEL]
        assert typed_ref.startswith("case-") and typed_ref != LABEL
        with vault.reader() as session:
            filed = {(r.item_id, r.case_ref) for r in session.scalars(select(ItemCase))}
        assert filed == {
            (ids[0], "case-ik6"),
            (ids[1], typed_ref),
            (ids[2], typed_ref),
            (ids[2], "case-ik6"),
        }
        assert records_service.get_record(vault, "case", typed_ref).body["title"] == LABEL
        report = verify_vault(vault, full=True)
        assert report.ok, [p.message for p in report.problems]
        assert any("case" in str(notice) for notice in vault.notices)
    events = _events(vault_copy)
    adopted = [e for e in events if '"adopted_label"' in e.details_json]
    assert {e.action for e in adopted} == {"record.revised"}
    moved = [e for e in events if e.action == "item.described"]
    assert len(adopted) == 2 and {e.subject for e in moved} == {ids[1], ids[2]}
    # The next open finds nothing to do and logs nothing.
    assert len(_events(vault_copy)) == len(events)
