"""The redaction editor, driven with the mouse as a curator would: the detector's boxes on a
real photograph, a box judged wrong left as is, a region drawn by hand, a box moved, and
the exhibition PDF blurring exactly what was decided."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from evidence_app.core import exhibition_service
from evidence_app.core.items_service import custody_log, find_item
from evidence_app.core.region_edits import Box
from evidence_app.gui.i18n import set_language
from evidence_app.gui.main_window import MainWindow
from evidence_app.gui.redaction_editor import RedactionEditor
from evidence_app.gui.region_boxes import RegionBox
from tests.conftest import VaultCopy
from tests.export.face_case import CASE, LEFT_FACE, MANUAL, RIGHT_FACE, Photo, ingest_face_case
from tests.gui.conftest import unlock_with_recovery

SHOTS = Path(os.environ.get("EVIDENCE_SHOTS", "/tmp/shots"))
Area = tuple[int, int, int, int]


@pytest.fixture
def photo(vault_copy: VaultCopy, tmp_path: Path) -> tuple[Photo, str]:
    """The case with its photo, filed before the app unlocks; nobody has looked for faces."""
    vault = vault_copy.open()
    try:
        photo = ingest_face_case(vault, tmp_path / "received", detect=False)
        return photo, find_item(vault, photo.sha256).id
    finally:
        vault.close()


def open_editor(qtbot: QtBot, window: MainWindow, item_id: str) -> RedactionEditor:
    detail = window.evidence.detail
    detail.show_item(item_id)
    qtbot.waitUntil(lambda: detail.item is not None and detail.redact.isEnabled(), timeout=10_000)
    editor = detail.open_redaction()
    assert editor is not None
    qtbot.waitUntil(lambda: editor.regions is not None and editor.job is None, timeout=120_000)
    return editor


def wait_idle(qtbot: QtBot, editor: RedactionEditor) -> None:
    qtbot.waitUntil(lambda: editor.job is None, timeout=60_000)


def at(editor: RedactionEditor, x: float, y: float) -> QPoint:
    """Where a pixel of the original is on the screen."""
    return editor.view.mapFromScene(x, y)


def drag(editor: RedactionEditor, start: QPoint, end: QPoint) -> None:
    viewport = editor.view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in (1, 2, 3, 4):  # QTest.mouseMove would move with no button held
        point = QPointF(start + (end - start) * step / 4)
        moved = QMouseEvent(
            QEvent.Type.MouseMove,
            point,
            QPointF(viewport.mapToGlobal(point)),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(viewport, moved)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def box_over(editor: RedactionEditor, area: Area) -> RegionBox:
    x, y, w, h = area
    (found,) = [
        b
        for b in editor.boxes()
        if b.region.box.x <= x
        and b.region.box.y <= y
        and b.region.box.x + b.region.box.width >= x + w
        and b.region.box.y + b.region.box.height >= y + h
    ]
    return found


def click(editor: RedactionEditor, box: RegionBox) -> None:
    """Select a box by clicking its middle (clicking selects it alone)."""
    centre = box.sceneBoundingRect().center()
    QTest.mouseClick(
        editor.view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        at(editor, centre.x(), centre.y()),
    )


def detail(pixels: np.ndarray, area: Area) -> float:
    x, y, w, h = area
    grey = pixels[y : y + h, x : x + w].astype(float).mean(axis=2)
    return float(np.abs(np.diff(grey, axis=1)).mean() + np.abs(np.diff(grey, axis=0)).mean())


def exported_image(pdf: Path, folder: Path) -> np.ndarray:
    folder.mkdir()
    subprocess.run(["pdfimages", "-png", str(pdf), str(folder / "i")], check=True)
    (image,) = sorted(folder.iterdir())
    return np.asarray(Image.open(image).convert("RGB"))


def export(qtbot: QtBot, window: MainWindow, destination: Path) -> None:
    vault = window.vault
    assert vault is not None
    job = window.worker.submit(
        lambda _job: exhibition_service.export_exhibition(vault, CASE, destination)
    )
    with qtbot.waitSignal(job.succeeded, timeout=120_000):
        pass


def area(box: Box) -> Area:
    return (box.x, box.y, box.width, box.height)


def test_a_curator_rejects_a_false_face_draws_one_and_the_pdf_blurs_exactly_those(
    qtbot: QtBot,
    window: MainWindow,
    vault_copy: VaultCopy,
    photo: tuple[Photo, str],
    tmp_path: Path,
) -> None:
    original, item_id = photo
    unlock_with_recovery(qtbot, window, vault_copy)
    editor = open_editor(qtbot, window, item_id)
    assert editor.regions is not None
    assert [r.status for r in editor.regions.regions] == ["proposed", "proposed"]
    assert "2" in editor.hint.text()  # two faces wait for a decision

    click(editor, box_over(editor, LEFT_FACE))
    editor.blur_button.click()
    wait_idle(qtbot, editor)
    # The right-hand box is judged wrong (as a car seat would be): left as it is.
    click(editor, box_over(editor, RIGHT_FACE))
    editor.reject_button.click()
    wait_idle(qtbot, editor)
    editor.draw_button.click()
    x, y, w, h = MANUAL
    drag(editor, at(editor, x, y), at(editor, x + w, y + h))
    wait_idle(qtbot, editor)

    regions = editor.regions
    assert regions is not None and not regions.undecided
    kinds = {r.kind: r.box for r in regions.regions}
    assert sorted(kinds) == ["accepted", "manual", "rejected"]
    drawn = kinds["manual"]
    assert all(abs(a - b) <= 3 for a, b in zip(area(drawn), MANUAL, strict=True))
    vault = window.vault
    assert vault is not None
    log = custody_log(vault)
    decided = [
        (e.details["decision"], e.details["previous"])
        for e in log
        if e.action == "item.region_decided"
    ]
    assert decided == [("accept", "proposed"), ("reject", "proposed")]
    added = [e.details for e in log if e.action == "item.described"][-1]
    assert added["redaction_regions_added"] == [drawn.to_json()]

    SHOTS.mkdir(parents=True, exist_ok=True)
    editor.grab().save(str(SHOTS / "redaction_decided_en.png"))

    # The preview is what the export prints.
    editor.preview_button.click()
    wait_idle(qtbot, editor)
    editor.grab().save(str(SHOTS / "redaction_preview_en.png"))
    assert not any(box.isVisible() for box in editor.boxes())
    previewed = editor.view.photo.pixmap().toImage()
    assert (previewed.width(), previewed.height()) == (1024, 512)

    export(qtbot, window, tmp_path / "show.pdf")
    shown = exported_image(tmp_path / "show.pdf", tmp_path / "images")
    assert shown.shape == original.original.shape
    blurred = [area(kinds["accepted"]), area(drawn)]
    for place in blurred:
        assert detail(shown, place) < detail(original.original, place) / 3
    assert detail(shown, RIGHT_FACE) > detail(original.original, RIGHT_FACE) * 0.8
    # Everywhere else the photo is as it was but for the JPEG encoding.
    outside = np.ones(shown.shape[:2], dtype=bool)
    for bx, by, bw, bh in blurred:
        outside[by : by + bh, bx : bx + bw] = False
    grey = [pixels.astype(float).mean(axis=2) for pixels in (shown, original.original)]
    difference = np.abs(grey[0] - grey[1])  # brightness: JPEG keeps it far better than colour
    assert difference[outside].mean() < 3
    assert difference[~outside].mean() > 10


def test_a_box_dragged_and_resized_with_the_mouse_is_blurred_where_it_now_is(
    qtbot: QtBot, window: MainWindow, vault_copy: VaultCopy, photo: tuple[Photo, str]
) -> None:
    _original, item_id = photo
    unlock_with_recovery(qtbot, window, vault_copy)
    editor = open_editor(qtbot, window, item_id)
    box = box_over(editor, LEFT_FACE)
    region, before = box.region.id, box.region.box
    centre = box.sceneBoundingRect().center()
    drag(editor, at(editor, centre.x(), centre.y()), at(editor, centre.x() + 100, centre.y() + 60))
    wait_idle(qtbot, editor)
    moved = next(r.box for r in editor.regions.regions if r.id == region)  # type: ignore[union-attr]
    assert abs(moved.x - (before.x + 100)) <= 3 and abs(moved.y - (before.y + 60)) <= 3
    assert (moved.width, moved.height) == (before.width, before.height)

    corner = box_over(editor, area(moved)).sceneBoundingRect().bottomRight()
    drag(
        editor,
        at(editor, corner.x() - 2, corner.y() - 2),
        at(editor, corner.x() + 38, corner.y() + 18),
    )
    wait_idle(qtbot, editor)
    resized = next(r.box for r in editor.regions.regions if r.id == region)  # type: ignore[union-attr]
    assert (resized.x, resized.y) == (moved.x, moved.y)
    assert (
        abs(resized.width - (moved.width + 40)) <= 4
        and abs(resized.height - (moved.height + 20)) <= 4
    )

    vault = window.vault
    assert vault is not None
    moves = [e.details for e in custody_log(vault) if e.action == "item.region_moved"]
    assert [(m["previous"], m["box"]) for m in moves] == [
        (before.to_json(), moved.to_json()),
        (moved.to_json(), resized.to_json()),
    ]
    assert all(m["status"] == "proposed" for m in moves)  # moving decides nothing


def test_locking_closes_the_editor_and_forgets_its_pixels(
    qtbot: QtBot, window: MainWindow, vault_copy: VaultCopy, photo: tuple[Photo, str]
) -> None:
    _original, item_id = photo
    unlock_with_recovery(qtbot, window, vault_copy)
    editor = open_editor(qtbot, window, item_id)
    assert editor.isVisible() and not editor.view.photo.pixmap().isNull()
    window.lock()
    assert not editor.isVisible()
    assert not editor.boxes()


@pytest.mark.parametrize("language", ["en", "ru", "uk"])
def test_the_editor_speaks_the_interface_language_and_its_words_fit(
    qtbot: QtBot,
    window: MainWindow,
    vault_copy: VaultCopy,
    photo: tuple[Photo, str],
    language: str,
) -> None:
    _original, item_id = photo
    set_language(language)
    unlock_with_recovery(qtbot, window, vault_copy)
    editor = open_editor(qtbot, window, item_id)
    click(editor, box_over(editor, LEFT_FACE))
    qtbot.wait(50)
    for button in (editor.blur_button, editor.reject_button, editor.keep_button):
        assert button.width() >= button.sizeHint().width(), button.text()
    if language != "en":
        assert editor.windowTitle() != "Regions to blur"
    SHOTS.mkdir(parents=True, exist_ok=True)
    editor.grab().save(str(SHOTS / f"redaction_{language}.png"))
