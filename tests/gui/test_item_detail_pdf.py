"""The item view shows a PDF by the picture of its first page and its own metadata."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from evidence_app.core import ingest_service
from evidence_app.gui.item_detail import ItemDetail
from evidence_app.gui.jobs import Worker
from evidence_app.storage.vault import Vault
from tests.media.pdf_files import CREATED_ISO, statement


def test_a_pdf_shows_its_first_page_and_metadata(
    qtbot: QtBot, vault: Vault, tmp_path: Path
) -> None:
    path = tmp_path / "statement.pdf"
    path.write_bytes(statement(pages=3))
    (outcome,) = ingest_service.ingest_paths(vault, [path], source="lawyer").outcomes
    assert outcome.item_id is not None
    worker = Worker()
    detail = ItemDetail(worker)
    qtbot.addWidget(detail)
    detail.set_vault(vault)

    detail.show_item(outcome.item_id)
    qtbot.waitUntil(lambda: "first of 3 pages" in detail.file_facts.text(), timeout=10_000)

    picture = detail.image._item.pixmap()
    assert not picture.isNull() and max(picture.width(), picture.height()) == 512
    rows = {
        detail.exif.item(row, 0).text(): detail.exif.item(row, 1).text()
        for row in range(detail.exif.rowCount())
    }
    assert rows["Pages"] == "3" and rows["Author"] == "Advocate Olena K."
    assert rows["Created"] == CREATED_ISO and rows["PDF produced by"] == "Office PDF Writer 9"
    detail.set_vault(None)
    worker.shutdown()
