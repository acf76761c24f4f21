"""The shapes of the redaction editor: a region's box on the photo, moved and resized with
the mouse, and the view that shows the photo and draws new regions. Scene units are the
original's upright pixels, the unit core stores regions in, whatever size the photo shows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QMouseEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QGraphicsView,
    QStyle,
    QStyleOptionGraphicsItem,
    QWidget,
)

from evidence_app.core.region_edits import Box
from evidence_app.core.region_service import Region
from evidence_app.gui.i18n import tr

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

    def _view_scale(self) -> float:
        views = self.scene().views() if self.scene() else []
        return max(views[0].transform().m11() if views else 1.0, 1e-6)

    def _handle(self) -> float:
        return HANDLE / self._view_scale()

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
        # Qt's dotted selection outline hid the state's own line: a selected box is drawn
        # thicker instead, and each box carries the number the list names it by.
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        option.state &= ~QStyle.StateFlag.State_Selected
        pen = QPen(self.pen())
        pen.setWidthF(6 if selected else 3)
        painter.setPen(pen)
        painter.setBrush(self.brush())
        painter.drawRect(self.rect())
        colour = pen.color()
        near = self._handle()
        corner = self.rect().bottomRight()
        painter.fillRect(QRectF(corner.x() - near, corner.y() - near, near, near), colour)
        painter.save()
        painter.translate(self.rect().topLeft())
        painter.scale(1 / self._view_scale(), 1 / self._view_scale())  # screen pixels
        tag = f"#{self.region.id}"
        metrics = painter.fontMetrics()
        label = QRectF(0, 0, metrics.horizontalAdvance(tag) + 8, metrics.height() + 2)
        painter.fillRect(label, colour)
        painter.setPen(QColor("white"))
        painter.drawText(label, Qt.AlignmentFlag.AlignCenter, tag)
        painter.restore()


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
