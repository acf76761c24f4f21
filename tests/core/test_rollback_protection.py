"""Older copies of catalog.db or vault.json put back: seen, refused for writing, never lost.

The attacker needs no key: catalog.db can be swapped for an older copy and the sealed
state in vault.json can be set to null with a text editor (DESIGN §8, rollback).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from evidence_app.core import ingest_service, items_service, vault_service, verify_service
from evidence_app.custody.tree_head import issue_checkpoint
from evidence_app.custody.write_path import record_head_now
from evidence_app.kernel.errors import BadInput, VaultReadOnly
from evidence_app.storage.blob_maintenance import quarantined_ids
from evidence_app.storage.content import content_writer
from evidence_app.storage.models import CustodyEvent
from tests.blob_files import blob_path
from tests.conftest import VaultCopy
from tests.core.vault_copies import (
    CATALOG_FILES,
    ingest_text,
    put_back,
    remove_sealed_state,
    save_copy,
    with_a_then_b,
)


def files_under(folder: Path) -> set[str]:
    return {p.name for p in folder.rglob("*") if p.is_file()}


def test_an_old_catalog_with_the_sealed_state_removed_opens_read_only_and_loses_nothing(
    vault_copy: VaultCopy, tmp_path: Path
) -> None:
    a, b, backup = with_a_then_b(vault_copy, tmp_path)
    put_back(backup, vault_copy.path, CATALOG_FILES)
    remove_sealed_state(vault_copy.path)

    with vault_copy.open() as vault:
        assert vault.read_only_reason is not None
        assert "vault.json holds no record of the custody log" in vault.read_only_reason
        assert "accept-catalog --yes" in vault.read_only_reason
        assert blob_path(vault, b.blob_id).is_file()  # neither deleted nor moved
        assert quarantined_ids(vault) == []
        report = verify_service.verify_vault(vault, full=True)
        assert not report.ok
        assert report.read_only_reason == vault.read_only_reason
        assert b.blob_id in report.unreferenced
        assert {p.kind for p in report.problems} == {"state", "quarantine"}
        assert [i.sha256 for i in items_service.list_items(vault)] == [a.sha256]
    assert vault_copy.path.joinpath("vault.json").read_text().count('"checkpoint": null') == 1


def test_an_old_catalog_with_its_old_vault_json_cannot_be_seen_but_nothing_is_deleted(
    vault_copy: VaultCopy, tmp_path: Path
) -> None:
    """A careless restore of both files: the two agree, so only the blobs tell."""
    _a, b, backup = with_a_then_b(vault_copy, tmp_path)
    put_back(backup, vault_copy.path, (*CATALOG_FILES, "vault.json"))

    with vault_copy.open() as vault:
        assert vault.read_only_reason is None
        assert not blob_path(vault, b.blob_id).is_file()
        assert quarantined_ids(vault) == [b.blob_id]
        report = verify_service.verify_vault(vault)
        assert not report.ok
        assert report.quarantined == [b.blob_id]
        assert any("recover-orphans" in p.message for p in report.problems)


def test_an_old_vault_json_behind_the_catalogs_newest_checkpoint_is_detected(
    vault_copy: VaultCopy, tmp_path: Path
) -> None:
    received = tmp_path / "received"
    with vault_copy.open() as vault:
        ingest_text(vault, received, "a.txt", "first")
        issue_checkpoint(vault)  # vault.json now keeps a checkpoint over 2 events
    save_copy(vault_copy.path, tmp_path / "old", ("vault.json",))
    with vault_copy.open() as vault:
        ingest_text(vault, received, "b.txt", "second")
        issue_checkpoint(vault)
    put_back(tmp_path / "old", vault_copy.path, ("vault.json",))

    with vault_copy.open() as vault:
        assert vault.read_only_reason is not None
        assert "checkpoint over 4 events, but vault.json keeps one over 2" in (
            vault.read_only_reason
        )


def test_an_old_vault_json_from_before_any_checkpoint_is_detected(
    vault_copy: VaultCopy, tmp_path: Path
) -> None:
    save_copy(vault_copy.path, tmp_path / "old", ("vault.json",))
    with vault_copy.open() as vault:
        ingest_text(vault, tmp_path / "received", "a.txt", "first")
        issue_checkpoint(vault)
    put_back(tmp_path / "old", vault_copy.path, ("vault.json",))

    with vault_copy.open() as vault:
        assert vault.read_only_reason is not None
        assert "an older copy of vault.json was put back" in vault.read_only_reason


def test_a_catalog_merely_ahead_of_vault_json_opens_for_writing(
    vault_copy: VaultCopy, tmp_path: Path
) -> None:
    """What a kill -9 between a commit and the next seal leaves: nothing is lost by it."""
    save_copy(vault_copy.path, tmp_path / "old", ("vault.json",))
    with vault_copy.open() as vault:
        ingest_text(vault, tmp_path / "received", "a.txt", "first")
    put_back(tmp_path / "old", vault_copy.path, ("vault.json",))

    with vault_copy.open() as vault:
        assert vault.read_only_reason is None


def test_another_history_under_the_recorded_event_number_is_detected(
    vault_copy: VaultCopy, tmp_path: Path
) -> None:
    """A fork: the old catalog, extended with a different event where B's was."""
    _a, _b, backup = with_a_then_b(vault_copy, tmp_path)
    save_copy(vault_copy.path, tmp_path / "after-b", ("vault.json",))
    put_back(backup, vault_copy.path, (*CATALOG_FILES, "vault.json"))
    with vault_copy.open() as vault:
        ingest_text(vault, tmp_path / "received", "c.txt", "a different story")
    put_back(tmp_path / "after-b", vault_copy.path, ("vault.json",))

    with vault_copy.open() as vault:
        assert vault.read_only_reason is not None
        assert "is not the one vault.json recorded" in vault.read_only_reason


