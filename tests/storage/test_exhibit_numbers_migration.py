"""Migration 0010: the table of exhibit numbers, which holds one number per item and case."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy.exc
from alembic import command

from evidence_app.core import ingest_service
from evidence_app.export.exhibit_numbers import assign_numbers
from evidence_app.storage.models import ExhibitNumber
from evidence_app.storage.schema import alembic_config
from tests.conftest import VaultCopy


def test_a_vault_from_before_numbers_opens_with_them_and_the_catalog_refuses_reuse(
    vault_copy: VaultCopy, tmp_path: Path
) -> None:
    letters = []
    for name in ("one.txt", "two.txt"):
        (tmp_path / name).write_text(f"{name}\n", encoding="utf-8")
        letters.append(tmp_path / name)
    with vault_copy.open() as vault:
        outcomes = ingest_service.ingest_paths(vault, letters).outcomes
        items = [(o.item_id or "", o.sha256 or "") for o in outcomes]
        config = alembic_config()
        with vault.reader() as session, session.begin():
            config.attributes["connection"] = session.connection()
            command.downgrade(config, "0009")
        with vault.reader() as session:
            tables = session.connection().exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE name = 'exhibit_numbers'"
            )
            assert tables.all() == []

    with vault_copy.open() as vault:  # opening upgrades to the newest schema
        assert assign_numbers(vault, "case-1", items[:1]) == {items[0][0]: 1}
        assert assign_numbers(vault, "case-1", items) == {items[0][0]: 1, items[1][0]: 2}
        assert assign_numbers(vault, "case-2", items[1:]) == {items[1][0]: 1}  # per case
        # Below the service, the catalog itself refuses a number given twice, or a second
        # number for one item in a case.
        for number, item_id in ((2, items[0][0]), (3, items[0][0])):
            row = ExhibitNumber(
                case_ref="case-1", number=number, item_id=item_id, assigned_at="", event_seq=0
            )
            with pytest.raises(sqlalchemy.exc.IntegrityError), vault.writer() as session:
                session.add(row)
