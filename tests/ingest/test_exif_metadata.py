"""What a photo's EXIF says about when, where and with what it was taken."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from hypothesis import given, settings

from evidence_app.ingest.exif_metadata import read_image_metadata
from tests.ingest import camera_files
from tests.ingest.camera_files import DOUBLE, Entry, short, text

# --- the capture time ---------------------------------------------------------------------


def test_the_capture_time_comes_from_date_time_original_with_offset_and_subseconds() -> None:
    metadata = read_image_metadata(camera_files.iphone())
    assert metadata.captured_at == "2023-05-01T14:03:22.123+03:00"
    assert metadata.captured_at_source == "DateTimeOriginal"


def test_a_capture_time_without_recorded_offset_stays_local_and_naive() -> None:
    metadata = read_image_metadata(camera_files.canon_eos())
    assert metadata.captured_at == "2021-03-14T09:26:53.45"
    assert not metadata.captured_at.endswith(("Z", "+00:00"))


def test_a_negative_utc_offset_is_kept() -> None:
    assert read_image_metadata(camera_files.samsung()).captured_at == (
        "2024-02-29T23:59:59.087-05:00"
    )


def test_without_date_time_original_the_digitized_time_is_used_and_named() -> None:
    metadata = read_image_metadata(camera_files.dated(digitized=b"2022:01:02 03:04:05\x00"))
    assert metadata.captured_at == "2022-01-02T03:04:05"
    assert metadata.captured_at_source == "DateTimeDigitized"


def test_without_either_capture_tag_the_file_date_time_is_used_and_named() -> None:
    metadata = read_image_metadata(camera_files.tiff_scan())
    assert metadata.captured_at == "2018-06-30T10:15:00"
    assert metadata.captured_at_source == "DateTime"


def test_an_invalid_original_date_falls_back_to_the_next_tag_with_a_note() -> None:
    metadata = read_image_metadata(
        camera_files.dated(original=b"0000:00:00 00:00:00\x00", modified=b"2010:10:10 10:10:10\x00")
    )
    assert metadata.captured_at == "2010-10-10T10:10:10"
    assert metadata.captured_at_source == "DateTime"
    assert any("'0000:00:00 00:00:00' is not a valid date" in note for note in metadata.notes)


def test_zero_and_blank_dates_give_no_capture_time_and_say_why() -> None:
    metadata = read_image_metadata(camera_files.old_camera())
    assert metadata.captured_at is None
    assert metadata.captured_at_source is None
    assert metadata.notes == [
        "The capture time in DateTimeOriginal '0000:00:00 00:00:00' is not a valid date.",
        "The capture time in DateTimeDigitized is blank.",
        "The capture time in DateTime is blank.",
    ]


def test_an_impossible_calendar_date_is_not_a_capture_time() -> None:
    metadata = read_image_metadata(camera_files.dated(original=b"2023:02:30 12:00:00\x00"))
    assert metadata.captured_at is None
    assert metadata.notes == [
        "The capture time in DateTimeOriginal '2023:02:30 12:00:00' is not a valid date."
    ]


def test_an_invalid_offset_is_left_out_with_a_note() -> None:
    jpeg = camera_files.with_exif_entries(
        exif=[text(0x9003, b"2023:05:01 14:03:22\x00"), text(0x9011, b"+3h\x00")]
    )
    metadata = read_image_metadata(jpeg)
    assert metadata.captured_at == "2023-05-01T14:03:22"
    assert metadata.notes == ["The UTC offset '+3h' is not valid; the time is given without one."]


# --- the place ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latitude_ref", "longitude_ref", "expected"),
    [
        (b"N", b"E", (50.450342, 30.5235)),
        (b"S", b"W", (-50.450342, -30.5235)),
        (b"N", b"W", (50.450342, -30.5235)),
        (b"S", b"E", (-50.450342, 30.5235)),
    ],
)
def test_southern_and_western_references_make_coordinates_negative(
    latitude_ref: bytes, longitude_ref: bytes, expected: tuple[float, float]
) -> None:
    jpeg = camera_files.with_gps(
        latitude_ref,
        [(50, 1), (27, 1), (123, 100)],
        longitude_ref,
        [(30, 1), (31, 1), (2460, 100)],
    )
    assert read_image_metadata(jpeg).gps == pytest.approx(expected, abs=1e-6)


def test_gps_in_degrees_and_decimal_minutes_is_read() -> None:
    jpeg = camera_files.with_gps(b"N", [(48, 1), (515040, 10000)], b"E", [(2, 1), (1767, 100)])
    assert read_image_metadata(jpeg).gps == pytest.approx((48.8584, 2.2945), abs=1e-6)


def test_gps_in_decimal_degrees_only_is_read() -> None:
    jpeg = camera_files.with_gps(b"S", [(338688, 10000)], b"E", [(1512093, 10000)])
    assert read_image_metadata(jpeg).gps == pytest.approx((-33.8688, 151.2093), abs=1e-6)


def test_zero_over_zero_seconds_count_as_zero() -> None:
    metadata = read_image_metadata(camera_files.huawei())
    assert metadata.gps == pytest.approx((-33.868667, 151.208333), abs=1e-6)
    assert metadata.notes == []


def test_a_zero_denominator_in_the_degrees_makes_the_position_unreadable_without_raising() -> None:
    jpeg = camera_files.with_gps(b"N", [(50, 0), (27, 1), (0, 1)], b"E", [(30, 1), (31, 1)])
    metadata = read_image_metadata(jpeg)
    assert metadata.gps is None
    assert any("zero denominator" in note for note in metadata.notes)


def test_a_latitude_beyond_ninety_degrees_is_rejected_with_a_note() -> None:
    jpeg = camera_files.with_gps(b"N", [(95, 1), (0, 1), (0, 1)], b"E", [(30, 1)])
    metadata = read_image_metadata(jpeg)
    assert metadata.gps is None
    assert any("beyond ±90°" in note for note in metadata.notes)


def test_a_longitude_beyond_one_hundred_eighty_degrees_is_rejected_with_a_note() -> None:
    jpeg = camera_files.with_gps(b"N", [(10, 1)], b"W", [(181, 1), (0, 1), (0, 1)])
    metadata = read_image_metadata(jpeg)
    assert metadata.gps is None
    assert any("beyond ±180°" in note for note in metadata.notes)


def test_a_missing_hemisphere_reference_keeps_the_value_and_says_so() -> None:
    jpeg = camera_files.with_gps(None, [(10, 1)], b"E", [(20, 1)])
    metadata = read_image_metadata(jpeg)
    assert metadata.gps == (10.0, 20.0)
    assert any("no valid hemisphere reference" in note for note in metadata.notes)


def test_a_position_of_zero_zero_is_treated_as_no_fix() -> None:
    jpeg = camera_files.with_gps(b"N", [(0, 1), (0, 1), (0, 1)], b"E", [(0, 1), (0, 1), (0, 1)])
    metadata = read_image_metadata(jpeg)
    assert metadata.gps is None
    assert any("no fix" in note for note in metadata.notes)


def test_altitude_is_signed_by_its_sea_level_reference() -> None:
    assert read_image_metadata(camera_files.iphone()).altitude == pytest.approx(179.5)
    assert read_image_metadata(camera_files.samsung()).altitude == pytest.approx(-12.5)


def test_an_altitude_of_zero_over_zero_is_unknown() -> None:
    assert read_image_metadata(camera_files.huawei()).altitude is None


def test_a_photo_without_gps_has_no_position_and_no_complaint() -> None:
    metadata = read_image_metadata(camera_files.canon_eos())
    assert metadata.gps is None
    assert metadata.altitude is None
    assert metadata.notes == []


# --- the camera -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("jpeg", "make", "model"),
    [
        (camera_files.canon_eos(), "Canon", "Canon EOS 5D Mark IV"),
        (camera_files.nikon(), "NIKON CORPORATION", "NIKON D750"),
        (camera_files.sony_alpha(), "SONY", "ILCE-7M3"),
        (camera_files.iphone(), "Apple", "iPhone 13 Pro"),
        (camera_files.samsung(), "samsung", "SM-G991B"),
        (camera_files.huawei(), "HUAWEI", "ELE-L29"),
    ],
)
def test_camera_make_and_model_lose_their_padding_of_nuls_and_spaces(
    jpeg: bytes, make: str, model: str
) -> None:
    metadata = read_image_metadata(jpeg)
    assert (metadata.camera_make, metadata.camera_model) == (make, model)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_the_orientation_is_reported_as_its_number(orientation: int) -> None:
    assert read_image_metadata(camera_files.oriented(orientation)).orientation == orientation


def test_an_orientation_outside_one_to_eight_is_ignored_with_a_note() -> None:
    metadata = read_image_metadata(camera_files.with_exif_entries(ifd0=[short(0x0112, 9)]))
    assert metadata.orientation is None
    assert any("not one of 1–8" in note for note in metadata.notes)


# --- every tag ------------------------------------------------------------------------------


def test_every_tag_read_is_listed_as_text_under_its_ifd_and_name() -> None:
    exif = read_image_metadata(camera_files.canon_eos()).exif
    assert exif["Image Make"] == "Canon"
    assert exif["EXIF DateTimeOriginal"] == "2021:03:14 09:26:53"
    assert exif["EXIF ExposureTime"] == "1/200"
    assert exif["EXIF ISOSpeedRatings"] == "400"
    assert all(isinstance(value, str) for value in exif.values())


def test_gps_tags_are_listed_too() -> None:
    exif = read_image_metadata(camera_files.iphone()).exif
    assert exif["GPS GPSLatitudeRef"] == "N"
    assert exif["GPS GPSLatitude"] == "[50, 27, 123/100]"


def test_binary_blobs_keep_their_name_with_a_short_description() -> None:
    exif = read_image_metadata(camera_files.canon_eos()).exif
    assert exif["EXIF MakerNote"] == "(binary data, 3072 bytes, not shown)"


def test_a_user_comment_is_decoded_and_stripped_of_its_padding() -> None:
    comment = b"ASCII\x00\x00\x00Cell 4, east wing   "
    jpeg = camera_files.with_exif_entries(exif=[Entry(0x9286, 7, comment)])
    assert read_image_metadata(jpeg).exif["EXIF UserComment"] == "Cell 4, east wing"


def test_a_photo_without_exif_says_so() -> None:
    metadata = read_image_metadata(camera_files.jpeg())
    assert metadata.exif == {}
    assert metadata.notes == ["The file has no EXIF metadata."]


# --- other containers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "image",
    [
        camera_files.png_with_exif(),
        camera_files.webp_with_exif(),
        camera_files.heic_with_exif(),
    ],
    ids=["png", "webp", "heic"],
)
def test_exif_is_read_from_png_webp_and_heic(image: bytes) -> None:
    metadata = read_image_metadata(image)
    assert metadata.camera_model == "Pixel 7"
    assert metadata.captured_at == "2023-10-05T08:09:10+02:00"
    assert metadata.gps == pytest.approx((48.8584, 2.2945), abs=1e-4)


def test_the_heic_orientation_is_the_one_the_file_records() -> None:
    assert read_image_metadata(camera_files.oriented(6, heic=True)).orientation == 6


# --- damaged and hostile files --------------------------------------------------------------


@camera_files.damaged_input
def test_random_bytes_in_the_exif_segment_become_a_note_not_an_error() -> None:
    metadata = read_image_metadata(camera_files.jpeg_with_random_exif())
    assert metadata.captured_at is None
    assert metadata.notes


@camera_files.damaged_input
def test_a_valid_header_over_a_random_ifd_does_not_raise() -> None:
    metadata = read_image_metadata(camera_files.jpeg_with_random_ifd())
    assert metadata.gps is None or len(metadata.gps) == 2


@camera_files.damaged_input
def test_when_exifread_fails_the_tags_pillow_reads_are_kept_with_a_note() -> None:
    metadata = read_image_metadata(camera_files.jpeg_that_breaks_exifread())
    assert metadata.captured_at == "2021-01-01T00:00:00"
    assert metadata.notes == [
        "exifread could not read the EXIF block (IndexError: list index out of range); "
        "the tags Pillow could read are listed instead."
    ]


@camera_files.damaged_input
def test_a_double_value_pointing_past_the_end_of_the_file_is_survived() -> None:
    broken = Entry(0x9998, DOUBLE, b"", count=3, raw_offset=0xFFFFFF00)
    metadata = read_image_metadata(camera_files.with_exif_entries(exif=[broken]))
    assert metadata.camera_make == "Test"


def test_an_exif_block_with_absurd_tag_counts_is_refused_with_a_note() -> None:
    metadata = read_image_metadata(camera_files.jpeg_with_huge_tag_counts())
    assert metadata.exif == {}
    assert metadata.notes == [
        "The EXIF block declares far more entries than any camera writes; "
        "it was not read, to keep the ingest fast and safe."
    ]


@camera_files.damaged_input
@pytest.mark.parametrize(
    "data",
    [
        camera_files.EMPTY,
        camera_files.PLAIN_TEXT,
        camera_files.PDF_HEAD,
        camera_files.docx(),
        camera_files.png_bomb(),
        camera_files.truncated_jpeg(),
        b"\xff\xd8",
        b"\xff\xd8\xff\xe0\x00\x02JFIF",
        b"II*\x00\xff\xff\xff\xff",
        b"MM\x00*\x00\x00\x00\x08\xff\xff",
    ],
    ids=["empty", "text", "pdf", "docx", "bomb", "truncated", "soi", "short-app0", "tiff", "mm"],
)
def test_files_without_readable_exif_give_empty_metadata_and_notes(data: bytes) -> None:
    metadata = read_image_metadata(data)
    assert metadata.captured_at is None
    assert metadata.gps is None
    assert metadata.notes


def test_an_ascii_tag_with_a_huge_count_is_cut_to_a_short_text() -> None:
    long_description = b"x" * 5000 + b"\x00"
    metadata = read_image_metadata(
        camera_files.with_exif_entries(ifd0=[text(0x010E, long_description)])
    )
    description = metadata.exif["Image ImageDescription"]
    assert description.startswith("xxxx")
    assert description.endswith("(5000 characters in all)")
    assert len(description) < 1100


# --- the same reading as exiftool -----------------------------------------------------------


def exiftool(data: bytes, *tags: str) -> dict[str, object]:
    """exiftool's numeric reading of the bytes, given on standard input."""
    result = subprocess.run(
        ["exiftool", "-json", "-n", *(f"-{tag}" for tag in tags), "-"],
        input=data,
        capture_output=True,
        check=True,
    )
    parsed = json.loads(result.stdout)[0]
    assert isinstance(parsed, dict)
    return parsed