def test_an_altered_sealed_state_opens_read_only(vault_copy: VaultCopy) -> None:
    path = vault_copy.path / "vault.json"
    data = json.loads(path.read_text())
    sealed = data["checkpoint"]["sealed"]
    data["checkpoint"]["sealed"] = ("B" if sealed[0] == "A" else "A") + sealed[1:]
    path.write_text(json.dumps(data))

    with vault_copy.open() as vault:
        assert vault.read_only_reason is not None
        assert "does not authenticate" in vault.read_only_reason
        assert not verify_service.verify_vault(vault).ok
        assert vault_service.accept_catalog(vault).accepted.kind == "altered"
    with vault_copy.open() as vault:
        assert vault.read_only_reason is None
        assert verify_service.verify_vault(vault).ok


def test_every_write_is_refused_while_read_only_and_reading_still_works(
    vault_copy: VaultCopy, tmp_path: Path
) -> None:
    a, _b, backup = with_a_then_b(vault_copy, tmp_path)
    put_back(backup, vault_copy.path, CATALOG_FILES)
    remove_sealed_state(vault_copy.path)
    vault_json = (vault_copy.path / "vault.json").read_bytes()
    catalog = {name: (vault_copy.path / name).read_bytes() for name in ("catalog.db",)}
    (tmp_path / "new.txt").write_text("new")

    with vault_copy.open() as vault:
        with pytest.raises(VaultReadOnly, match="no record of the custody log"):
            ingest_service.ingest_paths(vault, [tmp_path / "new.txt"])
        with pytest.raises(VaultReadOnly), vault.writer():
            pass
        with pytest.raises(VaultReadOnly):
            record_head_now(vault)
        with pytest.raises(VaultReadOnly):
            content_writer(vault).write_bytes(b"anything")
        with pytest.raises(VaultReadOnly):
            vault.quarantine_unreferenced_blobs()
        extracted = items_service.extract_item(vault, a.id, tmp_path / "out.txt")
        assert extracted.logged is False
        assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "Показания А"
        assert vault_service.vault_info(vault).read_only_reason == vault.read_only_reason
    # Closing records nothing either.
    assert (vault_copy.path / "vault.json").read_bytes() == vault_json
    assert (vault_copy.path / "catalog.db").read_bytes() == catalog["catalog.db"]


def test_accepting_the_catalog_is_logged_and_allows_writing_again(
    vault_copy: VaultCopy, tmp_path: Path
) -> None:
    _a, b, backup = with_a_then_b(vault_copy, tmp_path)
    put_back(backup, vault_copy.path, CATALOG_FILES)
    with vault_copy.open() as vault:
        reason = vault.read_only_reason
        assert reason is not None and "recorded event 3, but the catalog ends at event 2" in reason
        accepted = vault_service.accept_catalog(vault)
        assert vault.read_only_reason is None
        assert accepted.quarantined == (b.blob_id,)  # set aside now, as an open would
        ingest_text(vault, tmp_path / "received", "c.txt", "after the decision")
    with vault_copy.open() as vault:
        assert vault.read_only_reason is None
        with vault.reader() as session:
            event = session.scalars(
                select(CustodyEvent).where(CustodyEvent.action == "vault.state_accepted")
            ).one()
        details = json.loads(event.details_json)
        assert event.seq == accepted.event == 3
        assert details["kind"] == "older"
        assert details["recorded"]["head"]["seq"] == 3
        assert details["found"]["head"]["seq"] == 2
        report = verify_service.verify_vault(vault, full=True)
        assert report.quarantined == [b.blob_id]
        assert {p.kind for p in report.problems} == {"quarantine"}


def test_accepting_an_older_vault_json_keeps_its_dropped_checkpoint_in_the_log(
    vault_copy: VaultCopy, tmp_path: Path
) -> None:
    with vault_copy.open() as vault:
        ingest_text(vault, tmp_path / "received", "a.txt", "first")
        issue_checkpoint(vault)
    save_copy(vault_copy.path, tmp_path / "old", ("vault.json",))
    with vault_copy.open() as vault:
        issue_checkpoint(vault)
    put_back(tmp_path / "old", vault_copy.path, ("vault.json",))
    with vault_copy.open() as vault:
        accepted = vault_service.accept_catalog(vault)
        assert accepted.accepted.kind == "old_vault_file"
    with vault_copy.open() as vault:
        assert vault.read_only_reason is None
        assert verify_service.verify_vault(vault).ok


def test_there_is_nothing_to_accept_on_a_vault_that_accepts_writes(vault_copy: VaultCopy) -> None:
    with vault_copy.open() as vault, pytest.raises(BadInput, match="not read-only"):
        vault_service.accept_catalog(vault)


def test_travel_mode_can_still_be_turned_on_while_read_only(vault_copy: VaultCopy) -> None:
    """Key slots hold no evidence; crossing a border must not wait for the decision."""
    remove_sealed_state(vault_copy.path)
    with vault_copy.open() as vault:
        assert vault.read_only_reason is not None
        assert vault_service.travel_mode_on(vault) == 1
    assert vault_service.in_travel_mode(vault_service.read_vault_file(vault_copy.path).slots)
