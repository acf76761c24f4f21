"""What a video or sound recording holds, read through FFmpeg's libraries (PyAV) in memory.

Only the container's headers are read, and a bounded number of frames decoded: one frame a
few seconds in for a video's thumbnail, the first minutes of sound for a waveform. A 1 GiB
video costs a few seeks, not a decoding of the whole file. Nothing decoded touches the disk.
No input makes `read_recording` raise: a recording FFmpeg cannot open (cut short, not what
its name says) is still evidence, stored as received, and `notes` say what could not be read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, BinaryIO, Final

from PIL import Image

from evidence_app.media.av_pictures import (
    MAX_FRAME_PIXELS,
    frame_near,
    is_cover_picture,
    open_container,
    waveform_picture,
)
from evidence_app.media.media_facts import (
    CONTAINER_PREFIX,
    MEDIA_PREFIX,
    TRACK_PREFIX,
    Place,
    iso6709_place,
    iso_moment,
)
from evidence_app.media.perceptual_hash import perceptual_hash
from evidence_app.media.thumbnail import encode_jpeg

if TYPE_CHECKING:
    import av.container

THUMBNAIL_AT: Final = 3.0
"""Seconds into a video its thumbnail is taken (the first frame when it is shorter)."""
MAX_TAGS: Final = 256
MAX_TEXT: Final = 1024

# (tag, the source's name): the first found is the capture time. Apple's own key is the
# local time of recording with its offset; `creation_time` is the container's (UTC), often
# the time the file was written, which is why it comes second.
_DATE_TAGS: Final = (
    ("com.apple.quicktime.creationdate", "CreationDate"),
    ("creation_time", "creation_time"),
    ("date", "date"),
)
# Apple writes ISO 6709 under its own key; Android's camera (and FFmpeg) the ©xyz atom,
# which FFmpeg reads as `location` (the 3GPP `loci` atom too).
_PLACE_TAGS: Final = ("com.apple.quicktime.location.ISO6709", "location", "location-eng")
_QUICKTIME: Final = "mov,mp4,m4a,3gp,3g2,mj2"


@dataclass
class RecordingReading:
    has_video: bool = False
    has_audio: bool = False
    duration: float | None = None
    width: int | None = None
    height: int | None = None
    tags: dict[str, str] = field(default_factory=dict)
    """The container's and tracks' tags as written, and what was measured ("Media …")."""
    captured_at: str | None = None
    captured_at_source: str | None = None
    place: Place | None = None
    place_source: str | None = None
    picture: bytes | None = None
    """A video's frame, or a sound's waveform, as a thumbnail JPEG."""
    phash: str | None = None
    """The perceptual hash of a video's thumbnail frame."""
    notes: list[str] = field(default_factory=list)


def read_recording(source: BinaryIO, max_side: int) -> RecordingReading:
    """Facts, capture time and place, and a picture of the recording `source` holds."""
    reading = RecordingReading()
    try:
        _read(source, max_side, reading)
    except Exception as error:  # the last guard: one bad file must not stop an ingest
        reading.notes.append(
            f"The recording could not be read ({_describe(error)}); it is stored as received."
        )
    return reading


def _read(source: BinaryIO, max_side: int, reading: RecordingReading) -> None:
    with open_container(source) as container:
        _facts(container, reading)
        _capture_time(container, reading)
        _capture_place(container, reading)
    if reading.has_video:
        _video_picture(source, max_side, reading)
    elif reading.has_audio:
        picture = waveform_picture(source, max_side)
        if picture is None:
            reading.notes.append("No waveform: the sound could not be decoded.")
        else:
            reading.picture = encode_jpeg(picture)


