"""What a file is, judged from its first bytes rather than from its name.

Files reach researchers renamed by messengers, e-mail gateways and people ("photo.pdf" that is
a JPEG, "document" with no extension), so the content decides. The name is consulted only
where the content leaves a tie: a ZIP or OLE container whose parts lie beyond the bytes given,
an MP4 that may hold only sound, a Matroska file that may hold only sound.
"""

from __future__ import annotations

import codecs
import re
import struct
import zlib
from collections.abc import Callable
from pathlib import PurePath
from typing import Final

SNIFF_BYTES: Final = 64 * 1024
"""How much of the start of a file `sniff_media_type` can use; more is ignored."""

OCTET_STREAM: Final = "application/octet-stream"

IMAGE_TYPES: Final = frozenset(
    {
        "image/jpeg",
        "image/png",
        "image/gif",
        "image/tiff",
        "image/webp",
        "image/bmp",
        "image/heic",
        "image/heif",
        "image/heic-sequence",
        "image/heif-sequence",
    }
)
"""Media types the thumbnailer decodes."""

_ZIP: Final = "application/zip"
_OLE: Final = "application/x-ole-storage"
_MP4: Final = "video/mp4"

# Where content leaves a tie, the extension may settle it — and only then.
_TIE_BREAKS: Final[dict[str, dict[str, str]]] = {
    _ZIP: {
        ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ".odt": "application/vnd.oasis.opendocument.text",
        ".ods": "application/vnd.oasis.opendocument.spreadsheet",
        ".odp": "application/vnd.oasis.opendocument.presentation",
        ".epub": "application/epub+zip",
    },
    _OLE: {
        ".doc": "application/msword",
        ".dot": "application/msword",
        ".xls": "application/vnd.ms-excel",
        ".ppt": "application/vnd.ms-powerpoint",
        ".pps": "application/vnd.ms-powerpoint",
        ".msg": "application/vnd.ms-outlook",
    },
    _MP4: {".m4a": "audio/mp4", ".m4b": "audio/mp4"},
    "video/x-matroska": {".mka": "audio/x-matroska"},
    "video/webm": {".weba": "audio/webm"},
}

_PREFIXES: Final[tuple[tuple[bytes, str], ...]] = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"II+\x00", "image/tiff"),  # BigTIFF
    (b"MM\x00+", "image/tiff"),
    (b"{\\rtf", "application/rtf"),
    (b"fLaC", "audio/flac"),
    (b"#!AMR\n", "audio/amr"),
    (b"#!AMR-WB\n", "audio/amr-wb"),
    (b"PK\x03\x04", _ZIP),
    (b"PK\x05\x06", _ZIP),  # an empty archive
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (b"Rar!\x1a\x07", "application/vnd.rar"),
    (b"\x1f\x8b", "application/gzip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", _OLE),
    (b"\x1a\x45\xdf\xa3", "video/x-matroska"),
    (b"OggS", "application/ogg"),
    (b"ID3", "audio/mpeg"),
    (b"FLV\x01", "video/x-flv"),
    (b"0&\xb2u\x8ef\xcf\x11", "video/x-ms-asf"),  # WMV, WMA
    (b"\x00\x00\x01\xba", "video/mpeg"),  # an MPEG program stream (DVD, camcorders)
    (b"caff", "audio/x-caf"),
)


def sniff_media_type(head: bytes, name: str = "") -> str:
    """The MIME type of a file, from its first bytes (up to `SNIFF_BYTES` are used).

    `name` is the file's original name; it only settles what the content cannot tell.
    """
    head = head[:SNIFF_BYTES]
    found = _from_content(head)
    suffix = PurePath(name).suffix.lower()
    return _TIE_BREAKS.get(found, {}).get(suffix, found)


def _from_content(head: bytes) -> str:
    for prefix, media_type in _PREFIXES:
        if head.startswith(prefix):
            refine = _REFINERS.get(media_type)
            return refine(head) if refine else media_type
    for sniffer in _SNIFFERS:
        found = sniffer(head)
        if found:
            return found
    return OCTET_STREAM


# --- containers whose first bytes name only the container -------------------------------


def _zip_type(head: bytes) -> str:
    """An office or e-book document if its ZIP entries say so, else a plain ZIP archive."""
    names: list[bytes] = []
    position = 0
    while len(names) < 64 and head.startswith(b"PK\x03\x04", position):
        if position + 30 > len(head):
            break
        flags, method, size, _, name_length, extra_length = struct.unpack_from(
            "<HH8xIIHH", head, position + 6
        )
        name = head[position + 30 : position + 30 + name_length]
        start = position + 30 + name_length + extra_length
        sizes_known = not flags & 0x08 and size != 0xFFFFFFFF
        body = head[start : start + size] if sizes_known else head[start:]
        names.append(name)
        if name == b"mimetype" and method == 0:
            declared = _odf_mimetype(body)
            if declared:
                return declared
        if name == b"[Content_Types].xml":
            declared = _ooxml_type(_inflate(body, method))
            if declared:
                return declared
        if not sizes_known:
            break  # the next entry's position is unknown
        position = start + size
    return _type_from_entry_names(names)


