"""The item view says in the interface's language what a photo's C2PA manifest was found to
be, with what it claims; a photo without one shows no such row."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from evidence_app.core import ingest_service
from evidence_app.gui import i18n
from evidence_app.gui.item_detail import ItemDetail
from evidence_app.gui.jobs import Worker
from evidence_app.storage.vault import Vault
from tests.media.c2pa_files import (
    CLAIM_GENERATOR,
    SIGNER_NAME,
    plain_picture,
    signed_picture,
    with_scan_data_changed,
)

VERDICTS = {
    "en": ("Intact and matching the file", "Does not check"),
    "ru": ("Не изменён и соответствует файлу", "Проверка не пройдена"),
    "uk": ("Не змінений і відповідає файлу", "Перевірку не пройдено"),
}


@pytest.mark.parametrize("language", ["en", "ru", "uk"])
def test_the_item_view_shows_the_c2pa_verdict_and_claims(
    qtbot: QtBot, vault: Vault, tmp_path: Path, language: str
) -> None:
    signed = signed_picture(edited=True)
    files = {
        "signed.jpg": signed,
        "retouched.jpg": with_scan_data_changed(signed),
        "unsigned.jpg": plain_picture(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    report = ingest_service.ingest_paths(vault, [tmp_path / name for name in files])
    ids = {Path(o.path).name: o.item_id for o in report.outcomes}
    i18n.set_language(language)
    worker = Worker()
    detail = ItemDetail(worker)
    qtbot.addWidget(detail)
    detail.set_vault(vault)
    intact, broken = VERDICTS[language]
    try:
        detail.show_item(ids["signed.jpg"] or "")
        qtbot.waitUntil(lambda: intact in detail.c2pa.text(), timeout=10_000)
        text = detail.c2pa.text()
        assert f"{CLAIM_GENERATOR} 2.1" in text and SIGNER_NAME in text
        assert "c2pa.created" in text and "c2pa.edited" in text
        assert detail.facts.isRowVisible(detail.c2pa)

        detail.show_item(ids["retouched.jpg"] or "")
        qtbot.waitUntil(lambda: broken in detail.c2pa.text(), timeout=10_000)
        assert "assertion.dataHash.mismatch" in detail.c2pa.text()

        detail.show_item(ids["unsigned.jpg"] or "")
        qtbot.waitUntil(lambda: detail.name.text() == "unsigned.jpg", timeout=10_000)
        assert not detail.facts.isRowVisible(detail.c2pa) and detail.c2pa.text() == ""
    finally:
        i18n.set_language("en")
        detail.set_vault(None)
        worker.shutdown()
