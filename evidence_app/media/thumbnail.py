"""Small previews of images, made in memory and carrying no metadata.

A thumbnail shows a picture upright and in the right colours, and nothing else: no EXIF, no
GPS, no colour profile, no comment survives into it. Pictures that declare more pixels than
`MAX_PIXELS` are not decoded at all, and no input makes `make_thumbnail` raise.
"""

from __future__ import annotations

import functools
import io
import math
from dataclasses import dataclass, field
from typing import Final

import pillow_heif
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from evidence_app.media.media_type import IMAGE_TYPES
from evidence_app.media.perceptual_hash import perceptual_hash

# Registering is idempotent; it lets Pillow decode HEIC and HEIF.
pillow_heif.register_heif_opener()

MAX_PIXELS: Final = 200_000_000
"""Pictures declaring more pixels than this are not decoded (decompression bombs)."""

JPEG_QUALITY: Final = 82

# Only the formats we mean to decode: Pillow's rarer plugins stay out of reach of hostile
# files. (Camera JPEGs that carry a second picture open as "MPO" through the JPEG opener.)
_FORMATS: Final = ("JPEG", "PNG", "GIF", "TIFF", "WEBP", "BMP", "HEIF")
_JPEG_END: Final = b"\xff\xd9"
_SIDEWAYS: Final = frozenset({5, 6, 7, 8})  # orientations that swap width and height
_WHITE: Final = (255, 255, 255)


@dataclass(frozen=True)
class ThumbnailResult:
    jpeg: bytes | None
    """The thumbnail as JPEG, or None when the picture could not or must not be decoded."""
    width: int | None
    """Width of the full picture as it is meant to be seen (after EXIF orientation)."""
    height: int | None
    notes: list[str] = field(default_factory=list)
    phash: str | None = None
    """The perceptual hash of the picture as the thumbnail shows it; None when not decoded."""


def is_decodable_image(media_type: str) -> bool:
    """Whether `make_thumbnail` can decode files of this media type."""
    return media_type in IMAGE_TYPES


def make_thumbnail(
    data: bytes, max_side: int = 512, *, max_pixels: int = MAX_PIXELS
) -> ThumbnailResult:
    """A JPEG no larger than `max_side` on either side (large JPEGs may come out up to a
    tenth smaller, see `_draft_box`), upright, in sRGB, without metadata.

    Never raises: what went wrong is said in `notes`.
    """
    notes: list[str] = []
    try:
        return _make_thumbnail(data, max_side, max_pixels, notes)
    except Exception as error:  # the last guard: one bad file must not stop an ingest
        notes.append(f"No thumbnail: the picture could not be decoded ({_describe(error)}).")
        return ThumbnailResult(None, None, None, notes)


def _make_thumbnail(
    data: bytes, max_side: int, max_pixels: int, notes: list[str]
) -> ThumbnailResult:
    try:
        image = Image.open(io.BytesIO(data), formats=_FORMATS)
    except Image.DecompressionBombError:
        notes.append("No thumbnail: the picture declares too many pixels to decode safely.")
        return ThumbnailResult(None, None, None, notes)
    except UnidentifiedImageError:
        notes.append("No thumbnail: the file is not a picture in a format that can be shown.")
        return ThumbnailResult(None, None, None, notes)
    with image:
        stored_width, stored_height = image.size
        orientation = _orientation(image)
        width, height = (
            (stored_height, stored_width)
            if orientation in _SIDEWAYS
            else (stored_width, stored_height)
        )
        if stored_width * stored_height > max_pixels:
            notes.append(
                f"No thumbnail: the picture declares {stored_width} × {stored_height} pixels, "
                f"more than the {max_pixels // 1_000_000} million decoded safely."
            )
            return ThumbnailResult(None, width, height, notes)
        box = _draft_box(image.size, max_side)
        if image.format in ("JPEG", "MPO"):
            image.draft("RGB", box)
        picture = _decode(image, data, box, notes)
        upright = _upright(picture, notes)
        small = _resizable(upright)
        small.thumbnail((max_side, max_side), Image.Resampling.BICUBIC, reducing_gap=2.0)
        shown = _in_srgb(_opaque(small), notes)
        # Hashed from the decoded thumbnail-sized picture: ingest decodes each photo once.
        phash = perceptual_hash(shown)
        return ThumbnailResult(encode_jpeg(shown), width, height, notes, phash)