def _odf_mimetype(body: bytes) -> str | None:
    text = body.decode("ascii", "replace").strip()
    return text if re.fullmatch(r"application/[\w.+-]+", text) else None


def _inflate(body: bytes, method: int) -> bytes:
    if method == 0:
        return body
    if method != 8:
        return b""
    try:
        # A bounded output: a hostile archive cannot make this expand without limit.
        return zlib.decompressobj(-zlib.MAX_WBITS).decompress(body, 256 * 1024)
    except zlib.error:
        return b""


def _ooxml_type(content_types: bytes) -> str | None:
    """The package type from its main part, e.g. "...wordprocessingml.document.main+xml"."""
    match = re.search(rb'ContentType="(application/vnd\.[\w.-]+)\.main\+xml"', content_types)
    if not match:
        return None
    media_type = match.group(1).decode("ascii")
    # Macro-enabled packages carry a version in their registered type.
    return media_type + ".12" if media_type.endswith("macroEnabled") else media_type


def _type_from_entry_names(names: list[bytes]) -> str:
    folders = {
        b"word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        b"ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    }
    for name in names:
        for folder, media_type in folders.items():
            if name.startswith(folder):
                return media_type
    return _ZIP


def _ole_type(head: bytes) -> str:
    """A legacy Office file if its directory (when within `head`) names its main stream."""
    streams = (
        ("WordDocument", "application/msword"),
        ("PowerPoint Document", "application/vnd.ms-powerpoint"),
        ("Workbook", "application/vnd.ms-excel"),
        ("Book", "application/vnd.ms-excel"),
        ("__substg1.0_", "application/vnd.ms-outlook"),
    )
    # Directory entries are 128 bytes long and start on 128-byte boundaries after the header.
    entry_names = {head[offset : offset + 64] for offset in range(512, len(head), 128)}
    for stream, media_type in streams:
        encoded = stream.encode("utf-16-le") + b"\x00\x00"  # names end with a NUL
        if any(entry.startswith(encoded) for entry in entry_names):
            return media_type
    return _OLE


def _matroska_type(head: bytes) -> str:
    """WebM and Matroska share the EBML header; its DocType element tells them apart."""
    position = head.find(b"\x42\x82", 4, 64)
    if position < 0 or position + 3 > len(head):
        return "video/x-matroska"
    length_byte = head[position + 2]
    if length_byte & 0x80:  # a one-byte EBML size, which is what writers use here
        doc_type = head[position + 3 : position + 3 + (length_byte & 0x7F)]
        if doc_type == b"webm":
            return "video/webm"
    return "video/x-matroska"


def _ogg_type(head: bytes) -> str:
    if len(head) < 27:
        return "application/ogg"
    first_packet = head[27 + head[26] :]
    if first_packet.startswith((b"OpusHead", b"\x01vorbis", b"\x7fFLAC", b"Speex   ")):
        return "audio/ogg"
    if first_packet.startswith(b"\x80theora"):
        return "video/ogg"
    return "application/ogg"


def _id3_type(head: bytes) -> str:
    """An ID3 tag usually precedes MP3, but sometimes FLAC or AAC."""
    if len(head) < 10:
        return "audio/mpeg"
    size = 0
    for byte in head[6:10]:
        size = (size << 7) | (byte & 0x7F)
    footer = 10 if head[5] & 0x10 else 0
    after = head[10 + size + footer :]
    if after.startswith(b"fLaC"):
        return "audio/flac"
    if _is_adts(after):
        return "audio/aac"
    return "audio/mpeg"


_REFINERS: Final[dict[str, Callable[[bytes], str]]] = {
    _ZIP: _zip_type,
    _OLE: _ole_type,
    "video/x-matroska": _matroska_type,
    "application/ogg": _ogg_type,
    "audio/mpeg": _id3_type,
}


# --- formats recognised by structure rather than by a fixed prefix ----------------------

