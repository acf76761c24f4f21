"""The write path: a unit of work lands whole or not at all, seals the log's head, and says
once what it changed."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

import evidence_app
from evidence_app.core import ingest_service
from evidence_app.core.verify_service import verify_vault
from evidence_app.custody.log_state import current_head, find_rollback, recorded_checkpoint
from evidence_app.custody.tree_head import issue_checkpoint
from evidence_app.custody.write_path import batch, write
from evidence_app.records.store import current_body, save_record
from evidence_app.storage.changes import Changes
from evidence_app.storage.models import Checkpoint, CustodyEvent, Setting
from evidence_app.storage.vault import Vault
from tests.conftest import VaultCopy

PACKAGE = Path(evidence_app.__file__).parent
CASE = {"title": "ИК-6", "description": "Колония общего режима"}


def sealed_head(vault: Vault) -> dict[str, object]:
    """The head vault.json keeps sealed, as the rollback check at open reads it."""
    raw = vault.open_state()
    assert raw is not None
    head: dict[str, object] = json.loads(raw)["head"]
    return head


def event_count(vault: Vault) -> int:
    with vault.reader() as session:
        return int(session.scalar(select(func.count(CustodyEvent.seq))) or 0)


def one_item(vault: Vault, tmp_path: Path) -> str:
    photo = tmp_path / "cell.txt"
    photo.write_text("Камера 14, второй этаж", encoding="utf-8")
    item_id = ingest_service.ingest_paths(vault, [photo]).outcomes[0].item_id
    assert item_id is not None
    return item_id


# -- one write path ---------------------------------------------------------------------------


def test_only_the_write_path_appends_events_or_records_the_head() -> None:
    allowed = {
        PACKAGE / "custody" / "write_path.py",
        PACKAGE / "custody" / "events.py",  # defines append_event
        PACKAGE / "custody" / "log_state.py",  # defines record_head
    }
    named = re.compile(r"\b(append_event|record_head)\b")
    elsewhere = [
        f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path not in allowed
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if named.search(line)
    ]
    assert elsewhere == [], "write through custody.write_path.write(vault) instead"


def test_nothing_outside_storage_reaches_the_vaults_engine_or_signing_key() -> None:
    private = re.compile(r"\.(_?engine|_?signing_key)\b")
    elsewhere = [
        f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if "storage" not in path.relative_to(PACKAGE).parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if private.search(line)
    ]
    assert elsewhere == [], "read with vault.reader(), sign with vault.sign"


# -- all or nothing ---------------------------------------------------------------------------


def test_the_events_of_one_unit_land_together(vault: Vault) -> None:
    before = event_count(vault)
    with write(vault) as unit:
        save_record(unit, "case", "case-ik6", CASE)
        unit.event("consent.recorded", subject="person:p-1", details={"scope": "legal"})
    assert event_count(vault) == before + 2
    assert [event.seq for event in unit.events] == [before + 1, before + 2]


def test_an_exception_in_the_unit_leaves_no_event_no_row_and_publishes_nothing(
    vault: Vault,
) -> None:
    heard: list[Changes] = []
    vault.subscribe(heard.append)
    before = current_head(vault)
    vault_json = (vault.path / "vault.json").read_bytes()

    with pytest.raises(RuntimeError, match="power cut"), write(vault) as unit:
        unit.session.add(Setting(key="written_then_lost", value="x"))
        save_record(unit, "case", "case-ik6", CASE)
        raise RuntimeError("power cut")

    assert current_head(vault) == before
    with vault.reader() as session:
        assert session.get(Setting, "written_then_lost") is None
        assert current_body(session, "case", "case-ik6") is None
    assert heard == []
    assert (vault.path / "vault.json").read_bytes() == vault_json


# -- the log's head ---------------------------------------------------------------------------


def test_after_a_unit_with_events_vault_json_seals_the_newest_event(vault: Vault) -> None:
    with write(vault) as unit:
        save_record(unit, "case", "case-ik6", CASE)
        save_record(unit, "case", "case-ik2", {**CASE, "title": "ИК-2"})
    newest = current_head(vault)
    assert newest is not None and newest.seq == unit.events[-1].seq
    assert sealed_head(vault) == {"seq": newest.seq, "hash": newest.hash}
    assert find_rollback(vault) is None


def test_a_unit_with_a_checkpoint_seals_it_with_the_head(vault: Vault) -> None:
    issued = issue_checkpoint(vault)
    assert recorded_checkpoint(vault) == {
        "size": issued.size,
        "root": issued.root,
        "note": issued.note,
    }
    newest = current_head(vault)
    assert newest is not None
    assert sealed_head(vault) == {"seq": newest.seq, "hash": newest.hash}
    assert find_rollback(vault) is None


def test_a_kill_between_a_checkpoints_commit_and_its_seal_leaves_a_vault_that_opens_writable(
    vault_copy: VaultCopy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a kill -9 right after the commit leaves: the catalog with the checkpoint and
    vault.json as sealed before the commit. It must not read as an old vault.json."""
    from evidence_app.custody import write_path

    snapshot = tmp_path / "as-the-kill-left-it"
    sealed = write_path.record_head

    def seal_or_die(vault: Vault, checkpoint: dict[str, object] | None = None) -> None:
        with vault.reader() as session:
            committed = session.scalar(select(func.count()).select_from(Checkpoint))
        if committed:  # after the commit: the process "dies" before sealing
            shutil.copytree(vault.path, snapshot, ignore=shutil.ignore_patterns("vault.lock"))
            return
        sealed(vault, checkpoint)

    with vault_copy.open() as vault:
        monkeypatch.setattr(write_path, "record_head", seal_or_die)
        issue_checkpoint(vault)
        monkeypatch.setattr(write_path, "record_head", sealed)
    with VaultCopy(snapshot, "", vault_copy.recovery_code).open() as vault:
        assert vault.read_only_reason is None
        assert find_rollback(vault) is None
        assert verify_vault(vault).ok


