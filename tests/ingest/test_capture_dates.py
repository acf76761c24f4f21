"""Capture times that live outside EXIF, and files whose sources disagree: every date is
kept, the one used is named, and a modification date never passes for a capture time."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from evidence_app.ingest.exif_metadata import read_image_metadata
from tests.ingest import camera_files
from tests.ingest.dated_files import (
    DATE_CREATED,
    TIME_CREATED,
    exif_dates,
    iptc_segment,
    jpeg_with,
    png_with_text_exif,
    xmp_packet,
)
from tests.ingest.test_exif_metadata import exiftool, needs_exiftool


def test_a_capture_time_only_in_xmp_is_found_with_its_offset() -> None:
    photo = jpeg_with(xmp=xmp_packet(exif_DateTimeOriginal="2023-05-01T14:03:22.25+03:00"))
    metadata = read_image_metadata(photo)
    assert metadata.captured_at == "2023-05-01T14:03:22.25+03:00"
    assert metadata.captured_at_source == "XMP exif:DateTimeOriginal"
    assert metadata.exif["XMP exif:DateTimeOriginal"] == "2023-05-01T14:03:22.25+03:00"


def test_an_iptc_date_and_time_created_are_joined_with_the_time_offset() -> None:
    iptc = iptc_segment({DATE_CREATED: b"20210704", TIME_CREATED: b"101112+0200"})
    metadata = read_image_metadata(jpeg_with(iptc=iptc))
    assert metadata.captured_at == "2021-07-04T10:11:12+02:00"
    assert metadata.captured_at_source == "IPTC DateCreated"
    assert metadata.exif["IPTC DateCreated"] == "2021-07-04"
    assert metadata.exif["IPTC TimeCreated"] == "10:11:12+02:00"


def test_an_iptc_date_without_a_time_gives_the_day() -> None:
    metadata = read_image_metadata(jpeg_with(iptc=iptc_segment({DATE_CREATED: b"20210704"})))
    assert metadata.captured_at == "2021-07-04"
    assert metadata.captured_at_source == "IPTC DateCreated"


def test_the_exif_modification_date_gives_way_to_an_xmp_capture_time() -> None:
    photo = jpeg_with(
        exif=exif_dates(modified=b"2024:06:01 18:00:00\x00"),
        xmp=xmp_packet(exif_DateTimeOriginal="2019-08-20T07:15:00"),
    )
    metadata = read_image_metadata(photo)
    assert metadata.captured_at == "2019-08-20T07:15:00"
    assert metadata.captured_at_source == "XMP exif:DateTimeOriginal"
    assert metadata.exif["Image DateTime"] == "2024:06:01 18:00:00"
    assert not any("different" in note for note in metadata.notes)


def test_xmp_modify_and_metadata_dates_are_never_the_capture_time_when_one_exists() -> None:
    photo = jpeg_with(
        xmp=xmp_packet(
            xmp_ModifyDate="2025-01-01T00:00:00Z",
            xmp_MetadataDate="2025-01-02T00:00:00Z",
            photoshop_DateCreated="2016-03-05T11:00:00",
        )
    )
    metadata = read_image_metadata(photo)
    assert metadata.captured_at == "2016-03-05T11:00:00"
    assert metadata.captured_at_source == "XMP photoshop:DateCreated"


def test_a_modification_date_alone_stands_in_and_is_named_as_one() -> None:
    photo = jpeg_with(xmp=xmp_packet(xmp_ModifyDate="2025-01-01T09:30:00+01:00"))
    metadata = read_image_metadata(photo)
    assert metadata.captured_at == "2025-01-01T09:30:00+01:00"
    assert metadata.captured_at_source == "XMP xmp:ModifyDate"
    assert (
        "The only date in the file is XMP xmp:ModifyDate, when the file was last changed; "
        "it stands in for the capture time, which the file does not record."
    ) in metadata.notes


def test_disagreeing_exif_and_xmp_capture_times_are_both_kept_and_the_one_used_is_said() -> None:
    photo = jpeg_with(
        exif=exif_dates(original=b"2023:05:01 14:03:22\x00", offset=b"+03:00\x00"),
        xmp=xmp_packet(exif_DateTimeOriginal="2022-12-31T23:00:00+01:00"),
    )
    metadata = read_image_metadata(photo)
    assert metadata.captured_at == "2023-05-01T14:03:22+03:00"
    assert metadata.captured_at_source == "DateTimeOriginal"
    assert metadata.exif["EXIF DateTimeOriginal"] == "2023:05:01 14:03:22"
    assert metadata.exif["XMP exif:DateTimeOriginal"] == "2022-12-31T23:00:00+01:00"
    assert (
        "The file records different capture times: DateTimeOriginal "
        "2023-05-01T14:03:22+03:00, XMP exif:DateTimeOriginal 2022-12-31T23:00:00+01:00; "
        "DateTimeOriginal was used."
    ) in metadata.notes


def test_the_same_instant_written_in_two_time_zones_is_no_disagreement() -> None:
    photo = jpeg_with(
        exif=exif_dates(original=b"2023:05:01 14:03:22\x00", offset=b"+03:00\x00"),
        iptc=iptc_segment({DATE_CREATED: b"20230501", TIME_CREATED: b"130322+0200"}),
    )
    metadata = read_image_metadata(photo)
    assert metadata.captured_at == "2023-05-01T14:03:22+03:00"
    assert not any("different" in note for note in metadata.notes)


def test_an_exif_time_without_offset_takes_the_offset_xmp_records_for_the_same_time() -> None:
    photo = jpeg_with(
        exif=exif_dates(original=b"2023:05:01 14:03:22\x00"),
        xmp=xmp_packet(exif_DateTimeOriginal="2023-05-01T14:03:22+03:00"),
    )
    metadata = read_image_metadata(photo)
    assert metadata.captured_at == "2023-05-01T14:03:22+03:00"
    assert metadata.captured_at_source == "DateTimeOriginal"
    assert (
        "The UTC offset +03:00 comes from XMP exif:DateTimeOriginal, which records the same "
        "time as DateTimeOriginal."
    ) in metadata.notes


def test_a_day_without_a_time_takes_the_time_of_an_agreeing_source() -> None:
    photo = jpeg_with(
        xmp=xmp_packet(photoshop_DateCreated="2016-03-05"),
        iptc=iptc_segment({DATE_CREATED: b"20160305", TIME_CREATED: b"110000"}),
    )
    metadata = read_image_metadata(photo)
    assert metadata.captured_at == "2016-03-05T11:00:00"
    assert metadata.captured_at_source == "IPTC DateCreated"


@pytest.mark.parametrize("written", ["0000-00-00T00:00:00", "2024-13-45T10:00:00", "yesterday"])
def test_an_impossible_xmp_date_is_noted_and_the_next_source_is_used(written: str) -> None:
    photo = jpeg_with(
        exif=exif_dates(modified=b"2010:10:10 10:10:10\x00"),
        xmp=xmp_packet(exif_DateTimeOriginal=written),
    )
    metadata = read_image_metadata(photo)
    assert metadata.captured_at == "2010-10-10T10:10:10"
    assert metadata.captured_at_source == "DateTime"
    assert (
        f"The capture time in XMP exif:DateTimeOriginal '{written}' is not a valid date."
    ) in metadata.notes


def test_an_xmp_position_is_used_when_exif_has_none() -> None:
    photo = jpeg_with(xmp=xmp_packet(exif_GPSLatitude="50,27.0205N", exif_GPSLongitude="30,31.41W"))
    metadata = read_image_metadata(photo)
    assert metadata.gps == pytest.approx((50.450342, -30.5235), abs=1e-6)


def test_an_exif_position_beats_the_xmp_one() -> None:
    photo = camera_files.iphone()
    assert read_image_metadata(photo).gps == pytest.approx(camera_files.KYIV, abs=1e-6)


# --- damaged and hostile --------------------------------------------------------------------


@camera_files.damaged_input
@pytest.mark.parametrize(
    "photo",
    [
        jpeg_with(iptc=b"\xff\xed\x00\x20Photoshop 3.0\x008BIM\x04\x04\x00\x00\xff\xff\xff\xff"),
        jpeg_with(iptc=iptc_segment({DATE_CREATED: b"2021", TIME_CREATED: b"99:99:99"})),
        jpeg_with(xmp=b"<x:xmpmeta>" + b"<rdf:RDF>" * 5000),
        jpeg_with(xmp=xmp_packet(exif_DateTimeOriginal="2023-05-01T14:03:22+03:00"))[:400],
        jpeg_with(
            xmp=b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
            + b"".join(
                b'<!ENTITY %c "%s">' % (98 + i, b"".join([b"&%c;" % (97 + i)] * 10))
                for i in range(9)
            )
            + b']><x:xmpmeta xmlns:x="adobe:ns:meta/">&j;</x:xmpmeta>'
        ),
    ],
    ids=["iptc-past-the-end", "iptc-bad-values", "xmp-unclosed", "truncated", "entity-bomb"],
)
def test_damaged_xmp_and_iptc_give_no_date_and_do_not_raise(photo: bytes) -> None:
    metadata = read_image_metadata(photo)
    assert metadata.captured_at is None


DATED = [
    jpeg_with(
        exif=exif_dates(original=b"2023:05:01 14:03:22\x00"),
        xmp=xmp_packet(exif_DateTimeOriginal="2022-12-31T23:00:00+01:00"),
        iptc=iptc_segment({DATE_CREATED: b"20210704", TIME_CREATED: b"101112+0200"}),
    )
]


@camera_files.damaged_input
@settings(max_examples=200, deadline=None)
@given(data=camera_files.corrupted(DATED))
def test_corrupted_files_with_every_kind_of_date_never_make_the_reader_raise(data: bytes) -> None:
    metadata = read_image_metadata(data)
    assert metadata.captured_at is None or metadata.captured_at_source is not None


# --- the same choice as exiftool ------------------------------------------------------------


@needs_exiftool
@pytest.mark.parametrize(
    "photo",
    [
        jpeg_with(xmp=xmp_packet(exif_DateTimeOriginal="2023-05-01T14:03:22+03:00")),
        jpeg_with(iptc=iptc_segment({DATE_CREATED: b"20210704", TIME_CREATED: b"101112+0200"})),
        jpeg_with(
            exif=exif_dates(modified=b"2024:06:01 18:00:00\x00"),
            xmp=xmp_packet(exif_DateTimeOriginal="2019-08-20T07:15:00"),
        ),
    ],
    ids=["xmp", "iptc", "exif-modified-and-xmp"],
)
def test_the_capture_time_is_the_one_exiftool_calls_date_time_original(photo: bytes) -> None:
    theirs = str(exiftool(photo, "DateTimeOriginal")["DateTimeOriginal"])
    ours = read_image_metadata(photo).captured_at or ""
    assert ours == theirs.replace(":", "-", 2).replace(" ", "T")


def test_exif_in_a_png_text_chunk_gives_the_capture_time_and_position() -> None:
    block = camera_files.tiff_block(
        [camera_files.text(0x010F, b"Test\x00")],
        exif=[
            camera_files.text(0x9003, b"2016:02:18 13:06:17\x00"),
            camera_files.text(0x9011, b"+01:00\x00"),
        ],
        gps=[
            camera_files.text(0x0001, b"N\x00"),
            camera_files.rationals(0x0002, (44, 1), (0, 1), (1975, 100)),
            camera_files.text(0x0003, b"E\x00"),
            camera_files.rationals(0x0004, (8, 1), (10, 1), (2144, 100)),
        ],
    )
    metadata = read_image_metadata(png_with_text_exif(block))
    assert metadata.captured_at == "2016-02-18T13:06:17+01:00"
    assert metadata.captured_at_source == "DateTimeOriginal"
    assert metadata.exif["EXIF DateTimeOriginal"] == "2016:02:18 13:06:17"
    assert metadata.gps == pytest.approx((44.005486, 8.172622), abs=1e-6)