_FTYP_BRANDS: Final[dict[bytes, str]] = {
    **dict.fromkeys([b"heic", b"heix", b"heim", b"heis"], "image/heic"),
    **dict.fromkeys([b"hevc", b"hevx", b"hevm", b"hevs"], "image/heic-sequence"),
    **dict.fromkeys([b"avif", b"avis"], "image/avif"),
    b"crx ": "image/x-canon-cr3",
    b"qt  ": "video/quicktime",
    **dict.fromkeys([b"3gp4", b"3gp5", b"3gp6", b"3gp7", b"3gs7", b"3ge6", b"3ge7"], "video/3gpp"),
    **dict.fromkeys([b"3g2a", b"3g2b", b"3g2c"], "video/3gpp2"),
    **dict.fromkeys([b"M4A ", b"M4B ", b"M4P "], "audio/mp4"),
    **dict.fromkeys(
        [b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V "],
        _MP4,
    ),
    **dict.fromkeys([b"dash", b"MSNV", b"NDAS", b"XAVC", b"f4v ", b"mmp4"], _MP4),
}
# Generic HEIF brands: a more specific compatible brand, when listed, says what is inside.
_GENERIC_HEIF: Final = {b"mif1": "image/heif", b"msf1": "image/heif-sequence"}


def _iso_media_type(head: bytes) -> str | None:
    """ISO base media files (MP4, MOV, 3GP, HEIC, AVIF) name their brands in an ftyp box."""
    if len(head) < 16 or head[4:8] != b"ftyp":
        return None
    box_size = struct.unpack(">I", head[:4])[0]
    major = head[8:12]
    compatible = [head[i : i + 4] for i in range(16, min(box_size, len(head)) - 3, 4)]
    if major in _GENERIC_HEIF:
        specific = [_FTYP_BRANDS[b] for b in compatible if b in _FTYP_BRANDS]
        images = [t for t in specific if t.startswith("image/")]
        return images[0] if images else _GENERIC_HEIF[major]
    if major in _FTYP_BRANDS:
        return _FTYP_BRANDS[major]
    for brand in compatible:
        if brand in _FTYP_BRANDS:
            return _FTYP_BRANDS[brand]
        if brand in _GENERIC_HEIF:
            return _GENERIC_HEIF[brand]
    return None


def _quicktime_type(head: bytes) -> str | None:
    """A QuickTime movie written before ftyp boxes existed starts with one of its atoms."""
    if len(head) >= 8 and head[4:8] in (b"moov", b"mdat", b"wide", b"pnot"):
        return "video/quicktime"
    return None


def _aiff_type(head: bytes) -> str | None:
    return "audio/aiff" if head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC") else None


def _mpeg_ts_type(head: bytes) -> str | None:
    """An MPEG transport stream (.ts, .mts from camcorders): a sync byte every 188 bytes,
    or every 192 in Blu-ray's M2TS, which puts a 4-byte time code before each packet."""
    for size, start in ((188, 0), (192, 4)):
        if len(head) >= start + 3 * size and all(head[start + i * size] == 0x47 for i in range(3)):
            return "video/mp2t"
    return None


def _riff_type(head: bytes) -> str | None:
    if head[:4] not in (b"RIFF", b"RF64", b"BW64"):
        return None
    return {b"WEBP": "image/webp", b"WAVE": "audio/wav", b"AVI ": "video/x-msvideo"}.get(head[8:12])


def _bmp_type(head: bytes) -> str | None:
    # "BM" alone starts ordinary text too; the size of the header that follows must be one
    # of the sizes Windows and OS/2 defined.
    if head[:2] != b"BM" or len(head) < 18:
        return None
    header_size = struct.unpack("<I", head[14:18])[0]
    return "image/bmp" if header_size in (12, 16, 40, 52, 56, 64, 108, 124) else None


def _pdf_type(head: bytes) -> str | None:
    # Readers accept the header anywhere in the first kilobyte; mail gateways prepend junk.
    return "application/pdf" if b"%PDF-" in head[:1024] else None


def _is_adts(head: bytes) -> bool:
    return len(head) >= 2 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0


def _mpeg_audio_type(head: bytes) -> str | None:
    """An MP3 (or MP2) that starts with a frame header rather than an ID3 tag."""
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return None
    if _is_adts(head):
        return "audio/aac"
    version, layer = (head[1] >> 3) & 0x3, (head[1] >> 1) & 0x3
    bitrate, sample_rate = head[2] >> 4, (head[2] >> 2) & 0x3
    # Layer I is left out on purpose: its bit pattern is also a UTF-16 byte-order mark.
    if version == 1 or layer not in (1, 2) or bitrate == 0xF or sample_rate == 3:
        return None
    return "audio/mpeg"


def _text_type(head: bytes) -> str | None:
    """Plain text: UTF-8 (a truncated last character allowed), or UTF-16 with its BOM."""
    if not head:
        return None
    encoding = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        text = codecs.getincrementaldecoder(encoding)().decode(head, final=False)
    except UnicodeDecodeError:
        return None
    # Text has no NULs and almost no control characters; binary data has many.
    if not text or re.search(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]", text):
        return None
    return "text/plain"


_SNIFFERS: Final[tuple[Callable[[bytes], str | None], ...]] = (
    _iso_media_type,
    _quicktime_type,
    _riff_type,
    _aiff_type,
    _bmp_type,
    _pdf_type,
    _mpeg_audio_type,
    _text_type,
    _mpeg_ts_type,  # after text: a "G" every 188 characters must stay text
)
