"""Locking while the worker is busy: the window locks at once, the work stops behind it,
and the vault closes once nothing uses it any more."""

from __future__ import annotations

import io
import os
import threading
import time
from pathlib import Path

from PIL import Image
from pytestqt.qtbot import QtBot

from evidence_app.core import items_service
from evidence_app.core.export_staging import outstanding_leftovers
from evidence_app.gui.jobs import Job
from evidence_app.gui.main_window import MainWindow
from evidence_app.kernel.progress import check_cancelled
from tests.conftest import VaultCopy
from tests.gui.conftest import unlock_with_recovery
from tests.gui.test_workspace import import_and_wait
from tests.records.sample_documents import add_sample_case

LOCK_RETURNS_WITHIN = 0.5  # seconds


def noisy_photos(folder: Path, count: int) -> list[Path]:
    """Photographs that take a while to export: full of detail, so large and slow to scale."""
    folder.mkdir()
    paths = []
    for n in range(count):
        image = Image.frombytes("RGB", (1200, 900), os.urandom(1200 * 900 * 3))
        data = io.BytesIO()
        image.save(data, "JPEG", quality=95)
        path = folder / f"cell_{n:02}.jpg"
        path.write_bytes(data.getvalue())
        paths.append(path)
    return paths


def test_locking_during_an_export_returns_at_once_and_leaves_no_partial_dossier(
    qtbot: QtBot, opened: MainWindow, vault_copy: VaultCopy, tmp_path: Path
) -> None:
    assert opened.vault is not None
    add_sample_case(opened.vault)
    import_and_wait(qtbot, opened, noisy_photos(tmp_path / "in", 30), case="case-ik6")
    out = tmp_path / "out"
    out.mkdir()
    dialog = opened.open_export("accountability")
    assert dialog is not None
    combo = dialog.case.combo
    qtbot.waitUntil(lambda: combo.findData("case-ik6") >= 0, timeout=10_000)
    combo.setCurrentIndex(combo.findData("case-ik6"))
    dialog.destination.setText(str(out / "dossier"))
    took: list[float] = []

    def lock_while_copying(_fraction: float, message: str) -> None:
        if message.startswith("Exhibit") and not took:  # originals are being decrypted
            started = time.perf_counter()
            opened.lock()
            took.append(time.perf_counter() - started)

    dialog.start_button.click()
    assert dialog.job is not None
    dialog.job.progressed.connect(lock_while_copying)
    qtbot.waitUntil(lambda: bool(took), timeout=60_000)

    assert took[0] < LOCK_RETURNS_WITHIN
    assert opened.is_locked and opened.pages.currentWidget() is opened.lock_screen
    assert not opened.export_legal_action.isEnabled()
    assert not dialog.isVisible()  # the export's dialog went with the vault
    assert opened.evidence.model.rowCount() == 0

    # The unlock queues behind the export and the closing: once it is open again, the
    # export has stopped and removed everything it had decrypted.
    unlock_with_recovery(qtbot, opened, vault_copy)
    assert list(out.iterdir()) == []
    assert opened.vault is not None
    assert outstanding_leftovers(opened.vault) == []


def test_lock_never_waits_for_the_step_a_job_is_in(qtbot: QtBot, opened: MainWindow) -> None:
    vault = opened.vault
    assert vault is not None
    in_step = threading.Event()
    read_after_the_step: list[int] = []

    def long_step(job: Job) -> None:
        in_step.set()
        time.sleep(2.0)  # a step that cannot stop half-way, e.g. laying out a PDF
        read_after_the_step.append(items_service.count_items(vault))  # still open under it
        check_cancelled(job)

    job = opened.worker.submit(long_step)
    assert in_step.wait(10)
    started = time.perf_counter()
    opened.lock()
    took = time.perf_counter() - started

    assert took < LOCK_RETURNS_WITHIN
    assert opened.is_locked
    with qtbot.waitSignal(job.cancelled, timeout=10_000):
        pass
    assert read_after_the_step == [0]
