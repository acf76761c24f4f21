"""Redacted copies of photos for publication: no metadata, decided regions blurred.

The copy is decoded upright and re-encoded without EXIF, GPS, colour profile or comments
(by `make_thumbnail`, the same careful decoder ingest uses, which refuses to decode
pictures that declare too many pixels). Only the regions it is given are blurred: which
ones is decided in `core.region_service`, from the detector's proposals and the curator's
decisions. Each region is pixelated, then blurred, so nothing of it can be recovered.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageFilter

from evidence_app.media.thumbnail import make_thumbnail

MAX_SIDE = 2400  # large enough to print a photo across an A4 page
FACE_PADDING = 0.3  # hair, ears and jaw around the box the detector finds
RENDERING = "pixelated to 8 × 8 blocks at most, then Gaussian blur of 1/8 of the box"


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
    regions: list[Box]  # what was blurred, in the copy's pixels

    def parameters(self) -> dict[str, Any]:
        return {
            "blurred_in_copy": [box.to_json() for box in self.regions],
            "rendering": RENDERING,
            "max_side": MAX_SIDE,
            "metadata": "none (EXIF, GPS, ICC profile and comments removed)",
            "size": [self.width, self.height],
        }


def decode_upright(data: bytes) -> Image.Image:
    """The picture as published: upright, sRGB, at most `MAX_SIDE`, without metadata."""
    result = make_thumbnail(data, max_side=MAX_SIDE)
    if result.jpeg is None:
        raise NotRedactable("; ".join(result.notes) or "the picture cannot be decoded")
    return Image.open(io.BytesIO(result.jpeg)).convert("RGB")


def obliterate(image: Image.Image, box: Box) -> None:
    """Pixelate then blur a box in place, so that nothing of it can be recovered."""
    area = (box.x, box.y, box.x + box.width, box.y + box.height)
    patch = image.crop(area)
    blocks = (max(1, min(8, box.width)), max(1, min(8, box.height)))  # 8 × 8 at most
    patch = patch.resize(blocks, Image.Resampling.BOX).resize(patch.size, Image.Resampling.NEAREST)
    patch = patch.filter(ImageFilter.GaussianBlur(max(2, min(box.width, box.height) // 8)))
    image.paste(patch, area[:2])


def redact_photo(
    data: bytes, original_size: tuple[int, int] | None, regions: list[Box]
) -> RedactedPhoto:
    """Blur `regions`, given in the original's upright pixels (`original_size`)."""
    image = decode_upright(data)
    factor = image.width / (original_size or image.size)[0]
    boxes = [box.scaled(factor).padded(0.0, image.size) for box in regions]
    for box in boxes:
        obliterate(image, box)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88, optimize=True)  # no exif=, no icc_profile=: none kept
    return RedactedPhoto(out.getvalue(), image.width, image.height, boxes)