needs_exiftool = pytest.mark.skipif(
    shutil.which("exiftool") is None, reason="exiftool is not installed (make test installs it)"
)


@needs_exiftool
@pytest.mark.parametrize(
    "image",
    [camera_files.iphone(), camera_files.samsung(), camera_files.webp_with_exif()],
    ids=["iphone", "samsung", "webp"],
)
def test_gps_matches_exiftool(image: bytes) -> None:
    theirs = exiftool(image, "GPSLatitude", "GPSLongitude")
    ours = read_image_metadata(image).gps
    assert ours == pytest.approx((theirs["GPSLatitude"], theirs["GPSLongitude"]), abs=1e-9)


@needs_exiftool
def test_capture_time_camera_and_orientation_match_exiftool() -> None:
    image = camera_files.iphone()
    theirs = exiftool(image, "SubSecDateTimeOriginal", "Make", "Model", "Orientation")
    ours = read_image_metadata(image)
    iso = str(theirs["SubSecDateTimeOriginal"]).replace(":", "-", 2).replace(" ", "T")
    assert ours.captured_at == iso
    assert (ours.camera_make, ours.camera_model) == (theirs["Make"], theirs["Model"])
    assert ours.orientation == theirs["Orientation"]


# --- never raises ---------------------------------------------------------------------------

CAMERA_FILES = [camera_files.iphone(), camera_files.samsung(), camera_files.nikon()]


@camera_files.damaged_input
@settings(max_examples=200, deadline=None)
@given(data=camera_files.arbitrary_bytes())
def test_arbitrary_bytes_never_make_the_reader_raise(data: bytes) -> None:
    metadata = read_image_metadata(data)
    assert isinstance(metadata.exif, dict)
    assert metadata.gps is None or all(abs(value) <= 180 for value in metadata.gps)


@camera_files.damaged_input
@settings(max_examples=200, deadline=None)
@given(data=camera_files.corrupted(CAMERA_FILES))
def test_corrupted_camera_jpegs_never_make_the_reader_raise(data: bytes) -> None:
    metadata = read_image_metadata(data)
    assert all(
        isinstance(key, str) and isinstance(value, str) for key, value in metadata.exif.items()
    )
    if metadata.gps is not None:
        latitude, longitude = metadata.gps
        assert -90 <= latitude <= 90 and -180 <= longitude <= 180
    assert metadata.orientation is None or 1 <= metadata.orientation <= 8
