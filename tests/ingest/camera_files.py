"""Test files built in memory: camera quirks, damaged files and hostile ones.

No binary file is committed. EXIF blocks are laid out byte by byte by `tiff_block`, so that
each quirk (padding NULs, zero denominators, dates of zeros) is exactly what cameras write
and not what a library would tidy up.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import pillow_heif
import pytest
from hypothesis import strategies as st
from PIL import Image, ImageDraw

pillow_heif.register_heif_opener()

# Pillow warns (UserWarning) about each piece of damage it meets in EXIF; tests that feed it
# damage on purpose mark themselves with this.
damaged_input = pytest.mark.filterwarnings("ignore::UserWarning")

# TIFF field types
BYTE, ASCII, SHORT, LONG, RATIONAL, UNDEFINED, DOUBLE = 1, 2, 3, 4, 5, 7, 12

Rational = tuple[int, int]


@dataclass(frozen=True)
class Entry:
    """One IFD entry. `value` is bytes for BYTE/ASCII/UNDEFINED (written as given, NULs and all),
    ints for SHORT/LONG, (numerator, denominator) pairs for RATIONAL. `count` and
    `raw_offset` override what would be computed, to build broken entries."""

    tag: int
    type: int
    value: bytes | tuple[int | Rational, ...] = b""
    count: int | None = None
    raw_offset: int | None = None


def text(tag: int, value: bytes) -> Entry:
    return Entry(tag, ASCII, value)


def rationals(tag: int, *values: Rational) -> Entry:
    return Entry(tag, RATIONAL, values)


def short(tag: int, *values: int) -> Entry:
    return Entry(tag, SHORT, values)


def _payload(entry: Entry, order: str) -> tuple[int, bytes]:
    if isinstance(entry.value, bytes):
        return len(entry.value), entry.value
    code = {SHORT: "H", LONG: "I", RATIONAL: "II"}[entry.type]
    packed = [
        struct.pack(order + code, *(item if isinstance(item, tuple) else (item,)))
        for item in entry.value
    ]
    return len(packed), b"".join(packed)


def _ifd(entries: Sequence[Entry], start: int, order: str) -> bytes:
    """An IFD at `start` (an offset within the TIFF block), followed by its data area."""
    entries = sorted(entries, key=lambda e: e.tag)
    data_start = start + 2 + 12 * len(entries) + 4
    table = struct.pack(order + "H", len(entries))
    data = b""
    for entry in entries:
        count, payload = _payload(entry, order)
        if entry.count is not None:
            count = entry.count
        if entry.raw_offset is not None:
            field = struct.pack(order + "I", entry.raw_offset)
        elif len(payload) <= 4:
            field = payload.ljust(4, b"\x00")
        else:
            field = struct.pack(order + "I", data_start + len(data))
            data += payload + (b"\x00" if len(payload) % 2 else b"")
        table += struct.pack(order + "HHI", entry.tag, entry.type, count) + field
    return table + b"\x00\x00\x00\x00" + data


def tiff_block(
    ifd0: Sequence[Entry],
    exif: Sequence[Entry] = (),
    gps: Sequence[Entry] = (),
    *,
    big_endian: bool = False,
) -> bytes:
    """A TIFF-structured EXIF block: IFD0, then the Exif and GPS IFDs it points to."""
    order = ">" if big_endian else "<"
    header = (b"MM\x00*" if big_endian else b"II*\x00") + struct.pack(order + "I", 8)
    pointers = [(0x8769, exif), (0x8825, gps)]
    present = [(tag, entries) for tag, entries in pointers if entries]

    def layout(offsets: dict[int, int]) -> bytes:
        links = [Entry(tag, LONG, (offsets.get(tag, 0),)) for tag, _ in present]
        block = header + _ifd([*ifd0, *links], 8, order)
        for tag, entries in present:
            offsets[tag] = len(block)
            block += _ifd(entries, len(block), order)
        return block

    offsets: dict[int, int] = {}
    layout(offsets)  # the first pass finds where the sub-IFDs land
    return layout(offsets)


# --- pictures ---------------------------------------------------------------------------


def picture(
    size: tuple[int, int] = (96, 64), colour: tuple[int, int, int] = (90, 120, 150)
) -> Image.Image:
    return Image.new("RGB", size, colour)


def jpeg(image: Image.Image | None = None, exif: bytes | None = None, quality: int = 90) -> bytes:
    """A JPEG; `exif` is a TIFF block (see `tiff_block`) or any bytes to put in APP1."""
    image = image if image is not None else picture()
    buffer = io.BytesIO()
    if exif is None:
        image.save(buffer, "JPEG", quality=quality)
    else:
        image.save(buffer, "JPEG", quality=quality, exif=b"Exif\x00\x00" + exif)
    return buffer.getvalue()


def noisy(size: tuple[int, int], colour: tuple[int, int, int]) -> Image.Image:
    """A colour with sensor-like noise, so that JPEG spends bytes evenly across the picture."""
    noise = Image.effect_noise(size, 30).convert("RGB")
    return Image.blend(Image.new("RGB", size, colour), noise, 0.2)


# --- cameras ------------------------------------------------------------------------------


def canon_eos() -> bytes:
    """A DSLR: no UTC offset, a MakerNote blob, and a UserComment of 264 NULs."""
    block = tiff_block(
        [
            text(0x010F, b"Canon\x00"),
            text(0x0110, b"Canon EOS 5D Mark IV\x00"),
            short(0x0112, 1),
            text(0x0132, b"2021:03:14 09:26:53\x00"),
        ],
        exif=[
            rationals(0x829A, (1, 200)),
            rationals(0x829D, (28, 10)),
            short(0x8827, 400),
            text(0x9003, b"2021:03:14 09:26:53\x00"),
            text(0x9004, b"2021:03:14 09:26:53\x00"),
            text(0x9291, b"45\x00"),
            Entry(0x927C, UNDEFINED, bytes(range(256)) * 12),
            Entry(0x9286, UNDEFINED, b"\x00" * 264),
        ],
    )
    return jpeg(exif=block)


def nikon() -> bytes:
    """Big-endian, as Nikon writes; the UserComment is "ASCII" and blank padding."""
    block = tiff_block(
        [
            text(0x010F, b"NIKON CORPORATION\x00"),
            text(0x0110, b"NIKON D750\x00"),
            short(0x0112, 1),
        ],
        exif=[
            text(0x9003, b"2019:11:02 17:45:10\x00"),
            text(0x9291, b"30\x00"),
            Entry(0x9286, UNDEFINED, b"ASCII\x00\x00\x00" + b" " * 36),
        ],
        big_endian=True,
    )
    return jpeg(exif=block)


def sony_alpha() -> bytes:
    """A make padded with spaces, and a UTC offset for the capture time."""
    block = tiff_block(
        [text(0x010F, b"SONY    \x00"), text(0x0110, b"ILCE-7M3\x00"), short(0x0112, 1)],
        exif=[
            text(0x9003, b"2022:07:09 11:02:03\x00"),
            text(0x9011, b"+01:00\x00"),
            text(0x9291, b"512\x00"),
        ],
    )
    return jpeg(exif=block)


KYIV = (50.450342, 30.523500)  # what iphone() records, in decimal degrees


def iphone() -> bytes:
    """Offset and sub-seconds for the capture time, GPS in N/E with seconds in hundredths."""
    block = tiff_block(
        [
            text(0x010F, b"Apple\x00"),
            text(0x0110, b"iPhone 13 Pro\x00"),
            short(0x0112, 6),
            text(0x0131, b"16.4.1\x00"),
            text(0x0132, b"2023:05:01 14:03:22\x00"),
        ],
        exif=[
            text(0x9003, b"2023:05:01 14:03:22\x00"),
            text(0x9004, b"2023:05:01 14:03:22\x00"),
            text(0x9010, b"+03:00\x00"),
            text(0x9011, b"+03:00\x00"),
            text(0x9012, b"+03:00\x00"),
            text(0x9291, b"123\x00"),
            text(0x9292, b"123\x00"),
        ],
        gps=[
            text(0x0001, b"N\x00"),
            rationals(0x0002, (50, 1), (27, 1), (123, 100)),
            text(0x0003, b"E\x00"),
            rationals(0x0004, (30, 1), (31, 1), (2460, 100)),
            Entry(0x0005, BYTE, b"\x00"),
            rationals(0x0006, (35900, 200)),
        ],
    )
    return jpeg(exif=block)


def samsung() -> bytes:
    """A leap-day capture west of Greenwich (New York), seconds in ten-thousandths."""
    block = tiff_block(
        [text(0x010F, b"samsung\x00"), text(0x0110, b"SM-G991B\x00"), short(0x0112, 1)],
        exif=[
            text(0x9003, b"2024:02:29 23:59:59\x00"),
            text(0x9011, b"-05:00\x00"),
            text(0x9291, b"087\x00"),
        ],
        gps=[
            text(0x0001, b"N\x00"),
            rationals(0x0002, (40, 1), (42, 1), (461000, 10000)),
            text(0x0003, b"W\x00"),
            rationals(0x0004, (74, 1), (0, 1), (215000, 10000)),
            Entry(0x0005, BYTE, b"\x01"),
            rationals(0x0006, (125, 10)),
        ],
    )
    return jpeg(exif=block)


def huawei() -> bytes:
    """Make and model padded with spaces and NULs; GPS in degrees and decimal minutes with
    0/0 seconds, and an altitude of 0/0, south and east (Sydney)."""
    block = tiff_block(
        [
            text(0x010F, b"HUAWEI  \x00\x00\x00"),
            text(0x0110, b"ELE-L29\x00   "),
            short(0x0112, 1),
        ],
        exif=[text(0x9003, b"2020:08:15 07:30:00\x00")],
        gps=[
            text(0x0001, b"S\x00"),
            rationals(0x0002, (33, 1), (5212, 100), (0, 0)),
            text(0x0003, b"E\x00"),
            rationals(0x0004, (151, 1), (1250, 100), (0, 0)),
            rationals(0x0006, (0, 0)),
        ],
    )
    return jpeg(exif=block)


def old_camera() -> bytes:
    """A camera whose clock was never set: every date is zeros or blank."""
    block = tiff_block(
        [
            text(0x010F, b"OLYMPUS OPTICAL CO.,LTD\x00"),
            text(0x0110, b"C2500L\x00"),
            text(0x0132, b"    :  :     :  :  \x00"),
        ],
        exif=[
            text(0x9003, b"0000:00:00 00:00:00\x00"),
            text(0x9004, b"    :  :     :  :  \x00"),
        ],
    )
    return jpeg(exif=block)


def dated(
    original: bytes | None = None, digitized: bytes | None = None, modified: bytes | None = None
) -> bytes:
    """A JPEG with only the given dates (DateTimeOriginal, DateTimeDigitized, DateTime)."""
    exif = [text(tag, value) for tag, value in ((0x9003, original), (0x9004, digitized)) if value]
    ifd0 = [text(0x010F, b"Test\x00")] + ([text(0x0132, modified)] if modified else [])
    return jpeg(exif=tiff_block(ifd0, exif=exif))


def with_exif_entries(ifd0: Sequence[Entry] = (), exif: Sequence[Entry] = ()) -> bytes:
    return jpeg(exif=tiff_block([text(0x010F, b"Test\x00"), *ifd0], exif=exif))


# --- GPS ---------------------------------------------------------------------------------


def with_gps(
    latitude_ref: bytes | None,
    latitude: Sequence[Rational],
    longitude_ref: bytes | None,
    longitude: Sequence[Rational],
) -> bytes:
    gps = [rationals(0x0002, *latitude), rationals(0x0004, *longitude)]
    if latitude_ref is not None:
        gps.append(text(0x0001, latitude_ref + b"\x00"))
    if longitude_ref is not None:
        gps.append(text(0x0003, longitude_ref + b"\x00"))
    return jpeg(exif=tiff_block([text(0x010F, b"Test\x00")], gps=gps))


def dms(degrees: float) -> tuple[Rational, Rational, Rational]:
    """Degrees, minutes and seconds (in hundredths) as cameras write them."""
    whole = int(degrees)
    minutes = int((degrees - whole) * 60)
    seconds = round(((degrees - whole) * 60 - minutes) * 60 * 100)
    return (whole, 1), (minutes, 1), (seconds, 100)


# --- orientation ----------------------------------------------------------------------------

SHOWN_SIZE = (240, 160)
MARKER = (230, 20, 20)
BACKGROUND = (128, 128, 128)

# Where the marker that shows at the top left must be stored, and whether the stored
# picture is turned on its side, for each EXIF orientation (from the EXIF definition of
# which side row 0 and column 0 of the stored pixels show on).
_STORED_MARKER = {
    1: (False, "top-left"),
    2: (False, "top-right"),
    3: (False, "bottom-right"),
    4: (False, "bottom-left"),
    5: (True, "top-left"),
    6: (True, "bottom-left"),
    7: (True, "bottom-right"),
    8: (True, "top-right"),
}


def oriented(orientation: int, *, heic: bool = False) -> bytes:
    """A landscape picture with a red marker at its top left once `orientation` is applied."""
    sideways, corner = _STORED_MARKER[orientation]
    width, height = SHOWN_SIZE[::-1] if sideways else SHOWN_SIZE
    stored = Image.new("RGB", (width, height), BACKGROUND)
    marker_w, marker_h = width // 4, height // 4
    left = 0 if corner.endswith("left") else width - marker_w
    top = 0 if corner.startswith("top") else height - marker_h
    ImageDraw.Draw(stored).rectangle((left, top, left + marker_w - 1, top + marker_h - 1), MARKER)
    block = tiff_block([text(0x010F, b"Test\x00"), short(0x0112, orientation)])
    if heic:
        buffer = io.BytesIO()
        stored.save(buffer, "HEIF", quality=90, exif=b"Exif\x00\x00" + block)
        return buffer.getvalue()
    return jpeg(stored, exif=block, quality=95)


# --- other containers -----------------------------------------------------------------------


def png_with_exif() -> bytes:
    buffer = io.BytesIO()
    picture().save(buffer, "PNG", exif=b"Exif\x00\x00" + _phone_block())
    return buffer.getvalue()


def webp_with_exif() -> bytes:
    """WebP keeps EXIF in its own chunk, without the "Exif" header JPEG uses."""
    buffer = io.BytesIO()
    picture().save(buffer, "WEBP", exif=_phone_block())
    return buffer.getvalue()


def heic_with_exif() -> bytes:
    buffer = io.BytesIO()
    picture().save(buffer, "HEIF", quality=80, exif=b"Exif\x00\x00" + _phone_block())
    return buffer.getvalue()


def tiff_scan() -> bytes:
    """A scanner's TIFF: the only date is DateTime, when the file was written."""
    buffer = io.BytesIO()
    block = tiff_block(
        [
            text(0x010F, b"EPSON\x00"),
            text(0x0110, b"Perfection V600\x00"),
            text(0x0132, b"2018:06:30 10:15:00\x00"),
        ]
    )
    picture((120, 80)).save(buffer, "TIFF", exif=b"Exif\x00\x00" + block)
    return buffer.getvalue()


