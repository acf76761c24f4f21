"""Naming an item: its id or SHA-256, or a hexadecimal prefix of either; nothing else."""

from __future__ import annotations

import secrets
import uuid
from pathlib import Path

import pytest

from evidence_app.core import ingest_service, items_service
from evidence_app.core.item_results import ItemSummary
from evidence_app.core.items_service import ItemQuery
from evidence_app.kernel.errors import BadInput
from evidence_app.storage.vault import Vault
from tests.cli.cli_runner import evidence_app
from tests.conftest import VaultCopy


def ingest(vault: Vault, folder: Path, files: dict[str, str]) -> dict[str, ItemSummary]:
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text)
    ingest_service.ingest_paths(vault, [folder / name for name in files])
    return {item.original_name: item for item in items_service.list_items(vault)}


@pytest.mark.parametrize("ref", ["______", "%%%%%%", "0c____", "%", "abc%ef", "zzzzzz", "abc"])
def test_a_ref_that_is_not_hexadecimal_or_too_short_opens_nothing(
    vault: Vault, tmp_path: Path, ref: str
) -> None:
    ingest(vault, tmp_path / "in", {"only.txt": "the only item"})
    with pytest.raises(BadInput, match="0-9, a-f"):
        items_service.find_item(vault, ref)


def test_an_id_or_sha256_prefix_in_either_case_finds_the_item(vault: Vault, tmp_path: Path) -> None:
    item = ingest(vault, tmp_path / "in", {"a.txt": "statement"})["a.txt"]
    assert items_service.find_item(vault, item.id[:6].upper()).id == item.id
    assert items_service.find_item(vault, item.sha256).id == item.id


def test_an_ambiguous_prefix_names_every_candidate_and_exits_2(
    vault_copy: VaultCopy,
    secret_files: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Two items whose ids share their first characters, as random ids eventually do.
    monkeypatch.setattr(uuid, "uuid4", lambda: uuid.UUID(hex="abcdef" + secrets.token_hex(13)))
    with vault_copy.open() as vault:
        items = ingest(vault, tmp_path / "in", {"a.txt": "first", "b.txt": "second"})
    monkeypatch.undo()
    args = ["--vault", str(vault_copy.path), "--recovery-file", str(secret_files["recovery"])]
    result = evidence_app("items", "show", "ABCDEF", *args)
    assert result.code == 2
    for item in items.values():
        assert f"{item.id} ({item.original_name})" in result.err


def test_percent_and_underscore_in_the_table_filter_are_plain_characters(
    vault: Vault, tmp_path: Path
) -> None:
    ingest(vault, tmp_path / "in", {"100%_sure.txt": "one", "plain.txt": "two"})
    assert items_service.count_items(vault, ItemQuery(text="%")) == 1
    assert items_service.count_items(vault, ItemQuery(text="_")) == 1
    assert items_service.count_items(vault, ItemQuery(text="0%_s")) == 1
    assert items_service.count_items(vault, ItemQuery(text="p_ain")) == 0
