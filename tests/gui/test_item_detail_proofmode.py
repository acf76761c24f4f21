"""The item view says in one line, in the interface's language, what checking a ProofMode
bundle found about the item; an item without one shows no such line."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from evidence_app.core import ingest_service
from evidence_app.gui import i18n
from evidence_app.gui.item_detail import ItemDetail
from evidence_app.gui.jobs import Worker
from evidence_app.storage.vault import Vault
from tests.media.proofmode_bundles import bundle, new_key, photo


def test_the_item_view_shows_the_proofmode_line_in_ukrainian(
    qtbot: QtBot, vault: Vault, tmp_path: Path
) -> None:
    key = new_key()
    fingerprint = key.extract_certificate().fingerprint.upper()
    path = tmp_path / "proof.zip"
    path.write_bytes(bundle(photo(), key=key))
    [outcome] = ingest_service.ingest_paths(vault, [path]).outcomes
    [inner] = outcome.contained
    worker = Worker()
    detail = ItemDetail(worker)
    qtbot.addWidget(detail)
    detail.set_vault(vault)
    previous = i18n.language()
    i18n.set_language("uk")
    try:
        detail.show_item(inner.item_id or "")
        qtbot.waitUntil(lambda: bool(detail.credentials.text()), timeout=10_000)
        short = f"{fingerprint[:4]} {fingerprint[4:8]} {fingerprint[8:12]} {fingerprint[12:16]}…"
        assert detail.credentials.text() == f"ProofMode: Підпис дійсний, ключ {short}"
        assert detail.facts.isRowVisible(detail.credentials)
        assert fingerprint[-4:] in detail.credentials.toolTip()
    finally:
        i18n.set_language(previous)
    detail.set_vault(None)
    worker.shutdown()
