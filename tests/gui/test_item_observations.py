"""The item view's "Observations" tab says, in the interface's language, what the dossier
will say of the item."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from evidence_app.core.items_service import find_item
from evidence_app.gui import i18n
from evidence_app.gui.item_detail import ItemDetail
from evidence_app.gui.jobs import Worker
from evidence_app.storage.vault import Vault
from tests.export.test_observations import _crafted_case


def test_the_item_view_lists_a_far_gps_position_and_a_consistent_item_has_none(
    qtbot: QtBot, vault: Vault, tmp_path: Path
) -> None:
    shas = _crafted_case(vault, tmp_path / "received")
    worker = Worker()
    detail = ItemDetail(worker)
    qtbot.addWidget(detail)
    detail.set_vault(vault)
    tab = detail.observations
    detail.show_item(find_item(vault, shas["far"]).id)
    qtbot.waitUntil(lambda: "km" in tab.text.text(), timeout=10_000)
    assert "ИК-6 Копейск" in tab.text.text()

    previous = i18n.language()
    i18n.set_language("ru")
    try:
        detail.show_item(find_item(vault, shas["old"]).id)
        qtbot.waitUntil(lambda: "до даты связанного инцидента" in tab.text.text(), timeout=10_000)
    finally:
        i18n.set_language(previous)
    detail.set_vault(None)
    worker.shutdown()
