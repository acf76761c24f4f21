"""An exhibition's pages before they are written: the export's PDF, in memory, recording
nothing of an export (the face detector's first look is stored, as the export stores it)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from evidence_app.core import exhibition_service
from evidence_app.core.exhibition_preview import preview_exhibition
from evidence_app.core.items_service import custody_log
from evidence_app.kernel.errors import Cancelled
from evidence_app.kernel.progress import NoProgress
from evidence_app.storage.models import ExhibitNumber, Item
from evidence_app.storage.vault import Vault
from tests.core.case_material import CASE, build_case


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def counts(vault: Vault) -> tuple[int, int, int]:
    """Events other than the detector's proposals, items, exhibit numbers."""
    with vault.reader() as session:
        items = session.query(Item).count()
        numbers = session.query(ExhibitNumber).count()
    events = [e for e in custody_log(vault) if e.action != "item.regions_proposed"]
    return len(events), items, numbers


def test_a_preview_is_the_exported_pdf_without_writing_logging_or_numbering(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_case(vault, tmp_path / "received")
    before = counts(vault)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    files = sorted(tmp_path.rglob("*"))

    pdf = preview_exhibition(vault, CASE, language="ru").pdf

    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert {"Камера ШИЗО", "У ворот колонии", "Стена колонии"} <= set(text.splitlines())
    assert "New exhibit ·" in text and "Экспонат" not in text  # unnumbered: none given
    assert counts(vault) == before  # no export event, no redacted copy, no exhibit number
    assert list(scratch.iterdir()) == []
    assert sorted(tmp_path.rglob("*")) == files

    exported = tmp_path / "show.pdf"
    exhibition_service.export_exhibition(
        vault, CASE, exported, language="ru", accept_all_proposed=True
    )
    assert counts(vault)[2] > before[2]  # only the export numbers the photos


def test_a_preview_stops_when_cancelled(vault: Vault, tmp_path: Path) -> None:
    build_case(vault, tmp_path / "received")

    class Cancelling(NoProgress):
        def cancel_requested(self) -> bool:
            return True

    with pytest.raises(Cancelled):
        preview_exhibition(vault, CASE, progress=Cancelling())
