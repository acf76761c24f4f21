"""Ingest and symbolic links: a folder brings in only what is inside it, and a file reached
through a link says so in its custody record (DESIGN §3)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from evidence_app.core import ingest_service, items_service
from evidence_app.ingest.prepare import UnreadableFile, prepare_file
from evidence_app.storage.vault import Vault


@pytest.fixture
def chosen(tmp_path: Path) -> Path:
    folder = tmp_path / "chosen"
    folder.mkdir()
    (folder / "photo.txt").write_text("photo from the folder")
    return folder


def by_name(report: ingest_service.IngestReport) -> dict[str, ingest_service.IngestOutcome]:
    return {Path(o.path).name: o for o in report.outcomes}


def test_a_link_to_a_file_outside_the_folder_is_skipped_with_its_reason(
    vault: Vault, chosen: Path, tmp_path: Path
) -> None:
    private = tmp_path / "private-diary.txt"
    private.write_text("not meant for the vault")
    (chosen / "innocent.jpg").symlink_to(private)
    (chosen / "etc").symlink_to(tmp_path)  # a folder outside: not followed either
    report = ingest_service.ingest_paths(vault, [chosen])
    outcomes = by_name(report)
    assert outcomes["photo.txt"].status == "stored"
    assert outcomes["innocent.jpg"].status == "skipped"
    assert "a link to a file outside the folder" in (outcomes["innocent.jpg"].reason or "").lower()
    assert outcomes["etc"].status == "skipped"
    assert not report.everything_stored  # the person is told not everything was taken
    assert [i.original_name for i in items_service.list_items(vault)] == ["photo.txt"]


def test_a_link_inside_the_folder_is_stored_with_its_path_and_target_recorded(
    vault: Vault, chosen: Path
) -> None:
    (chosen / "originals").mkdir()
    target = chosen / "originals" / "scan.txt"
    target.write_text("a scan")
    (chosen / "shortcut.txt").symlink_to(target)
    report = ingest_service.ingest_paths(vault, [chosen])
    linked = by_name(report)["shortcut.txt"]  # listed before the folder holding its target
    assert linked.status == "stored"
    shown = items_service.show_item(vault, linked.item_id or "")
    assert shown.sources[0].link_target == str(target.resolve())
    ingested = next(e for e in shown.custody if e.action == "item.ingested")
    assert ingested.details["link_target"] == str(target.resolve())
    assert ingested.details["link_path"] == str(chosen / "shortcut.txt")


def test_a_link_named_on_the_command_line_is_taken_and_its_target_recorded(
    vault: Vault, chosen: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("chosen on purpose")
    link = chosen / "link.txt"
    link.symlink_to(elsewhere)
    report = ingest_service.ingest_paths(vault, [link])
    outcome = report.outcomes[0]
    assert outcome.status == "stored"
    shown = items_service.show_item(vault, outcome.item_id or "")
    assert shown.original_name == "link.txt"
    assert shown.sources[0].link_target == str(elsewhere.resolve())
    ingested = next(e for e in shown.custody if e.action == "item.ingested")
    assert ingested.details["link_target"] == str(elsewhere.resolve())


def test_a_link_loop_named_directly_fails_alone_without_hanging(vault: Vault, chosen: Path) -> None:
    (chosen / "a").symlink_to(chosen / "b")
    (chosen / "b").symlink_to(chosen / "a")
    report = ingest_service.ingest_paths(vault, [chosen / "a", chosen / "photo.txt"])
    outcomes = by_name(report)
    assert outcomes["a"].status == "failed" and outcomes["photo.txt"].status == "stored"


def test_a_pipe_is_never_opened_even_when_it_replaced_a_listed_file(tmp_path: Path) -> None:
    fifo = tmp_path / "was-a-file"
    os.mkfifo(fifo)
    raised: list[BaseException] = []

    def read() -> None:
        try:
            prepare_file(fifo, None, lambda sha256: False)  # type: ignore[arg-type]
        except BaseException as error:
            raised.append(error)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=5)
    assert not reader.is_alive(), "opening the pipe blocked"
    assert isinstance(raised[0], UnreadableFile)
