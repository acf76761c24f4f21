"""Thumbnails: small, upright, in sRGB, made in memory and free of metadata."""

from __future__ import annotations

import io
import struct

import pytest
from hypothesis import given, settings
from PIL import Image, ImageCms

from evidence_app.media.thumbnail import is_decodable_image, make_thumbnail
from tests.ingest import camera_files

Colour = tuple[int, int, int]


def decoded(jpeg: bytes | None) -> Image.Image:
    assert jpeg is not None
    image = Image.open(io.BytesIO(jpeg))
    assert image.format == "JPEG"
    return image.convert("RGB")


def close_to(actual: object, expected: Colour, tolerance: int = 40) -> bool:
    assert isinstance(actual, tuple)
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


def saved(image: Image.Image, format: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format, **options)
    return buffer.getvalue()


def jpeg_segments(jpeg: bytes) -> list[int]:
    """The markers of the segments before the image data (APPn, COM, DQT, ...)."""
    markers, position = [], 2
    while position + 4 <= len(jpeg) and jpeg[position] == 0xFF:
        marker = jpeg[position + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: the image data follows
            break
        (length,) = struct.unpack(">H", jpeg[position + 2 : position + 4])
        position += 2 + length
    return markers


# --- size ------------------------------------------------------------------------------------


def test_the_thumbnail_fits_in_max_side_and_keeps_the_aspect_ratio() -> None:
    image = camera_files.jpeg(camera_files.noisy((1200, 800), (40, 160, 90)))
    result = make_thumbnail(image, max_side=300)
    thumbnail = decoded(result.jpeg)
    assert max(thumbnail.size) <= 300
    assert max(thumbnail.size) >= 270  # large JPEGs may come out up to a tenth smaller
    assert thumbnail.width / thumbnail.height == pytest.approx(1.5, rel=0.02)


def test_width_and_height_are_those_of_the_full_picture() -> None:
    image = camera_files.jpeg(camera_files.picture((1200, 800)))
    result = make_thumbnail(image, max_side=100)
    assert (result.width, result.height) == (1200, 800)


def test_a_picture_smaller_than_max_side_is_not_enlarged() -> None:
    result = make_thumbnail(camera_files.jpeg(camera_files.picture((96, 64))), max_side=512)
    assert decoded(result.jpeg).size == (96, 64)


def test_a_big_camera_jpeg_decodes_at_reduced_scale_to_about_max_side() -> None:
    image = camera_files.jpeg(camera_files.noisy((4000, 3000), (120, 100, 80)), quality=80)
    result = make_thumbnail(image, max_side=512)
    assert decoded(result.jpeg).size == (500, 375)
    assert (result.width, result.height) == (4000, 3000)


# --- orientation -----------------------------------------------------------------------------


@pytest.mark.parametrize("orientation", range(1, 9))
@pytest.mark.parametrize("heic", [False, True], ids=["jpeg", "heic"])
def test_the_thumbnail_is_turned_upright_by_the_exif_orientation(
    orientation: int, heic: bool
) -> None:
    result = make_thumbnail(camera_files.oriented(orientation, heic=heic), max_side=120)
    thumbnail = decoded(result.jpeg)
    width, height = thumbnail.size
    assert (width, height) == (120, 80)
    assert (result.width, result.height) == camera_files.SHOWN_SIZE
    assert close_to(thumbnail.getpixel((5, 5)), camera_files.MARKER)
    for corner in ((width - 5, 5), (5, height - 5), (width - 5, height - 5)):
        assert close_to(thumbnail.getpixel(corner), camera_files.BACKGROUND)


# --- no metadata -----------------------------------------------------------------------------


def test_the_thumbnail_carries_no_exif_gps_profile_or_comment() -> None:
    source = Image.new("RGB", (300, 200), (200, 180, 160))
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    exif = b"Exif\x00\x00" + camera_files.tiff_block(
        [camera_files.text(0x010F, b"Apple\x00")],
        gps=[camera_files.rationals(0x0002, (50, 1)), camera_files.rationals(0x0004, (30, 1))],
    )
    buffer = io.BytesIO()
    source.save(buffer, "JPEG", exif=exif, icc_profile=srgb, comment=b"taken by W-017")
    result = make_thumbnail(buffer.getvalue(), max_side=100)
    assert result.jpeg is not None
    thumbnail = Image.open(io.BytesIO(result.jpeg))
    assert not thumbnail.getexif()
    assert "icc_profile" not in thumbnail.info
    assert "comment" not in thumbnail.info
    assert b"W-017" not in result.jpeg and b"Apple" not in result.jpeg
    app_segments = [m for m in jpeg_segments(result.jpeg) if 0xE1 <= m <= 0xEF or m == 0xFE]
    assert app_segments == []  # only APP0 (JFIF) remains


def test_colours_are_converted_from_the_embedded_profile_to_srgb() -> None:
    profile = camera_files.rgb_profile_with_red_and_green_swapped()
    stored_red = saved(Image.new("RGB", (64, 64), (255, 0, 0)), "JPEG", icc_profile=profile)
    thumbnail = decoded(make_thumbnail(stored_red).jpeg)
    assert close_to(thumbnail.getpixel((32, 32)), (0, 255, 0))


def test_an_unreadable_profile_leaves_the_colours_as_stored_with_a_note() -> None:
    stored_red = saved(Image.new("RGB", (64, 64), (255, 0, 0)), "JPEG", icc_profile=b"junk")
    result = make_thumbnail(stored_red)
    assert close_to(decoded(result.jpeg).getpixel((32, 32)), (255, 0, 0))
    assert result.notes == ["The colour profile could not be applied; colours may be a little off."]


# --- formats and modes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("image", "size"),
    [
        (camera_files.png_with_exif(), (96, 64)),
        (camera_files.webp_with_exif(), (96, 64)),
        (camera_files.heic_with_exif(), (96, 64)),
        (camera_files.tiff_scan(), (120, 80)),
    ],
    ids=["png", "webp", "heic", "tiff"],
)
def test_png_webp_heic_and_tiff_are_thumbnailed(image: bytes, size: tuple[int, int]) -> None:
    result = make_thumbnail(image)
    assert decoded(result.jpeg).size == size
    assert result.notes == []


