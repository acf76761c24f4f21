"""Recordings read in memory: facts, capture time and place with their tag, a picture; and
every kind of damage said in a note, never raised."""

from __future__ import annotations

import io
import os

import pytest
from PIL import Image

from evidence_app.media.av_reading import read_recording
from evidence_app.media.media_facts import Place, clock_time, iso6709_place, iso_moment
from evidence_app.media.media_type import sniff_media_type
from evidence_app.media.perceptual_hash import NEAR_DUPLICATE_BITS, hash_distance
from evidence_app.media.recording_preview import key_frame_times, recording_preview
from tests.media.recording_files import phone_video, video, voice_note


@pytest.mark.parametrize(
    ("written", "place"),
    [
        ("+55.7512+037.6184/", Place(55.7512, 37.6184, None)),
        ("-33.8688+151.2093+010.000/", Place(-33.8688, 151.2093, 10.0)),
        ("+5545.072+03737.104/", Place(55 + 45.072 / 60, 37 + 37.104 / 60, None)),
        ("+554504.3+0373706.2-12.5CRSWGS_84/", Place(55.751194, 37.618389, -12.5)),
        ("+40.7128-074.0060", Place(40.7128, -74.006, None)),
    ],
)
def test_iso_6709_positions_in_every_form_devices_write(written: str, place: Place) -> None:
    found = iso6709_place(written)
    assert found is not None
    assert found.lat == pytest.approx(place.lat, abs=1e-5)
    assert found.lon == pytest.approx(place.lon, abs=1e-5)
    assert found.altitude == place.altitude


@pytest.mark.parametrize(
    "written", ["", "Moscow", "+95.0+037.0/", "+55.0+190.0/", "+00.0000+000.0000/", "+5575+03737/"]
)
def test_what_is_no_position_on_earth_gives_none(written: str) -> None:
    assert iso6709_place(written) is None


def test_dates_keep_their_offset_and_writers_zero_dates_are_none() -> None:
    assert iso_moment("2024-03-05T10:20:30.000000Z") == "2024-03-05T10:20:30Z"
    assert iso_moment("2024-03-05T13:20:30+0300") == "2024-03-05T13:20:30+03:00"
    assert iso_moment("2024-03-05 13:20:30") == "2024-03-05T13:20:30"
    assert iso_moment("1904-01-01T00:00:00.000000Z") is None
    assert iso_moment("1970-01-01T00:00:00Z") is None
    assert iso_moment("2024-13-05T10:20:30Z") is None
    assert clock_time(4.013) == "0:04" and clock_time(3725) == "1:02:05"


def test_a_phone_video_gives_its_facts_and_a_frame_a_few_seconds_in() -> None:
    reading = read_recording(io.BytesIO(phone_video()), 512)
    assert reading.notes == []
    assert reading.has_video and reading.has_audio
    assert reading.duration == pytest.approx(6.0, abs=0.1)
    assert (reading.width, reading.height) == (320, 240)
    assert reading.tags["Media VideoCodec"] == "h264"
    assert reading.captured_at_source == "QuickTime creation_time"
    assert reading.place_source == "QuickTime location"
    assert reading.picture is not None
    with Image.open(io.BytesIO(reading.picture)) as thumbnail:
        assert thumbnail.format == "JPEG" and thumbnail.size == (320, 240)
        # At 3 s the yellow square has crossed a third of the frame (tests' scene).
        assert thumbnail.convert("RGB").getpixel((130, 120))[2] < 100


def test_a_re_encoded_video_is_a_near_duplicate_and_another_is_not() -> None:
    original = read_recording(io.BytesIO(phone_video()), 512).phash
    forwarded = read_recording(
        io.BytesIO(video(container="webm", codec="libvpx", size=(160, 120), sound=False)), 512
    ).phash
    other = read_recording(io.BytesIO(video(kind=1, sound=False)), 512).phash
    assert original and forwarded and other
    assert hash_distance(original, forwarded) <= NEAR_DUPLICATE_BITS
    assert hash_distance(original, other) > NEAR_DUPLICATE_BITS * 2


def test_a_voice_note_gives_its_waveform_and_no_hash() -> None:
    reading = read_recording(io.BytesIO(voice_note()), 512)
    assert reading.notes == [] and not reading.has_video and reading.has_audio
    assert reading.tags["Media AudioCodec"] == "opus"
    assert reading.phash is None and reading.picture is not None


@pytest.mark.parametrize(
    "damaged",
    [
        phone_video()[:20_000],
        phone_video()[:2_000],
        voice_note()[:300],
        os.urandom(100_000),
        b"",
        b"\x00\x00\x00\x18ftypisom" + b"\x00" * 100,
    ],
    ids=["half-mp4", "header-only", "cut-opus", "random", "empty", "ftyp-only"],
)
def test_damaged_recordings_are_said_in_notes_never_raised(damaged: bytes) -> None:
    reading = read_recording(io.BytesIO(damaged), 512)
    assert reading.notes
    assert "Traceback" not in " ".join(reading.notes)


def test_the_dossier_preview_is_the_frames_it_names_or_the_waveform(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    clip, note, cut = folder / "clip.mp4", folder / "note.opus", folder / "cut.mp4"
    clip.write_bytes(phone_video())
    note.write_bytes(voice_note())
    cut.write_bytes(phone_video()[:20_000])
    assert key_frame_times(6.0) == [1.0, 3.0, 5.0] and key_frame_times(None) == [0.0]
    strip = recording_preview(clip, 6.0, 900)
    assert strip is not None
    with Image.open(io.BytesIO(strip)) as picture:
        assert picture.width == 900 and picture.height < 300  # three frames side by side
    assert recording_preview(note, 4.0, 900) is not None
    assert recording_preview(cut, 6.0, 900) is None


@pytest.mark.parametrize(
    ("head", "media_type"),
    [
        (b"\x00\x00\x00\x08wide\x00\x00\x10\x00mdat", "video/quicktime"),
        (b"\x00\x00\x00\x6cmoov\x00\x00\x00\x6cmvhd", "video/quicktime"),
        (b"FORM\x00\x00\x10\x00AIFFCOMM", "audio/aiff"),
        (b"FLV\x01\x05\x00\x00\x00\x09", "video/x-flv"),
        (b"0&\xb2u\x8ef\xcf\x11\xa6\xd9\x00\xaa\x00b\xcel", "video/x-ms-asf"),
        (b"\x00\x00\x01\xba\x44\x00\x04\x00\x04\x01", "video/mpeg"),
        ((b"\x47\x40\x00\x10" + b"\xff" * 184) * 4, "video/mp2t"),
        (b"caff\x00\x01\x00\x00desc", "audio/x-caf"),
        ((b"G" + b"a" * 187) * 4, "text/plain"),
    ],
)
def test_older_and_broadcast_recording_formats_are_recognised(head: bytes, media_type: str) -> None:
    assert sniff_media_type(head) == media_type
