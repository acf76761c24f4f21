"""When, where and with what camera a photo was taken, read from its EXIF metadata.

Everything happens in memory on the bytes given. The files come from strangers' phones and
old cameras, and sometimes from people who want to break the tools that read them, so no
input makes `read_image_metadata` raise: what could not be read is said in `notes`.

exifread reads the tags; Pillow reads them too, to fill in what exifread does not read in
WebP, some HEIC files and the three tags exifread skips without ``details`` (MakerNote,
UserComment, XMP). Where both read a tag, exifread's reading is kept.
"""

from __future__ import annotations

import io
import logging
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Final, NamedTuple

import exifread
import pillow_heif
from PIL import ExifTags, Image

from evidence_app.ingest.capture_dates import (
    Candidate,
    Embedded,
    Kind,
    choose,
    exif_candidate,
    read_embedded,
)

# Registering is idempotent; it lets Pillow read the EXIF of HEIC files.
pillow_heif.register_heif_opener()
# exifread logs a warning for every oddity in a damaged file; the notes already say what
# matters, and nothing derived from evidence should reach a log on disk.
logging.getLogger("exifread").addHandler(logging.NullHandler())

# A hostile EXIF block can declare tens of thousands of entries with hundreds of values each,
# pointing at the same bytes, and keep exifread busy for minutes. Legitimate metadata needs a
# few hundred reads; these bounds leave room for multi-page scans and cap the worst case at
# about a quarter of a second.
READ_CALLS_LIMIT: Final = 100_000
READ_BYTES_LIMIT: Final = 64 * 1024 * 1024
MAX_TAGS: Final = 4096
MAX_TEXT: Final = 1024

_PILLOW_FORMATS: Final = ("JPEG", "PNG", "TIFF", "WEBP", "HEIF")
_IFD_NAMES: Final = {
    ExifTags.IFD.Exif: "EXIF",
    ExifTags.IFD.GPSInfo: "GPS",
    ExifTags.IFD.Interop: "Interoperability",
}


@dataclass(frozen=True)
class ImageMetadata:
    exif: dict[str, str] = field(default_factory=dict)
    """Every tag read, as "IFD TagName" → text, e.g. "EXIF DateTimeOriginal"."""
    captured_at: str | None = None
    """ISO 8601; with the UTC offset only when the file records one."""
    captured_at_source: str | None = None
    """The tag `captured_at` came from: DateTimeOriginal, DateTimeDigitized or DateTime."""
    gps: tuple[float, float] | None = None
    """(latitude, longitude) in signed decimal degrees: south and west are negative."""
    altitude: float | None = None
    """Metres above sea level; negative below it."""
    camera_make: str | None = None
    camera_model: str | None = None
    orientation: int | None = None
    """EXIF orientation 1–8: how the stored pixels must be turned to be seen upright."""
    notes: list[str] = field(default_factory=list)
    """What could not be read, in plain words."""


def read_image_metadata(data: bytes) -> ImageMetadata:
    """Read the capture metadata of an image held in memory. Never raises."""
    notes: list[str] = []
    try:
        tags = _read_tags(data, notes)
        if not tags and not notes:
            notes.append("The file has no EXIF metadata.")
        return _interpret(tags, read_embedded(data), notes)
    except Exception as error:  # the last guard: one bad file must not stop an ingest
        notes.append(f"The metadata could not be read ({_describe(error)}).")
        return ImageMetadata(notes=notes)


# --- reading ---------------------------------------------------------------------------


class _Key(NamedTuple):
    ifd: str
    tag: int


class _Tag(NamedTuple):
    name: str
    text: str
    values: tuple[object, ...]


def _read_tags(data: bytes, notes: list[str]) -> dict[_Key, _Tag]:
    try:
        by_exifread, problem = _read_with_exifread(data)
    except _ReadBudgetExceeded:
        notes.append(
            "The EXIF block declares far more entries than any camera writes; "
            "it was not read, to keep the ingest fast and safe."
        )
        return {}
    by_pillow = _read_with_pillow(data)
    if problem:
        fallback = "; the tags Pillow could read are listed instead" if by_pillow else ""
        notes.append(problem + fallback + ".")
    return {**by_pillow, **by_exifread}


class _ReadBudgetExceeded(Exception):
    pass


