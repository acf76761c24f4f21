"""The media type comes from a file's content; its name only settles ties."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidence_app.media.media_type import IMAGE_TYPES, SNIFF_BYTES, sniff_media_type
from tests.ingest import camera_files

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"


def ftyp(major: bytes, *compatible: bytes) -> bytes:
    body = major + b"\x00\x00\x00\x00" + b"".join(compatible)
    return struct.pack(">I", 8 + len(body)) + b"ftyp" + body + b"\x00\x00\x00\x08free"


def ogg(first_packet: bytes) -> bytes:
    header = b"OggS\x00\x02" + b"\x00" * 20 + bytes([1, len(first_packet)])
    return header + first_packet


def ebml(doc_type: bytes) -> bytes:
    body = b"\x42\x86\x81\x01" + b"\x42\x82" + bytes([0x80 | len(doc_type)]) + doc_type
    return b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(body)]) + body


def zip_of(*entries: tuple[str, str], stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, content) in enumerate(entries):
            method = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=method)
    return buffer.getvalue()


def ole_with_stream(name: str) -> bytes:
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".ljust(512, b"\x00")
    entry = (name.encode("utf-16-le") + b"\x00\x00").ljust(128, b"\x00")
    root = "Root Entry".encode("utf-16-le").ljust(128, b"\x00")
    return header + root + entry


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (camera_files.iphone(), "image/jpeg"),
        (camera_files.png_with_exif(), "image/png"),
        (b"GIF87a\x10\x00\x10\x00", "image/gif"),
        (b"GIF89a\x10\x00\x10\x00", "image/gif"),
        (camera_files.tiff_scan(), "image/tiff"),
        (b"II*\x00\x08\x00\x00\x00", "image/tiff"),
        (b"MM\x00*\x00\x00\x00\x08", "image/tiff"),
        (camera_files.webp_with_exif(), "image/webp"),
        (camera_files.heic_with_exif(), "image/heic"),
        (b"BM" + b"\x00" * 12 + struct.pack("<I", 40) + b"\x00" * 20, "image/bmp"),
        (camera_files.PDF_HEAD, "application/pdf"),
        (b"{\\rtf1\\ansi Statement}", "application/rtf"),
        (ole_with_stream("WordDocument"), "application/msword"),
        (ole_with_stream("Workbook"), "application/vnd.ms-excel"),
        (ole_with_stream("PowerPoint Document"), "application/vnd.ms-powerpoint"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", "audio/wav"),
        (ogg(b"OpusHead\x01\x02"), "audio/ogg"),
        (ogg(b"\x01vorbis\x00\x00"), "audio/ogg"),
        (b"fLaC\x00\x00\x00\x22", "audio/flac"),
        (b"#!AMR\n\x3c\x00", "audio/amr"),
        (b"#!AMR-WB\n\x00", "audio/amr-wb"),
        (b"ID3\x04\x00\x00\x00\x00\x00\x00\xff\xfb\x90\x00", "audio/mpeg"),
        (b"\xff\xfb\x90\x64" + b"\x00" * 40, "audio/mpeg"),
        (ebml(b"matroska"), "video/x-matroska"),
        (ebml(b"webm"), "video/webm"),
        (camera_files.PLAIN_TEXT, "text/plain"),
        (camera_files.docx(), DOCX),
    ],
)
def test_content_decides_the_type(head: bytes, expected: str) -> None:
    assert sniff_media_type(head) == expected


@pytest.mark.parametrize(
    ("brands", "expected"),
    [
        ((b"heic", b"mif1", b"heic"), "image/heic"),
        ((b"mif1", b"mif1", b"heic"), "image/heic"),
        ((b"mif1", b"mif1"), "image/heif"),
        ((b"avif", b"avif", b"mif1"), "image/avif"),
        ((b"isom", b"isom", b"iso2", b"mp41"), "video/mp4"),
        ((b"mp42", b"isom"), "video/mp4"),
        ((b"qt  ", b"qt  "), "video/quicktime"),
        ((b"3gp4", b"isom", b"3gp4"), "video/3gpp"),
        ((b"M4A ", b"M4A ", b"isom"), "audio/mp4"),
    ],
)
def test_iso_media_files_are_told_apart_by_their_brands(
    brands: tuple[bytes, ...], expected: str
) -> None:
    assert sniff_media_type(ftyp(*brands)) == expected


def test_the_name_does_not_override_the_content() -> None:
    assert sniff_media_type(camera_files.iphone(), "statement.pdf") == "image/jpeg"
    assert sniff_media_type(camera_files.PDF_HEAD, "photo.jpg") == "application/pdf"
    assert sniff_media_type(camera_files.docx(), "budget.xlsx") == DOCX


def test_office_documents_are_recognised_from_content_types_inside_the_zip() -> None:
    xlsx = zip_of(
        (
            "[Content_Types].xml",
            '<Types><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        ),
        ("xl/workbook.xml", "<workbook/>"),
    )
    assert sniff_media_type(xlsx, "download") == XLSX


def test_office_documents_are_recognised_from_their_folders_when_content_types_is_missing() -> None:
    pptx = zip_of(("ppt/presentation.xml", "<p/>"), ("_rels/.rels", "<r/>"))
    assert sniff_media_type(pptx) == PPTX


def test_opendocument_files_are_recognised_from_their_mimetype_entry() -> None:
    odt = zip_of(("mimetype", ODT), ("content.xml", "<office/>"), stored_first=True)
    ods = zip_of(("mimetype", ODS), ("content.xml", "<office/>"), stored_first=True)
    assert sniff_media_type(odt, "letter.docx") == ODT
    assert sniff_media_type(ods) == ODS


def test_a_zip_whose_entries_lie_beyond_the_head_is_named_by_its_extension() -> None:
    head = camera_files.docx()[:20]
    assert sniff_media_type(head, "Statement.DOCX") == DOCX
    assert sniff_media_type(head, "statement.odt") == ODT
    assert sniff_media_type(head, "archive.zip") == "application/zip"
    assert sniff_media_type(head) == "application/zip"


def test_legacy_office_files_without_a_visible_directory_are_named_by_their_extension() -> None:
    head = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
    assert sniff_media_type(head, "report.doc") == "application/msword"
    assert sniff_media_type(head, "table.xls") == "application/vnd.ms-excel"
    assert sniff_media_type(head, "unknown") == "application/x-ole-storage"


def test_audio_only_containers_take_their_audio_type_from_the_extension() -> None:
    assert sniff_media_type(ftyp(b"isom", b"isom"), "voice.m4a") == "audio/mp4"
    assert sniff_media_type(ftyp(b"isom", b"isom"), "clip.mp4") == "video/mp4"
    assert sniff_media_type(ebml(b"matroska"), "track.mka") == "audio/x-matroska"


def test_the_extension_never_makes_a_type_out_of_unknown_bytes() -> None:
    assert sniff_media_type(bytes(range(256)), "photo.jpg") == "application/octet-stream"


@pytest.mark.parametrize(
    "head",
    [
        camera_files.EMPTY,
        bytes(range(256)),
        b"\x00\x01\x02\x03hello",
        b"text with a NUL\x00 inside",
        b"\xc3\x28 invalid UTF-8",
    ],
)
def test_unrecognised_bytes_are_an_octet_stream(head: bytes) -> None:
    assert sniff_media_type(head) == "application/octet-stream"


def test_text_cut_in_the_middle_of_a_character_is_still_text() -> None:
    head = camera_files.PLAIN_TEXT[:3]  # "П" is two bytes; the cut splits the second letter
    assert sniff_media_type(head) == "text/plain"


def test_utf16_text_with_a_byte_order_mark_is_text() -> None:
    assert sniff_media_type("Показания".encode("utf-16")) == "text/plain"


def test_only_the_first_sniff_bytes_are_looked_at() -> None:
    text = b"a" * SNIFF_BYTES + b"\x00\x01\x02"
    assert sniff_media_type(text) == "text/plain"


def test_the_decodable_image_types_are_images() -> None:
    assert {"image/jpeg", "image/png", "image/heic", "image/webp", "image/tiff"} <= IMAGE_TYPES
    assert all(media_type.startswith("image/") for media_type in IMAGE_TYPES)


@settings(max_examples=300, deadline=None)
@given(head=camera_files.arbitrary_bytes(), name=st.text(max_size=40))
def test_sniffing_never_raises_and_always_names_a_type(head: bytes, name: str) -> None:
    media_type = sniff_media_type(head, name)
    assert "/" in media_type


@settings(max_examples=150, deadline=None)
@given(data=camera_files.corrupted([camera_files.iphone(), camera_files.docx()]))
def test_sniffing_corrupted_files_never_raises(data: bytes) -> None:
    assert "/" in sniff_media_type(data)