def test_a_cmyk_jpeg_becomes_rgb() -> None:
    cmyk = Image.new("CMYK", (64, 64), (0, 255, 255, 0))  # pure red ink
    thumbnail = decoded(make_thumbnail(saved(cmyk, "JPEG", quality=95)).jpeg)
    assert thumbnail.mode == "RGB"
    assert close_to(thumbnail.getpixel((32, 32)), (255, 0, 0))


def test_a_palette_gif_keeps_its_colours() -> None:
    gif = Image.new("RGB", (64, 64), (0, 0, 255)).convert("P")
    thumbnail = decoded(make_thumbnail(saved(gif, "GIF")).jpeg)
    assert close_to(thumbnail.getpixel((32, 32)), (0, 0, 255))


def test_transparent_parts_become_white() -> None:
    rgba = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    rgba.paste((255, 0, 0, 255), (0, 0, 32, 64))
    thumbnail = decoded(make_thumbnail(saved(rgba, "PNG")).jpeg)
    assert close_to(thumbnail.getpixel((8, 32)), (255, 0, 0))
    assert close_to(thumbnail.getpixel((56, 32)), (255, 255, 255))


def test_grey_with_alpha_becomes_opaque_grey() -> None:
    la = Image.new("LA", (64, 64), (90, 255))
    thumbnail = decoded(make_thumbnail(saved(la, "PNG")).jpeg)
    assert close_to(thumbnail.getpixel((32, 32)), (90, 90, 90), tolerance=4)


def test_sixteen_bit_grey_is_scaled_rather_than_clipped_to_white() -> None:
    wide = Image.new("I;16", (64, 64), 1000)
    wide.paste(60000, (0, 0, 32, 64))
    thumbnail = decoded(make_thumbnail(saved(wide, "PNG")).jpeg).convert("L")
    bright, dark = thumbnail.getpixel((8, 32)), thumbnail.getpixel((56, 32))
    assert isinstance(bright, int) and isinstance(dark, int)
    assert bright > 240
    assert dark < 15