class _MeteredReader(io.BytesIO):
    """A file over the data that stops exifread when a hostile EXIF block would keep it
    reading for minutes; only this call is affected, no global setting."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self._calls_left = READ_CALLS_LIMIT
        self._bytes_left = READ_BYTES_LIMIT

    def read(self, size: int | None = -1, /) -> bytes:
        chunk = super().read(size)
        self._calls_left -= 1
        self._bytes_left -= len(chunk)
        if self._calls_left < 0 or self._bytes_left < 0:
            raise _ReadBudgetExceeded
        return chunk


def _read_with_exifread(data: bytes) -> tuple[dict[_Key, _Tag], str | None]:
    try:
        raw = exifread.process_file(_MeteredReader(data), details=False)
    except _ReadBudgetExceeded:
        raise
    except Exception as error:
        return {}, f"exifread could not read the EXIF block ({_describe(error)})"
    tags: dict[_Key, _Tag] = {}
    for key, value in raw.items():
        name = str(key)
        if isinstance(value, bytes):  # JPEGThumbnail, TIFFThumbnail: images, not tags
            tags[_Key(name, -1)] = _Tag(name, _binary(value), ())
            continue
        tag_id = getattr(value, "tag", None)
        if not isinstance(tag_id, int):
            continue
        values = getattr(value, "values", ())
        text = values.decode("latin-1") if isinstance(values, bytes) else str(value)
        if isinstance(values, str | bytes):
            values = (values,)
        ifd = name.partition(" ")[0]
        tags[_Key(ifd, tag_id)] = _Tag(name, _shorten(text), tuple(values))
    return tags, None


def _read_with_pillow(data: bytes) -> dict[_Key, _Tag]:
    try:
        with Image.open(io.BytesIO(data), formats=_PILLOW_FORMATS) as image:
            xmp = _xmp_creator_tool(image.info.get("xmp"))
            exif = _exif_without_decoding(image)
            if exif is None:
                return xmp
            tags = _tags_from_pillow("Image", exif, ExifTags.TAGS) | xmp
            for ifd, ifd_name in _IFD_NAMES.items():
                names = ExifTags.GPSTAGS if ifd == ExifTags.IFD.GPSInfo else ExifTags.TAGS
                tags.update(_tags_from_pillow(ifd_name, exif.get_ifd(ifd), names))
            original = image.info.get("original_orientation")
            if isinstance(original, int) and _Key("Image", 0x0112) in tags:
                # pillow-heif applies the HEIF rotation itself and rewrites the EXIF
                # orientation to 1; the file's own value is kept aside.
                tags[_Key("Image", 0x0112)] = _Tag("Image Orientation", str(original), (original,))
            return tags
    except Exception:
        # Not an image Pillow reads, or damaged metadata; exifread's reading, and its notes,
        # stand on their own.
        return {}


def _xmp_creator_tool(xmp: object) -> dict[_Key, _Tag]:
    """The program XMP says made the file (`xmp:CreatorTool`): editors write it there."""
    if isinstance(xmp, str):
        xmp = xmp.encode("utf-8", "replace")
    if not isinstance(xmp, bytes):
        return {}
    match = _CREATOR_TOOL.search(xmp[:_XMP_LIMIT])
    if match is None:
        return {}
    text = _shorten((match.group(1) or match.group(2)).decode("utf-8", "replace").strip())
    return {_Key("XMP", 0): _Tag("XMP CreatorTool", text, (text,))} if text else {}


def _exif_without_decoding(image: Image.Image) -> Image.Exif | None:
    raw = image.info.get("exif")
    if isinstance(raw, bytes) and raw:
        exif = Image.Exif()
        exif.load(raw)
        return exif
    if image.format == "TIFF":
        return image.getexif()
    # Elsewhere Pillow would decode the whole picture to look for EXIF after the pixels.
    return None


def _tags_from_pillow(
    ifd_name: str, entries: Mapping[int, object], names: Mapping[int, str]
) -> dict[_Key, _Tag]:
    tags: dict[_Key, _Tag] = {}
    for tag_id, value in entries.items():
        name = f"{ifd_name} {names.get(tag_id, f'Tag 0x{tag_id:04X}')}"
        values = value if isinstance(value, tuple) else (value,)
        tags[_Key(ifd_name, tag_id)] = _Tag(name, _pillow_text(tag_id, value), values)
    return tags


def _pillow_text(tag_id: int, value: object) -> str:
    if tag_id == 0x9286 and isinstance(value, bytes):
        return _shorten(_user_comment(value))
    if isinstance(value, bytes):
        return _binary(value)
    if isinstance(value, tuple):
        return _shorten("[" + ", ".join(_pillow_text(0, item) for item in value) + "]")
    if isinstance(value, str):
        return _shorten(value.split("\x00", 1)[0])
    numerator = getattr(value, "numerator", None)
    denominator = getattr(value, "denominator", None)
    if isinstance(numerator, int) and isinstance(denominator, int) and denominator != 1:
        ratio = Fraction(numerator, denominator) if denominator else None
        return str(ratio) if ratio is not None else f"{numerator}/{denominator}"
    return _shorten(str(value))


def _user_comment(value: bytes) -> str:
    """UserComment: an 8-byte character-code prefix, then the text."""
    code, body = value[:8], value[8:]
    encoding = {b"UNICODE\x00": "utf-16", b"JIS\x00\x00\x00\x00\x00": "shift_jis"}.get(code)
    text = body.decode(encoding or "utf-8", "replace")
    return text.replace("\x00", "").strip()


def _binary(value: bytes) -> str:
    return f"(binary data, {len(value)} bytes, not shown)"


def _shorten(text: str) -> str:
    if len(text) <= MAX_TEXT:
        return text
    return f"{text[:MAX_TEXT]}… ({len(text)} characters in all)"


def _describe(error: BaseException) -> str:
    detail = str(error).strip().splitlines()[0][:120] if str(error).strip() else ""
    return f"{type(error).__name__}: {detail}" if detail else type(error).__name__


# --- interpreting ----------------------------------------------------------------------

_DATE_TAGS: Final[tuple[tuple[str, Kind, _Key, _Key, _Key], ...]] = (
    # (name, kind, date tag, offset tag, sub-second tag)
    (
        "DateTimeOriginal",
        "capture",
        _Key("EXIF", 0x9003),
        _Key("EXIF", 0x9011),
        _Key("EXIF", 0x9291),
    ),
    (
        "DateTimeDigitized",
        "digitized",
        _Key("EXIF", 0x9004),
        _Key("EXIF", 0x9012),
        _Key("EXIF", 0x9292),
    ),
    ("DateTime", "modified", _Key("Image", 0x0132), _Key("EXIF", 0x9010), _Key("EXIF", 0x9290)),
)
_CREATOR_TOOL: Final = re.compile(rb"CreatorTool(?:=\"([^\"<]*)\"|>([^<]*)<)")
_XMP_LIMIT: Final = 256 * 1024


def _interpret(tags: dict[_Key, _Tag], embedded: Embedded, notes: list[str]) -> ImageMetadata:
    exif_dates = _exif_dates(tags)
    extra = embedded.tags
    if not exif_dates and embedded.exif_candidates:  # EXIF that only exiv2 found
        exif_dates, extra = embedded.exif_candidates, extra | embedded.exif_tags
    chosen = choose([*exif_dates, *embedded.candidates], notes)
    notes.extend(embedded.notes)
    gps = _gps(tags, notes)
    if gps is None and not _has_gps(tags):
        gps = embedded.exif_gps or embedded.gps
    return ImageMetadata(
        exif=_exif_dict(tags.values(), notes) | extra,
        captured_at=chosen.captured_at,
        captured_at_source=chosen.source,
        gps=gps,
        altitude=_altitude(tags),
        camera_make=_clean_text(tags.get(_Key("Image", 0x010F))),
        camera_model=_clean_text(tags.get(_Key("Image", 0x0110))),
        orientation=_orientation(tags, notes),
        notes=notes,
    )


def _exif_dict(tags: Iterable[_Tag], notes: list[str]) -> dict[str, str]:
    exif: dict[str, str] = {}
    for tag in tags:
        if len(exif) == MAX_TAGS:
            notes.append(f"Only the first {MAX_TAGS} EXIF tags are listed.")
            break
        exif[tag.name] = tag.text
    return dict(sorted(exif.items()))


def _exif_dates(tags: dict[_Key, _Tag]) -> list[Candidate]:
    """DateTimeOriginal, DateTimeDigitized and DateTime, each with its own sub-second and
    UTC offset tags."""
    found: list[Candidate] = []
    for name, kind, date_key, offset_key, subsec_key in _DATE_TAGS:
        tag = tags.get(date_key)
        if tag is not None:
            offset, subseconds = tags.get(offset_key), tags.get(subsec_key)
            found.append(
                exif_candidate(
                    name,
                    kind,
                    tag.text,
                    offset.text if offset else "",
                    subseconds.text if subseconds else "",
                )
            )
    return found


def _number(value: object) -> float | None:
    """A tag value as a number. 0/0 counts as 0, as writers use it for "unused"; n/0 and
    anything that is not a number give None."""
    if isinstance(value, tuple) and len(value) == 1:  # exifread wraps each float
        value = value[0]
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return float(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    numerator = getattr(value, "numerator", None)
    denominator = getattr(value, "denominator", None)
    if isinstance(numerator, int) and isinstance(denominator, int):
        if denominator == 0:
            return 0.0 if numerator == 0 else None
        return numerator / denominator
    return None


def _first_int(tag: _Tag | None) -> int | None:
    if tag is None or not tag.values:
        return None
    value = tag.values[0]
    if isinstance(value, bytes):  # Pillow gives BYTE values as bytes
        return value[0] if value else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _has_gps(tags: dict[_Key, _Tag]) -> bool:
    return _Key("GPS", 2) in tags or _Key("GPS", 4) in tags


def _gps(tags: dict[_Key, _Tag], notes: list[str]) -> tuple[float, float] | None:
    latitude_tag, longitude_tag = tags.get(_Key("GPS", 2)), tags.get(_Key("GPS", 4))
    if latitude_tag is None and longitude_tag is None:
        return None
    if latitude_tag is None or longitude_tag is None:
        notes.append("The GPS position has only one of latitude and longitude; it was not read.")
        return None
    latitude = _coordinate(latitude_tag, tags.get(_Key("GPS", 1)), "latitude", "NS", 90, notes)
    longitude = _coordinate(longitude_tag, tags.get(_Key("GPS", 3)), "longitude", "EW", 180, notes)
    if latitude is None or longitude is None:
        return None
    if latitude == 0 and longitude == 0:
        notes.append(
            "The GPS position is 0°, 0°, which devices write when they have no fix; "
            "it was treated as missing."
        )
        return None
    return latitude, longitude


def _coordinate(
    tag: _Tag, ref: _Tag | None, axis: str, hemispheres: str, limit: int, notes: list[str]
) -> float | None:
    """Degrees, or degrees and minutes, or degrees, minutes and seconds, signed by the
    hemisphere reference (N/S or E/W)."""
    parts = [_number(value) for value in tag.values[:3]]
    if not parts:
        notes.append(f"The GPS {axis} is empty; the position was not read.")
        return None
    if any(part is None for part in parts):
        notes.append(
            f"The GPS {axis} '{tag.text}' has a zero denominator or a value that is not a "
            "number; the position was not read."
        )
        return None
    magnitude = sum(abs(part or 0.0) / 60.0**index for index, part in enumerate(parts))
    hemisphere = _clean_text(ref)
    hemisphere = hemisphere[:1].upper() if hemisphere else ""
    if hemisphere and hemisphere in hemispheres:
        negative = hemisphere == hemispheres[1]
    else:
        negative = any((part or 0.0) < 0 for part in parts)
        notes.append(
            f"The GPS {axis} has no valid hemisphere reference ({hemispheres[0]} or "
            f"{hemispheres[1]}); the sign of the value itself was used."
        )
    if magnitude > limit:
        notes.append(
            f"The GPS {axis} {magnitude:.6f}° is beyond ±{limit}°; the position was not read."
        )
        return None
    return -magnitude if negative else magnitude


def _altitude(tags: dict[_Key, _Tag]) -> float | None:
    tag = tags.get(_Key("GPS", 6))
    value = tag.values[0] if tag and tag.values else None
    if getattr(value, "denominator", None) == 0:
        return None  # 0/0: the device had no altitude
    height = _number(value)
    if height is None:
        return None
    below_sea_level = _first_int(tags.get(_Key("GPS", 5))) == 1
    return -abs(height) if below_sea_level else height


def _orientation(tags: dict[_Key, _Tag], notes: list[str]) -> int | None:
    tag = tags.get(_Key("Image", 0x0112))
    value = _first_int(tag)
    if tag is None:
        return None
    if value is None or not 1 <= value <= 8:
        notes.append(f"The orientation '{tag.text}' is not one of 1–8; it was ignored.")
        return None
    return value


def _clean_text(tag: _Tag | None) -> str | None:
    """Text as cameras write it, less the NUL padding and spaces some of them add."""
    if tag is None:
        return None
    text = tag.text.split("\x00", 1)[0].strip()
    return text or None