def _orientation(image: Image.Image) -> int:
    try:
        value = image.getexif().get(0x0112, 1)
    except Exception:
        return 1  # unreadable EXIF: the picture is shown as stored
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _draft_box(size: tuple[int, int], max_side: int) -> tuple[int, int]:
    """The size to ask libjpeg for. It decodes straight to 1/2, 1/4 or 1/8 scale, the
    largest that is at least this size; allowing the thumbnail to come out up to a tenth
    smaller than `max_side` lets a 4000 × 3000 photo decode to 500 × 375 and skip resizing,
    a quarter of the time its thumbnail takes."""
    width, height = size
    scale = 0.9 * max_side / max(width, height, 1)
    if scale >= 1:
        return size
    return max(1, math.ceil(width * scale)), max(1, math.ceil(height * scale))


def _decode(image: Image.Image, data: bytes, box: tuple[int, int], notes: list[str]) -> Image.Image:
    try:
        image.load()
        return image
    except OSError as error:
        if image.format not in ("JPEG", "MPO") or "truncated" not in str(error):
            raise
    # A truncated JPEG: end the data where it stops, as Pillow's global
    # LOAD_TRUNCATED_IMAGES switch would, without changing that switch for other threads.
    repaired = Image.open(io.BytesIO(data + _JPEG_END), formats=_FORMATS)
    repaired.draft("RGB", box)
    repaired.load()
    notes.append("The file is cut short; the part of the picture that is missing shows grey.")
    return repaired


def _upright(image: Image.Image, notes: list[str]) -> Image.Image:
    try:
        return ImageOps.exif_transpose(image)
    except Exception:
        notes.append("The EXIF orientation could not be read; the picture is shown as stored.")
        return image


def _resizable(image: Image.Image) -> Image.Image:
    """A mode that resizes smoothly: palettes and 1-bit would be resized pixel by pixel,
    and 16-bit or float greys would be clipped to white."""
    if image.mode in ("P", "PA"):
        return image.convert("RGBA")
    if image.mode == "1":
        return image.convert("L")
    if image.mode.startswith("I") or image.mode == "F":
        return _grey_to_8_bits(image)
    return image


def _grey_to_8_bits(image: Image.Image) -> Image.Image:
    wide = image.convert("F")
    low, high = wide.getextrema()
    if not isinstance(low, float | int) or not isinstance(high, float | int) or high <= low:
        return wide.convert("L")
    scale = 255.0 / (high - low)
    return wide.point(lambda value: value * scale - low * scale).convert("L")


def _opaque(image: Image.Image) -> Image.Image:
    """JPEG has no transparency: transparent parts become white, as viewers show them."""
    if image.mode in ("RGBA", "LA", "RGBa", "La"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, _WHITE)
        background.paste(rgba, mask=rgba.getchannel("A"))
        background.info = image.info
        return background
    if image.mode in ("RGB", "L", "CMYK"):
        return image
    return image.convert("RGB")


def _in_srgb(image: Image.Image, notes: list[str]) -> Image.Image:
    """Colours converted from the picture's embedded profile, so that the thumbnail can be
    shown right without carrying the profile (which may name its maker or device)."""
    profile = image.info.get("icc_profile")
    if isinstance(profile, bytes) and profile and image.mode in ("RGB", "CMYK"):
        try:
            return _srgb_transform(profile, image.mode).apply(image)
        except Exception:
            notes.append("The colour profile could not be applied; colours may be a little off.")
    return image if image.mode in ("RGB", "L") else image.convert("RGB")


@functools.lru_cache(maxsize=16)
def _srgb_transform(profile: bytes, mode: str) -> ImageCms.ImageCmsTransform:
    # Most files of a collection share a handful of profiles (sRGB, Display P3, one
    # scanner's): building the transform once each saves milliseconds per picture.
    source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
    return ImageCms.buildTransform(source, _srgb_profile(), mode, "RGB")


@functools.cache
def _srgb_profile() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def encode_jpeg(image: Image.Image) -> bytes:
    """The picture as a thumbnail JPEG, pixels only."""
    # Pillow carries a comment, XMP or profile from `info` into what it saves; a fresh
    # `info` leaves the thumbnail with pixels only.
    image.info = {}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()


def _describe(error: BaseException) -> str:
    detail = str(error).strip().splitlines()[0][:120] if str(error).strip() else ""
    return f"{type(error).__name__}: {detail}" if detail else type(error).__name__
