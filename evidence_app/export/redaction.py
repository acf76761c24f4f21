"""Redacted copies of photos for publication: no metadata, faces and marked regions blurred.

The copy is decoded upright and re-encoded without EXIF, GPS, colour profile or comments
(by `make_thumbnail`, the same careful decoder ingest uses). Faces are found offline by
OpenCV's Haar cascades, which ship inside the opencv package, frontal and profile, the
profile also mirrored. Each face is padded and each region pixelated, then blurred, so
nothing of it can be recovered. The detector misses faces that are small, covered or
turned away: the curator is told to look at every photo.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageFilter

from evidence_app.ingest.thumbnail import make_thumbnail

MAX_SIDE = 2400  # large enough to print a photo across an A4 page
DETECTION_SIDE = 1200  # faces are looked for on a copy this large: fast, still finds faces
FACE_PADDING = 0.3  # hair, ears and jaw around the box the cascade finds
_CASCADES = (
    "haarcascade_frontalface_default.xml",
    "haarcascade_frontalface_alt2.xml",
    "haarcascade_profileface.xml",
)
DETECTOR = f"opencv {cv2.__version__} haar: " + ", ".join(_CASCADES)


class NotRedactable(ValueError):
    """The picture cannot be decoded, so no redacted copy can be made."""


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    width: int
    height: int

    def scaled(self, factor: float) -> Box:
        return Box(
            round(self.x * factor),
            round(self.y * factor),
            max(1, round(self.width * factor)),
            max(1, round(self.height * factor)),
        )

    def padded(self, fraction: float, limit: tuple[int, int]) -> Box:
        dx, dy = round(self.width * fraction), round(self.height * fraction)
        x, y = max(0, self.x - dx), max(0, self.y - dy)
        right = min(limit[0], self.x + self.width + dx)
        bottom = min(limit[1], self.y + self.height + dy)
        return Box(x, y, max(1, right - x), max(1, bottom - y))

    def to_json(self) -> list[int]:
        return [self.x, self.y, self.width, self.height]


@dataclass(frozen=True)
class RedactedPhoto:
    jpeg: bytes
    width: int
    height: int
    faces: list[Box]  # in the copy's pixels
    regions: list[Box]  # in the copy's pixels

    def parameters(self, marked: list[Box]) -> dict[str, Any]:
        return {
            "detector": DETECTOR,
            "faces_blurred": [face.to_json() for face in self.faces],
            "regions_marked": [box.to_json() for box in marked],
            "face_padding": FACE_PADDING,
            "max_side": MAX_SIDE,
            "metadata": "none (EXIF, GPS, ICC profile and comments removed)",
            "size": [self.width, self.height],
        }


@cache
def _classifiers() -> list[tuple[cv2.CascadeClassifier, bool]]:
    found = []
    for name in _CASCADES:
        folder = Path(cv2.data.haarcascades)  # type: ignore[attr-defined]
        classifier = cv2.CascadeClassifier(str(folder / name))
        if classifier.empty():
            raise RuntimeError(f"the face detector {name} is missing from the opencv package")
        found.append((classifier, "profile" in name))
    return found


def detect_faces(image: Image.Image) -> list[Box]:
    """Boxes around faces in an upright RGB picture, in its pixels."""
    scale = min(1.0, DETECTION_SIDE / max(image.size))
    small = image.convert("L")
    if scale < 1.0:
        small = small.resize((round(image.width * scale), round(image.height * scale)))
    grey = cv2.equalizeHist(np.asarray(small))
    minimum = max(20, min(grey.shape) // 40)
    boxes: list[Box] = []
    for classifier, is_profile in _classifiers():
        views = [(grey, False), (cv2.flip(grey, 1), True)] if is_profile else [(grey, False)]
        for view, mirrored in views:
            found = classifier.detectMultiScale(
                view, scaleFactor=1.1, minNeighbors=5, minSize=(minimum, minimum)
            )
            for x, y, w, h in found:
                if mirrored:
                    x = view.shape[1] - x - w
                boxes.append(Box(int(x), int(y), int(w), int(h)).scaled(1 / scale))
    return _merged(boxes)


def _overlap(a: Box, b: Box) -> bool:
    return (
        a.x < b.x + b.width
        and b.x < a.x + a.width
        and a.y < b.y + b.height
        and b.y < a.y + a.height
    )


def _merged(boxes: list[Box]) -> list[Box]:
    """Several cascades find the same face: keep one box covering each overlapping group."""
    merged: list[Box] = []
    for box in sorted(boxes, key=lambda b: (b.x, b.y)):
        for index, kept in enumerate(merged):
            if _overlap(box, kept):
                x, y = min(box.x, kept.x), min(box.y, kept.y)
                right = max(box.x + box.width, kept.x + kept.width)
                bottom = max(box.y + box.height, kept.y + kept.height)
                merged[index] = Box(x, y, right - x, bottom - y)
                break
        else:
            merged.append(box)
    return merged


def obliterate(image: Image.Image, box: Box) -> None:
    """Pixelate then blur a box in place, so that nothing of it can be recovered."""
    area = (box.x, box.y, box.x + box.width, box.y + box.height)
    patch = image.crop(area)
    blocks = (max(1, min(8, box.width)), max(1, min(8, box.height)))  # 8 × 8 at most
    patch = patch.resize(blocks, Image.Resampling.BOX).resize(patch.size, Image.Resampling.NEAREST)
    patch = patch.filter(ImageFilter.GaussianBlur(max(2, min(box.width, box.height) // 8)))
    image.paste(patch, area[:2])


def redact_photo(
    data: bytes, original_size: tuple[int, int] | None, marked: list[Box], find_faces: bool = True
) -> RedactedPhoto:
    """`marked` regions are in the original's upright pixels (`original_size`)."""
    result = make_thumbnail(data, max_side=MAX_SIDE)
    if result.jpeg is None:
        raise NotRedactable("; ".join(result.notes) or "the picture cannot be decoded")
    image = Image.open(io.BytesIO(result.jpeg)).convert("RGB")
    full_width = (original_size or (result.width, result.height))[0] or image.width
    factor = image.width / full_width
    limit = image.size
    regions = [box.scaled(factor).padded(0.0, limit) for box in marked]
    faces = [face.padded(FACE_PADDING, limit) for face in detect_faces(image)] if find_faces else []
    for box in [*faces, *regions]:
        obliterate(image, box)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88, optimize=True)  # no exif=, no icc_profile=: none kept
    return RedactedPhoto(out.getvalue(), image.width, image.height, faces, regions)
