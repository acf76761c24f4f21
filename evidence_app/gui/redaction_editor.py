"""The redaction editor (curators): a photo with the regions to blur drawn on it.

The face detector's proposals and the regions drawn by hand are boxes on the photo; a box
is dragged to move it and its corner to resize it, and the buttons blur it, leave it as it
is (not a face) or keep it visible for a person who consented to be named. Each change goes
through the same core functions as `items regions` and `items redact`, so each is a custody
event. The preview is the export's own rendering. Pixels stay in memory.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evidence_app.core import redaction_service, region_edits, region_service
from evidence_app.core.region_edits import Box, PrintedPhoto
from evidence_app.core.region_service import PhotoRegions
from evidence_app.core.vault_service import Vault
from evidence_app.gui.i18n import tr
from evidence_app.gui.jobs import Job, Worker
from evidence_app.gui.region_boxes import LOOKS, PhotoView, RegionBox, state_words


def _image(printed: PrintedPhoto) -> QImage:
    image = QImage()
    image.loadFromData(printed.jpeg, "JPEG")
    return image


class RedactionEditor(QDialog):
    """Opened from an item's view for one photo; closes when the vault locks."""

    def __init__(self, parent: QWidget | None, worker: Worker, vault: Vault, item_id: str):
        super().__init__(parent)
        self._worker, self._vault, self.item_id = worker, vault, item_id
        self.regions: PhotoRegions | None = None
        self.job: Job | None = None
        self._original: QImage | None = None
        self._original_size = (1, 1)
        self.setWindowTitle(tr("Regions to blur"))
        self.view = PhotoView(self.add_region)
        self.list = QListWidget()
        self.list.itemSelectionChanged.connect(self._list_selected)
        self.view.scene().selectionChanged.connect(self._scene_selected)
        self.blur_button = QPushButton(tr("Blur"))
        self.blur_button.clicked.connect(lambda: self.decide("accept"))
        self.reject_button = QPushButton(tr("Not a face: leave as is"))
        self.reject_button.clicked.connect(lambda: self.decide("reject"))
        self.person = QComboBox()
        self.keep_button = QPushButton(tr("Keep visible"))
        self.keep_button.clicked.connect(lambda: self.decide("keep"))
        self.draw_button = QPushButton(tr("Draw a region"))
        self.draw_button.setCheckable(True)
        self.draw_button.toggled.connect(self._drawing)
        self.preview_button = QPushButton(tr("Preview as printed"))
        self.preview_button.setCheckable(True)
        self.preview_button.toggled.connect(lambda _on: self._show_picture())
        self.hint = QLabel(
            tr(
                "Drag a box to move it, its corner to resize it. A photo is exported only "
                "when every face the detector proposed is blurred or left as is."
            )
        )
        self.hint.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.clicked.connect(self._cancel)
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.close)

        side = QVBoxLayout()
        side.addWidget(QLabel(tr("Regions")))
        side.addWidget(self.list, 1)
        side.addWidget(self.blur_button)
        side.addWidget(self.reject_button)
        named = QLabel(tr("Person who consented to be named"))
        named.setWordWrap(True)
        side.addWidget(named)
        side.addWidget(self.person)
        side.addWidget(self.keep_button)
        side.addSpacing(12)
        side.addWidget(self.draw_button)
        side.addWidget(self.preview_button)
        side.addWidget(self.hint)
        top = QHBoxLayout()
        top.addWidget(self.view, 1)
        panel = QWidget()
        panel.setLayout(side)
        panel.setFixedWidth(300)  # the photo keeps its room in every language
        top.addWidget(panel)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.bar)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addLayout(bottom)
        self.resize(1100, 680)
        self._update_buttons()
        self._load()

    # -- background work ------------------------------------------------------------------

    def _run(self, message: str, work: Callable[[Job], Any], done: Callable[[Any], None]) -> None:
        self.status.setText(message)
        self.bar.show()
        self.cancel_button.show()
        job = self._worker.submit(work)
        self.job = job
        self._update_buttons()

        def finished(text: str) -> None:
            if self.job is job:
                self.job = None
                self.bar.hide()
                self.cancel_button.hide()
                self.status.setText(text)
                self._update_buttons()

        def succeeded(result: Any) -> None:
            finished("")
            done(result)

        job.succeeded.connect(succeeded)
        job.failed.connect(finished)
        job.cancelled.connect(lambda: finished(tr("Stopped; nothing was changed.")))

    def _cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.status.setText(tr("Stopping after the current step…"))

    def _load(self) -> None:
        vault, item_id = self._vault, self.item_id

        def load(job: Job) -> tuple[PhotoRegions, PrintedPhoto, list[tuple[str, str]]]:
            regions = region_service.list_regions(vault, item_id, job)
            people = region_edits.named_people(vault)
            return regions, region_edits.picture(vault, item_id, False), people

        def loaded(result: tuple[PhotoRegions, PrintedPhoto, list[tuple[str, str]]]) -> None:
            regions, printed, people = result
            self._original, self._original_size = _image(printed), printed.original_size
            self.person.clear()
            for ref, label in people:
                self.person.addItem(label, ref)
            self._show_picture()
            self.show_regions(regions)

        self._run(tr("Looking for faces (this takes a few seconds)…"), load, loaded)

    def _write(self, work: Callable[[Vault], PhotoRegions], message: str) -> None:
        vault = self._vault
        self._run(message, lambda _job: work(vault), self._written)

    def _written(self, regions: PhotoRegions) -> None:
        self.show_regions(regions)
        if self.preview_button.isChecked():
            self._show_picture()

    # -- what a curator does --------------------------------------------------------------

    def decide(self, decision: region_service.Decision) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        person = self.person.currentData() if decision == "keep" else None
        item_id = self.item_id
        self._write(
            lambda vault: region_service.decide(vault, item_id, decision, ids, person),
            tr("Saving the decision…"),
        )

    def move_region(self, region_id: int, box: Box) -> None:
        item_id = self.item_id
        self._write(
            lambda vault: region_edits.move_region(vault, item_id, region_id, box),
            tr("Saving the new box…"),
        )

    def add_region(self, box: Box) -> None:
        self.draw_button.setChecked(False)
        item_id = self.item_id

        def add(vault: Vault) -> PhotoRegions:
            item = region_service.photo_item(vault, item_id)
            redaction_service.mark_regions(vault, item, [box])
            return region_service.list_regions(vault, item_id)

        self._write(add, tr("Saving the new region…"))

    # -- showing ---------------------------------------------------------------------------

    def boxes(self) -> list[RegionBox]:
        return [item for item in self.view.scene().items() if isinstance(item, RegionBox)]

    def selected_ids(self) -> list[int]:
        return [box.region.id for box in self.boxes() if box.isSelected()]

    def show_regions(self, regions: PhotoRegions) -> None:
        chosen = set(self.selected_ids())
        self.regions = regions
        for box in self.boxes():
            self.view.scene().removeItem(box)
        self.list.clear()
        for region in regions.regions:
            box = RegionBox(region, self.view.bounds, self.move_region)
            self.view.scene().addItem(box)
            box.setSelected(region.id in chosen)
            entry = QListWidgetItem(f"#{region.id}  {state_words(region)}")
            entry.setData(Qt.ItemDataRole.UserRole, region.id)
            entry.setForeground(QColor(LOOKS.get(region.status, LOOKS["accepted"])[0]))
            self.list.addItem(entry)
        self._scene_selected()
        undecided = len(regions.undecided)
        self.hint.setText(
            tr("Proposed faces still undecided: {count}. This photo is not exported yet.").format(
                count=undecided
            )
            if undecided
            else tr("Every region is decided. Drag a box to move it, its corner to resize it.")
        )

    def _show_picture(self) -> None:
        previewing = self.preview_button.isChecked()
        for box in self.boxes():
            box.setVisible(not previewing)
        if not previewing:
            if self._original is not None:
                self.view.show_photo(self._original, self._original_size)
            self._update_buttons()
            return
        vault, item_id = self._vault, self.item_id
        self._run(
            tr("Making the preview…"),
            lambda _job: region_edits.picture(vault, item_id, True),
            self._previewed,
        )

    def _previewed(self, printed: PrintedPhoto) -> None:
        if self.preview_button.isChecked():  # not switched back while it was made
            self.view.show_photo(_image(printed), printed.original_size)
            self.status.setText(tr("As it will print: blurred where the export blurs."))

    def _drawing(self, on: bool) -> None:
        self.view.drawing = on
        self.view.setCursor(Qt.CursorShape.CrossCursor if on else Qt.CursorShape.ArrowCursor)
        if on:
            self.status.setText(tr("Drag over the photo to draw a region to blur."))

    def _scene_selected(self) -> None:
        chosen = set(self.selected_ids())
        self.list.blockSignals(True)
        for row in range(self.list.count()):
            entry = self.list.item(row)
            entry.setSelected(entry.data(Qt.ItemDataRole.UserRole) in chosen)
        self.list.blockSignals(False)
        self._update_buttons()

    def _list_selected(self) -> None:
        chosen = {entry.data(Qt.ItemDataRole.UserRole) for entry in self.list.selectedItems()}
        for box in self.boxes():
            box.setSelected(box.region.id in chosen)

    def _update_buttons(self) -> None:
        idle = self.job is None and self.regions is not None
        editing = idle and not self.preview_button.isChecked()
        chosen = bool(self.selected_ids())
        self.blur_button.setEnabled(editing and chosen)
        self.reject_button.setEnabled(editing and chosen)
        self.keep_button.setEnabled(editing and chosen and self.person.count() > 0)
        self.person.setEnabled(self.person.count() > 0)
        self.draw_button.setEnabled(editing)
        self.preview_button.setEnabled(idle)
        self.view.setInteractive(editing)
        if self.job is None:
            self.bar.hide()
            self.cancel_button.hide()

    def closeEvent(self, event: Any) -> None:
        if self.job is not None:
            self.job.cancel()
        self._original = None  # decrypted pixels are not kept once the editor is closed
        self.view.scene().clear()
        super().closeEvent(event)
