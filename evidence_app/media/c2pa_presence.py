"""Whether a file carries a C2PA manifest store, found by walking its container's structure.

Almost no file ingested carries one, so the question must cost next to nothing: a JPEG's
marker segments up to the scan data, a PNG's chunk headers, an ISO-BMFF file's top-level box
headers, a RIFF file's chunk headers. Only a file that answers yes is handed to the C2PA
library, which hashes the whole asset to validate it. Formats whose manifest may sit
anywhere (TIFF, GIF, PDF…) are searched for the JUMBF box type and the C2PA label instead.
"""

from __future__ import annotations

import struct
from typing import Final

# The UUID of ISO-BMFF's C2PA box (C2PA 2.x, §A.5: "d8fec3d6-1b0e-483c-9297-5828877ec481").
_BMFF_C2PA_UUID: Final = bytes.fromhex("d8fec3d61b0e483c92975828877ec481")
_BMFF_TYPES: Final = frozenset(
    {
        "image/heic",
        "image/heif",
        "image/heic-sequence",
        "image/heif-sequence",
        "image/avif",
        "video/mp4",
        "video/quicktime",
        "audio/mp4",
    }
)
# Where the manifest has no fixed place; the JUMBF superbox and its C2PA label are sought.
_SEARCHED_TYPES: Final = frozenset({"image/tiff", "image/gif", "application/pdf"})

C2PA_READABLE_TYPES: Final = frozenset(
    {"image/jpeg", "image/png", "image/webp"} | _BMFF_TYPES | _SEARCHED_TYPES
)
"""Media types whose C2PA manifests are looked for and read at ingest."""


def carries_c2pa(data: bytes, media_type: str) -> bool:
    """True when `data` (a file of `media_type`) holds what looks like a C2PA manifest store.

    A yes is a claim to check, not a finding: damaged stores answer yes too, and are read
    (and reported unreadable) by the library."""
    if media_type == "image/jpeg":
        return _jpeg_has_app11_c2pa(data)
    if media_type == "image/png":
        return _png_has_cabx(data)
    if media_type == "image/webp":
        return _riff_has_c2pa(data)
    if media_type in _BMFF_TYPES:
        return _bmff_has_c2pa_box(data)
    if media_type in _SEARCHED_TYPES:
        return b"jumb" in data and b"c2pa" in data
    return False


def _jpeg_has_app11_c2pa(data: bytes) -> bool:
    """APP11 segments hold JUMBF (ISO 19566-5); the C2PA store's description box names
    its type `c2pa…` and its label `c2pa`. Segments end where the scan data begins."""
    position, end = 2, len(data)
    while position + 4 <= end:
        if data[position] != 0xFF:
            return False  # not a marker where one must be: nothing more to trust
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            position += 2
            continue
        if marker in (0xDA, 0xD9):  # start of scan, end of image
            return False
        (length,) = struct.unpack_from(">H", data, position + 2)
        if marker == 0xEB and b"c2pa" in data[position + 4 : position + 2 + length]:
            return True
        position += 2 + length
    return False


def _png_has_cabx(data: bytes) -> bool:
    position, end = 8, len(data)
    while position + 8 <= end:
        length, kind = struct.unpack_from(">I4s", data, position)
        if kind == b"caBX":
            return True
        if kind == b"IEND":
            return False
        position += 12 + length  # length, type, data, CRC
    return False


def _riff_has_c2pa(data: bytes) -> bool:
    position, end = 12, len(data)
    while position + 8 <= end:
        kind, length = struct.unpack_from("<4sI", data, position)
        if kind == b"C2PA":
            return True
        position += 8 + length + (length & 1)  # chunks are padded to an even length
    return False


def _bmff_has_c2pa_box(data: bytes) -> bool:
    position, end = 0, len(data)
    while position + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, position)
        header = 8
        if size == 1 and position + 16 <= end:
            (size,) = struct.unpack_from(">Q", data, position + 8)
            header = 16
        elif size == 0:  # the last box runs to the end of the file
            size = end - position
        if kind == b"uuid" and data[position + header : position + header + 16] == _BMFF_C2PA_UUID:
            return True
        if size < header:
            return False  # a box shorter than its own header: the rest cannot be walked
        position += size
    return False
