"""The evidence table stays fluid with 100,000 items: it fetches a screen, not the vault."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import insert

from evidence_app.gui.evidence_model import PAGE, EvidenceModel
from evidence_app.gui.jobs import Worker
from evidence_app.storage.models import Blob, Item
from evidence_app.storage.vault import Vault

ITEMS = 100_000


def fill(vault: Vault) -> None:
    """Catalog rows only (one shared stored content): what the table reads."""
    with vault.writer() as session:
        session.execute(
            insert(Blob),
            [{"id": "0" * 32, "size": 1, "sha256": "0" * 64, "role": "original", "created": "x"}],
        )
        session.execute(
            insert(Item),
            [
                {
                    "id": f"{n:032x}",
                    "sha256": f"{n:064x}",
                    "size": n,
                    "blob_id": "0" * 32,
                    "original_name": f"IMG_{n:06d}.jpg",
                    "original_name_raw": f"IMG_{n:06d}.jpg".encode(),
                    "media_type": "image/jpeg",
                    "captured_at": f"2023-05-01T10:{n % 60:02d}:00",
                    "exif_json": "{}",
                    "notes_json": "[]",
                    "file_times_json": "{}",
                    "ingested_at": "2026-01-01T00:00:00.000Z",
                }
                for n in range(ITEMS)
            ],
        )


def test_the_first_screen_of_100000_items_loads_without_loading_them_all(
    qtbot: QtBot, vault: Vault
) -> None:
    fill(vault)
    worker = Worker()
    model = EvidenceModel(worker)
    model.set_vault(vault)
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=10_000)
    assert model.total == ITEMS
    assert model.rowCount() == PAGE  # one page, not the vault
    assert model.canFetchMore()

    model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() == 2 * PAGE, timeout=10_000)
    assert model.loaded < ITEMS

    model.sort(0, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: model.rowCount() == PAGE, timeout=10_000)
    assert model.row_data(0).original_name == f"IMG_{ITEMS - 1:06d}.jpg"
    model.set_vault(None)
    worker.shutdown()