def test_units_in_a_batch_seal_the_head_once_when_the_batch_ends(vault: Vault) -> None:
    heard: list[Changes] = []
    vault.subscribe(heard.append)
    sealed_before = sealed_head(vault)
    with batch(vault):
        for ref in ("case-1", "case-2", "case-3"):
            with write(vault) as unit:
                save_record(unit, "case", ref, CASE)
        assert sealed_head(vault) == sealed_before  # not one vault.json write per unit
        assert len(heard) == 3  # views still hear each unit as it commits
    newest = current_head(vault)
    assert newest is not None
    assert sealed_head(vault) == {"seq": newest.seq, "hash": newest.hash}


def test_a_batch_stopped_by_an_exception_still_seals_what_committed(vault: Vault) -> None:
    with pytest.raises(RuntimeError), batch(vault):
        with write(vault) as unit:
            save_record(unit, "case", "case-1", CASE)
        raise RuntimeError("cancelled half-way")
    newest = current_head(vault)
    assert newest is not None
    assert sealed_head(vault) == {"seq": newest.seq, "hash": newest.hash}


# -- what changed -----------------------------------------------------------------------------


def test_a_subscriber_hears_once_per_unit_exactly_what_its_events_name(
    vault: Vault, tmp_path: Path
) -> None:
    item_id = one_item(vault, tmp_path)
    heard: list[Changes] = []
    vault.subscribe(heard.append)

    with write(vault) as unit:
        unit.event("item.described", subject=item_id, details={"note": "второй этаж"})
        save_record(unit, "case", "case-ik6", CASE)
        unit.event("consent.recorded", subject="person:p-1", details={"scope": "legal"})
    with write(vault) as unit:
        unit.event("export.created", subject="case:case-ik6", details={"kind": "test"})
    with write(vault) as unit:
        unit.event("vault.compacted", subject="log", details={"blobs_rewritten": 0})

    assert heard == [
        Changes(
            items=frozenset({item_id}),
            records=frozenset({("case", "case-ik6"), ("person", "p-1")}),
            log=True,
        ),
        Changes(exports=True, log=True),
        Changes(vault=True, log=True),
    ]
    assert heard[0].records_of("person") == {"p-1"}


def test_a_change_no_event_names_is_published_without_touching_the_head(vault: Vault) -> None:
    heard: list[Changes] = []
    vault.subscribe(heard.append)
    vault_json = (vault.path / "vault.json").read_bytes()
    with write(vault) as unit:
        unit.changed(Changes(items=frozenset({"linked-item"})))
    assert heard == [Changes(items=frozenset({"linked-item"}))]
    assert unit.changes == heard[0]
    assert (vault.path / "vault.json").read_bytes() == vault_json


def test_a_unit_that_changes_nothing_publishes_nothing(vault: Vault) -> None:
    heard: list[Changes] = []
    vault.subscribe(heard.append)
    vault_json = (vault.path / "vault.json").read_bytes()
    with write(vault) as unit:
        unit.session.add(Setting(key="bookkeeping", value="not shown anywhere"))
    assert heard == []
    assert not unit.changes
    assert (vault.path / "vault.json").read_bytes() == vault_json


def test_an_unsubscribed_listener_hears_nothing_more(vault: Vault) -> None:
    heard: list[Changes] = []
    unsubscribe = vault.subscribe(heard.append)
    with write(vault) as unit:
        save_record(unit, "case", "case-1", CASE)
    unsubscribe()
    with write(vault) as unit:
        save_record(unit, "case", "case-2", CASE)
    assert [changes.records for changes in heard] == [frozenset({("case", "case-1")})]


def test_ingest_publishes_the_items_it_stored(vault: Vault, tmp_path: Path) -> None:
    heard: list[Changes] = []
    vault.subscribe(heard.append)
    item_id = one_item(vault, tmp_path)
    assert any(item_id in changes.items for changes in heard)
    newest = current_head(vault)
    assert newest is not None
    assert sealed_head(vault) == {"seq": newest.seq, "hash": newest.hash}


def test_a_listener_that_fails_does_not_turn_a_committed_write_into_an_error(
    vault: Vault,
) -> None:
    heard: list[Changes] = []

    def broken(_changes: Changes) -> None:
        raise RuntimeError("a view fell over")

    vault.subscribe(broken)
    vault.subscribe(heard.append)
    with write(vault) as unit:
        unit.changed(Changes(items=frozenset({"x"})))
    assert heard == [Changes(items=frozenset({"x"}))]
