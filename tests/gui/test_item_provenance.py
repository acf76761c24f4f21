"""The item view's Sources tab shows each receipt's provenance, read-only, in the interface
language: who captured the file, when and how it was received, and who held it before."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from evidence_app.core import ingest_service, records_service
from evidence_app.gui.i18n import set_language
from evidence_app.gui.item_detail import ItemDetail
from evidence_app.gui.jobs import Worker
from evidence_app.storage.vault import Vault
from tests.ingest import camera_files
from tests.records.sample_documents import records_document

CHAIN = {
    "captured_by": {"person": "p-017"},
    "received_on": "2024-03-15",
    "received_via": "signal",
    "custodians": [
        {"name": "Olena", "date": "2024-03-10", "purpose": "kept it on her phone"},
        {"person": "p-019", "date": "2024-03", "purpose": "forwarded it"},
    ],
}
SHOWN = {
    "en": {
        "Captured by": "W-001 (p-017)",
        "Received on": "15/03/2024",
        "Received via": "Signal",
        "Prior custodians": (
            "Olena, 10/03/2024: kept it on her phone\nGuard A (p-019), 03/2024: forwarded it"
        ),
    },
    "uk": {
        "Хто зняв або створив": "W-001 (p-017)",
        "Дата отримання": "15.03.2024",
        "Спосіб отримання": "Signal (месенджер)",
        "Попередні зберігачі": (
            "Olena, 10.03.2024: kept it on her phone\nGuard A (p-019), 03.2024: forwarded it"
        ),
    },
}


@pytest.fixture
def item_id(vault: Vault, tmp_path: Path) -> str:
    (tmp_path / "records.json").write_text(json.dumps(records_document(), ensure_ascii=False))
    records_service.import_records(vault, tmp_path / "records.json")
    photo = tmp_path / "perimeter.jpg"
    photo.write_bytes(camera_files.canon_eos())
    (outcome,) = ingest_service.ingest_paths(
        vault, [photo], source="lawyer M.", provenance=CHAIN
    ).outcomes
    assert outcome.item_id is not None
    return outcome.item_id


@pytest.fixture(params=["en", "uk"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    set_language(request.param)
    yield request.param
    set_language("en")


def test_the_sources_tab_shows_the_provenance_read_only_in_the_interface_language(
    qtbot: QtBot, vault: Vault, item_id: str, language: str
) -> None:
    worker = Worker()
    detail = ItemDetail(worker)
    qtbot.addWidget(detail)
    detail.set_vault(vault)
    detail.show_item(item_id)
    table = detail.sources
    qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=10_000)

    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    row = {headers[c]: table.item(0, c).text() for c in range(table.columnCount())}
    for heading, shown in SHOWN[language].items():
        assert row.get(heading) == shown, (heading, row)
    assert table.editTriggers() == table.EditTrigger.NoEditTriggers
    detail.set_vault(None)
    worker.shutdown()