def _phone_block() -> bytes:
    return tiff_block(
        [text(0x010F, b"Google\x00"), text(0x0110, b"Pixel 7\x00"), short(0x0112, 1)],
        exif=[text(0x9003, b"2023:10:05 08:09:10\x00"), text(0x9011, b"+02:00\x00")],
        gps=[
            text(0x0001, b"N\x00"),
            rationals(0x0002, *dms(48.8584)),
            text(0x0003, b"E\x00"),
            rationals(0x0004, *dms(2.2945)),
        ],
    )


# --- damaged and hostile files -----------------------------------------------------------------


def truncated_jpeg() -> bytes:
    """Red above, blue below, cut off a little after the middle of its bytes."""
    image = Image.new("RGB", (400, 300))
    image.paste(noisy((400, 150), (220, 30, 30)), (0, 0))
    image.paste(noisy((400, 150), (30, 30, 220)), (0, 150))
    whole = jpeg(image, quality=90)
    return whole[: len(whole) * 55 // 100]


def jpeg_with_random_exif(seed: int = 7) -> bytes:
    """An APP1 "Exif" segment full of random bytes."""
    noise = random.Random(seed).randbytes(3000)
    return jpeg(exif=noise)


def jpeg_with_random_ifd(seed: int = 11) -> bytes:
    """A valid TIFF header followed by random bytes where the IFD should be."""
    noise = random.Random(seed).randbytes(3000)
    return jpeg(exif=b"II*\x00\x08\x00\x00\x00" + noise)


def jpeg_that_breaks_exifread() -> bytes:
    """A double-precision value pointing past the end of the file: exifread 3.x reads no
    bytes for it and then fails with IndexError while formatting it."""
    broken = Entry(0x9999, DOUBLE, b"", count=1, raw_offset=0x7FFFFFF0)
    return with_exif_entries(exif=[text(0x9003, b"2021:01:01 00:00:00\x00"), broken])


def jpeg_with_huge_tag_counts() -> bytes:
    """Thousands of entries, each claiming 999 rationals at the same spot: minutes of
    work for an EXIF reader that trusts the counts."""
    entries = b"".join(struct.pack("<HHII", 0xC000 + i, RATIONAL, 999, 8) for i in range(3000))
    block = b"II*\x00\x08\x00\x00\x00" + struct.pack("<H", 3000) + entries + b"\x00" * 4
    return jpeg(exif=block[:65000])


def png_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A tiny PNG whose header claims a huge picture."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1000)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


EMPTY = b""
PLAIN_TEXT = "Показания свидетеля W-017, записано 5 января 2026.\nKyiv, room 3.\n".encode()
PDF_HEAD = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"


def docx() -> bytes:
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


# --- colour profiles ------------------------------------------------------------------------


def rgb_profile_with_red_and_green_swapped() -> bytes:
    """A minimal ICC v2 display profile whose red primary is sRGB's green and whose green is
    sRGB's red: a pixel stored as (255, 0, 0) under it is meant to be seen green."""

    def s15f16(value: float) -> bytes:
        return struct.pack(">i", round(value * 65536))

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ \x00\x00\x00\x00" + s15f16(x) + s15f16(y) + s15f16(z)

    srgb_red, srgb_green, srgb_blue = (
        (0.4361, 0.2225, 0.0139),
        (0.3851, 0.7169, 0.0971),
        (
            0.1431,
            0.0606,
            0.7141,
        ),
    )
    gamma = b"curv\x00\x00\x00\x00" + struct.pack(">IH", 1, 0x0233) + b"\x00\x00"
    description = b"desc\x00\x00\x00\x00" + struct.pack(">I", 5) + b"test\x00" + b"\x00" * 79
    tags = [
        (b"desc", description),
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(*srgb_green)),
        (b"gXYZ", xyz(*srgb_red)),
        (b"bXYZ", xyz(*srgb_blue)),
        (b"rTRC", gamma),
        (b"gTRC", gamma),
        (b"bTRC", gamma),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = struct.pack(">I", len(tags)), b""
    for signature, body in tags:
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body + b"\x00" * (-len(body) % 4)
    size = offset + len(data)
    header = (
        struct.pack(">I", size)
        + b"\x00" * 4
        + b"\x02\x10\x00\x00mntrRGB XYZ "
        + b"\x00" * 12
        + b"acsp"
        + b"\x00" * 24
        + b"\x00\x00\x00\x00"
        + s15f16(0.9642)
        + s15f16(1.0)
        + s15f16(0.8249)
        + b"\x00" * 48
    )
    assert len(header) == 128
    return header + table + data


# --- hypothesis strategies ---------------------------------------------------------------------

_MAGIC_PREFIXES = [
    b"\xff\xd8\xff\xe1\x10\x00Exif\x00\x00II*\x00\x08\x00\x00\x00",
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
    b"II*\x00\x08\x00\x00\x00",
    b"MM\x00*\x00\x00\x00\x08",
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR",
    b"RIFF\x00\x01\x00\x00WEBPVP8X\x0a\x00\x00\x00\x08\x00\x00\x00",
    b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"OggS\x00\x02",
    b"ID3\x04\x00\x00",
    b"\x1a\x45\xdf\xa3",
    b"GIF89a",
    b"BM",
]


def arbitrary_bytes() -> st.SearchStrategy[bytes]:
    """Random bytes, some of them behind the magic numbers of the formats we read, so that
    the parsers past the first check get exercised too."""
    return st.one_of(
        st.binary(max_size=2048),
        st.builds(lambda magic, rest: magic + rest, st.sampled_from(_MAGIC_PREFIXES), st.binary()),
    )


@st.composite
def corrupted(draw: st.DrawFn, originals: Sequence[bytes]) -> bytes:
    """One of `originals` with bytes overwritten (mostly in the headers and EXIF near the
    start), and possibly cut short."""
    data = bytearray(draw(st.sampled_from(originals)))
    for _ in range(draw(st.integers(1, 24))):
        near_start = st.integers(0, min(len(data), 2048) - 1)
        anywhere = st.integers(0, len(data) - 1)
        data[draw(st.one_of(near_start, anywhere))] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        del data[draw(st.integers(0, len(data))) :]
    return bytes(data)