def test_a_bmp_is_thumbnailed() -> None:
    bmp = saved(Image.new("RGB", (40, 30), (10, 200, 10)), "BMP")
    assert close_to(decoded(make_thumbnail(bmp).jpeg).getpixel((20, 15)), (10, 200, 10))


# --- damaged and hostile files ---------------------------------------------------------------


def test_a_truncated_jpeg_shows_what_was_received() -> None:
    result = make_thumbnail(camera_files.truncated_jpeg(), max_side=200)
    thumbnail = decoded(result.jpeg)
    assert close_to(thumbnail.getpixel((100, 10)), (220, 30, 30), tolerance=60)
    assert result.notes == [
        "The file is cut short; the part of the picture that is missing shows grey."
    ]
    assert (result.width, result.height) == (400, 300)


def test_a_decompression_bomb_is_not_decoded() -> None:
    result = make_thumbnail(camera_files.png_bomb())
    assert result.jpeg is None
    assert result.notes == ["No thumbnail: the picture declares too many pixels to decode safely."]


def test_a_picture_over_the_pixel_limit_is_not_decoded_and_its_size_is_reported() -> None:
    result = make_thumbnail(camera_files.png_bomb(4000, 3000), max_pixels=10_000_000)
    assert result.jpeg is None
    assert (result.width, result.height) == (4000, 3000)
    assert result.notes == [
        "No thumbnail: the picture declares 4000 × 3000 pixels, more than the 10 million "
        "decoded safely."
    ]


@pytest.mark.parametrize(
    "data",
    [
        camera_files.EMPTY,
        camera_files.PLAIN_TEXT,
        camera_files.PDF_HEAD,
        camera_files.docx(),
    ],
    ids=["empty", "text", "pdf", "docx"],
)
def test_files_that_are_not_pictures_get_no_thumbnail_and_a_note(data: bytes) -> None:
    result = make_thumbnail(data)
    assert result == make_thumbnail(data)  # the same answer every time, no exception
    assert (result.jpeg, result.width, result.height) == (None, None, None)
    assert result.notes == [
        "No thumbnail: the file is not a picture in a format that can be shown."
    ]


def test_a_png_cut_short_gets_no_thumbnail_and_a_note() -> None:
    png = saved(camera_files.noisy((200, 200), (50, 50, 50)), "PNG")
    result = make_thumbnail(png[: len(png) // 2])
    assert result.jpeg is None
    assert result.notes and result.notes[0].startswith("No thumbnail: the picture could not")


@camera_files.damaged_input
def test_random_exif_does_not_stop_the_thumbnail() -> None:
    for image in (camera_files.jpeg_with_random_exif(), camera_files.jpeg_with_random_ifd()):
        assert decoded(make_thumbnail(image).jpeg).size == (96, 64)


def test_decodable_types_are_the_image_formats_we_read() -> None:
    for media_type in ("image/jpeg", "image/png", "image/gif", "image/tiff", "image/webp"):
        assert is_decodable_image(media_type)
    assert is_decodable_image("image/heic")
    assert not is_decodable_image("application/pdf")
    assert not is_decodable_image("video/mp4")


# --- never raises ----------------------------------------------------------------------------


@camera_files.damaged_input
@settings(max_examples=200, deadline=None)
@given(data=camera_files.arbitrary_bytes())
def test_arbitrary_bytes_never_make_the_thumbnailer_raise(data: bytes) -> None:
    result = make_thumbnail(data, max_side=64)
    assert result.jpeg is None or result.jpeg.startswith(b"\xff\xd8")
    assert result.jpeg is not None or result.notes


@camera_files.damaged_input
@settings(max_examples=200, deadline=None)
@given(data=camera_files.corrupted([camera_files.iphone(), camera_files.oriented(6)]))
def test_corrupted_camera_jpegs_never_make_the_thumbnailer_raise(data: bytes) -> None:
    result = make_thumbnail(data, max_side=64)
    if result.jpeg is not None:
        assert max(decoded(result.jpeg).size) <= 64
    else:
        assert result.notes
