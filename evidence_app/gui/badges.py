"""Small badges painted on a thumbnail: filed under a case, publishable, redacted, exported.

Each badge has its own colour and its own shape, so it reads without colour vision too;
the legend (a tooltip) says what each one means.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap, QPolygonF

from evidence_app.core.item_marks import ItemMarks
from evidence_app.gui.i18n import tr

# (mark, colour, what the badge looks like, what it means), in the order they are painted.
BADGES = [
    ("linked_to_case", "#1f5fbf", "Blue, folder", "filed under a case"),
    ("publishable", "#1a7f37", "Green, tick", "marked publishable"),
    ("redacted", "#57606a", "Grey, bar", "a redacted copy exists (or this is one)"),
    ("exported", "#bc4c00", "Orange, arrow", "already in an exported dossier"),
]


def _glyph(painter: QPainter, mark: str, box: QRectF) -> None:
    """A white shape inside the badge's circle, drawn with lines: no font needed."""
    x, y, w = box.x(), box.y(), box.width()

    def at(fx: float, fy: float) -> QPointF:
        return QPointF(x + fx * w, y + fy * w)

    pen = QPen(QColor("white"), max(1.5, w / 9))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if mark == "linked_to_case":
        painter.drawPolyline(
            QPolygonF([at(0.25, 0.35), at(0.45, 0.35), at(0.5, 0.42), at(0.75, 0.42)])
        )
        painter.drawRect(QRectF(at(0.25, 0.42), at(0.75, 0.7)))
    elif mark == "publishable":
        painter.drawPolyline(QPolygonF([at(0.27, 0.52), at(0.43, 0.68), at(0.73, 0.34)]))
    elif mark == "redacted":
        painter.setBrush(QColor("white"))
        painter.drawRect(QRectF(at(0.25, 0.42), at(0.75, 0.58)))
    else:
        painter.drawLine(at(0.5, 0.72), at(0.5, 0.3))
        painter.drawPolyline(QPolygonF([at(0.32, 0.46), at(0.5, 0.28), at(0.68, 0.46)]))


def _is_set(marks: ItemMarks | None, mark: str) -> bool:
    return marks is not None and bool(getattr(marks, mark))


def with_badges(picture: QPixmap | None, marks: ItemMarks | None, side: int) -> QPixmap:
    """`picture` (or an empty square) with a badge for each mark that is set, along its
    lower edge. The picture is not changed."""
    canvas = QPixmap(side, side)
    canvas.fill(Qt.GlobalColor.transparent)
    painter = QPainter(canvas)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if picture is not None and not picture.isNull():
        painter.drawPixmap((side - picture.width()) // 2, (side - picture.height()) // 2, picture)
    diameter = max(12.0, side / 4.5)
    left = 1.0
    for mark, colour, _looks, _means in BADGES:
        if not _is_set(marks, mark):
            continue
        box = QRectF(left, side - diameter - 1, diameter, diameter)
        painter.setPen(QPen(QColor("white"), 1))
        painter.setBrush(QColor(colour))
        painter.drawEllipse(box)
        _glyph(painter, mark, box)
        left += diameter + 1
    painter.end()
    return canvas


def has_badges(marks: ItemMarks | None) -> bool:
    return any(_is_set(marks, mark) for mark, *_rest in BADGES)


def legend(marks: ItemMarks | None) -> str:
    """The tooltip: every badge and what it means, those this item carries in bold."""
    lines = []
    for mark, _colour, looks, means in BADGES:
        text = f"{tr(looks)}: {tr(means)}"
        lines.append(f"<b>{text}</b>" if _is_set(marks, mark) else text)
    return f"<p>{tr('Badges on the picture')}</p><p>" + "<br>".join(lines) + "</p>"


def badged_thumbnail(data: bytes | None, marks: ItemMarks | None, side: int) -> QPixmap | None:
    """A stored thumbnail (JPEG bytes) scaled to fit `side`, with its badges; None when the
    bytes are not a picture."""
    image = QImage.fromData(data or b"")
    if image.isNull():
        return None
    scaled = image.scaled(
        side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )
    return with_badges(QPixmap.fromImage(scaled), marks, side)