def _facts(container: av.container.InputContainer, reading: RecordingReading) -> None:
    tags = reading.tags
    for key, value in list(container.metadata.items())[:MAX_TAGS]:
        tags[CONTAINER_PREFIX + key] = str(value)[:MAX_TEXT]
    tags[MEDIA_PREFIX + "Container"] = container.format.long_name or container.format.name
    durations: list[float] = []
    if container.duration is not None and container.duration > 0:
        durations.append(container.duration / 1_000_000)  # AV_TIME_BASE
    for stream in list(container.streams)[:16]:
        for key, value in list(stream.metadata.items())[:MAX_TAGS]:
            tags[f"{TRACK_PREFIX}{stream.index} {key}"] = str(value)[:MAX_TEXT]
        if stream.duration and stream.time_base:
            durations.append(float(stream.duration * stream.time_base))
    # The first track of each kind is the recording; "h264", "opus": codecs as ffprobe names them.
    video = next((s for s in container.streams.video if not is_cover_picture(s)), None)
    if video is not None:
        reading.has_video = True
        codec = video.codec_context
        reading.width, reading.height = codec.width or None, codec.height or None
        tags[MEDIA_PREFIX + "VideoCodec"] = codec.name or "unknown"
        rate = video.average_rate or video.guessed_rate
        if rate:
            tags[MEDIA_PREFIX + "FrameRate"] = f"{float(Fraction(rate)):.3g} frames/s"
    audio = next(iter(container.streams.audio), None)
    if audio is not None:
        reading.has_audio = True
        sound = audio.codec_context
        tags[MEDIA_PREFIX + "AudioCodec"] = sound.name or "unknown"
        if sound.sample_rate:
            tags[MEDIA_PREFIX + "SampleRate"] = f"{sound.sample_rate} Hz"
        if sound.channels:
            tags[MEDIA_PREFIX + "Channels"] = str(sound.channels)
    if durations:
        # The container's own figure first: a track's may be that of a short cover picture.
        reading.duration = round(durations[0], 3)
    if not reading.has_video and not reading.has_audio:
        reading.notes.append("The file holds no video or sound track that could be read.")


def _family(container: av.container.InputContainer) -> str:
    name = container.format.name
    if name == _QUICKTIME:
        return "QuickTime"
    return "Matroska" if name.startswith("matroska") else name.split(",")[0]


def _capture_time(container: av.container.InputContainer, reading: RecordingReading) -> None:
    family = _family(container)
    places = [(container.metadata, family)] + [
        (stream.metadata, f"{family} Track{stream.index}") for stream in container.streams
    ]
    for tag, tag_name in _DATE_TAGS:
        for metadata, where in places:
            written = metadata.get(tag) or metadata.get(tag.upper())
            if not written:
                continue
            moment = iso_moment(str(written))
            if moment is None:
                reading.notes.append(
                    f"The {where} {tag_name} '{str(written)[:40]}' is no date the device "
                    "set; it is not taken as the capture date."
                )
                continue
            reading.captured_at, reading.captured_at_source = moment, f"{where} {tag_name}"
            return


def _capture_place(container: av.container.InputContainer, reading: RecordingReading) -> None:
    family = _family(container)
    for tag in _PLACE_TAGS:
        written = container.metadata.get(tag)
        if not written:
            continue
        place = iso6709_place(str(written))
        if place is None:
            reading.notes.append(
                f"The {family} {tag} '{str(written)[:60]}' is no position on Earth; "
                "no GPS is recorded for the item."
            )
            continue
        reading.place, reading.place_source = place, f"{family} {tag}"
        reading.tags[MEDIA_PREFIX + "LocationSource"] = reading.place_source
        return


def _video_picture(source: BinaryIO, max_side: int, reading: RecordingReading) -> None:
    width, height = reading.width or 0, reading.height or 0
    if width * height > MAX_FRAME_PIXELS:
        reading.notes.append(
            f"No thumbnail: the video declares {width} × {height} pixels, more than can be "
            "decoded safely."
        )
        return
    duration = reading.duration or 0.0
    at = THUMBNAIL_AT if duration > THUMBNAIL_AT else 0.0
    frame = frame_near(source, at)
    if frame is None:
        reading.notes.append("No thumbnail: no frame of the video could be decoded.")
        return
    small = frame.copy()
    small.thumbnail((max_side, max_side), Image.Resampling.BICUBIC)
    reading.phash = perceptual_hash(small)
    reading.picture = encode_jpeg(small)


def _describe(error: BaseException) -> str:
    reason = getattr(error, "strerror", None)  # FFmpeg's words, without its error number
    if isinstance(reason, str) and reason:
        return reason
    detail = str(error).strip().splitlines()[0][:120] if str(error).strip() else ""
    return f"{type(error).__name__}: {detail}" if detail else type(error).__name__
