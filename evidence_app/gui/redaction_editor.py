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

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QMouseEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QStyleOptionGraphicsItem,
    QVBoxLayout,
    QWidget,
)

from evidence_app.core import redaction_service, region_edits, region_service
from evidence_app.core.region_edits import Box, PrintedPhoto
from evidence_app.core.region_service import PhotoRegions, Region
from evidence_app.core.vault_service import Vault
from evidence_app.gui.i18n import tr
from evidence_app.gui.jobs import Job, Worker

HANDLE = 14  # screen pixels of the corner that resizes a box
# How each state is drawn: outline colour, pen style.
LOOKS = {
    "proposed": ("#f5a623", Qt.PenStyle.DashLine),
    "accepted": ("#d0021b", Qt.PenStyle.SolidLine),
    "rejected": ("#9b9b9b", Qt.PenStyle.DotLine),
    "kept": ("#2e9e44", Qt.PenStyle.SolidLine),
}


def state_words(region: Region) -> str:
    if region.status == "kept":
        return tr("shown: {name}").format(name=region.person_ref or "—")
    return {
        "proposed": tr("face? undecided"),
        "accepted": tr("drawn by hand, blurred") if region.source == "manual" else tr("blurred"),
        "rejected": tr("not blurred"),
    }.get(region.status, region.status)


class RegionBox(QGraphicsRectItem):
    """One region: dragged to move, dragged by its lower right corner to resize. Scene units
    are the original's pixels, so a box's rectangle is the region as core stores it."""

    def __init__(
        self,
        region: Region,
        bounds: Callable[[], QRectF],
        on_changed: Callable[[int, Box], None],
    ) -> None:
        super().__init__(0, 0, region.box.width, region.box.height)
        self.region = region
        self._bounds = bounds
        self._on_changed = on_changed
        self._resizing = False
        self.setPos(region.box.x, region.box.y)
        colour, style = LOOKS.get(region.status, LOOKS["accepted"])
        pen = QPen(QColor(colour), 3, style)
        pen.setCosmetic(True)  # as thick at every zoom
        self.setPen(pen)
        fill = QColor(colour)
        fill.setAlpha(40)
        self.setBrush(QBrush(fill))
        for flag in (
            QGraphicsItem.GraphicsItemFlag.ItemIsMovable,
            QGraphicsItem.GraphicsItemFlag.ItemIsSelectable,
            QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges,
        ):
            self.setFlag(flag)
        self.setToolTip(f"#{region.id} · {state_words(region)}")

    def box(self) -> Box:
        rect = self.rect().translated(self.pos())
        return Box(round(rect.x()), round(rect.y()), round(rect.width()), round(rect.height()))

    def _handle(self) -> float:
        views = self.scene().views() if self.scene() else []
        scale = views[0].transform().m11() if views else 1.0
        return HANDLE / max(scale, 1e-6)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionChange:
            limit = self._bounds()
            point = QPointF(value)  # kept whole inside the picture
            x = min(max(point.x(), limit.left()), limit.right() - self.rect().width())
            y = min(max(point.y(), limit.top()), limit.bottom() - self.rect().height())
            return QPointF(round(x), round(y))
        return super().itemChange(change, value)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        corner = self.rect().bottomRight()
        near = self._handle()
        where = event.pos()
        self._resizing = corner.x() - where.x() <= near and corner.y() - where.y() <= near
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if not self._resizing:
            super().mouseMoveEvent(event)
            return
        limit = self._bounds()
        where = event.pos()
        width = min(max(8.0, round(where.x())), limit.right() - self.pos().x())
        height = min(max(8.0, round(where.y())), limit.bottom() - self.pos().y())
        self.setRect(0, 0, width, height)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        self._resizing = False
        if self.box() != self.region.box:
            self._on_changed(self.region.id, self.box())

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        super().paint(painter, option, widget)
        near = self._handle()
        corner = self.rect().bottomRight()
        handle = QRectF(corner.x() - near, corner.y() - near, near, near)
        painter.fillRect(handle, self.pen().color())


class PhotoView(QGraphicsView):
    """The photo and its boxes; in drawing mode a drag on the photo draws a new region."""

    def __init__(self, on_drawn: Callable[[Box], None]) -> None:
        super().__init__()
        self.setScene(QGraphicsScene(self))
        self.photo = QGraphicsPixmapItem()
        self.photo.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene().addItem(self.photo)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.drawing = False
        self._on_drawn = on_drawn
        self._start: QPointF | None = None
        self._sketch: QGraphicsRectItem | None = None

    def show_photo(self, image: QImage, original_size: tuple[int, int]) -> None:
        self.photo.setPixmap(QPixmap.fromImage(image))
        self.photo.setScale(original_size[0] / max(1, image.width()))
        self.scene().setSceneRect(self.bounds())
        self.fit()

    def bounds(self) -> QRectF:
        return self.photo.sceneBoundingRect()

    def fit(self) -> None:
        if not self.photo.pixmap().isNull():
            self.fitInView(self.photo, Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.fit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not self.drawing or event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self._start = self._inside(self.mapToScene(event.position().toPoint()))
        pen = QPen(QColor(LOOKS["accepted"][0]), 2)
        pen.setCosmetic(True)
        self._sketch = self.scene().addRect(QRectF(self._start, self._start), pen)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._start is None or self._sketch is None:
            super().mouseMoveEvent(event)
            return
        end = self._inside(self.mapToScene(event.position().toPoint()))
        self._sketch.setRect(QRectF(self._start, end).normalized())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._start is None or self._sketch is None:
            super().mouseReleaseEvent(event)
            return
        end = self._inside(self.mapToScene(event.position().toPoint()))
        rect = QRectF(self._start, end).normalized()
        self.scene().removeItem(self._sketch)
        self._start, self._sketch = None, None
        if rect.width() >= 4 and rect.height() >= 4:  # a click is not a region
            self._on_drawn(
                Box(round(rect.x()), round(rect.y()), round(rect.width()), round(rect.height()))
            )

    def _inside(self, point: QPointF) -> QPointF:
        limit = self.bounds()
        return QPointF(
            min(max(point.x(), limit.left()), limit.right()),
            min(max(point.y(), limit.top()), limit.bottom()),
        )


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
        side.addWidget(QLabel(tr("Person who consented to be named")))
        side.addWidget(self.person)
        side.addWidget(self.keep_button)
        side.addSpacing(12)
        side.addWidget(self.draw_button)
        side.addWidget(self.preview_button)
        side.addWidget(self.hint)
        top = QHBoxLayout()
        top.addWidget(self.view, 3)
        top.addLayout(side, 1)
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
            tr("{count} proposed faces are undecided: this photo is not exported yet.").format(
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
